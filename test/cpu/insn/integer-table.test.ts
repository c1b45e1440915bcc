// The integer, branch, system and load/store entries of the instruction table: which entry a
// word decodes as, and the words the table leaves UNDEFINED on purpose (features a
// Cortex-A57-class ARMv8.0 core lacks), with their reason.
import { describe, expect, it } from "vitest";
import { defaultDecoder } from "../../../src/cpu/decoder.ts";

const decoder = defaultDecoder();
const id = (word: number) => decoder.find(word)?.id ?? null;

describe("hint space", () => {
  it("runs the allocated hints as themselves and every other hint as HINT (a NOP)", () => {
    expect(id(0xd503201f)).toBe("NOP");
    expect(id(0xd503207f)).toBe("WFI");
    expect(id(0xd503205f)).toBe("WFE");
    // PACIASP, BTI c, ESB, CSDB: hint-space instructions of later features are NOPs on ARMv8.0
    for (const w of [0xd503233f, 0xd503245f, 0xd503221f, 0xd503229f]) {
      const e = decoder.find(w);
      expect(e?.id).toBe("HINT");
      expect(e?.undefinedBecause).toBeNull();
    }
  });
});

describe("system", () => {
  it("declines MRS of a register the core does not implement, and says why", () => {
    const word = 0xd53fffe0; // mrs x0, s3_7_c15_c15_7 (IMPLEMENTATION DEFINED)
    expect(decoder.find(word)).toBeNull();
    const first = decoder.candidates(word)[0];
    expect(first.id).toBe("MRS");
    expect(first.props.declines).toMatch(/does not implement/);
  });

  it("names op0 = 0 outside hints, barriers and PSTATE as unallocated", () => {
    expect(id(0xd5270fd7)).toBe("MRS [op0 = 0, unallocated]");
    expect(id(0xd501c0cf)).toBe("MSR (register) [op0 = 0, unallocated]");
  });

  it("orders SSBB before DSB and the implemented PSTATE fields before the absent ones", () => {
    expect(id(0xd503309f)).toBe("SSBB");
    expect(id(0xd5033f9f)).toBe("DSB"); // dsb sy
    expect(id(0xd50342df)).toBe("MSR (immediate) [DAIFSet]"); // msr daifset, #2
    expect(id(0xd500419f)).toBe("MSR (immediate) [other PSTATE fields]"); // msr pan, #1
  });
});

describe("encodings of absent features", () => {
  it.each([
    [0x54cfd530, "BC.cond", "FEAT_HBC"],
    [0xd93e0866, "STG [Signed offset]", "FEAT_MTE"],
    [0x1d0505e4, "CPYP, CPYM, CPYE [Prologue]", "FEAT_MOPS"],
    [0x995b8167, "LDAPUR", "FEAT_LRCPC2"],
    [0xf86a3e88, "LDRAA, LDRAB", "FEAT_PAuth"],
    [0x9acd32bc, "PACGA", "FEAT_PAuth"],
    [0x91b9067f, "ADDG", "FEAT_MTE"],
  ])("0x%s is %s, UNDEFINED with the reason (%s)", (word, name, feature) => {
    const e = decoder.find(word);
    expect(e?.id).toBe(name);
    expect(e?.props.feature).toBe(feature);
    expect(e?.undefinedBecause).toMatch(/UNDEFINED/);
  });
});

describe("loads and stores", () => {
  it("decodes pairs by their addressing mode", () => {
    expect(id(0xa9bf7bfd)).toBe("STP [Pre-index]"); // stp x29, x30, [sp, #-16]!
    expect(id(0xa8c107e0)).toBe("LDP [Post-index]"); // ldp x0, x1, [sp], #16
    expect(id(0xa9400420)).toBe("LDP [Signed offset]"); // ldp x0, x1, [x1]
  });

  it("leaves the words with a pair mode of 1xx to their own class (no overlap)", () => {
    expect(id(0x2a020020)).toBe("ORR (shifted register)"); // orr w0, w1, w2
    expect(decoder.candidates(0x2a020020)).toHaveLength(1);
  });

  it("names the size and direction of single-register forms", () => {
    expect(id(0xf9400020)).toBe("LDR (immediate) [Unsigned offset]"); // ldr x0, [x1]
    expect(id(0x38401420)).toBe("LDRB (immediate) [Post-index]"); // ldrb w0, [x1], #1
    expect(id(0xb8a0c820)).toBe("LDRSW (register)"); // ldrsw x0, [x1, w0, sxtw]
    expect(id(0x3dc00020)).toBe("LDR (immediate, SIMD&FP) [Unsigned offset]"); // ldr q0, [x1]
  });
});
