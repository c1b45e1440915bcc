// (op0, op1, CRn, CRm, op2) of the system registers the Unicorn backend reads and writes
// through UC_ARM64_REG_CP_REG (ARM ARM D17, the encoding index).
import type { SysRegName } from "../cpu-interface.ts";

export type Encoding = readonly [op0: number, op1: number, crn: number, crm: number, op2: number];

/** Registers that live inside Unicorn's CPU. Timers, EL2 state and the registers the
 *  hypervisor owns live in the backend's system-state model instead. */
export const UNICORN_SYSREGS: Partial<Record<SysRegName, Encoding>> = {
  SCTLR_EL1: [3, 0, 1, 0, 0],
  CPACR_EL1: [3, 0, 1, 0, 2],
  TTBR0_EL1: [3, 0, 2, 0, 0],
  TTBR1_EL1: [3, 0, 2, 0, 1],
  TCR_EL1: [3, 0, 2, 0, 2],
  SPSR_EL1: [3, 0, 4, 0, 0],
  ELR_EL1: [3, 0, 4, 0, 1],
  ESR_EL1: [3, 0, 5, 2, 0],
  FAR_EL1: [3, 0, 6, 0, 0],
  PAR_EL1: [3, 0, 7, 4, 0],
  MAIR_EL1: [3, 0, 10, 2, 0],
  VBAR_EL1: [3, 0, 12, 0, 0],
  CONTEXTIDR_EL1: [3, 0, 13, 0, 1],
  TPIDR_EL1: [3, 0, 13, 0, 4],
  TPIDR_EL0: [3, 3, 13, 0, 2],
  TPIDRRO_EL0: [3, 3, 13, 0, 3],
  PMCR_EL0: [3, 3, 9, 12, 0],
};

export const HCR_EL2: Encoding = [3, 4, 1, 1, 0];
export const VPIDR_EL2: Encoding = [3, 4, 0, 0, 0];
export const VMPIDR_EL2: Encoding = [3, 4, 0, 0, 5];
export const SCR_EL3: Encoding = [3, 6, 1, 1, 0];
/** TLBI VMALLE1: the one way to make Unicorn drop its TLB from outside. */
export const TLBI_VMALLE1: Encoding = [1, 0, 8, 7, 0];

/** Registers whose MRS/MSR the backend answers itself: the generic timer (virtual time
 *  is ours, DESIGN §6) and the identification registers (the board's identity). */
export function isModelRegister(op0: number, op1: number, crn: number): boolean {
  if (op0 !== 3) return false;
  if (crn === 14) return op1 === 3 || op1 === 0; // CNT*_EL0, CNTKCTL_EL1
  return crn === 0 && (op1 === 0 || op1 === 1 || op1 === 3); // ID_*, MIDR, MPIDR, CCSIDR, CLIDR, CTR, DCZID
}
