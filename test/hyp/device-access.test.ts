// The one device path (src/hyp/device-access.ts) and the ts core's fast device path: a device
// access completed inside the core must leave the guest exactly where the data-abort exit
// left it: registers, instruction count, interrupts taken at the same instruction, the trace
// and the run summary's counts.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createMachine } from "../../src/cli/node-machine.ts";
import type { TsCpu } from "../../src/cpu/cpu.ts";
import { defaultConfig } from "../../src/hyp/config.ts";
import { Log } from "../../src/hyp/log.ts";
import { summaryJson } from "../../src/hyp/run-summary.ts";
import { Tracer } from "../../src/trace/tracer.ts";
import { parseCategories } from "../../src/trace/categories.ts";
import { syntheticElf, words } from "../loader/synthetic-elf.ts";

const BASE = 0x4010_0000;
// Enable the GICv2 distributor and CPU interface, unmask IRQs, then send SGI 0 to itself
// with a store to GICD_SGIR: the interrupt must be taken right after that store, before
// the two adds. The IRQ vector (VBAR_EL1 + 0x280) keeps ELR_EL1 in x7, acknowledges through
// GICC_IAR into w8 and powers off.
const MAIN = words(
  0x10004009, // adr x9, vectors (BASE + 0x800)
  0xd518c009, // msr vbar_el1, x9
  0xd2a10001, // mov x1, #0x8000000 (GICD)
  0xd2a10022, // mov x2, #0x8010000 (GICC)
  0x52800023, // mov w3, #1
  0xb9000023, // str w3, [x1]         GICD_CTLR
  0xb9000043, // str w3, [x2]         GICC_CTLR
  0x52801fe4, // mov w4, #0xff
  0xb9000444, // str w4, [x2, #4]     GICC_PMR
  0xb9010023, // str w3, [x1, #0x100] GICD_ISENABLER0
  0xd50342ff, // msr daifclr, #2
  0xd2800005, // mov x5, #0
  0x52a04006, // mov w6, #0x2000000   (to this CPU, SGI 0)
  0xb90f0026, // str w6, [x1, #0xf00] GICD_SGIR   <- BASE + 0x34
  0x910004a5, // add x5, x5, #1                   <- BASE + 0x38
  0x910004a5, // add x5, x5, #1
  0x14000000, // b .
);
const IRQ_VECTOR = words(
  0xd5384027, // mrs x7, elr_el1
  0xb9400c48, // ldr w8, [x2, #12]    GICC_IAR
  0xd2b08000, // mov x0, #0x84000000
  0xf2800100, // movk x0, #0x8        PSCI SYSTEM_OFF
  0xd4000002, // hvc #0
);

const dir = mkdtempSync(join(tmpdir(), "avisor-device-access-"));
const image = join(dir, "sgi.elf");
writeFileSync(
  image,
  syntheticElf(
    [
      { addr: BASE, data: MAIN },
      { addr: BASE + 0xa80, data: IRQ_VECTOR },
    ],
    BASE,
  ),
);

/** Boot `path` to power-off on the ts core, with the fast device path or (inCore false)
 *  with every device access leaving the core as a data-abort exit, as before it. */
function boot(path: string, inCore: boolean) {
  const log = new Log(() => {}, false, true);
  const out: number[] = [];
  const m = createMachine(defaultConfig(path), { cpu: "ts", log, uartOut: (b) => out.push(b) });
  // The RTC's match interrupt is polled where step() returned before: after each exit the
  // core completes itself, as the run loops poll after each step().
  const board = m.hv.board as { pollDevices?: () => void };
  const poll = board.pollDevices!;
  let polls = 0;
  board.pollDevices = () => {
    polls++;
    poll();
  };
  const traced: string[] = [];
  m.hv.tracer = new Tracer({ mask: parseCategories("exits,mmio,irq,hvc,psci"), write: (line) => traced.push(line) });
  const cpu = m.hv.vms[0].vcpus[0].cpu as TsCpu;
  if (!inCore) cpu.dataAbortCompleter = null;
  let steps = 0;
  for (;;) {
    const r = m.hv.step();
    steps++;
    if (r.kind === "finished") break;
    if (r.kind !== "running") throw new Error(`guest stopped: ${r.kind}`);
  }
  m.hv.tracer.close();
  const summary = summaryJson({
    stats: m.hv.stats,
    hostSeconds: 1,
    outcome: "x",
    vms: [{ id: 0, state: "off", vcpus: [{ id: 0, instructions: cpu.instructionCount, pc: cpu.getPc() }] }],
  });
  const regs = Array.from({ length: 31 }, (_, i) => cpu.getX(i));
  return { cpu, steps, polls, traced, summary: summary.vms[0].vcpus[0], regs, stdout: Buffer.from(out).toString() };
}

describe("the fast device path (ts core)", () => {
  it("a device write that raises an interrupt: taken right after the store, as after the exit", () => {
    const fast = boot(image, true);
    const slow = boot(image, false);
    expect(fast.cpu.getX(7)).toBe(BigInt(BASE + 0x38)); // ELR_EL1: the add after the SGIR store
    expect(fast.cpu.getX(5)).toBe(0n); // neither add ran
    expect(fast.cpu.getX(8)).toBe(0n); // GICC_IAR: SGI 0 from CPU 0
    expect(fast.regs).toEqual(slow.regs);
    expect(fast.cpu.instructionCount).toBe(slow.cpu.instructionCount);
    expect(fast.traced).toEqual(slow.traced);
    expect(fast.traced).toContain(`vm0 vcpu0 mmio write 4 B vgic GICD_SGIR <- 0x2000000 pc ${`0x${(BASE + 0x34).toString(16)}`}`);
    // Six device accesses, each a data-abort exit on the slow path, none leaving the core here.
    expect(slow.summary.exits).toEqual({ "data abort": 6, hvc: 1 });
    expect(fast.summary.exits).toEqual(slow.summary.exits);
    expect(fast.summary.exitsInCore).toEqual({ "data abort": 6 });
    expect(slow.summary.exitsInCore).toEqual({});
    expect(fast.summary.devices).toEqual(slow.summary.devices);
    expect(slow.steps - fast.steps).toBe(6);
    expect(fast.polls).toBe(6);
    expect(slow.polls).toBe(0);
  });

  it("images/timer: output, instruction count, registers and trace as with exits", () => {
    const fast = boot("images/timer/timer.elf", true);
    const slow = boot("images/timer/timer.elf", false);
    expect(fast.stdout).toBe(slow.stdout);
    expect(fast.stdout.length).toBeGreaterThan(0);
    expect(fast.cpu.instructionCount).toBe(slow.cpu.instructionCount);
    expect(fast.regs).toEqual(slow.regs);
    expect(fast.traced).toEqual(slow.traced);
    expect(fast.summary.exits).toEqual(slow.summary.exits);
    expect(fast.summary.exitsInCore["data abort"]).toBe(slow.summary.exits["data abort"]);
    expect(fast.steps).toBeLessThan(slow.steps);
  });
});
