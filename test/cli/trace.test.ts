// --trace in words, --trace-file, --trace-filter, --stats[=json], symbols and the death
// report, through the real command line on our own images.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BACKENDS } from "../backends.ts";

function boot(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { encoding: "utf8", input: "", timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.split("\n").filter((l) => l && !l.startsWith("npm warn")) };
}
const traceLines = (lines: string[]) => lines.filter((l) => l.startsWith("vm"));
const tmp = mkdtempSync(join(tmpdir(), "avisor-trace-"));

describe("--trace categories, in words", () => {
  it("hvc: the print hypercall with its string", () => {
    const r = boot("images/hypercall/hypercall.elf", "--trace", "hvc", "--quiet");
    expect(r.code).toBe(0);
    expect(traceLines(r.stderr)).toEqual(['vm0 vcpu0 hvc #3 print "Hello, Hypervisor!"', "vm0 vcpu0 psci SYSTEM_OFF"]);
  });

  it("mmio and psci: device, register, value and pc with its function; independent of --quiet", () => {
    const r = boot("images/hello/hello.elf", "--trace", "mmio,psci", "--quiet");
    const t = traceLines(r.stderr);
    expect(t[0]).toBe("vm0 vcpu0 mmio read 4 B pl011 UARTFR -> 0x90 pc 0x40100090 <uart_puts+0x1c>");
    expect(t[1]).toBe("vm0 vcpu0 mmio write 4 B pl011 UARTDR <- 0x48 'H' pc 0x40100098 <uart_puts+0x24>");
    expect(t.at(-1)).toBe("vm0 vcpu0 psci SYSTEM_OFF");
    expect(t.length).toBe(29); // 14 characters, each a status read and a data write, then the call
  });

  it("irq: the virtual timer's interrupt injected at each of the three sleeps", () => {
    const r = boot("images/timer/timer.elf", "--trace", "irq", "--quiet");
    // Three identical lines in a row: the first, then the repeat count.
    expect(traceLines(r.stderr)).toEqual(["vm0 vcpu0 irq inject 27 (vtimer)", "vm0 vcpu0 irq inject 27 (vtimer) (repeated 2 more times)"]);
  });

  it("exits: timer exits by kind with the pc they interrupted", () => {
    const r = boot("images/timer/timer.elf", "--trace", "exits", "--quiet");
    const t = traceLines(r.stderr);
    expect(t.filter((l) => l.startsWith("vm0 vcpu0 exit timer virtual pc 0x"))).toHaveLength(3);
    expect(t.at(-1)).toBe("vm0 vcpu0 psci SYSTEM_OFF");
  });

  it("exits: a WFI with nothing armed to wake it, with the pc after it", () => {
    const wfi = join(tmp, "wfi.bin");
    writeFileSync(wfi, Buffer.from(new Uint32Array([0xd503207f, 0x14000000]).buffer)); // wfi; b .
    const r = boot(wfi, "--trace", "--quiet");
    expect(r.code).toBe(1);
    expect(traceLines(r.stderr)).toEqual(["vm0 vcpu0 exit wfi (nothing armed to wake it) pc 0x40100004"]);
  });

  it("snapshot: take, restore and a refused restore", () => {
    const r = boot("images/snapshot/snapshot.elf", "--trace", "snapshot", "--quiet");
    const t = traceLines(r.stderr);
    expect(t[0]).toMatch(/^vm0 vcpu0 snapshot take 0 \(\d+ bytes held of \d+\) pc 0x401001ec <main\+0x2c>$/);
    expect(t.slice(1, 3)).toEqual([
      "vm0 vcpu0 snapshot restore 0 -> pc 0x401001ec <main+0x2c>",
      "vm0 vcpu0 snapshot restore 0 -> pc 0x401001ec <main+0x2c> (repeated 2 more times)",
    ]);
    expect(t.at(-1)).toBe("vm0 vcpu0 snapshot restore 7 refused: no such snapshot pc 0x40100270 <main+0xb0>");
  });

  it("mmu: the stage-2 fault that kills a guest, and the death report disassembles its instruction", () => {
    const r = boot("images/wild/wild.elf", "--trace", "mmu");
    expect(r.code).toBe(1);
    expect(traceLines(r.stderr)).toEqual([
      "vm0 vcpu0 mmu stage-2 fault: write 4 B IPA 0x4000000 (VA 0x4000000) is outside the VM's memory and every device pc 0x401001e4 <main+0x24>",
    ]);
    expect(r.stderr).toContain("AVISOR ERROR: vm0 vcpu0 stopped at pc 0x401001e4 <main+0x24>: str w2, [x1] (b9000022)");
    // A death prints the run summary without --stats.
    expect(r.stderr.some((l) => l.startsWith("AVISOR INFO: run summary (guest died): "))).toBe(true);
  });

  it("insn: every instruction, disassembled by Capstone and named by the table, one line each", () => {
    const r = boot("images/hello/hello.elf", "--trace", "insn", "--quiet");
    const t = traceLines(r.stderr);
    expect(t).toHaveLength(122); // the image's instruction count (images/hello/hello.json)
    expect(t[0]).toMatch(/^vm0 vcpu0 insn 0x40100000 <_start> [0-9a-f]{8} [a-z]/);
    expect(t.some((l) => / <uart_puts\+0x1c> b9400041 ldr w1, \[x2\] ; LDR \(immediate\) \[Unsigned offset\]$/.test(l))).toBe(true);
  });

  it("--trace alone keeps its old meaning, exits (also right before the image)", () => {
    const r = boot("--trace", "images/hypercall/hypercall.elf", "--quiet");
    expect(r.code).toBe(0);
    const t = traceLines(r.stderr);
    expect(t).toContain('vm0 vcpu0 hvc #3 print "Hello, Hypervisor!"');
    expect(t.some((l) => l.startsWith("vm0 vcpu0 mmio write 4 B pl011 UARTDR"))).toBe(true);
  });

  it("an unknown category is one line, exit 2", () => {
    const r = boot("images/hello/hello.elf", "--trace", "exits,nope");
    expect(r).toMatchObject({
      code: 2,
      stderr: ["avisor: --trace: unknown category 'nope' (expected a comma list of exits, mmio, hvc, psci, irq, mmu, insn, snapshot, or all)"],
    });
  });
});

describe("--trace-file and --trace-filter", () => {
  it("--trace-file takes the trace off stderr", () => {
    const file = join(tmp, "hello.trace");
    const r = boot("images/hello/hello.elf", "--trace", "all", "--trace-file", file, "--quiet");
    expect(r.code).toBe(0);
    expect(r.stderr).toEqual([]);
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(122 + 29);
  });

  it("addr keeps one device's accesses; vm keeps one VM's events", () => {
    const r = boot("images/hello/hello.elf", "--trace", "all", "--trace-filter", "addr=0x9000018-0x900001c", "--quiet");
    const t = traceLines(r.stderr);
    // The 14 status reads, identical, are one line and its repeat count.
    expect(t).toEqual([
      "vm0 vcpu0 mmio read 4 B pl011 UARTFR -> 0x90 pc 0x40100090 <uart_puts+0x1c>",
      "vm0 vcpu0 mmio read 4 B pl011 UARTFR -> 0x90 pc 0x40100090 <uart_puts+0x1c> (repeated 13 more times)",
    ]);
    expect(traceLines(boot("images/hello/hello.elf", "--trace", "all", "--trace-filter", "vm=1", "--quiet").stderr)).toEqual([]);
  });

  it("a bad filter or an unwritable trace file is one line, exit 2", () => {
    expect(boot("images/hello/hello.elf", "--trace-filter", "addr=1").stderr).toEqual([
      "avisor: --trace-filter: addr: expected LO-HI (e.g. 0x9000000-0x9001000), got '1'",
    ]);
    const r = boot("images/hello/hello.elf", "--trace", "--trace-file", "/nonexistent/dir/t.txt");
    expect(r).toMatchObject({ code: 2, stderr: ["avisor: --trace-file: cannot write /nonexistent/dir/t.txt: ENOENT"] });
  });
});

describe("--stats and symbols", () => {
  it("--stats=json: one JSON line with instructions, exits by kind and device, hypercalls", () => {
    const r = boot("images/hypercall/hypercall.elf", "--stats=json", "--quiet");
    const json = r.stderr.filter((l) => l.startsWith("{"));
    expect(json).toHaveLength(1);
    const s = JSON.parse(json[0]);
    expect(s.outcome).toBe("powered off");
    const v = s.vms[0].vcpus[0];
    expect(v.instructions).toBe(s.instructions);
    expect(v.exits.hvc).toBe(2); // print, then PSCI SYSTEM_OFF
    expect(v.hypercalls).toEqual({ "#0": 1, "#3": 1 });
    expect(v.devices.pl011).toBe(v.exits["data abort"]);
    expect(v.devices.pl011).toBe(2 * "hypercall returned\n".length);
    expect(v.symbol).toMatch(/^psci_system_off/);
  });

  it("--stats: AVISOR INFO lines per VM and vCPU, also under --quiet", () => {
    const r = boot("images/snapshot/snapshot.elf", "--stats", "--quiet");
    expect(r.stderr.filter((l) => !l.startsWith("AVISOR ERROR"))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^AVISOR INFO: run summary \(powered off\): \d+ instructions in [\d.]+ s host time, [\d.]+ guest MIPS$/),
        "AVISOR INFO: vm0 (off): snapshots 1 taken, 3 restored",
        "AVISOR INFO: vm0 vcpu0 exits by device: 530 pl011",
        "AVISOR INFO: vm0 vcpu0 hypercalls: 1 #0 halt/psci, 1 #1 checkpoint, 4 #2 restore",
      ]),
    );
    expect(r.stderr.every((l) => l.startsWith("AVISOR "))).toBe(true);
  });

  it("a limit prints the summary without --stats", () => {
    const r = boot("images/loop/loop.elf", "--max-insns", "5000");
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("AVISOR INFO: vm0 vcpu0 exits: none");
    expect(r.stderr.some((l) => /^AVISOR INFO: vm0 vcpu0: 5000 instructions, pc 0x[0-9a-f]+ <main\+0x[0-9a-f]+>, 0 interrupts injected$/.test(l))).toBe(true);
  });

  it("Ctrl-C prints the summary without --stats, with where the vCPU spun", async () => {
    // movz x1, #0x900, lsl #16 (the PL011); movz w0, #'A'; strb w0, [x1]; b .
    const spin = join(tmp, "spin.bin");
    writeFileSync(spin, Buffer.from(new Uint32Array([0xd2a12001, 0x52800820, 0x39000020, 0x14000000]).buffer));
    const p = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", spin], { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    p.stderr.on("data", (d) => (stderr += d));
    const code = new Promise<number | null>((r) => p.on("exit", (c) => r(c)));
    await new Promise<void>((r) => p.stdout.on("data", () => r())); // the guest is running
    p.kill("SIGINT");
    expect(await code).toBe(130);
    expect(stderr).toMatch(/AVISOR INFO: run summary \(interrupted\): \d+ instructions in [\d.]+ s host time/);
    expect(stderr).toMatch(/AVISOR INFO: vm0 vcpu0: \d+ instructions, pc 0x4010000c, 0 interrupts injected/);
    expect(stderr).toContain("AVISOR INFO: vm0 vcpu0 exits by device: 1 pl011");
  });

  it("--symbols names a flat binary's addresses from its ELF", () => {
    const r = boot("images/hypercall/hypercall.bin", "--entry", "0x40100000", "--symbols", "images/hypercall/hypercall.elf", "--trace", "mmio", "--quiet");
    expect(traceLines(r.stderr)[0]).toMatch(/^vm0 vcpu0 mmio read 4 B pl011 UARTFR -> 0x90 pc 0x[0-9a-f]+ <uart_puts\+0x1c>$/);
    const plain = boot("images/hypercall/hypercall.bin", "--entry", "0x40100000", "--trace", "mmio", "--quiet");
    expect(traceLines(plain.stderr)[0]).toMatch(/^vm0 vcpu0 mmio read 4 B pl011 UARTFR -> 0x90 pc 0x[0-9a-f]+$/);
    expect(boot("images/hello/hello.elf", "--symbols", "images/output.bin").stderr).toEqual([
      "avisor: images/output.bin: not an ELF file (no symbol table to read)",
    ]);
  });
});

const unicorn = BACKENDS.find((b) => b.cpu === "unicorn")!;
describe.skipIf(unicorn.skip !== null)(`the same trace on both backends${unicorn.skip ? ` (skipped: ${unicorn.skip})` : ""}`, () => {
  for (const image of ["hello", "timer", "snapshot", "exceptions"]) {
    it(`images/${image}: --trace all (every instruction, device access, call) is identical on ts and unicorn`, () => {
      const files = ["ts", "unicorn"].map((cpu) => {
        const file = join(tmp, `${image}-${cpu}.trace`);
        expect(boot(`images/${image}/${image}.elf`, "--cpu", cpu, "--trace", "all", "--trace-file", file, "--quiet").code).toBe(0);
        return readFileSync(file, "utf8");
      });
      expect(files[0].split("\n").length).toBeGreaterThan(100);
      expect(files[1]).toBe(files[0]);
    });
  }
});

const compat = process.env.AVISOR_COMPAT_IMAGES ?? "";
const helloworld = join(compat, "app-helloworld_kvm-arm64");
describe.skipIf(compat === "" || unicorn.skip !== null)(
  `a Unikraft boot's trace (AVISOR_COMPAT_IMAGES${unicorn.skip ? `; skipped: ${unicorn.skip}` : ""})`,
  () => {
    it("app-helloworld_kvm-arm64: the PCIe probe's 8,192 accesses fold into one line, and ts and unicorn write the same trace", () => {
      const files = ["ts", "unicorn"].map((cpu) => {
        const file = join(tmp, `helloworld-${cpu}.trace`);
        expect(boot(helloworld, "--cpu", cpu, "--trace", "exits,mmio,hvc,psci,irq,mmu,snapshot", "--trace-file", file, "--quiet").code).toBe(0);
        return readFileSync(file, "utf8");
      });
      const lines = files[0].trimEnd().split("\n");
      // The host bridge at 00:00.0 answers (QEMU's 1b36:0008); the 8,191 empty functions fold.
      expect(lines).toContain("vm0 vcpu0 mmio read 2 B pcie-ecam 00:00.0 DeviceID -> 0x8 pc 0x401056b4");
      expect(lines).toContain("vm0 vcpu0 mmio read 2 B pcie-ecam 00:00.0 SubsystemID -> 0x1100 pc 0x401056b4");
      expect(lines).toContain("vm0 vcpu0 mmio read 2 B pcie-ecam 00:01.0..ff:1f.0 VendorID -> 0xffff pc 0x401056b4 (8191 lines, differing only in that range)");
      expect(lines.length).toBeLessThan(1000); // 9,072 exits
      expect(lines.at(-1)).toBe("vm0 vcpu0 psci SYSTEM_OFF");
      expect(files[1]).toBe(files[0]);
    });
  },
);
