// ESR_ELx in words (src/cpu/esr-decode.ts), checked against syndromes the ARM ARM defines.
import { describe, expect, it } from "vitest";
import { describeEc, describeEsr, faultStatusName, vectorEntryName } from "../../src/cpu/esr-decode.ts";

describe("ESR decoding", () => {
  it("data and instruction aborts: class, where from, fault status, direction", () => {
    expect(describeEsr(0x9600_0044, 1)).toBe("EC 0x25 data abort from EL1, DFSC 0x04 translation fault level 0, write");
    expect(describeEsr(0x9200_0007, 1)).toBe("EC 0x24 data abort from EL0, DFSC 0x07 translation fault level 3, read");
    expect(describeEsr(0x9600_0061, 1)).toBe("EC 0x25 data abort from EL1, DFSC 0x21 alignment fault, write");
    // A stage-2 abort as EL2 sees it ("from EL0/EL1"): ISV set, SAS 2 (4 bytes), SRT 0, SF 0.
    expect(describeEsr(0x9380_0046, 2)).toBe("EC 0x24 data abort from EL0/EL1, DFSC 0x06 translation fault level 2, write, 4 bytes, w0");
    expect(describeEsr(0x8600_000f, 1)).toBe("EC 0x21 instruction abort from EL1, IFSC 0x0f permission fault level 3");
    expect(describeEsr(0x9600_01a5 | 0x80, 1)).toContain("cache maintenance, on a stage-1 table walk");
  });

  it("calls, traps and the rest", () => {
    expect(describeEsr(0x5600_0003)).toBe("EC 0x15 SVC from AArch64, #3");
    expect(describeEsr(0x5a00_0001)).toBe("EC 0x16 HVC from AArch64, #1");
    expect(describeEsr(0xf200_0042)).toBe("EC 0x3c BRK, #66");
    expect(describeEsr(0x0200_0000)).toBe("EC 0x00 unknown reason (e.g. an undefined instruction)");
    expect(describeEsr(0x3a00_0000)).toBe("EC 0x0e illegal execution state");
    // MRS x2, MPIDR_EL1 (S3_0_C0_C0_5) trapped: op0 3, op2 5, op1 0, CRn 0, Rt 2, CRm 0, read.
    expect(describeEsr((0x18 << 26) | (1 << 25) | (3 << 20) | (5 << 17) | (2 << 5) | 1)).toBe(
      "EC 0x18 trapped MSR, MRS or system instruction, mrs x2, S3_0_C0_C0_5",
    );
    expect(describeEsr((0x01 << 26) | 1)).toBe("EC 0x01 trapped WFI/WFE, WFE");
    expect(describeEsr(0x3f << 26)).toBe("EC 0x3f reserved exception class");
  });

  it("names every fault status the VMSAv8-64 defines, by level", () => {
    expect(faultStatusName(0x00)).toBe("address size fault level 0");
    expect(faultStatusName(0x0b)).toBe("access flag fault level 3");
    expect(faultStatusName(0x0d)).toBe("permission fault level 1");
    expect(faultStatusName(0x15)).toBe("synchronous external abort on a table walk level 1");
    expect(faultStatusName(0x2b)).toBe("translation fault level -1");
    expect(faultStatusName(0x3f)).toBe("reserved fault status");
    expect(describeEc(0x25)).toBe("data abort from the same EL");
    expect(describeEc(0x24)).toBe("data abort from a lower EL");
  });

  it("the 16 vector table entries, and nothing between them", () => {
    expect(vectorEntryName(0x000)).toBe("synchronous exception from the current EL with SP_EL0");
    expect(vectorEntryName(0x200)).toBe("synchronous exception from the current EL with SP_ELx");
    expect(vectorEntryName(0x280)).toBe("IRQ from the current EL with SP_ELx");
    expect(vectorEntryName(0x400)).toBe("synchronous exception from a lower EL using AArch64");
    expect(vectorEntryName(0x780)).toBe("SError from a lower EL using AArch32");
    expect(vectorEntryName(0x204)).toBeNull();
    expect(vectorEntryName(0x800)).toBeNull();
  });
});
