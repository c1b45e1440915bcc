// The system registers that control address translation, as the walkers read them.
// 64-bit registers are split into lo/hi 32-bit halves (no BigInt on the hot path).
// The CPU owns one of these and writes it on MSR; the MMU only reads it.
import { DOUBLE_ZERO } from "../double-field.ts";

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

/** All zero. The fields hold uint32 words, so they start double (double-field.ts). */
export function newTranslationRegs(): TranslationRegs {
  const z = DOUBLE_ZERO;
  const r: TranslationRegs = {
    sctlrEl1: z,
    tcrEl1Lo: z,
    tcrEl1Hi: z,
    ttbr0El1Lo: z,
    ttbr0El1Hi: z,
    ttbr1El1Lo: z,
    ttbr1El1Hi: z,
    mairEl1Lo: z,
    mairEl1Hi: z,
    hcrEl2Lo: z,
    hcrEl2Hi: z,
    vttbrEl2Lo: z,
    vttbrEl2Hi: z,
    vtcrEl2: z,
  };
  for (const k of Object.keys(r) as (keyof TranslationRegs)[]) r[k] = 0;
  return r;
}
