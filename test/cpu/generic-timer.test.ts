// The generic timer at the edges of its 64-bit range (ARM ARM D11.2.4): the counter never
// goes backwards, a deadline it cannot reach wakes nothing, ISTATUS is count >= CVAL exactly.
import { describe, expect, it } from "vitest";
import { COUNTER_HORIZON, atLeast64, counterMinus, ticksUntil } from "../../src/cpu/counter-math.ts";
import { makeMachine } from "./harness.ts";

const NOP = 0xd503201f;
const WFI = 0xd503207f;
const MSR_CNTV_CVAL_X1 = 0xd51be341;
const MSR_CNTV_CTL_X2 = 0xd51be322;
const MRS_X3_CNTVCT = 0xd53be043;
const MRS_X4_CNTV_CTL = 0xd53be324;
const MRS_X5_CNTV_TVAL = 0xd53be305;
const MSR_CNTV_TVAL_X6 = 0xd51be306;
const MRS_X7_CNTV_CVAL = 0xd53be347;

function machine(words: number[]) {
  const m = makeMachine();
  m.load(words);
  return m;
}

describe("generic timer: unreachable deadlines", () => {
  it("WFI with CVAL = 2^64-1 leaves the vCPU idle; the counter does not wrap, ISTATUS stays clear", () => {
    const m = machine([MSR_CNTV_CVAL_X1, MSR_CNTV_CTL_X2, WFI, MRS_X3_CNTVCT, MRS_X4_CNTV_CTL, NOP]);
    m.cpu.setX(1, 0xffff_ffff_ffff_ffffn);
    m.cpu.setX(2, 1n);
    expect(m.cpu.run(100)).toEqual({ kind: "idle" });
    const before = m.cpu.counter();
    expect(before).toBe(3);
    // The hypervisor resumes it (as after an interrupt): time has not jumped, nor wrapped.
    m.cpu.run(2);
    expect(m.cpu.getX(3)).toBe(3n); // the count when the MRS runs
    expect(m.cpu.getX(4)).toBe(1n); // ENABLE, ISTATUS clear: CNTVCT < CVAL
    expect(m.cpu.timerLevel("virtual")).toBe(false);
  });

  it("following a clock (--realtime, several vCPUs), such a WFI is idle too, not a wait for 2^64", () => {
    const m = machine([MSR_CNTV_CVAL_X1, MSR_CNTV_CTL_X2, WFI, NOP]);
    m.cpu.setClock(() => 0);
    m.cpu.setX(1, 0xffff_ffff_ffff_fff0n);
    m.cpu.setX(2, 1n);
    expect(m.cpu.run(100)).toEqual({ kind: "idle" });
    const near = machine([MSR_CNTV_CVAL_X1, MSR_CNTV_CTL_X2, WFI, NOP]);
    near.cpu.setClock(() => 0);
    near.cpu.setX(1, 5000n);
    near.cpu.setX(2, 1n);
    expect(near.cpu.run(100)).toEqual({ kind: "wait", until: 5000 });
  });

  it("a deadline past the counter's horizon (2^62 ticks away) is not a wake-up either", () => {
    const m = machine([MSR_CNTV_CVAL_X1, MSR_CNTV_CTL_X2, WFI, NOP]);
    m.cpu.setX(1, 1n << 62n);
    m.cpu.setX(2, 1n);
    expect(m.cpu.run(100)).toEqual({ kind: "idle" });
    expect(m.cpu.counter()).toBe(3);
  });

  it("the last reachable deadline still wakes the vCPU, at exactly that count", () => {
    const m = machine([MSR_CNTV_CVAL_X1, MSR_CNTV_CTL_X2, WFI, MRS_X3_CNTVCT, MRS_X4_CNTV_CTL]);
    m.cpu.setX(1, BigInt(COUNTER_HORIZON));
    m.cpu.setX(2, 1n);
    expect(m.cpu.run(100)).toEqual({ kind: "timer", timer: "virtual" });
    expect(m.cpu.counter()).toBe(COUNTER_HORIZON);
    m.cpu.run(2);
    expect(m.cpu.getX(3)).toBe(BigInt(COUNTER_HORIZON));
    expect(m.cpu.getX(4)).toBe(5n);
  });

  it("ISTATUS is exact where doubles are not: CNTVOFF puts CNTVCT just below CVAL near 2^64", () => {
    const m = machine([MSR_CNTV_CVAL_X1, MSR_CNTV_CTL_X2, MRS_X3_CNTVCT, MRS_X4_CNTV_CTL, MRS_X5_CNTV_TVAL, NOP, MRS_X4_CNTV_CTL]);
    // CNTVCT = counter - CNTVOFF = counter + 2^64 - 2^40 (mod 2^64): close to 2^64.
    m.cpu.setSysreg("CNTVOFF_EL2", 1n << 40n);
    const cval = (1n << 64n) - (1n << 40n) + 5n;
    m.cpu.setX(1, cval);
    m.cpu.setX(2, 1n);
    m.cpu.run(4);
    expect(m.cpu.getX(3)).toBe((1n << 64n) - (1n << 40n) + 2n); // two instructions before it
    expect(m.cpu.getX(4)).toBe(1n); // 2^64-2^40+3 < CVAL: clear
    m.cpu.run(1);
    expect(m.cpu.getX(5)).toBe(1n); // TVAL = CVAL - CNTVCT (= ...+4)
    m.cpu.run(2);
    expect(m.cpu.getX(4)).toBe(5n); // at ...+6 >= CVAL: set
  });

  it("TVAL writes sign-extend onto the 64-bit count, carrying into the high half", () => {
    const m = machine([MSR_CNTV_TVAL_X6, MRS_X7_CNTV_CVAL, MSR_CNTV_TVAL_X6, MRS_X7_CNTV_CVAL]);
    m.cpu.setSysreg("CNTVOFF_EL2", 0xffff_ffff_0000_0000n); // CNTVCT = counter + 2^32
    m.cpu.setX(6, 0xffff_fff0n); // -16
    m.cpu.run(2);
    expect(m.cpu.getX(7)).toBe((1n << 32n) - 16n);
    m.cpu.setX(6, 0x7fff_ffffn);
    m.cpu.run(2);
    expect(m.cpu.getX(7)).toBe((1n << 32n) + 2n + 0x7fff_ffffn);
  });

  it("CVAL below the count fires at once (no waiting for a wrap)", () => {
    const m = machine([MSR_CNTV_CVAL_X1, MSR_CNTV_CTL_X2, WFI, NOP]);
    m.cpu.setX(1, 1n);
    m.cpu.setX(2, 1n);
    expect(m.cpu.run(100)).toEqual({ kind: "timer", timer: "virtual" });
    expect(m.cpu.counter()).toBe(2);
  });
});

describe("counter arithmetic on 32-bit halves", () => {
  const split = (v: bigint) => [Number(v & 0xffff_ffffn), Number(v >> 32n)] as const;
  it("matches BigInt for subtraction, comparison and distance", () => {
    const values = [0n, 1n, 0xffff_ffffn, 1n << 32n, (1n << 53n) - 1n, 1n << 62n, (1n << 64n) - 1n, 0x1234_5678_9abc_def0n];
    const out = new Uint32Array(2);
    for (const a of values)
      for (const b of values) {
        const [aLo, aHi] = split(a);
        const [bLo, bHi] = split(b);
        expect(atLeast64(aLo, aHi, bLo, bHi)).toBe(a >= b);
        const d = ticksUntil(aLo, aHi, bLo, bHi);
        expect(d).toBe(a >= b ? 0 : Number(b - a));
        if (a < 1n << 53n) {
          counterMinus(Number(a), bLo, bHi, out);
          expect((BigInt(out[1]) << 32n) | BigInt(out[0])).toBe(BigInt.asUintN(64, a - b));
        }
      }
  });
});
