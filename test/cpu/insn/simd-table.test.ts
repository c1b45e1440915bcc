// The Advanced SIMD entries that are not plain one-word-one-entry: the shift-by-immediate
// words with immh = 0000 (they are modified-immediate words), the encodings declined for a
// reserved or unadvertised size, and the later-extension forms the table names as UNDEFINED.
import { describe, expect, it } from "vitest";
import { matches } from "../../../src/cpu/decode-pattern.ts";
import { Decoder, UNDEFINED_OP } from "../../../src/cpu/decoder.ts";
import { INSN_TABLE, OVERLAP_GROUPS } from "../../../src/cpu/insn/index.ts";
import { INSNS as MODIFIED_IMMEDIATE } from "../../../src/cpu/insn/simd-immediate.ts";
import { INSNS as SHIFTS } from "../../../src/cpu/insn/simd-shift-by-immediate.ts";

const decoder = new Decoder(INSN_TABLE, OVERLAP_GROUPS);

describe("Advanced SIMD modified immediate against shift by immediate", () => {
  it("decodes words as the instructions the assembler wrote", () => {
    expect(decoder.find(0x4f002640)?.id).toBe("MOVI [32-bit shifted immediate]"); // movi v0.4s, #0x12, lsl #8
    expect(decoder.find(0x6f018681)?.id).toBe("MVNI [16-bit shifted immediate]"); // mvni v1.8h, #0x34
    expect(decoder.find(0x6f03f602)?.id).toBe("FMOV (vector, immediate) [Double-precision]"); // fmov v2.2d, #1.0
    expect(decoder.find(0x6f0777e3)?.id).toBe("BIC (vector, immediate) [32-bit]"); // bic v3.4s, #0xff, lsl #24
    expect(decoder.find(0x4f3d04a4)?.id).toBe("SSHR [Vector]"); // sshr v4.4s, v5.4s, #3
    expect(decoder.find(0x4f76fce6)?.id).toBe("FCVTZS (vector, fixed-point) [Vector single-precision and double-precision]");
  });

  it("never decodes an immh = 0000 word as a shift, whatever the table order", () => {
    // the shifts first: only the overlap groups can make the modified-immediate entries win
    const reversed = new Decoder([...INSN_TABLE].reverse(), OVERLAP_GROUPS);
    let seen = 0;
    for (const shift of SHIFTS) {
      for (let q = 0; q < 2; q++) {
        for (let immb = 0; immb < 8; immb++) {
          const word = (shift.value | (q << 30) | (immb << 16) | (7 << 5) | 9) >>> 0; // immh = 0000
          expect(matches(shift, word)).toBe(true);
          const e = reversed.find(word);
          if (e !== null) {
            expect(MODIFIED_IMMEDIATE).toContain(e);
            seen++;
          }
        }
      }
    }
    expect(seen).toBeGreaterThan(0);
  });
});

describe("Advanced SIMD forms left UNDEFINED", () => {
  it.each([
    ["0x0ef8f8e3", "FEAT_FP16"], // fabs v3.4h, v7.4h
    ["0x0f00fc53", "FEAT_FP16"], // fmov v19.4h, #2.25
    ["0x0e21e9bd", "FEAT_FRINTTS"], // frint32z v29.2s, v13.2s
    ["0x2f47d287", "FEAT_RDM"], // sqrdmlah v7.4h, v20.4h, v7.h[0]
  ])("%s is a not-implemented %s entry and runs as UNDEFINED", (hex, feature) => {
    const word = Number(hex);
    const e = decoder.find(word);
    expect(e?.undefinedBecause).toMatch(/UNDEFINED/);
    expect(e?.props.feature).toBe(feature);
    expect(decoder.decode(word)).toBe(UNDEFINED_OP);
  });

  it.each([
    ["0x0f10e789", "SCVTF (vector, fixed-point)", /FEAT_FP16/], // scvtf v9.4h, v28.4h, #16
    ["0x0ee9e154", "PMULL, PMULL2", /FEAT_PMULL/], // pmull v20.1q, v10.1d, v9.1d
  ])("%s is declined by %s, which says why", (hex, name, why) => {
    const word = Number(hex);
    expect(decoder.find(word)).toBeNull();
    const [first] = decoder.candidates(word);
    expect(first.name).toBe(name);
    expect(first.props.declines).toMatch(why);
    expect(decoder.decode(word)).toBe(UNDEFINED_OP);
  });
});
