// The board as a guest reads it, against QEMU virt 7.2: images/board-probe prints the GIC's
// type and ID registers, the PCIe host bridge, empty ECAM functions, virtio-mmio slots and
// the PCIe windows, one register a line. images/board-probe/qemu-7.2-gic{2,3}.txt is what it
// prints on qemu-system-aarch64 7.2 (-M virt,gic-version=N -cpu cortex-a57 -nic none); here
// every line must be the same but the ones listed, each with its reason and our value.
// qemu-7.2-avisor-gic{2,3}.txt is what it prints as the VM of the course's Avisor (built from
// vvbbnn00/libos-summer-camp-workbench with TEST_SCENE -1, this binary as image/output.bin,
// entry 0x40100000, gic_version=N and the matching DTB; run with -M virt,virtualization=on,
// gic-version=N -cpu cortex-a57 -smp 1 -m 4g -nic none), Avisor's own log lines taken out.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/hyp/config.ts";
import { Log } from "../../src/hyp/log.ts";
import { createMachine } from "../../src/cli/node-machine.ts";
import { BACKENDS, type Backend } from "../backends.ts";

const ELF = "images/board-probe/board-probe.elf";
const qemuFile = (gic: 2 | 3) => `images/board-probe/qemu-7.2-gic${gic}.txt`;
const avisorFile = (gic: 2 | 3) => `images/board-probe/qemu-7.2-avisor-gic${gic}.txt`;

/** Lines where we differ from bare QEMU on purpose: register -> [our value, why]. On a GICv3
 *  these are the LPI parts QEMU's GICv3 has and we do not; our values are the ones Avisor's
 *  vGICv3 shows its guest on QEMU (it builds GICD_TYPER and GICR_TYPER itself). */
const DIFFERENCES: Record<2 | 3, Record<string, [string, string]>> = {
  2: {},
  3: {
    "gicd.typer": ["0x0000000000480007", "LPIS 0 and IDbits 10 (no LPIs); QEMU: LPIS 1, IDbits 16, A3V, No1N (0x037a0007). ITLinesNumber 7 as QEMU"],
    "gicr.ctlr": ["0x0000000000000000", "no CES bit: EnableLPIs is not implemented (Avisor reads 0 too)"],
    "gicr.typer.lo": ["0x0000000000000010", "PLPIS and CommonLPIAff 0 (no LPIs); Last and Processor_Number as QEMU"],
  },
};

/** Lines where QEMU + Avisor shows something else again: register -> [its value, why we
 *  keep bare QEMU's]. Everything else, the LPI lines above included, is Avisor's view. */
const AVISOR_DIFFERENCES: Record<2 | 3, Record<string, [string, string]>> = {
  2: {},
  3: {
    "gicd.ctlr": ["0x0000000000000010", "Avisor shows the Non-secure view (no DS bit); we implement one security state, so DS reads 1 as on QEMU"],
    "gicd.typer2": ["0x000000000800000c", "Avisor answers an unhandled offset with its address; GICD_TYPER2 is 0 on QEMU"],
    "gicr.iidr": ["0x0000000000000000", "Avisor leaves GICR_IIDR RAZ; QEMU's is 0x43b"],
  },
};

function probe(cpu: Backend, gic: 2 | 3): { exit: number; lines: string[] } {
  const config = defaultConfig(ELF);
  config.gicVersion = gic;
  config.vms[0].entry = null;
  const out: number[] = [];
  const m = createMachine(config, { cpu, log: new Log(() => {}, false, true), uartOut: (b) => out.push(b) });
  for (;;) {
    const r = m.hv.step();
    if (r.kind === "finished") return { exit: r.exitCode, lines: Buffer.from(out).toString().trimEnd().split("\n") };
    if (r.kind !== "running") throw new Error(`probe stopped: ${r.kind}`);
  }
}

const key = (line: string) => line.slice(0, line.lastIndexOf(" "));
const value = (line: string) => line.slice(line.lastIndexOf(" ") + 1);

for (const { cpu, skip, label } of BACKENDS) {
  describe.skipIf(skip !== null)(`images/board-probe against QEMU 7.2 (${label})`, () => {
    for (const gic of [2, 3] as const) {
      it(`--gic ${gic}: every line QEMU prints, but ${Object.keys(DIFFERENCES[gic]).join(", ") || "none"}`, () => {
        const qemu = readFileSync(qemuFile(gic), "utf8").trimEnd().split("\n");
        const ours = probe(cpu, gic);
        expect(ours.exit).toBe(0);
        expect(ours.lines.map(key)).toEqual(qemu.map(key));
        ours.lines.forEach((line, i) => {
          const known = DIFFERENCES[gic][key(line)];
          if (known) {
            expect(value(line), key(line)).toBe(known[0]);
            expect(value(qemu[i]), `${key(line)} differs from QEMU`).not.toBe(known[0]);
          } else {
            expect(line).toBe(qemu[i]);
          }
        });
      });
    }

    for (const gic of [2, 3] as const) {
      it(`--gic ${gic}: every line QEMU + Avisor prints, but ${Object.keys(AVISOR_DIFFERENCES[gic]).join(", ") || "none"}`, () => {
        const avisor = readFileSync(avisorFile(gic), "utf8").trimEnd().split("\n");
        const ours = probe(cpu, gic);
        expect(ours.lines.map(key)).toEqual(avisor.map(key));
        ours.lines.forEach((line, i) => {
          const known = AVISOR_DIFFERENCES[gic][key(line)];
          if (known) {
            expect(value(avisor[i]), key(line)).toBe(known[0]);
            expect(value(line), `${key(line)} is not Avisor's`).not.toBe(known[0]);
          } else {
            expect(line).toBe(avisor[i]);
          }
        });
      });
    }

    it("the lines a PCI driver reads: host bridge 1b36:0008 class 06 at 00:00.0, nothing at 00:01.0, 00:00.1 or bus 1", () => {
      const { lines } = probe(cpu, 2);
      const get = (k: string) => value(lines.find((l) => key(l) === k)!);
      expect(get("pci.00:00.0.vendor16")).toBe("0x0000000000001b36");
      expect(get("pci.00:00.0.device16")).toBe("0x0000000000000008");
      expect(get("pci.00:00.0.class8")).toBe("0x0000000000000006");
      for (const k of ["pci.00:01.0.word0", "pci.00:00.1.word0", "pci.01:00.0.word0"]) expect(get(k)).toBe("0x00000000ffffffff");
    });
  });
}

const qemu = spawnSync("qemu-system-aarch64", ["--version"], { encoding: "utf8" });
const qemu72 = qemu.status === 0 && /version 7\.2\./.test(qemu.stdout);
describe.skipIf(!qemu72)(`the recorded QEMU output is QEMU's${qemu72 ? "" : " (skipped: qemu-system-aarch64 7.2 not installed)"}`, () => {
  for (const gic of [2, 3] as const) {
    it(`qemu-system-aarch64 -M virt,gic-version=${gic} prints ${qemuFile(gic)}`, () => {
      const r = spawnSync(
        "qemu-system-aarch64",
        ["-M", `virt,gic-version=${gic}`, "-cpu", "cortex-a57", "-nographic", "-nic", "none", "-monitor", "none", "-kernel", ELF],
        { encoding: "utf8", timeout: 30_000 },
      );
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(readFileSync(qemuFile(gic), "utf8"));
    }, 40_000);
  }
});
