// The block compiler's exactness invariants: with every block compiled on its first run
// (threshold 1), a guest ends every run(n) in the same state as the interpreter: registers,
// PC, PSTATE, system registers, the retired count and the exit, also when a fault, a timer,
// a counter read or a write to its own code falls inside a compiled block or loop.
import { describe, expect, it } from "vitest";
import { readArchState } from "../../../src/cpu/arch-state.ts";
import type { VmExit } from "../../../src/cpu/vm-exit.ts";
import { CODE_BASE, RAM_SIZE, makeMachine, type TestMachine } from "../harness.ts";
import { blockLoops } from "../../../src/cpu/jit/block-compiler.ts";

const ADD_X0_1 = 0x91000400;
const ADD_X0_2 = 0x91000800;
const SUBS_X1_1 = 0xf1000421;
const BNE_BACK2 = 0x54ffffc1; // b.ne .-8
const HVC0 = 0xd4000002;
const LDR_X3_POST8 = 0xf8408443; // ldr x3, [x2], #8
const ADD_X0_X3 = 0x8b030000;
const MRS_X5_CNTVCT = 0xd53be045;
const ADD_X6_X5 = 0x8b0500c6;
const STR_W7_X8 = 0xb9000107;
const BNE_BACK6 = 0x54ffff41; // b.ne .-24
const BLR_X9 = 0xd63f0120;
const RET = 0xd65f03c0;
const BNE_BACK3 = 0x54ffffa1; // b.ne .-12
const MSR_CNTV_CVAL_X1 = 0xd51be341;
const MSR_CNTV_CTL_X2 = 0xd51be322;

interface Pair {
  interp: TestMachine;
  jit: TestMachine;
}

function pair(words: number[], setup: (m: TestMachine) => void = () => {}): Pair {
  const interp = makeMachine();
  const jit = makeMachine(undefined, undefined, { jit: { threshold: 1 } });
  for (const m of [interp, jit]) {
    m.load(words);
    setup(m);
  }
  return { interp, jit };
}

function state(m: TestMachine, exit: VmExit) {
  return { exit, icount: m.cpu.instructionCount, counter: m.cpu.counter(), arch: readArchState(m.cpu) };
}

/** Run both through the same run(n) calls; every step must end in the same state. */
function runBoth(p: Pair, steps: number[]): void {
  for (const [k, n] of steps.entries()) {
    const a = state(p.interp, p.interp.cpu.run(n));
    const b = state(p.jit, p.jit.cpu.run(n));
    expect(b, `after step ${k} (run(${n}))`).toEqual(a);
  }
}

/** Arm both machines' virtual timer `ticks` counts from now. */
function armTimer(p: Pair, ticks: number): void {
  for (const m of [p.interp, p.jit]) {
    m.cpu.setSysreg("CNTV_CVAL_EL0", BigInt(m.cpu.counter() + ticks));
    m.cpu.setSysreg("CNTV_CTL_EL0", 1n);
    m.cpu.timersChanged();
  }
}

/** A loop of `turns` turns that adds a loaded 1000 (then zeros) to X0 and stores X7 (the word
 *  of ADD X0, X0, #2) at X8 = `storeAt` every turn; X8 can later point it at its own code. */
function selfStoringLoop(turns: bigint, storeAt: number): Pair {
  const words = [LDR_X3_POST8, ADD_X0_X3, MRS_X5_CNTVCT, ADD_X6_X5, STR_W7_X8, SUBS_X1_1, BNE_BACK6, HVC0];
  return pair(words, (m) => {
    m.cpu.setX(1, turns);
    m.cpu.setX(2, BigInt(CODE_BASE + 0x10000));
    m.bus.ram.write(CODE_BASE + 0x10000, 4, 1000);
    m.cpu.setX(8, BigInt(storeAt));
    m.cpu.setX(7, BigInt(ADD_X0_2));
  });
}

describe("block compiler exactness (threshold 1 vs the interpreter)", () => {
  it("a compiled loop stops after exactly n instructions for every run(n)", () => {
    const p = pair([ADD_X0_1, SUBS_X1_1, BNE_BACK2, HVC0], (m) => m.cpu.setX(1, 500n));
    runBoth(p, [1, 2, 7, 100, 3, 1, 1, 64, 10000]);
    expect(p.jit.cpu.getX(0)).toBe(500n);
    expect(p.jit.cpu.jit!.stats.retired).toBeGreaterThan(1000);
  });

  it("a fault inside a compiled loop leaves PC, ELR, ESR and the count exact", () => {
    // ldr x3, [x2], #8 walks off the end of RAM: an external abort to EL1 on the 9th turn; the
    // vector (VBAR_EL1 + 0x200) holds an HVC, which leaves run() as a VM exit.
    const words = [LDR_X3_POST8, ADD_X0_X3, MRS_X5_CNTVCT, ADD_X6_X5, STR_W7_X8, SUBS_X1_1, BNE_BACK6, HVC0];
    const vbar = CODE_BASE + 0x1000;
    const p = pair(words, (m) => {
      m.cpu.setX(1, 100n);
      m.cpu.setX(2, BigInt(CODE_BASE + RAM_SIZE - 64));
      m.cpu.setX(8, BigInt(CODE_BASE + 0x8000));
      m.cpu.setX(7, 0x55n);
      m.cpu.setSysreg("VBAR_EL1", BigInt(vbar));
      m.bus.ram.write(vbar + 0x200, 4, HVC0);
    });
    runBoth(p, [5, 13, 1000]);
    expect(p.jit.cpu.getSysreg("ELR_EL1")).toBe(BigInt(CODE_BASE));
    expect(p.jit.cpu.instructionCount).toBe(8 * 7 + 1 + 1); // 8 turns, the faulting LDR, the HVC
    expect(p.jit.cpu.getSysreg("ESR_EL1") >> 26n).toBe(0x25n); // data abort, same EL
    expect(p.jit.cpu.jit!.stats.retired).toBeGreaterThan(40);
  });

  it("counter reads inside a compiled loop see the exact instruction count", () => {
    const words = [LDR_X3_POST8, ADD_X0_X3, MRS_X5_CNTVCT, ADD_X6_X5, STR_W7_X8, SUBS_X1_1, BNE_BACK6, HVC0];
    const p = pair(words, (m) => {
      m.cpu.setX(1, 300n);
      m.cpu.setX(2, BigInt(CODE_BASE + 0x10000));
      m.cpu.setX(8, BigInt(CODE_BASE + 0x8000));
    });
    runBoth(p, [3, 50, 999, 5000]);
    // x6 = sum of CNTVCT at each MRS: 2 + 9 + 16 + ... (the MRS is the 3rd of 7 per turn).
    let want = 0n;
    for (let t = 0n; t < 300n; t++) want += 2n + 7n * t;
    expect(p.jit.cpu.getX(6)).toBe(want);
  });

  it("a store into the running block takes effect from the next turn on, and the block is dropped", () => {
    // Three turns store into data; then the loop overwrites its own ADD X0, X0, X3 with
    // ADD X0, X0, #2 while the compiled loop runs.
    const p = selfStoringLoop(50n, CODE_BASE + 0x8000);
    runBoth(p, [7, 7, 6]);
    const compiled = p.jit.cpu.jit!.stats.blocksCompiled;
    for (const m of [p.interp, p.jit]) m.cpu.setX(8, BigInt(CODE_BASE + 4));
    runBoth(p, [100, 1000]);
    expect(p.jit.cpu.getX(0)).toBe(1000n + 2n * 46n); // turns 5..50 run the new ADD
    expect(p.jit.cpu.jit!.stats.blocksCompiled).toBeGreaterThan(compiled);
  });

  it("a store to data on its own code page stays compiled, and one over its code drops it", () => {
    // The loop stores to a word of its own page that holds no code (the front-TLB hit path,
    // which must not leave compiled code), then over its own ADD X0, X0, X3.
    const p = selfStoringLoop(500n, CODE_BASE + 0x100);
    runBoth(p, [7, 7, 6, 2000]);
    expect(p.jit.cpu.jit!.stats.retired).toBeGreaterThan(1900);
    const compiled = p.jit.cpu.jit!.stats.blocksCompiled;
    for (const m of [p.interp, p.jit]) m.cpu.setX(8, BigInt(CODE_BASE + 4));
    runBoth(p, [100, 1000]);
    expect(p.jit.bus.ram.read(CODE_BASE + 0x100, 4)).toBe(ADD_X0_2);
    expect(p.jit.cpu.getX(0)).toBeGreaterThan(1000n + 2n * 100n); // the new ADD ran
    expect(p.jit.cpu.jit!.stats.blocksCompiled).toBeGreaterThan(compiled);
  });

  it("a compiled store to a page that became code after its TLB fill still drops that code", () => {
    // Each turn stores X7 over the first word of another page, then calls that page (ADD X0,
    // X0, #1; RET). The first store fills the write TLB before the page holds any code; the
    // call then decodes it. Later X7 holds ADD X0, X0, #2, which every call must run.
    const other = CODE_BASE + 0x4000;
    const p = pair([STR_W7_X8, BLR_X9, SUBS_X1_1, BNE_BACK3, HVC0], (m) => {
      m.bus.ram.write(other, 4, ADD_X0_1);
      m.bus.ram.write(other + 4, 4, RET);
      m.cpu.setX(1, 300n);
      m.cpu.setX(7, BigInt(ADD_X0_1));
      m.cpu.setX(8, BigInt(other));
      m.cpu.setX(9, BigInt(other));
    });
    runBoth(p, [40]);
    for (const m of [p.interp, p.jit]) m.cpu.setX(7, BigInt(ADD_X0_2));
    runBoth(p, [2000]);
    expect(p.jit.cpu.getX(0)).toBeGreaterThan(300n);
    expect(p.jit.cpu.jit!.stats.retired).toBeGreaterThan(500);
  });

  it("a write from outside (the hypervisor, a debugger) drops the compiled block", () => {
    const p = pair([ADD_X0_1, SUBS_X1_1, BNE_BACK2, HVC0], (m) => m.cpu.setX(1, 1000n));
    runBoth(p, [300]);
    for (const m of [p.interp, p.jit]) m.bus.ram.write(CODE_BASE, 4, ADD_X0_2);
    runBoth(p, [300, 5000]);
    expect(p.jit.cpu.getX(0)).toBe(100n + 2n * 900n);
  });

  it("blocks chained by fall-through and by taken branches within a page stay exact", () => {
    // top: add; tbz x1,#0,skip; add; mrs cntvct; add; skip: str x0,[x8],#8; subs; b.ne top;
    // cbz x1,out; hvc; out: b top (runs on forever once x1 wraps)
    const words = [0x91000400, 0x36000081, 0x91000c42, 0xd53be045, 0x8b0500c6, 0xf8008500, 0xf1000421, 0x54ffff21, 0xb4000041, HVC0, 0x17fffff6];
    const p = pair(words, (m) => {
      m.cpu.setX(1, 40n);
      m.cpu.setX(8, BigInt(CODE_BASE + 0x10000));
    });
    runBoth(p, [1, 3, 17, 100, 2, 1000, 5, 33, 20000]);
    // Arm the timer mid-way: the deadline falls inside chained blocks.
    armTimer(p, 4321);
    runBoth(p, [100000, 7, 100000]);
    expect(p.jit.cpu.jit!.stats.retired).toBeGreaterThan(20000);
  });

  it("a loop tested at its top, and calls to and returns from another page, stay exact", () => {
    // top: cmp x0,x1; b.cs out; add x0,#1; bl far; add x3,#1; b top; out: hvc
    // far (next page but one): add x2,#3; mrs x5,cntvct; ret
    const words = [0xeb01001f, 0x540000a2, ADD_X0_1, 0x940007fd, 0x91000463, 0x17fffffb, HVC0];
    const far = [0x91000c42, MRS_X5_CNTVCT, 0xd65f03c0];
    const p = pair(words, (m) => {
      m.cpu.setX(1, 30000n);
      far.forEach((w, i) => m.bus.ram.write(CODE_BASE + 0x2000 + 4 * i, 4, w));
    });
    runBoth(p, [1, 3, 17, 100, 2, 1000, 5, 33, 20000]);
    armTimer(p, 4321);
    runBoth(p, [100000, 7, 1_000_000]);
    expect(p.jit.cpu.getX(0)).toBe(30000n);
    expect(p.jit.cpu.jit!.stats.retired).toBeGreaterThan(100000);
  });

  it("a branch back to the block start from past a conditional exit makes a loop", () => {
    // top: cmp x0,x1; b.cs out; add x0,#1; b top; out: hvc
    const words = [0xeb01001f, 0x54000062, ADD_X0_1, 0x17fffffd, HVC0];
    const m = makeMachine();
    m.load(words);
    expect(blockLoops(m.bus.ram.page(CODE_BASE), 0)).toBe(true);
    expect(blockLoops(m.bus.ram.page(CODE_BASE), 2)).toBe(false); // add; b top: another start
    const p = pair(words, (t) => t.cpu.setX(1, 50000n));
    runBoth(p, [1, 2, 3, 999, 300000]);
    expect(p.jit.cpu.getX(0)).toBe(50000n);
    // The loop's back edge is mid-block: a pass that leaves the loop runs on to the block's
    // end, so each turn must check the budget for the whole block. run(n) ends near the exit.
    const tail = [ADD_X0_1, SUBS_X1_1, BNE_BACK2, 0x91000463, 0x91000463, 0x91000463, HVC0];
    for (let n = 27; n <= 35; n++) {
      const q = pair(tail, (t) => t.cpu.setX(1, 10n));
      runBoth(q, [n, 5]);
    }
  });

  it("loops nested in a block and a branch over code inside them stay exact", () => {
    // mov x0,#0; outer: mov x2,#5; inner: ldr x3,[x4],#8; add x0,x0,x3; subs x2,x2,#1;
    // b.ne inner; tbz x0,#3,skip; add x0,x0,#2; skip: subs x1,x1,#1; b.ne outer; hvc
    const words = [0xd2800000, 0xd28000a2, 0xf8408483, ADD_X0_X3, 0xf1000442, 0x54ffffa1, 0x36180040, ADD_X0_2, SUBS_X1_1, 0x54ffff01, HVC0];
    const setup = (t: TestMachine, turns: bigint, walkFrom: number) => {
      t.cpu.setX(1, turns);
      t.cpu.setX(4, BigInt(walkFrom));
      for (let a = 0; a < 64; a += 8) t.bus.ram.write(CODE_BASE + 0x10000 + a, 4, a & 8 ? 1 : 3);
    };
    const p = pair(words, (t) => setup(t, 3000n, CODE_BASE + 0x10000));
    expect(p.jit.cpu.run(1).kind).toBe(p.interp.cpu.run(1).kind);
    runBoth(p, [1, 2, 3, 5, 7, 11, 13, 100, 999, 4, 6, 50000, 100000]);
    expect(p.jit.cpu.jit!.stats.retired).toBeGreaterThan(40000);
    expect(p.jit.cpu.getX(1)).toBe(0n);
    // run(n) ends at every position of the nested loops
    for (let n = 1; n <= 40; n++) {
      const q = pair(words, (t) => setup(t, 5n, CODE_BASE + 0x10000));
      runBoth(q, [n, 1, n, 1000]);
    }
    // The inner load walks off the end of RAM: the fault inside the inner loop is exact.
    const vbar = CODE_BASE + 0x1000;
    const f = pair(words, (t) => {
      setup(t, 1000n, CODE_BASE + RAM_SIZE - 8 * 37);
      t.cpu.setSysreg("VBAR_EL1", BigInt(vbar));
      t.bus.ram.write(vbar + 0x200, 4, HVC0);
    });
    runBoth(f, [17, 3, 10000]);
    expect(f.jit.cpu.getSysreg("ESR_EL1") >> 26n).toBe(0x25n);
    expect(f.jit.cpu.getSysreg("ELR_EL1")).toBe(BigInt(CODE_BASE + 8));
    // A timer deadline inside the inner loop
    const timed = pair(words, (t) => setup(t, 3000n, CODE_BASE + 0x10000));
    runBoth(timed, [500]);
    armTimer(timed, 1234);
    runBoth(timed, [100000, 3, 100000]);
  });

  it("a loop's loads, stores and pairs stay exact as they move from page to page", () => {
    // Each access remembers the page it used last (emit-memory.ts); these walk on across
    // page ends, each at its own offset, so every one of them changes page mid-loop.
    const words = [
      LDR_X3_POST8,
      0xf8008483 /* str x3, [x4], #8 */,
      0xa8c11925 /* ldp x5, x6, [x9], #16 */,
      ADD_X0_X3,
      0x8b060000 /* add x0, x0, x6 */,
      SUBS_X1_1,
      BNE_BACK6,
      HVC0,
    ];
    const src = CODE_BASE + 0x11000 - 40;
    const dst = CODE_BASE + 0x21000 - 8;
    const pairs = CODE_BASE + 0x31000 - 24;
    const p = pair(words, (m) => {
      for (let k = 0; k < 0x5000; k += 4) m.bus.ram.write(src - 0x1000 + k, 4, (k * 2654435761) >>> 0);
      m.cpu.setX(1, 1200n);
      m.cpu.setX(2, BigInt(src));
      m.cpu.setX(4, BigInt(dst));
      m.cpu.setX(9, BigInt(pairs));
    });
    runBoth(p, [50, 3001, 9, 100000]);
    expect(p.jit.cpu.getX(1)).toBe(0n);
    expect(p.jit.cpu.jit!.stats.retired).toBeGreaterThan(7000);
    for (let k = 0; k < 1200 * 8; k += 4) expect(p.jit.bus.ram.read(dst + k, 4)).toBe(p.interp.bus.ram.read(dst + k, 4));
    expect(p.jit.bus.ram.read(dst + 8 * 600, 4)).toBe(p.jit.bus.ram.read(src + 8 * 600, 4));
  });

  it("a timer deadline inside a compiled loop exits at the same instruction", () => {
    // Arm CNTV at count 777 (CTL.ENABLE, unmasked), then spin in a counting loop.
    const words = [MSR_CNTV_CVAL_X1, MSR_CNTV_CTL_X2, ADD_X0_1, 0xf10004e7 /* subs x7, x7, #1 */, 0x54ffffc1, HVC0];
    const p = pair(words, (m) => {
      m.cpu.setX(1, 777n);
      m.cpu.setX(2, 1n);
      m.cpu.setX(7, 100000n);
    });
    runBoth(p, [1_000_000, 10, 1_000_000]);
    expect(p.interp.cpu.instructionCount).toBeGreaterThanOrEqual(777);
  });

  it("an interrupt raised between runs is taken at the same instruction", () => {
    const p = pair([ADD_X0_1, SUBS_X1_1, BNE_BACK2, HVC0], (m) => {
      m.cpu.setX(1, 100000n);
      m.cpu.setSysreg("VBAR_EL1", BigInt(CODE_BASE + 0x1000));
      m.bus.ram.write(CODE_BASE + 0x1000 + 0x280, 4, HVC0); // IRQ, current EL with SP_ELx
      m.cpu.setPstate(0x3c5 & ~0x80); // EL1h, IRQ unmasked
    });
    runBoth(p, [1234]);
    for (const m of [p.interp, p.jit]) m.cpu.setIrqLine(true);
    runBoth(p, [50, 50]);
    expect(p.jit.cpu.getSysreg("ELR_EL1")).toBe(p.interp.cpu.getSysreg("ELR_EL1"));
  });
});
