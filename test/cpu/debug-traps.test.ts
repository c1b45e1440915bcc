// The ts core's debug traps: a breakpoint stops before its instruction, a watchpoint before
// the access retires (memory unchanged, PC on the instruction, not counted as executed), a
// resume passes each once, and stopAtCount lands on an exact instruction count.
import { describe, expect, it } from "vitest";
import { makeMachine, CODE_BASE } from "./harness.ts";

// movz x0, #1 ; movz x1, #2 ; add x2, x0, x1 ; str x2, [x3] ; ldr x4, [x3] ; b .
const MOVZ_X0_1 = 0xd2800020;
const MOVZ_X1_2 = 0xd2800041;
const ADD_X2 = 0x8b010002;
const STR_X2_X3 = 0xf9000062;
const LDR_X4_X3 = 0xf9400064;
const B_SELF = 0x14000000;
const DATA = CODE_BASE + 0x8000;

function setup() {
  const m = makeMachine();
  m.load([MOVZ_X0_1, MOVZ_X1_2, ADD_X2, STR_X2_X3, LDR_X4_X3, B_SELF]);
  m.cpu.setX(3, BigInt(DATA));
  m.bus.ram.write64(DATA, 0x55n);
  // Warm the front TLB on the data page, so the watchpoint must evict it to be seen.
  m.cpu.ld64(0, DATA, 0);
  return m;
}

describe("debug traps in the ts core", () => {
  it("a breakpoint stops before its instruction, also in the middle of a block", () => {
    const m = setup();
    m.cpu.debugTraps().addBreakpoint(BigInt(CODE_BASE + 8));
    expect(m.cpu.run(100)).toEqual({ kind: "debug", stop: { reason: "breakpoint" } });
    expect(m.cpu.getPc()).toBe(BigInt(CODE_BASE + 8));
    expect(m.cpu.instructionCount).toBe(2);
    expect(m.cpu.getX(2)).toBe(0n); // the add has not run
    // Resuming passes it once; the loop at the end then runs out the budget.
    m.cpu.resumeFromDebugStop();
    expect(m.cpu.run(10).kind).toBe("limit");
    expect(m.cpu.getX(2)).toBe(3n);
    expect(m.cpu.debugTraps().removeBreakpoint(BigInt(CODE_BASE + 8))).toBe(true);
  });

  it("a write watchpoint stops before the store retires and reports the address", () => {
    const m = setup();
    m.cpu.debugTraps().addWatch(BigInt(DATA + 4), 4, "write");
    const e = m.cpu.run(100);
    expect(e).toEqual({ kind: "debug", stop: { reason: "watch", watch: "write", addr: BigInt(DATA + 4) } });
    expect(m.cpu.getPc()).toBe(BigInt(CODE_BASE + 12)); // on the str
    expect(m.cpu.instructionCount).toBe(3);
    expect(m.bus.ram.read64(DATA)).toBe(0x55n); // not written yet
    m.cpu.resumeFromDebugStop();
    m.cpu.run(1);
    expect(m.bus.ram.read64(DATA)).toBe(3n);
    expect(m.cpu.instructionCount).toBe(4);
  });

  it("read watchpoints ignore stores and catch loads; access watchpoints catch both", () => {
    const m = setup();
    m.cpu.debugTraps().addWatch(BigInt(DATA), 8, "read");
    expect(m.cpu.run(100)).toMatchObject({ kind: "debug", stop: { watch: "read" } });
    expect(m.cpu.getPc()).toBe(BigInt(CODE_BASE + 16)); // the ldr, after the store ran
    expect(m.bus.ram.read64(DATA)).toBe(3n);
    const n = setup();
    n.cpu.debugTraps().addWatch(BigInt(DATA), 1, "access");
    expect(n.cpu.run(100)).toMatchObject({ kind: "debug", stop: { watch: "access", addr: BigInt(DATA) } });
    expect(n.cpu.getPc()).toBe(BigInt(CODE_BASE + 12));
  });

  it("stopAtCount stops at exactly that instruction count; suspended traps do not fire", () => {
    const m = setup();
    const t = m.cpu.debugTraps();
    t.addBreakpoint(BigInt(CODE_BASE + 4));
    t.addWatch(BigInt(DATA), 8, "write");
    t.suspended = true;
    t.stopAtCount = 4;
    expect(m.cpu.run(100)).toEqual({ kind: "debug", stop: { reason: "count" } });
    expect(m.cpu.instructionCount).toBe(4);
    expect(m.cpu.getPc()).toBe(BigInt(CODE_BASE + 16));
    expect(m.bus.ram.read64(DATA)).toBe(3n);
    expect(t.stopAtCount).toBe(-1);
  });

  it("captureState/restoreState bring back registers, count and timers", () => {
    const m = setup();
    m.cpu.run(3);
    const s = m.cpu.captureState();
    m.cpu.setSysreg("CNTV_CVAL_EL0", 1234n);
    m.cpu.run(2);
    m.cpu.restoreState(s);
    expect(m.cpu.instructionCount).toBe(3);
    expect(m.cpu.getPc()).toBe(BigInt(CODE_BASE + 12));
    expect(m.cpu.getX(2)).toBe(3n);
    expect(m.cpu.getX(4)).toBe(0n);
    expect(m.cpu.getSysreg("CNTV_CVAL_EL0")).toBe(0n);
  });
});

describe("resuming", () => {
  it("passes over only a trap it stopped at: after a single step the next breakpoint fires", () => {
    const m = setup();
    const t = m.cpu.debugTraps();
    t.addBreakpoint(BigInt(CODE_BASE + 4));
    // A single step (stopAtCount) from the start lands on the breakpointed instruction...
    t.stopAtCount = 1;
    expect(m.cpu.run(100)).toEqual({ kind: "debug", stop: { reason: "count" } });
    // ...and continuing from there stops at it, before it runs.
    m.cpu.resumeFromDebugStop();
    expect(m.cpu.run(100)).toEqual({ kind: "debug", stop: { reason: "breakpoint" } });
    expect(m.cpu.instructionCount).toBe(1);
    // Continuing from the breakpoint stop passes it.
    m.cpu.resumeFromDebugStop();
    expect(m.cpu.run(1).kind).toBe("limit");
    expect(m.cpu.getX(1)).toBe(2n);
  });
});
