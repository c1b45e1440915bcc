// The exception syndrome as ARM defines it (ARM ARM D17.2.37 ESR_ELx, D17.2.56 HPFAR_EL2):
// the core and the Unicorn backend build it, the MMU names its fault status codes, the
// hypervisor, traces and the debugger take it apart, all with these definitions. Pure data
// and arithmetic on numbers (no BigInt: the core builds syndromes on its hot path); imports
// nothing, so every layer may use it.

// ---- ESR_ELx: EC (31:26), IL (25), ISS (24:0) -----------------------------------------------

/** Exception classes (ESR_ELx.EC) the core and the hypervisor use. */
export const EC = {
  UNKNOWN: 0x00,
  WFX: 0x01,
  FP_ACCESS: 0x07,
  ILLEGAL_STATE: 0x0e,
  SVC64: 0x15,
  HVC64: 0x16,
  SMC64: 0x17,
  SYSREG: 0x18,
  IABT_LOWER: 0x20,
  IABT_SAME: 0x21,
  PC_ALIGN: 0x22,
  DABT_LOWER: 0x24,
  DABT_SAME: 0x25,
  SP_ALIGN: 0x26,
  FP_EXC64: 0x2c,
  SERROR: 0x2f,
  BRK64: 0x3c,
} as const;

const EC_SHIFT = 26;
/** IL: the trapped instruction was 32 bits (always, in AArch64). */
export const ESR_IL = 1 << 25;
const ISS_MASK = 0x1ff_ffff;

/** ESR_ELx for exception class `ec` with syndrome `iss` (IL set), as an unsigned 32-bit value. */
export function esrOf(ec: number, iss: number): number {
  return ((ec << EC_SHIFT) | ESR_IL | iss) >>> 0;
}
export function esrEc(esr: number): number {
  return (esr >>> EC_SHIFT) & 0x3f;
}
export function esrIss(esr: number): number {
  return esr & ISS_MASK;
}

// ---- ISS of a data abort (EC 0x24/0x25) and an instruction abort (EC 0x20/0x21) ------------

/** ISV: SAS, SSE, SRT, SF and AR below are valid. */
export const ISS_ISV = 1 << 24;
const SAS_SHIFT = 22; // access size: log2 of the bytes
/** SSE: the load sign-extends. */
export const ISS_SSE = 1 << 21;
const SRT_SHIFT = 16; // the transfer register
/** SF: the transfer register is 64 bits wide. */
export const ISS_SF = 1 << 15;
/** AR: acquire/release semantics. */
export const ISS_AR = 1 << 14;
/** FnV: FAR is not valid. */
export const ISS_FNV = 1 << 10;
/** CM: a cache maintenance or address translation instruction faulted. */
export const ISS_CM = 1 << 8;
/** S1PTW: a stage-2 fault on the stage-1 table walk. */
export const ISS_S1PTW = 1 << 7;
/** WnR: the access was a write. */
export const ISS_WNR = 1 << 6;
const FSC_MASK = 0x3f;

/** The instruction part of a data-abort syndrome (ISV, SAS, SSE, SRT, SF, AR), fixed per
 *  instruction: the core computes it when it decodes a load or store. */
export function dataAbortInstructionIss(sizeLog2: number, signExtend: boolean, rt: number, sixtyFour: boolean, acquireRelease: boolean): number {
  return ISS_ISV | (sizeLog2 << SAS_SHIFT) | (signExtend ? ISS_SSE : 0) | (rt << SRT_SHIFT) | (sixtyFour ? ISS_SF : 0) | (acquireRelease ? ISS_AR : 0);
}

/** WnR for an access. */
export function wnr(write: boolean): number {
  return write ? ISS_WNR : 0;
}

/** A data-abort ISS taken apart. SAS/SSE/SRT/SF/AR mean something only when `isv`. */
export interface DataAbortIss {
  isv: boolean;
  /** 1, 2, 4 or 8 (SAS). */
  size: 1 | 2 | 4 | 8;
  signExtend: boolean;
  /** SRT: 31 is XZR. */
  reg: number;
  sixtyFour: boolean;
  acquireRelease: boolean;
  farNotValid: boolean;
  cacheMaintenance: boolean;
  s1ptw: boolean;
  write: boolean;
  /** DFSC. */
  fsc: number;
}

export function decodeDataAbortIss(iss: number): DataAbortIss {
  return {
    isv: (iss & ISS_ISV) !== 0,
    size: (1 << ((iss >>> SAS_SHIFT) & 3)) as 1 | 2 | 4 | 8,
    signExtend: (iss & ISS_SSE) !== 0,
    reg: (iss >>> SRT_SHIFT) & 31,
    sixtyFour: (iss & ISS_SF) !== 0,
    acquireRelease: (iss & ISS_AR) !== 0,
    farNotValid: (iss & ISS_FNV) !== 0,
    cacheMaintenance: (iss & ISS_CM) !== 0,
    s1ptw: (iss & ISS_S1PTW) !== 0,
    write: (iss & ISS_WNR) !== 0,
    fsc: iss & FSC_MASK,
  };
}

/** DFSC/IFSC: ISS[5:0] of an abort. */
export function issFsc(iss: number): number {
  return iss & FSC_MASK;
}

// ---- fault status codes (DFSC/IFSC) ----------------------------------------------------------

/** Fault status codes; the per-level ones take the level (0-3) in bits [1:0]. */
export const FSC = {
  ADDRESS_SIZE: 0b000000,
  TRANSLATION: 0b000100,
  ACCESS_FLAG: 0b001000,
  PERMISSION: 0b001100,
  EXTERNAL: 0b010000,
  EXTERNAL_WALK: 0b010100,
  PARITY_WALK: 0b011100,
  ALIGNMENT: 0b100001,
  GRANULE_PROTECTION_WALK: 0b100100,
} as const;

/** The kind of a per-level fault status code (its level cleared). */
export function fscKind(fsc: number): number {
  return fsc & 0b111100;
}

// ---- ISS of other classes --------------------------------------------------------------------

/** The 16-bit immediate of SVC/HVC/SMC/BRK. */
export function issImmediate(iss: number): number {
  return iss & 0xffff;
}

/** A trapped WFI/WFE (EC 0x01): CV=1, COND=AL (0b1110), TI 0 for WFI, 1 for WFE. */
export function wfxIss(isWfe: boolean): number {
  return (1 << 24) | (0xe << 20) | (isWfe ? 1 : 0);
}
export function wfxIsWfe(iss: number): boolean {
  return (iss & 1) !== 0;
}

/** A trapped MSR/MRS (EC 0x18) taken apart: the register's encoding, Rt, and the direction. */
export function decodeSysregIss(iss: number): { op0: number; op1: number; crn: number; crm: number; op2: number; rt: number; read: boolean } {
  return {
    op0: (iss >>> 20) & 3,
    op2: (iss >>> 17) & 7,
    op1: (iss >>> 14) & 7,
    crn: (iss >>> 10) & 0xf,
    rt: (iss >>> 5) & 0x1f,
    crm: (iss >>> 1) & 0xf,
    read: (iss & 1) !== 0,
  };
}

// ---- HPFAR_EL2: FIPA, IPA[47:12] in bits [39:4] -------------------------------------------

const PAGE = 4096;
const FIPA_UNIT = 16; // bit 4

/** HPFAR_EL2 for a stage-2 fault at `ipa`. */
export function hpfarFromIpa(ipa: number): number {
  return Math.floor(ipa / PAGE) * FIPA_UNIT;
}

/** The faulting IPA: the page from HPFAR_EL2, the offset in it from FAR_EL2's low 12 bits. */
export function ipaFromHpfar(hpfar: number, farLow12: number): number {
  return Math.floor(hpfar / FIPA_UNIT) * PAGE + (farLow12 & (PAGE - 1));
}
