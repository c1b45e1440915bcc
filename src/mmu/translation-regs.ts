// The system registers that control address translation, as the walkers read them.
// 64-bit registers are split into lo/hi 32-bit halves (no BigInt on the hot path).
// The CPU owns one of these and writes it on MSR; the MMU only reads it.

export interface TranslationRegs {
  sctlrEl1: number; // SCTLR_EL1 bits [31:0] (M, A, C, WXN, EE... all live there)
  tcrEl1Lo: number;
  tcrEl1Hi: number;
  ttbr0El1Lo: number;
  ttbr0El1Hi: number; // ASID in bits [63:48] → hi[31:16]
  ttbr1El1Lo: number;
  ttbr1El1Hi: number;
  mairEl1Lo: number;
  mairEl1Hi: number;
  hcrEl2Lo: number; // HCR_EL2.VM is bit 0
  hcrEl2Hi: number;
  vttbrEl2Lo: number;
  vttbrEl2Hi: number; // VMID in bits [55:48] → hi[23:16]
  vtcrEl2: number;
}

export function newTranslationRegs(): TranslationRegs {
  return {
    sctlrEl1: 0, tcrEl1Lo: 0, tcrEl1Hi: 0, ttbr0El1Lo: 0, ttbr0El1Hi: 0, ttbr1El1Lo: 0, ttbr1El1Hi: 0,
    mairEl1Lo: 0, mairEl1Hi: 0, hcrEl2Lo: 0, hcrEl2Hi: 0, vttbrEl2Lo: 0, vttbrEl2Hi: 0, vtcrEl2: 0,
  };
}
