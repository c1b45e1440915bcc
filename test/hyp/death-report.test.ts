// What a dying guest's report says (src/hyp/death-report.ts), on a bare core: the vector
// entry the PC sits on, ESR_EL1 in words, the EL1 exception registers, all registers.
import { describe, expect, it } from "vitest";
import { TsCpu } from "../../src/cpu/cpu.ts";
import { deathReport } from "../../src/hyp/death-report.ts";
import { Bus } from "../../src/mmu/bus.ts";

function cpuAt(pc: bigint, vbar: bigint, esr: bigint) {
  const cpu = new TsCpu(new Bus());
  cpu.setPc(pc);
  cpu.setPstate(0x3c5);
  cpu.setSysreg("VBAR_EL1", vbar);
  cpu.setSysreg("ESR_EL1", esr);
  cpu.setSysreg("FAR_EL1", 0xdead_0000n);
  cpu.setSysreg("ELR_EL1", 0x4010_0040n);
  cpu.setSysreg("SPSR_EL1", 0x3c5n);
  cpu.setX(3, 0x33n);
  return cpu;
}

describe("guest death report", () => {
  it("a PC on a vector entry of a real table: which entry, no VBAR hint", () => {
    const lines = deathReport(cpuAt(0x4010_0800n + 0x400n, 0x4010_0800n, 0x5600_0000n), "vm1 vcpu2", "why");
    expect(lines).toEqual([
      "vm1 vcpu2: why; pc 0x40100c00, pstate 0x3c5 (EL1h), sp_el1 0x0",
      "vm1 vcpu2: pc = VBAR_EL1 + 0x400: synchronous exception from a lower EL using AArch64",
      "vm1 vcpu2: ESR_EL1 0x56000000: EC 0x15 SVC from AArch64, #0",
      "vm1 vcpu2: FAR_EL1 0xdead0000, ELR_EL1 0x40100040, SPSR_EL1 0x3c5, VBAR_EL1 0x40100800",
      expect.stringMatching(/^vm1 vcpu2 registers: x0=0x0 x1=0x0 x2=0x0 x3=0x33 .* x30=0x0$/),
    ]);
  });

  it("VBAR_EL1 = 0 and the PC at 0x200: the hint says the guest had no vector table", () => {
    const lines = deathReport(cpuAt(0x200n, 0n, 0x9600_0044n), "vm0 vcpu0", "instruction fetch outside the VM's memory at 0x200");
    expect(lines[1]).toBe(
      "vm0 vcpu0: pc = VBAR_EL1 + 0x200: synchronous exception from the current EL with SP_ELx (VBAR_EL1 is 0: the guest took an exception before installing a vector table)",
    );
    expect(lines[2]).toBe("vm0 vcpu0: ESR_EL1 0x96000044: EC 0x25 data abort from EL1, DFSC 0x04 translation fault level 0, write");
  });

  it("a PC that is no vector entry: no vector line", () => {
    const lines = deathReport(cpuAt(0x4010_0204n, 0x4010_0000n, 0n), "vm0 vcpu0", "why");
    expect(lines.some((l) => l.includes("VBAR_EL1 +"))).toBe(false);
    expect(lines).toHaveLength(4);
  });
});
