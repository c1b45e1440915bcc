import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeDataAbort, extendLoad, unemulatableReason } from "../../src/hyp/aborts.ts";
import type { SyncExit } from "../../src/cpu/vm-exit.ts";

// ESR for a stage-2 data abort from a lower EL with a valid syndrome (ARM ARM D17.2.37).
function esr(o: { sas: number; sse: boolean; srt: number; sf: boolean; ar?: boolean; wnr: boolean; dfsc?: number }): number {
  const iss = (1 << 24) | (o.sas << 22) | (+o.sse << 21) | (o.srt << 16) | (+o.sf << 15) | (+(o.ar ?? false) << 14) | (+o.wnr << 6) | (o.dfsc ?? 0b000111);
  return ((0x24 << 26) | (1 << 25) | iss) >>> 0;
}

function exit(e: number, ipa: number, va = BigInt(ipa)): SyncExit {
  return { kind: "sync", esr: e, far: va, hpfar: Math.floor(ipa / 4096) * 16, elr: 0x40100000n, spsr: 0x3c5 };
}

describe("data-abort ISS decoding", () => {
  it("decodes every access size, direction, register and extension", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 31 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 0xff_ffff_ffff }),
        (sas, sse, srt, sf, wnr, ipa) => {
          const a = decodeDataAbort(exit(esr({ sas, sse, srt, sf, wnr }), ipa));
          expect(a).toEqual({ ipa, width: 1 << sas, write: wnr, reg: srt, signExtend: sse, sixtyFour: sf });
        },
      ),
    );
  });

  it("takes the page offset from FAR and the page from HPFAR (IPA ≠ VA)", () => {
    const a = decodeDataAbort(exit(esr({ sas: 2, sse: false, srt: 1, sf: false, wnr: false }), 0x0900_0018, 0xffff_0000_1234_5018n));
    expect(a.ipa).toBe(0x0900_0018);
  });

  it("sign-extends loads to 32 or 64 bits as SSE and SF say", () => {
    const b = { width: 1 as const };
    expect(extendLoad(0x80n, { ...b, signExtend: true, sixtyFour: true })).toBe(0xffff_ffff_ffff_ff80n);
    expect(extendLoad(0x80n, { ...b, signExtend: true, sixtyFour: false })).toBe(0xffff_ff80n);
    expect(extendLoad(0x80n, { ...b, signExtend: false, sixtyFour: true })).toBe(0x80n);
    expect(extendLoad(0x7fn, { ...b, signExtend: true, sixtyFour: true })).toBe(0x7fn);
    expect(extendLoad(0x8000n, { width: 2, signExtend: true, sixtyFour: true })).toBe(0xffff_ffff_ffff_8000n);
    expect(extendLoad(0x8000_0000n, { width: 4, signExtend: true, sixtyFour: true })).toBe(0xffff_ffff_8000_0000n);
    expect(extendLoad(0x1_2345_6789n, { width: 4, signExtend: false, sixtyFour: false })).toBe(0x2345_6789n);
  });

  it("refuses what it cannot emulate, saying why", () => {
    expect(unemulatableReason(0b000111)).toMatch(/ISV=0/);
    expect(unemulatableReason((1 << 24) | (1 << 10) | 0b000111)).toMatch(/FAR not valid/);
    expect(unemulatableReason((1 << 24) | 0b001011)).toMatch(/access flag|not a translation/);
    expect(unemulatableReason((1 << 24) | 0b000101)).toBeNull();
    expect(unemulatableReason((1 << 24) | 0b001111)).toBeNull();
  });
});
