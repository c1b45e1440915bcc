// The CLI contract of DESIGN §4: stdout is the guest's bytes, one-line errors, exit codes.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { skipNote } from "../skip-note.ts";

function boot(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { encoding: "utf8", input: "", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.split("\n").filter((l) => l && !l.startsWith("npm warn")) };
}

const tmp = mkdtempSync(join(tmpdir(), "avisor-cli-"));

describe("CLI exit codes", () => {
  it("0: the guest powered off; stdout holds only the guest's bytes", () => {
    const r = boot("images/output.bin");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Hello, LibOS!\n");
    expect(r.stderr.every((l) => l.startsWith("AVISOR "))).toBe(true);
  });

  const noVirtDtb = existsSync("../shared/fixtures/virt.dtb") ? null : "no QEMU virt.dtb in ../shared/fixtures";
  it.skipIf(noVirtDtb !== null)(`0 with QEMU's virt.dtb from ../shared/fixtures${skipNote(noVirtDtb)}`, () => {
    const r = boot("images/output.bin", "--dtb", "../shared/fixtures/virt.dtb", "--quiet");
    expect(r).toMatchObject({ code: 0, stdout: "Hello, LibOS!\n", stderr: [] });
  });

  it("1: the guest touched an address outside its memory and every device", () => {
    // movz x1, #0x100 (flash on a real virt board; nothing here); ldr w0, [x1]; b .
    const bin = join(tmp, "wild.bin");
    writeFileSync(bin, Buffer.from(new Uint32Array([0xd2802001, 0xb9400020, 0x14000000]).buffer));
    const r = boot(bin, "--timeout", "20");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.join("\n")).toMatch(/AVISOR ERROR: vm0 vcpu0: guest read of 4 bytes at 0x100 is outside its memory and every device; pc 0x40100004/);
  });

  const bad: [string, string[], RegExp][] = [
    ["a missing image", ["nope.bin"], /^avisor: cannot read image nope.bin: no such file$/],
    ["an x86 ELF", [process.execPath], /not AArch64/],
    ["a malformed DTB", ["images/output.bin", "--dtb", "images/output.bin"], /bad magic/],
    ["an unknown flag", ["images/output.bin", "--frobnicate"], /^avisor: unknown option --frobnicate; see --help$/],
    ["a bad config", ["--config", "package.json"], /unknown field "name"/],
  ];
  for (const [what, args, msg] of bad) {
    it(`2: ${what}, said in one line`, () => {
      const r = boot(...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toHaveLength(1);
      expect(r.stderr[0]).toMatch(msg);
    });
  }

  it("3: a limit was reached", () => {
    const r = boot("images/loop/loop.bin", "--max-insns", "5000", "--quiet");
    expect(r.code).toBe(3);
    expect(r.stderr[0]).toMatch(/stopped after 5000 instructions/);
  });

  it("130: Ctrl-C stops a guest that spins, keeps what it printed and says where it was", async () => {
    // movz x1, #0x900, lsl #16 (the PL011); movz w0, #'A'; strb w0, [x1]; b .
    const spin = join(tmp, "spin.bin");
    writeFileSync(spin, Buffer.from(new Uint32Array([0xd2a12001, 0x52800820, 0x39000020, 0x14000000]).buffer));
    const p = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", spin, "--quiet"], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stderr.on("data", (d) => (stderr += d));
    const code = new Promise<number | null>((r) => p.on("exit", (c) => r(c)));
    await new Promise<void>((r) =>
      p.stdout.on("data", (d) => {
        stdout += d;
        r();
      }),
    ); // the guest is running
    p.kill("SIGINT");
    expect(await code).toBe(130);
    expect(stdout).toBe("A");
    expect(stderr).toMatch(/AVISOR WARNING: interrupted after \d+ instructions \(vm0 vcpu0 pc 0x4010000c\)/);
  });
});

describe("CLI options", () => {
  it("several images: one VM each, all run to their power-off", () => {
    const r = boot("images/output.bin", "images/hypercall/hypercall.bin");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Hello, LibOS!\nhypercall returned\n");
    expect(r.stderr).toContain("AVISOR INFO: Copy vm1 to 0x49500000, size = 0x23c");
    expect(r.stderr).toContain("AVISOR INFO: Hypercall message: Hello, Hypervisor!");
  });

  it("--config runs a VM described by Avisor's struct config fields", () => {
    const cfg = join(tmp, "vm.json");
    writeFileSync(
      cfg,
      JSON.stringify({
        hyp: { nr_cpus: 1 },
        nr_vms: 1,
        vm: [{ image: `${process.cwd()}/images/hypercall/hypercall.bin`, base_addr: "0x40100000", entry: "0x40100000", dmem_size: "0x1000000", nr_cpus: 1 }],
        dtb: { image: null, base_addr: "0x40000000" },
      }),
    );
    const r = boot("--config", cfg);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("hypercall returned\n");
    expect(r.stderr).toContain("AVISOR INFO: Hypercall message: Hello, Hypervisor!");
  });

  it("--dump-stage2 prints the VM's stage-2 table on stderr before booting", () => {
    const r = boot("images/output.bin", "--dump-stage2", "--quiet");
    expect(r.code).toBe(0);
    expect(r.stderr[0]).toBe("vm0 stage 2:");
    expect(r.stderr.some((l) => /IPA 0x40100000-0x40200000 -> PA 0x[0-9a-f]+ {2}page rwx normal x256/.test(l))).toBe(true);
    expect(r.stderr.some((l) => /L2 block rwx normal/.test(l))).toBe(true);
  });

  it("--help prints the usage and exits 0", () => {
    const r = boot("--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: avisor <image>/);
  });
});
