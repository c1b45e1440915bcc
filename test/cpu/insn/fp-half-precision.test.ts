// Half-precision and later-architecture FP encodings: entries that say why they are UNDEFINED
// on the Cortex-A57 the core models, and the ARMv8.0 half-precision conversions FCVT declines.
import { describe, expect, it } from "vitest";
import { defaultDecoder, UNDEFINED_OP } from "../../../src/cpu/decoder.ts";

const decoder = defaultDecoder();

describe("half-precision and newer FP encodings", () => {
  it("names FEAT_FP16 as the reason a half-precision FADD is UNDEFINED", () => {
    const e = decoder.find(0x1ee22820); // fadd h0, h1, h2
    expect(e?.props.feature).toBe("FEAT_FP16");
    expect(e?.undefinedBecause).toMatch(/FEAT_FP16.*Cortex-A57/);
  });

  it("gives BFCVT precedence over the FCVT encoding it reuses", () => {
    expect(decoder.candidates(0x1e634020).map((e) => e.id)).toEqual(["BFCVT", "FCVT"]); // bfcvt h0, s1
    expect(decoder.find(0x1e634020)?.props.feature).toBe("FEAT_BF16");
  });

  it("names the three-same (extra) features, e.g. FEAT_DotProd for UDOT", () => {
    expect(decoder.find(0x6e829420)?.props.feature).toBe("FEAT_DotProd"); // udot v0.4s, v1.16b, v2.16b
  });

  it("declines FCVT to half precision (documented) and decodes FCVT to double", () => {
    expect(decoder.find(0x1e23c020)).toBeNull(); // fcvt h0, s1
    expect(decoder.candidates(0x1e23c020)[0].props.declines).toMatch(/half precision/);
    expect(decoder.decode(0x1e23c020)).toBe(UNDEFINED_OP);
    expect(decoder.find(0x1e22c020)?.id).toBe("FCVT"); // fcvt d0, s1
    expect(decoder.decode(0x1e22c020)).not.toBe(UNDEFINED_OP);
  });
});
