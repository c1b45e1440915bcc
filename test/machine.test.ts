// The machine as the user meets it: large --mem boots (RAM split around the shared window, the
// memory node listing both ranges), a given DTB's GIC is followed or refused, and every layout
// mistake of issue 11 ends as one line with exit code 2 from the real CLI.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { errorExitCode } from "../src/cli/errors.ts";
import { parseDtb } from "../src/devices/fdt/parser.ts";
import type { FdtNode } from "../src/devices/fdt/tree.ts";
import { defaultConfig, parseConfig, type Config } from "../src/hyp/config.ts";
import { ConfigError } from "../src/hyp/errors.ts";
import { Log } from "../src/hyp/log.ts";
import { createMachine, UNICORN_MAX_RAM } from "../src/cli/node-machine.ts";
import { BACKENDS, type Backend } from "./backends.ts";
import { SPIN, syntheticElf, words } from "./loader/synthetic-elf.ts";

const G = 0x4000_0000;
const M = 0x10_0000;
const FIXTURES = "../shared/fixtures";
const COMPAT = process.env.AVISOR_COMPAT_IMAGES ?? "";
const tmp = mkdtempSync(join(tmpdir(), "avisor-machine-"));
/** A test name that says, when `path` is missing, that and why the test is skipped. */
const unless = (path: string, name: string) => (existsSync(path) ? name : `${name} (skipped: ${path} is missing)`);

function boot(config: Config, cpu: Backend = "ts", maxInsns = 30_000_000) {
  const out: number[] = [];
  const log = new Log(() => {}, false, true);
  const m = createMachine(config, { cpu, log, uartOut: (b) => out.push(b) });
  while (m.hv.totalInstructions < maxInsns) {
    const r = m.hv.step();
    if (r.kind === "finished") return { m, exit: r.exitCode, stdout: Buffer.from(out).toString(), log: log.lines };
    if (r.kind !== "running") throw new Error(`guest stopped: ${r.kind}`);
  }
  throw new Error("the guest did not finish");
}

function withMem(image: string, dmem: number): Config {
  const c = defaultConfig(image);
  c.vms[0].dmemSize = dmem;
  return c;
}

/** The generated DTB as the guest sees it, and its memory node's (base, size) pairs. */
function memoryRanges(m: ReturnType<typeof createMachine>): number[][] {
  const vm = m.hv.vms[0];
  const root = parseDtb(m.hv.board.bus.ram.readBytes(vm.dtbRegion.pa, vm.dtbRegion.size));
  const mem = root.children.find((n: FdtNode) => n.name.startsWith("memory@"))!;
  const reg = new DataView(mem.props.get("reg")!.buffer.slice(0));
  const pairs: number[][] = [];
  for (let o = 0; o < reg.byteLength; o += 16) pairs.push([Number(reg.getBigUint64(o)), Number(reg.getBigUint64(o + 8))]);
  return pairs;
}

describe("large guest RAM", () => {
  for (const b of BACKENDS) {
    for (const dmem of [G, 2 * G]) {
      const tooBig = b.cpu === "unicorn" && dmem > UNICORN_MAX_RAM;
      const label = tooBig ? `${b.label}; skipped: above this backend's limit, whose refusal is tested below` : b.label;
      it.skipIf(b.skip !== null || tooBig)(`--mem ${dmem / G}G boots output.bin, RAM split around the shared window (${label})`, () => {
        const r = boot(withMem("images/output.bin", dmem), b.cpu);
        expect(r).toMatchObject({ exit: 0, stdout: "Hello, LibOS!\n" });
        // The memory node starts at the DTB (just below the image) and skips 0x70000000..0x71000000.
        const image = 0x1000; // output.bin rounded up to a page
        expect(memoryRanges(r.m)).toEqual([
          [0x4000_0000, 0x3000_0000],
          [0x7100_0000, dmem + image - (0x7000_0000 - 0x4010_0000)],
        ]);
        expect(r.log).toContain(
          `AVISOR INFO: vm0: RAM 0x40100000..0x70000000 and 0x71000000..0x${(0x7100_0000 + dmem + image - (0x7000_0000 - 0x4010_0000)).toString(16)}, around the shared-memory window at 0x70000000`,
        );
        // Shared memory is still there, between the two ranges.
        expect(r.m.hv.vms[0].stage2.translate(0x7000_0000)).not.toBeNull();
      });
    }
  }

  it("--cpu unicorn above its limit is refused before Unicorn can abort the process", () => {
    const c = withMem("images/output.bin", 2 * G);
    const f = () => createMachine(c, { cpu: "unicorn", log: new Log(() => {}), uartOut: () => {} });
    expect(f).toThrow(ConfigError);
    // Without libunicorn the refusal says that instead; with it, the RAM limit.
    expect(f).toThrow(BACKENDS[1].skip === null ? /^--cpu unicorn: vm0 has 2\.00 GiB of RAM, at most 1536M fit this backend/ : /^--cpu unicorn: /);
  });

  it("config dmem_size 0x80000000 boots", () => {
    const c = parseConfig({ vm: [{ image: "images/output.bin", dmem_size: "0x80000000" }] }, process.cwd());
    expect(boot(c)).toMatchObject({ exit: 0, stdout: "Hello, LibOS!\n" });
  });

  it("--base 0x6ff00000: 1 MiB of RAM below the window, the rest above, and a guest built for it runs", () => {
    // movz x1, #0x900, lsl #16; movz w0, #'K'; strb w0, [x1]; PSCI SYSTEM_OFF: movz x0,#8; movk x0,#0x8400,lsl#16; hvc #0
    const bin = join(tmp, "low.bin");
    writeFileSync(bin, words(0xd2a12001, 0x52800960, 0x39000020, 0xd2800100, 0xf2b08000, 0xd4000002));
    const c = withMem(bin, 128 * M);
    c.vms[0].baseAddr = 0x6ff0_0000;
    const r = boot(c);
    expect(r).toMatchObject({ exit: 0, stdout: "K" });
    expect(memoryRanges(r.m)).toEqual([
      [0x6ff0_0000, M],
      [0x7100_0000, 128 * M + 0x1000 - M],
    ]);
  });

  it("several VMs of 64G each are refused when the board cannot hold them all", () => {
    const c = withMem("images/output.bin", 64 * G);
    for (let i = 0; i < 4; i++) c.vms.push({ ...c.vms[0], devices: [] });
    expect(() => createMachine(c, { cpu: "ts", log: new Log(() => {}), uartOut: () => {} })).toThrow(
      /^the VMs need 320\.\d\d GiB of RAM together, more than the board's 255\.25 GiB below the PCIe ECAM window: give them less --mem \(or images that span less\)$/,
    );
  });

  const hello = `${COMPAT}/app-helloworld_kvm-arm64`;
  it.skipIf(!existsSync(hello))(unless(hello, "Unikraft 0.12's helloworld boots with --mem 1G (a memory node of two ranges)"), () => {
    const r = boot(withMem(hello, G));
    expect(r.exit).toBe(0);
    expect(r.stdout).toMatch(/Hello World!/);
  });
});

describe("a given DTB decides the GIC", () => {
  const v3 = `${FIXTURES}/virt-gicv3.dtb`;
  it.skipIf(!existsSync(v3))(unless(v3, "without --gic, QEMU's virt-gicv3.dtb gives the VM a GICv3, said in one INFO line"), () => {
    const c = defaultConfig("images/output.bin");
    c.dtb.image = v3;
    const r = boot(c);
    expect(c.gicVersion).toBe(3);
    expect(r.log.filter((l) => l.includes("GICv3"))).toEqual([`AVISOR INFO: ${v3} describes a GICv3: the VM gets a GICv3 (--gic 3)`]);
    expect(r).toMatchObject({ exit: 0, stdout: "Hello, LibOS!\n" });
  });

  it.skipIf(!existsSync(v3))(unless(v3, "with --gic 2 it is refused with a hint to use --gic 3"), () => {
    const c = defaultConfig("images/output.bin");
    c.dtb.image = v3;
    c.gicChosen = true;
    expect(() => boot(c)).toThrow(new ConfigError(`${v3} describes a GICv3 but --gic 2 was asked for: use --gic 3 (or drop --gic to follow the DTB)`));
  });
});

describe("--entry against the Unikraft entry found", () => {
  it.skipIf(!existsSync(`${COMPAT}/app-helloworld_kvm-arm64`))(unless(`${COMPAT}/app-helloworld_kvm-arm64`, "warns once, naming both addresses"), () => {
    const c = defaultConfig(`${COMPAT}/app-helloworld_kvm-arm64`);
    c.vms[0].entry = 0x4010_0000;
    const log = new Log(() => {}, false, true);
    createMachine(c, { cpu: "ts", log, uartOut: () => {} });
    expect(log.lines.filter((l) => l.startsWith("AVISOR WARNING"))).toEqual([
      "AVISOR WARNING: vm0: starting at the entry given, 0x40100000, but the flat image has Unikraft's kvm-arm64 entry at 0x40101b20",
    ]);
    c.vms[0].entry = 0x4010_1b20;
    const quiet = new Log(() => {}, false, true);
    createMachine(c, { cpu: "ts", log: quiet, uartOut: () => {} });
    expect(quiet.lines.filter((l) => l.startsWith("AVISOR WARNING"))).toEqual([]);
  });
});

describe("layout mistakes are bad input", () => {
  const elfAt = (name: string, addr: number, memsz?: number, entry = addr) => {
    const p = join(tmp, name);
    writeFileSync(p, syntheticElf([{ addr, data: SPIN, memsz }], entry));
    return p;
  };
  const cases: [string, () => Config, RegExp][] = [
    [
      "an ELF segment at 0x70000000",
      () => defaultConfig(elfAt("shared.elf", 0x7000_0000)),
      /shared\.elf: ELF segment at 0x70000000\.\.0x70000004 overlaps Avisor's shared-memory window/,
    ],
    [
      "an ELF segment of 8 GiB",
      () => defaultConfig(elfAt("huge.elf", 0x4010_0000, 8 * G)),
      /huge\.elf: ELF segment at 0x40100000\.\.0x240100000 overlaps Avisor's shared-memory window/,
    ],
    [
      "an ELF segment at 0x50000000000",
      () => defaultConfig(elfAt("far.elf", 0x500_0000_0000)),
      /far\.elf: ELF segment at 0x50000000000\.\.0x50000000004 lies beyond guest RAM, which ends at 0x4010000000/,
    ],
    [
      "an ELF segment at 0x1000",
      () => defaultConfig(elfAt("low.elf", 0x1000)),
      /low\.elf: ELF segment at 0x1000\.\.0x1004 lies below guest RAM, which starts at 0x40000000/,
    ],
    [
      "a device va over guest RAM",
      () => parseConfig({ vm: [{ image: "images/output.bin", devs: [{ pa: "0x9000000", va: "0x40200000", size: "0x1000" }] }] }, process.cwd()),
      /^vm\[0\]\.devs\[0\]: va 0x40200000\.\.0x40201000 overlaps the VM's RAM 0x40100000\.\.0x48101000$/,
    ],
    [
      "RAM into the PCIe ECAM",
      () => parseConfig({ vm: [{ image: "images/output.bin", base_addr: "0x4000000000", dmem_size: "0x40000000" }] }, process.cwd()),
      /^vm0: guest RAM 0x4000000000\.\.0x4040001000 would run into the PCIe ECAM window 0x4010000000\.\.0x4020000000; at base 0x4000000000 at most --mem 255M fits$/,
    ],
  ];
  for (const [what, config, msg] of cases) {
    it(`${what}: ConfigError, exit code 2`, () => {
      let err: unknown = null;
      try {
        createMachine(config(), { cpu: "ts", log: new Log(() => {}), uartOut: () => {} });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toMatch(msg);
      expect(errorExitCode(err)).toBe(2);
    });
  }
});

/** The real CLI, as a user runs it. */
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { encoding: "utf8", input: "", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.split("\n").filter((l) => l !== "") };
}

describe("the CLI on layout mistakes: one line, exit code 2", () => {
  const dtbCopy = join(tmp, "x.dtb");
  if (existsSync(`${FIXTURES}/virt.dtb`)) copyFileSync(`${FIXTURES}/virt.dtb`, dtbCopy);
  const empty = join(tmp, "empty.bin");
  writeFileSync(empty, "");
  const odd = join(tmp, "odd.elf");
  writeFileSync(odd, syntheticElf([{ addr: 0x4010_0000, data: SPIN }], 0x4010_0002));
  const farDtb = join(tmp, "far-dtb.json");
  writeFileSync(farDtb, JSON.stringify({ vm: [{ image: join(process.cwd(), "images/output.bin") }], dtb: { base_addr: "0x8000000000" } }));
  const cases: [string, string[], RegExp][] = [
    [
      "--mem 100G",
      ["images/output.bin", "--mem", "100G"],
      /^avisor: --mem 100G: at most 64G of guest RAM per VM after its image \(the page pool, stage-2 tables and snapshots grow with it; see README, "Guest memory"\)$/,
    ],
    ["--mem 255G", ["images/output.bin", "--mem", "255G"], /^avisor: --mem 255G: at most 64G of guest RAM per VM/],
    ["a DTB as the image", ["images/output.bin", dtbCopy], /^avisor: .*x\.dtb is a device tree blob, not a guest image \(pass it with --dtb\)$/],
    ["README.md as the image", ["README.md"], /^avisor: README\.md is a text file, not a guest image/],
    ["package.json as the image", ["package.json"], /^avisor: package\.json is a JSON document, not a guest image \(a VM configuration goes with --config\)$/],
    ["an empty image", [empty], /^avisor: .*empty\.bin is an empty file, not a guest image/],
    [
      "an unaligned e_entry",
      [odd],
      /^avisor: .*odd\.elf: e_entry 0x40100002 is not 4-byte aligned \(A64 instructions are 4-byte words; the first fetch would fault\)$/,
    ],
    [
      "an unaligned --entry",
      ["images/output.bin", "--entry", "0x40100002"],
      /^avisor: --entry 0x40100002 is not 4-byte aligned \(A64 instructions are 4-byte words; the first fetch would fault\)$/,
    ],
    ["a DTB beyond the IPA space", ["--config", farDtb], /^avisor: dtb\.base_addr 0x8000000000 lies beyond the 39-bit guest-physical space \(0x8000000000\)$/],
    [
      "a GICv3 DTB with --gic 2",
      ["images/output.bin", "--dtb", `${FIXTURES}/virt-gicv3.dtb`, "--gic", "2"],
      /^avisor: .*virt-gicv3\.dtb describes a GICv3 but --gic 2 was asked for: use --gic 3/,
    ],
  ];
  for (const [what, args, msg] of cases) {
    const needsFixture = args.some((a) => a.includes("fixtures") || a === dtbCopy) && !existsSync(`${FIXTURES}/virt.dtb`);
    it.skipIf(needsFixture)(needsFixture ? unless(`${FIXTURES}/virt.dtb`, what) : what, () => {
      const r = cli(...args);
      expect(r.stderr).toHaveLength(1);
      expect(r.stderr[0]).toMatch(msg);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
    });
  }

  it("--mem 1G boots output.bin from the command line", () => {
    const r = cli("images/output.bin", "--mem", "1G", "--quiet");
    expect(r).toMatchObject({ code: 0, stdout: "Hello, LibOS!\n", stderr: [] });
  });
});
