// The single-structure loads as table entries: LDnR shares LDn's encoding (opcode<2:1> =
// 0b11) and its overlap group makes it win; the lane forms stay LDn.
import { describe, expect, it } from "vitest";
import { defaultDecoder } from "../../../src/cpu/decoder.ts";

const decoder = defaultDecoder();

describe("LD1–LD4 (single structure) and LD1R–LD4R", () => {
  it("decodes the replicating forms as LDnR, ahead of the LDn they overlap", () => {
    const ld1r = 0x4d40c843; // ld1r {v3.4s}, [x2]
    expect(decoder.candidates(ld1r).map((e) => e.id)).toEqual(["LD1R [No offset]", "LD1 (single structure) [No offset]"]);
    expect(decoder.find(ld1r)?.id).toBe("LD1R [No offset]");
    expect(decoder.find(0x4de4e443)?.id).toBe("LD4R [Post-index]"); // ld4r {v3.8h-v6.8h}, [x2], x4
  });

  it("decodes a lane form as LDn and leaves reserved words UNDEFINED without falling through", () => {
    expect(decoder.find(0x4d408043)?.id).toBe("LD1 (single structure) [No offset]"); // ld1 {v3.s}[2], [x2]
    expect(decoder.find(0x4d408843)).toBeNull(); // S-sized lane with size<1> set: reserved
    expect(decoder.find(0x4d40d843)).toBeNull(); // LD1R with S = 1: reserved, not an LD1 lane
  });

  it("marks every structure load and store as one that may fault", () => {
    for (const w of [0x4d40c843, 0x4de4e443, 0x4d408043]) expect(decoder.find(w)?.props.mayFault).toBe(true);
  });
});
