// (op0, op1, CRn, CRm, op2) of the system registers the Unicorn backend reads and writes
// through UC_ARM64_REG_CP_REG (ARM ARM D17, the encoding index).
import type { SysRegName } from "../cpu-interface.ts";
import { encodingOf, sysRegRows, type Encoding } from "../system-register-table.ts";

export type { Encoding };

/** Registers that live inside Unicorn's CPU: the table's rows marked `unicorn`. Timers, EL2
 *  state and the registers the hypervisor owns live in the backend's system-state model. */
export const UNICORN_SYSREGS: Partial<Record<SysRegName, Encoding>> = Object.fromEntries(sysRegRows((r) => r.unicorn === true).map((r) => [r.name, r.enc!]));

/** The ones stage-1 translation depends on (the backend's model walks with them). */
export const UNICORN_TRANSLATION_SYSREGS = sysRegRows((r) => r.unicorn === true && r.storage === "translation").map((r) => r.name as SysRegName);

/** EL2/EL3 registers the backend sets inside Unicorn to run the guest as our EL2 would. */
export const HCR_EL2 = encodingOf("HCR_EL2");
export const VPIDR_EL2 = encodingOf("VPIDR_EL2");
export const VMPIDR_EL2 = encodingOf("VMPIDR_EL2");
export const SCR_EL3 = encodingOf("SCR_EL3");
/** TLBI VMALLE1: the one way to make Unicorn drop its TLB from outside. */
export const TLBI_VMALLE1: Encoding = [1, 0, 8, 7, 0];

/** Registers whose MRS/MSR the backend answers itself: the generic timer (virtual time
 *  is ours, DESIGN §6) and the identification registers (the board's identity). */
export function isModelRegister(op0: number, op1: number, crn: number): boolean {
  if (op0 !== 3) return false;
  if (crn === 14) return op1 === 3 || op1 === 0; // CNT*_EL0, CNTKCTL_EL1
  return crn === 0 && (op1 === 0 || op1 === 1 || op1 === 3); // ID_*, MIDR, MPIDR, CCSIDR, CLIDR, CTR, DCZID
}
