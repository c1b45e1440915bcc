// The syndrome's one definition against values the ARM ARM fixes (D17.2.37 ESR_ELx,
// D17.2.56 HPFAR_EL2) and against the syndromes our own reports quote.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EC,
  FSC,
  dataAbortInstructionIss,
  decodeDataAbortIss,
  decodeSysregIss,
  esrEc,
  esrIss,
  esrOf,
  fscKind,
  hpfarFromIpa,
  ipaFromHpfar,
  issFsc,
  issImmediate,
  wfxIss,
  wfxIsWfe,
  wnr,
} from "../../src/arch/syndrome.ts";

describe("ESR_ELx", () => {
  it("builds the syndromes a guest and the hypervisor see", () => {
    // The README's hostile-vbar0 death: a write, translation fault level 1, at EL1.
    expect(esrOf(EC.DABT_SAME, wnr(true) | (FSC.TRANSLATION + 1))).toBe(0x9600_0045);
    // HVC #0 as Avisor's exit handler receives it.
    expect(esrOf(EC.HVC64, 0)).toBe(0x5a00_0000);
    // A trapped WFI: CV=1, COND=AL.
    expect(esrOf(EC.WFX, wfxIss(false))).toBe(0x07e0_0000);
    expect(esrOf(EC.UNKNOWN, 0)).toBe(0x0200_0000);
  });
  it("takes EC and ISS back out", () => {
    expect(esrEc(0x9380_0046)).toBe(EC.DABT_LOWER);
    expect(esrIss(0x9380_0046)).toBe(0x0180_0046);
    expect(issImmediate(esrIss(0x5a00_0003))).toBe(3);
    expect(wfxIsWfe(wfxIss(true))).toBe(true);
    expect(wfxIsWfe(wfxIss(false))).toBe(false);
  });
});

describe("data-abort ISS", () => {
  it("encodes `str w0, [x1]` faulting at stage 2 as the hypervisor expects (ISV, SAS=2, SRT=0)", () => {
    const iss = dataAbortInstructionIss(2, false, 0, false, false) | wnr(true) | (FSC.TRANSLATION + 2);
    expect(esrOf(EC.DABT_LOWER, iss)).toBe(0x9380_0046);
  });
  it("decodes every field it encodes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 31 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 3 }),
        (sizeLog2, sse, rt, sf, ar, write, level) => {
          const d = decodeDataAbortIss(dataAbortInstructionIss(sizeLog2, sse, rt, sf, ar) | wnr(write) | (FSC.PERMISSION + level));
          expect(d).toEqual({
            isv: true,
            size: 1 << sizeLog2,
            signExtend: sse,
            reg: rt,
            sixtyFour: sf,
            acquireRelease: ar,
            farNotValid: false,
            cacheMaintenance: false,
            s1ptw: false,
            write,
            fsc: FSC.PERMISSION + level,
          });
          expect(fscKind(d.fsc)).toBe(FSC.PERMISSION);
        },
      ),
    );
  });
  it("reads CM, S1PTW and FnV from their bits (10, 8, 7)", () => {
    const d = decodeDataAbortIss((1 << 10) | (1 << 8) | (1 << 7) | FSC.ACCESS_FLAG);
    expect([d.isv, d.farNotValid, d.cacheMaintenance, d.s1ptw, d.write]).toEqual([false, true, true, true, false]);
    expect(issFsc(0x1ff_ffff)).toBe(0x3f);
  });
});

describe("trapped MSR/MRS ISS", () => {
  it("takes `mrs x1, midr_el1` (op0 3, Rt 1, read) apart", () => {
    expect(decodeSysregIss((3 << 20) | (1 << 5) | 1)).toEqual({ op0: 3, op1: 0, crn: 0, crm: 0, op2: 0, rt: 1, read: true });
    // msr cntv_ctl_el0, x2: S3_3_C14_C3_1
    expect(decodeSysregIss((3 << 20) | (1 << 17) | (3 << 14) | (14 << 10) | (2 << 5) | (3 << 1))).toEqual({
      op0: 3,
      op1: 3,
      crn: 14,
      crm: 3,
      op2: 1,
      rt: 2,
      read: false,
    });
  });
});

describe("HPFAR_EL2", () => {
  it("holds IPA[47:12] in bits [39:4]", () => {
    expect(hpfarFromIpa(0x0900_0abc)).toBe(0x0009_0000);
    expect(ipaFromHpfar(0x0009_0000, 0xabc)).toBe(0x0900_0abc);
  });
  it("round-trips every 48-bit IPA exactly (no 32-bit truncation)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), (ipa) => {
        expect(ipaFromHpfar(hpfarFromIpa(ipa), ipa % 4096)).toBe(ipa);
      }),
    );
    expect(hpfarFromIpa(0xffff_ffff_f000)).toBe(0xff_ffff_fff0);
  });
});
