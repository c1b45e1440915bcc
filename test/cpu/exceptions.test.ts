// Exception entry and return, interrupts, timers and the system registers a kernel touches,
// checked against the ARM ARM (D1.10 exception entry, D1.11 return, D11 generic timer).
import { describe, expect, it } from "vitest";
import { EC } from "../../src/cpu/vm-exit.ts";
import { CODE_BASE, makeMachine } from "./harness.ts";

const VBAR = CODE_BASE + 0x10_000;
const NOP = 0xd503201f;
const esr = (ec: number, iss: number) => BigInt(((ec << 26) | (1 << 25) | iss) >>> 0);

function machine(words: number[]) {
  const m = makeMachine();
  m.load(words);
  m.cpu.setSysreg("VBAR_EL1", BigInt(VBAR));
  for (let i = 0; i < 0x800; i += 4) m.bus.ram.write(VBAR + i, 4, NOP);
  return m;
}

describe("synchronous exceptions to EL1", () => {
  it("SVC: EC 0x15 with imm16, ELR = next instruction, SPSR = old PSTATE, EL1h with DAIF masked", () => {
    const m = machine([0xd4000841]); // svc #0x42
    m.cpu.setPstate(0x6000_0005); // EL1h, Z and C set, interrupts unmasked
    m.cpu.run(1);
    expect(m.cpu.getSysreg("ESR_EL1")).toBe(esr(EC.SVC64, 0x42));
    expect(m.cpu.getSysreg("ELR_EL1")).toBe(BigInt(CODE_BASE + 4));
    expect(m.cpu.getSysreg("SPSR_EL1")).toBe(0x6000_0005n);
    expect(m.cpu.getPstate()).toBe(0x6000_03c5);
    expect(m.cpu.getPc()).toBe(BigInt(VBAR + 0x200)); // current EL with SPx
  });

  it("from EL0 the vector is VBAR+0x400 and SP switches to SP_EL1", () => {
    const m = machine([0xd4000841]);
    m.cpu.setSysreg("SP_EL1", 0x4080_0000n);
    m.cpu.setPstate(0x0); // EL0t
    m.cpu.setSysreg("SP_EL0", 0x4070_0000n);
    m.cpu.run(1);
    expect(m.cpu.getPc()).toBe(BigInt(VBAR + 0x400));
    expect(m.cpu.getSysreg("SP_EL1")).toBe(0x4080_0000n);
    expect(m.cpu.getSysreg("SP_EL0")).toBe(0x4070_0000n);
  });

  it("BRK reports imm16 with ELR at the BRK; UDF and unknown system registers are UNDEFINED", () => {
    const m = machine([0xd42000e0]); // brk #7
    m.cpu.run(1);
    expect(m.cpu.getSysreg("ESR_EL1")).toBe(esr(EC.BRK64, 7));
    expect(m.cpu.getSysreg("ELR_EL1")).toBe(BigInt(CODE_BASE));
    const u = machine([0x00000000]);
    u.cpu.run(1);
    expect(u.cpu.getSysreg("ESR_EL1")).toBe(esr(EC.UNKNOWN, 0));
  });

  it("the EL2 forms of AT (S12E1R/W, S12E0R/W, S1E2R/W) are UNDEFINED at EL1; AT S1E1R and the cache maintenance forms are not", () => {
    // at s12e1r/s12e1w/s12e0r/s12e0w/s1e2r/s1e2w, x0 (op1=4, CRn=7, CRm=8), and other CRn=7 holes
    for (const word of [0xd50c7880, 0xd50c78a0, 0xd50c78c0, 0xd50c78e0, 0xd50c7800, 0xd50c7820, 0xd5087c00, 0xd50b7c20]) {
      const m = machine([word]);
      m.cpu.setSysreg("PAR_EL1", 0x77n);
      m.cpu.run(1);
      expect(m.cpu.getSysreg("ESR_EL1"), `0x${word.toString(16)}`).toBe(esr(EC.UNKNOWN, 0));
      expect(m.cpu.getSysreg("ELR_EL1")).toBe(BigInt(CODE_BASE));
      expect(m.cpu.getSysreg("PAR_EL1")).toBe(0x77n);
    }
    // at s1e1r; ic iallu; ic ialluis; ic ivau; dc civac; dc cvau; dc cvac; dc ivac, x0: no exception
    const ok = machine([0xd5087800, 0xd508751f, 0xd508711f, 0xd50b7520, 0xd50b7e20, 0xd50b7b20, 0xd50b7a20, 0xd5087620]);
    ok.cpu.setX(0, BigInt(CODE_BASE));
    ok.cpu.run(8);
    expect(ok.cpu.getPc()).toBe(BigInt(CODE_BASE + 32));
    expect(ok.cpu.getSysreg("PAR_EL1")).toBe(BigInt(CODE_BASE) | 0xa00n); // MMU off: VA = IPA, NS, RES1
  });

  it("ERET restores PC and PSTATE from ELR_EL1/SPSR_EL1; an illegal return sets PSTATE.IL", () => {
    const m = machine([0xd69f03e0]); // eret
    m.cpu.setSysreg("ELR_EL1", BigInt(CODE_BASE + 0x100));
    m.cpu.setSysreg("SPSR_EL1", 0x8000_0000n); // EL0t with N set
    m.cpu.run(1);
    expect(m.cpu.getPc()).toBe(BigInt(CODE_BASE + 0x100));
    expect(m.cpu.getPstate()).toBe(0x8000_0000);
    const bad = machine([0xd69f03e0, NOP]);
    bad.cpu.setSysreg("ELR_EL1", BigInt(CODE_BASE + 4));
    bad.cpu.setSysreg("SPSR_EL1", 0x3c9n); // EL2h: not reachable from EL1
    bad.cpu.run(2);
    expect(bad.cpu.getSysreg("ESR_EL1")).toBe(esr(EC.ILLEGAL_STATE, 0));
  });

  it("HVC leaves the core as a VM exit with ELR_EL2 after it; SMC is UNDEFINED unless HCR_EL2.TSC", () => {
    const m = machine([0xd4000062]); // hvc #3
    const exit = m.cpu.run(1);
    expect(exit).toMatchObject({ kind: "sync", esr: Number(esr(EC.HVC64, 3)), elr: BigInt(CODE_BASE + 4) });
    const s = machine([0xd4000003]); // smc #0
    expect(s.cpu.run(1).kind).toBe("limit");
    expect(s.cpu.getSysreg("ESR_EL1")).toBe(esr(EC.UNKNOWN, 0));
    const t = machine([0xd4000003]);
    t.cpu.setSysreg("HCR_EL2", 1n << 19n);
    expect(t.cpu.run(1)).toMatchObject({ kind: "sync", esr: Number(esr(EC.SMC64, 0)), elr: BigInt(CODE_BASE) });
  });
});

describe("system registers", () => {
  it("identify the core: MIDR from VPIDR_EL2, MPIDR from VMPIDR_EL2, CRC32 and LSE in ISAR0", () => {
    const m = machine([0xd5380000, 0xd53800a0, 0xd5380600, 0xd5384240, 0xd53be000]);
    m.cpu.setSysreg("VPIDR_EL2", 0x411f_d070n);
    m.cpu.setSysreg("VMPIDR_EL2", 0x8000_0003n);
    const got: bigint[] = [];
    for (let i = 0; i < 5; i++) {
      m.cpu.run(1);
      got.push(m.cpu.getX(0));
    }
    expect(got).toEqual([0x411f_d070n, 0x8000_0003n, 0x0021_0000n, 4n /* CurrentEL = EL1 */, 62_500_000n]);
  });

  it("SPSel moves between SP_EL0 and SP_EL1", () => {
    const m = machine([0xd5184101, 0xd50040bf, 0xd5384200]); // msr sp_el0, x1; msr spsel, #0; mrs x0, spsel
    m.cpu.setX(1, 0x1234_5000n);
    m.cpu.setSysreg("SP_EL1", 0x4080_0000n);
    m.cpu.run(3);
    expect(m.cpu.getX(0)).toBe(0n);
    expect(m.cpu.getPstate() & 0xf).toBe(0x4); // EL1t
    expect(m.cpu.getSysreg("SP_EL0")).toBe(0x1234_5000n);
    expect(m.cpu.getSysreg("SP_EL1")).toBe(0x4080_0000n);
  });

  it("exclusives: STXR succeeds after LDXR to the same address, fails otherwise; pairs too", () => {
    const m = machine([0xc85f7c20, 0xc8027c23, 0xc8027c23, 0xc87f1424, 0xc8221c26]);
    const a = CODE_BASE + 0x8000;
    m.bus.ram.write64(a, 0x1111n);
    m.cpu.setX(1, BigInt(a));
    m.cpu.setX(3, 0x2222n);
    m.cpu.run(2); // ldxr; stxr → success
    expect(m.cpu.getX(0)).toBe(0x1111n);
    expect(m.cpu.getX(2)).toBe(0n);
    expect(m.bus.ram.read64(a)).toBe(0x2222n);
    m.cpu.setX(3, 0x3333n);
    m.cpu.run(1); // stxr again: monitor already cleared → fails
    expect(m.cpu.getX(2)).toBe(1n);
    expect(m.bus.ram.read64(a)).toBe(0x2222n);
    m.cpu.setX(6, 6n);
    m.cpu.setX(7, 7n);
    m.cpu.run(2); // ldxp; stxp
    expect(m.cpu.getX(2)).toBe(0n);
    expect([m.bus.ram.read64(a), m.bus.ram.read64(a + 8)]).toEqual([6n, 7n]);
  });

  it("DC ZVA zeroes its 64-byte block", () => {
    const m = machine([0xd50b7421]);
    const a = CODE_BASE + 0x8000;
    for (let i = 0; i < 128; i++) m.bus.ram.writeU8(a + i, 0xaa);
    m.cpu.setX(1, BigInt(a + 0x45));
    m.cpu.run(1);
    expect([...m.bus.ram.readBytes(a, 128)]).toEqual([...new Array(64).fill(0xaa), ...new Array(64).fill(0)]);
  });
});

describe("self-modifying code", () => {
  it("a store over an already-decoded instruction is seen when it runs again", () => {
    // 0: mov w1,#0xd503; 4: movk w1,#0x201f,lsl#16 (=NOP); 8: str w1,[x0]; c: add x3,x3,#1 (to be replaced); 10: b 0xc
    const m = machine([0x529aa061, 0x72a403e1, 0xb9000001, 0x91000463, 0x17ffffff]);
    m.cpu.setX(0, BigInt(CODE_BASE + 0xc));
    m.cpu.run(3); // build a NOP and store it over the add, which has not run yet
    m.cpu.run(4); // NOP, b, NOP, b: the add never runs

    expect(m.cpu.getX(3)).toBe(0n);
    // Decode it first, then overwrite it, then run it again.
    const m3 = machine([0x91000463, 0xb9000001, 0x17fffffe]); // add; str w1,[x0]; b .-8
    m3.cpu.setX(0, BigInt(CODE_BASE));
    m3.cpu.setX(1, BigInt(NOP));
    m3.cpu.run(4); // add (x3=1), str NOP over the add, b, nop
    m3.cpu.run(3);
    expect(m3.cpu.getX(3)).toBe(1n);
  });
});

describe("interrupts and the generic timer", () => {
  it("a virtual IRQ is taken at the next block boundary once PSTATE.I is clear", () => {
    const m = machine([0xd50342ff, NOP, NOP]); // msr daifclr, #2
    m.cpu.setIrqLine(true);
    m.cpu.run(1);
    m.cpu.run(1);
    expect(m.cpu.getPc()).toBe(BigInt(VBAR + 0x280 + 4)); // IRQ, current EL SPx; one NOP ran there
    expect(m.cpu.getSysreg("ELR_EL1")).toBe(BigInt(CODE_BASE + 4));
    expect(Number(m.cpu.getSysreg("SPSR_EL1")) & 0x3c0).toBe(0x340); // D, A, F masked, I clear
  });

  it("stays pending while PSTATE.I is set", () => {
    const m = machine([NOP, NOP, NOP]);
    m.cpu.setIrqLine(true);
    m.cpu.run(3);
    expect(m.cpu.getPc()).toBe(BigInt(CODE_BASE + 12));
  });

  it("CNTV fires as a VM exit when CNTVCT reaches CVAL; ISTATUS reads back", () => {
    const m = machine([0xd51be341, 0xd51be322, ...new Array(200).fill(NOP)]);
    m.cpu.setX(1, 100n); // cval
    m.cpu.setX(2, 1n); // enable
    const exit = m.cpu.run(10_000);
    expect(exit).toEqual({ kind: "timer", timer: "virtual" });
    expect(m.cpu.counter()).toBe(100);
    expect(m.cpu.timerLevel("virtual")).toBe(true);
  });

  it("WFI with a timer armed jumps virtual time to the deadline; with none it is idle", () => {
    const m = machine([0xd51be341, 0xd51be322, 0xd503207f, NOP]);
    m.cpu.setX(1, 1_000_000n);
    m.cpu.setX(2, 1n);
    const exit = m.cpu.run(100);
    expect(exit).toEqual({ kind: "timer", timer: "virtual" });
    expect(m.cpu.counter()).toBe(1_000_000);
    expect(m.cpu.instructionCount).toBe(3); // no host time spent spinning
    const idle = machine([0xd503207f]);
    expect(idle.cpu.run(100)).toEqual({ kind: "idle" });
  });
});
