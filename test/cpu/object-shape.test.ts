// The core's hot objects keep one hidden class for their whole life: values outside V8's
// small-integer range (uint32 words >= 2^31, PAs, long counts) must not move them to a new
// one (that deoptimized the run loop and the instruction handlers: src/double-field.ts).
import v8 from "node:v8";
import { describe, expect, it } from "vitest";
import { EXIT_LIMIT, EXIT_STOPPED, SyncExitRecord } from "../../src/cpu/vm-exit.ts";
import { newTranslationRegs } from "../../src/mmu/translation-regs.ts";
import { newFault } from "../../src/mmu/translation.ts";
import { PhysicalMemory, RamPage } from "../../src/mmu/physical-memory.ts";
import { makeMachine } from "./harness.ts";

v8.setFlagsFromString("--allow-natives-syntax");
// Compiled after the flag is set, so the body may use the V8 intrinsic.
const haveSameMap = new Function("a", "b", "return %HaveSameMap(a, b)") as (a: object, b: object) => boolean;

const HIGH = 0x8000_0000; // past the Smi range of every V8 build

describe("stable object shapes", () => {
  it("a TsCpu keeps its hidden class through uint32 PCs, loads and exclusive PAs", () => {
    const fresh = makeMachine(HIGH, 0x1_0000).cpu;
    const m = makeMachine(HIGH, 0x1_0000);
    m.bus.ram.write(HIGH + 0x1004, 4, 0xffff_ffff); // a high word >= 2^31 for hi32
    m.load([
      0xd2b00001, // mov x1, #0x80000000
      0xf2820001, // movk x1, #0x1000
      0xf9400022, // ldr x2, [x1]
      0xc85f7c23, // ldxr x3, [x1]
    ]);
    expect(m.step(4).kind).toBe("limit");
    expect(m.cpu.getX(2)).toBe(0xffff_ffff_0000_0000n);
    expect(m.cpu.exclusivePa).toBe(HIGH + 0x1000);
    expect(m.cpu.pcLo).toBe(HIGH + 16);
    // Counts past 2^31 (long runs) and WFI skips.
    m.cpu.icount = 2 ** 33;
    m.cpu.timeSkew = 2 ** 40;
    m.cpu.skipDebugAt = 2 ** 33;
    expect(haveSameMap(m.cpu, fresh)).toBe(true);
  });

  it("a TsCpu starts at its real initial values", () => {
    const { cpu } = makeMachine();
    expect(cpu.instructionCount).toBe(0); // +0, not the -0 its initialiser stores
    expect(cpu.exclusivePa).toBe(-1);
    expect(cpu.hi32).toBe(0);
    expect(cpu.tregs.hcrEl2Lo).toBe(0);
    expect(cpu.mmu.fault.ipa).toBe(0);
  });

  it("translation registers, faults, RAM pages and sync exits keep theirs", () => {
    // Each time the untouched object is made first: a changed class would leave it behind.
    const freshRegs = newTranslationRegs();
    const regs = newTranslationRegs();
    regs.hcrEl2Lo = 0x8000_0000;
    regs.vtcrEl2 = 0x8002_3558;
    expect(haveSameMap(regs, freshRegs)).toBe(true);

    const freshFault = newFault();
    const fault = newFault();
    fault.ipa = 2 ** 40;
    expect(haveSameMap(fault, freshFault)).toBe(true);

    const chunk = new Uint8Array(0x20_0000);
    const memory = new PhysicalMemory();
    const low = new RamPage(0x1000, chunk.subarray(0x1000, 0x2000), new DataView(chunk.buffer), memory);
    const high = new RamPage(2 ** 36 + 0x1f_f000, chunk.subarray(0x1f_f000), new DataView(chunk.buffer), memory);
    expect(haveSameMap(low, high)).toBe(true);

    const hvc = new SyncExitRecord(0x5a000000, 0, 0, 0, 0, 0x1000, 0x3c5);
    const abort = new SyncExitRecord(0x93c08046, 0xffff_ffff, 0x9000_0000, 2 ** 36, 0xffff_0000, 0x8000_0000, 0x6000_03c5 | 0x8000_0000);
    expect(haveSameMap(hvc, abort)).toBe(true);
    expect(abort.elr).toBe(0xffff_0000_8000_0000n);
  });

  it("run() returns its argument-free exits without allocating them", () => {
    const m = makeMachine();
    m.load(new Array(8).fill(0xd503201f)); // nop
    const first = m.cpu.run(1);
    const second = m.cpu.run(1);
    expect(first).toBe(EXIT_LIMIT);
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    m.cpu.requestStop();
    expect(m.cpu.run(1)).toBe(EXIT_STOPPED);
  });
});
