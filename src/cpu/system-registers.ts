// Storage for the 64-bit system registers the core keeps outside TranslationRegs.
// Each register has an index; its value lives at [2i] (bits 31:0) and [2i+1] (bits 63:32).
// The MSR/MRS encoding table (insn/sysreg-table.ts) maps encodings onto these slots.
import { TWO32 } from "../arch/numbers.ts";

export const SR = {
  ELR_EL1: 0,
  SPSR_EL1: 1,
  ESR_EL1: 2,
  FAR_EL1: 3,
  VBAR_EL1: 4,
  SP_EL0: 5,
  SP_EL1: 6,
  TPIDR_EL0: 7,
  TPIDRRO_EL0: 8,
  TPIDR_EL1: 9,
  CONTEXTIDR_EL1: 10,
  CPACR_EL1: 11,
  CNTKCTL_EL1: 12,
  CNTV_CTL_EL0: 13,
  CNTV_CVAL_EL0: 14,
  CNTP_CTL_EL0: 15,
  CNTP_CVAL_EL0: 16,
  AFSR0_EL1: 17,
  AFSR1_EL1: 18,
  AMAIR_EL1: 19,
  PAR_EL1: 20,
  MDSCR_EL1: 21,
  ACTLR_EL1: 22,
  CSSELR_EL1: 23,
  PMCR_EL0: 24,
  PMUSERENR_EL0: 25,
  OSLAR_EL1: 26,
  OSDLR_EL1: 27,
  OSLSR_EL1: 28,
  MDCCINT_EL1: 29,
  // EL2 state the hypervisor writes and the core reads.
  VMPIDR_EL2: 40,
  VPIDR_EL2: 41,
  CNTVOFF_EL2: 42,
  CNTHCTL_EL2: 43,
  ELR_EL2: 44,
  SPSR_EL2: 45,
  ESR_EL2: 46,
  FAR_EL2: 47,
  HPFAR_EL2: 48,
  CPTR_EL2: 49,
  MDCR_EL2: 50,
  COUNT: 64,
} as const;

export type SysRegIndex = number;

export class SystemRegisters {
  readonly v = new Uint32Array(SR.COUNT * 2);

  lo(i: SysRegIndex): number {
    return this.v[2 * i];
  }
  hi(i: SysRegIndex): number {
    return this.v[2 * i + 1];
  }
  set(i: SysRegIndex, lo: number, hi: number): void {
    this.v[2 * i] = lo;
    this.v[2 * i + 1] = hi;
  }
  get64(i: SysRegIndex): bigint {
    return BigInt(this.v[2 * i]) | (BigInt(this.v[2 * i + 1]) << 32n);
  }
  set64(i: SysRegIndex, value: bigint): void {
    this.set(i, Number(value & 0xffffffffn), Number((value >> 32n) & 0xffffffffn));
  }
  /** As a double: exact below 2^53, close enough above for deadline comparisons. */
  num(i: SysRegIndex): number {
    return this.v[2 * i + 1] * TWO32 + this.v[2 * i];
  }
}
