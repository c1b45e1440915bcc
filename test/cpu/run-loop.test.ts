import { describe, expect, it } from "vitest";
import { EC } from "../../src/cpu/vm-exit.ts";
import { makeMachine, CODE_BASE } from "./harness.ts";

describe("run loop", () => {
  it("stops after exactly the instruction budget", () => {
    const m = makeMachine();
    // Unallocated words take the UNDEFINED exception to EL1; VBAR points at more of them,
    // so every instruction retires and the budget is what stops the core.
    m.load(new Array(16).fill(0));
    m.cpu.setSysreg("VBAR_EL1", BigInt(CODE_BASE + 0x800));
    const exit = m.cpu.run(5);
    expect(exit.kind).toBe("limit");
    expect(m.cpu.instructionCount).toBe(5);
  });

  it("takes an UNDEFINED encoding to EL1 with EC 0 and ELR at the instruction", () => {
    const m = makeMachine();
    m.load([0x00000000]);
    m.cpu.setSysreg("VBAR_EL1", BigInt(CODE_BASE + 0x1000));
    m.cpu.setPstate(0x3c5); // EL1h, DAIF masked
    m.cpu.run(1);
    expect(m.cpu.getSysreg("ESR_EL1")).toBe(BigInt((EC.UNKNOWN << 26) | (1 << 25)));
    expect(m.cpu.getSysreg("ELR_EL1")).toBe(BigInt(CODE_BASE));
    expect(m.cpu.getSysreg("SPSR_EL1")).toBe(0x3c5n);
    expect(m.cpu.getPc()).toBe(BigInt(CODE_BASE + 0x1000 + 0x200));
  });

  it("fetching outside RAM is an instruction abort to EL1", () => {
    const m = makeMachine();
    m.cpu.setSysreg("VBAR_EL1", BigInt(CODE_BASE));
    m.cpu.setPc(0x1000n);
    m.cpu.run(1);
    expect(Number(m.cpu.getSysreg("ESR_EL1")) >>> 26).toBe(EC.IABT_SAME);
    expect(m.cpu.getSysreg("FAR_EL1")).toBe(0x1000n);
  });
});
