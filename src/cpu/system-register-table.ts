// Every named system register the machine knows, one row each: the single source from which
// the core's storage slots (system-registers.ts), its MRS/MSR table (insn/sysreg-table.ts),
// the host's access by name (Cpu.getSysreg/setSysreg and the SysRegName type), the state a
// checkpoint saves and lockstep compares (arch-state.ts), the Unicorn backend's register list
// (unicorn/sysreg-encodings.ts) and gdb's register list (debug/registers.ts) are derived.
// Adding a register is adding a row here (plus, for a register whose MRS/MSR does more than
// store or return a value, its handler in insn/sysreg-table.ts). Pure data: no core code.
import type { TranslationRegs } from "../mmu/translation-regs.ts";
import * as ID from "./insn/id-registers.ts";

/** (op0, op1, CRn, CRm, op2): the MRS/MSR operand, ARM ARM D17 (the encoding index). */
export type Encoding = readonly [op0: number, op1: number, crn: number, crm: number, op2: number];

export interface SysRegRow {
  readonly name: string;
  /** The MRS/MSR encoding; absent for a register no instruction names. */
  readonly enc?: Encoding;
  /** The lowest EL whose MRS/MSR reaches it (default 1). 0: EL0 too, unless its handler's
   *  el0Allowed says otherwise. 2 or 3: never the guest's (our core runs EL0/EL1, so MRS/MSR
   *  of it is UNDEFINED there); the hypervisor reaches it by name, Unicorn by encoding. */
  readonly el?: 0 | 1 | 2 | 3;
  /** What MRS/MSR may do (default "rw"); the other direction is UNDEFINED. */
  readonly access?: "rw" | "ro" | "wo";
  /** Where the value lives:
   *  slot        its own 64-bit slot in SystemRegisters (`reset` at creation, default 0);
   *  stack       a slot too, but the banked SP the core keeps live while it is selected;
   *  translation the TranslationRegs fields `tregs` (lo, hi) the MMU reads;
   *  fpcr/fpsr   the core's FPCR/FPSR fields;
   *  constant    nothing: reads `value`; razwi: reads 0, ignores writes;
   *  gic         the vGICv3's CPU interface (ICC_<reg>_EL1), UNDEFINED without one;
   *  none        nothing in the core (a handler computes it, or only Unicorn has it). */
  readonly storage: "slot" | "stack" | "translation" | "fpcr" | "fpsr" | "constant" | "razwi" | "gic" | "none";
  readonly tregs?: readonly [keyof TranslationRegs, keyof TranslationRegs | null];
  readonly value?: bigint;
  readonly reset?: bigint;
  /** MRS/MSR do more than store/return: insn/sysreg-table.ts has its handler, by name. */
  readonly handler?: true;
  /** The host (hypervisor, debugger, lockstep, tests) reads and writes it by name. */
  readonly host?: true;
  /** Part of the vCPU's state: "guest" (the EL0/EL1 state a checkpoint saves and lockstep
   *  compares) or "timer" (saved by a checkpoint, but taken from the virtual clock, so not
   *  compared across backends). */
  readonly state?: "guest" | "timer";
  /** A host write changes when the core's timers fire (0 virtual, 1 physical, "both"). */
  readonly timers?: 0 | 1 | "both";
  /** Lives inside Unicorn's CPU, read and written there by its encoding. */
  readonly unicorn?: true;
  /** Its position in gdb's system-register feature (debug/registers.ts). */
  readonly gdb?: number;
}

export const SYSTEM_REGISTERS = [
  // The EL0/EL1 state of a guest, in the order lockstep lists it.
  { name: "SCTLR_EL1", enc: [3, 0, 1, 0, 0], storage: "translation", tregs: ["sctlrEl1", null], host: true, state: "guest", unicorn: true, gdb: 0 },
  { name: "TCR_EL1", enc: [3, 0, 2, 0, 2], storage: "translation", tregs: ["tcrEl1Lo", "tcrEl1Hi"], host: true, state: "guest", unicorn: true, gdb: 1 },
  { name: "TTBR0_EL1", enc: [3, 0, 2, 0, 0], storage: "translation", tregs: ["ttbr0El1Lo", "ttbr0El1Hi"], host: true, state: "guest", unicorn: true, gdb: 2 },
  { name: "TTBR1_EL1", enc: [3, 0, 2, 0, 1], storage: "translation", tregs: ["ttbr1El1Lo", "ttbr1El1Hi"], host: true, state: "guest", unicorn: true, gdb: 3 },
  { name: "MAIR_EL1", enc: [3, 0, 10, 2, 0], storage: "translation", tregs: ["mairEl1Lo", "mairEl1Hi"], host: true, state: "guest", unicorn: true, gdb: 4 },
  { name: "VBAR_EL1", enc: [3, 0, 12, 0, 0], storage: "slot", host: true, state: "guest", unicorn: true, gdb: 5 },
  { name: "ELR_EL1", enc: [3, 0, 4, 0, 1], storage: "slot", host: true, state: "guest", unicorn: true, gdb: 8 },
  { name: "SPSR_EL1", enc: [3, 0, 4, 0, 0], storage: "slot", host: true, state: "guest", unicorn: true, gdb: 9 },
  { name: "ESR_EL1", enc: [3, 0, 5, 2, 0], storage: "slot", host: true, state: "guest", unicorn: true, gdb: 6 },
  { name: "FAR_EL1", enc: [3, 0, 6, 0, 0], storage: "slot", host: true, state: "guest", unicorn: true, gdb: 7 },
  // SP_EL0 by MRS/MSR only while it is not the current SP (SPSel = 1); SP_EL1 only from EL2.
  { name: "SP_EL0", enc: [3, 0, 4, 1, 0], storage: "stack", handler: true, host: true, state: "guest", gdb: 10 },
  { name: "SP_EL1", enc: [3, 4, 4, 1, 0], el: 2, storage: "stack", host: true, state: "guest", gdb: 11 },
  { name: "TPIDR_EL0", enc: [3, 3, 13, 0, 2], el: 0, storage: "slot", host: true, state: "guest", unicorn: true },
  { name: "TPIDRRO_EL0", enc: [3, 3, 13, 0, 3], el: 0, storage: "slot", host: true, state: "guest", unicorn: true },
  { name: "TPIDR_EL1", enc: [3, 0, 13, 0, 4], storage: "slot", host: true, state: "guest", unicorn: true },
  { name: "CONTEXTIDR_EL1", enc: [3, 0, 13, 0, 1], storage: "slot", host: true, state: "guest", unicorn: true },
  { name: "CPACR_EL1", enc: [3, 0, 1, 0, 2], storage: "slot", host: true, state: "guest", unicorn: true },
  { name: "PAR_EL1", enc: [3, 0, 7, 4, 0], storage: "slot", host: true, state: "guest", unicorn: true },
  { name: "FPCR", enc: [3, 3, 4, 4, 0], el: 0, storage: "fpcr", handler: true, host: true, state: "guest" },
  { name: "FPSR", enc: [3, 3, 4, 4, 1], el: 0, storage: "fpsr", handler: true, host: true, state: "guest" },

  // Identification: what this core implements (insn/id-registers.ts), Cortex-A57 as QEMU's.
  { name: "MIDR_EL1", enc: [3, 0, 0, 0, 0], access: "ro", storage: "none", handler: true },
  { name: "MPIDR_EL1", enc: [3, 0, 0, 0, 5], access: "ro", storage: "none", handler: true },
  { name: "REVIDR_EL1", enc: [3, 0, 0, 0, 6], access: "ro", storage: "constant", value: 0n },
  { name: "ID_AA64PFR0_EL1", enc: [3, 0, 0, 4, 0], access: "ro", storage: "none", handler: true },
  { name: "ID_AA64DFR0_EL1", enc: [3, 0, 0, 5, 0], access: "ro", storage: "constant", value: ID.ID_AA64DFR0_EL1 },
  { name: "ID_AA64ISAR0_EL1", enc: [3, 0, 0, 6, 0], access: "ro", storage: "constant", value: ID.ID_AA64ISAR0_EL1 },
  { name: "ID_AA64ISAR1_EL1", enc: [3, 0, 0, 6, 1], access: "ro", storage: "constant", value: ID.ID_AA64ISAR1_EL1 },
  { name: "ID_AA64MMFR0_EL1", enc: [3, 0, 0, 7, 0], access: "ro", storage: "constant", value: ID.ID_AA64MMFR0_EL1 },
  { name: "ID_AA64MMFR1_EL1", enc: [3, 0, 0, 7, 1], access: "ro", storage: "constant", value: ID.ID_AA64MMFR1_EL1 },
  { name: "ID_AA64MMFR2_EL1", enc: [3, 0, 0, 7, 2], access: "ro", storage: "constant", value: ID.ID_AA64MMFR2_EL1 },
  { name: "CCSIDR_EL1", enc: [3, 1, 0, 0, 0], access: "ro", storage: "constant", value: ID.CCSIDR_EL1 },
  { name: "CLIDR_EL1", enc: [3, 1, 0, 0, 1], access: "ro", storage: "constant", value: ID.CLIDR_EL1 },
  // Auxiliary ID: IMPLEMENTATION DEFINED; QEMU reads it as 0 on every core (so does Unicorn).
  { name: "AIDR_EL1", enc: [3, 1, 0, 0, 7], access: "ro", storage: "constant", value: 0n },
  { name: "CSSELR_EL1", enc: [3, 2, 0, 0, 0], storage: "slot" },
  { name: "CTR_EL0", enc: [3, 3, 0, 0, 1], el: 0, access: "ro", storage: "constant", value: ID.CTR_EL0 },
  { name: "DCZID_EL0", enc: [3, 3, 0, 0, 7], el: 0, access: "ro", storage: "constant", value: ID.DCZID_EL0 },

  // Other EL1 control and fault state guests save and restore.
  { name: "ACTLR_EL1", enc: [3, 0, 1, 0, 1], storage: "slot" },
  { name: "AMAIR_EL1", enc: [3, 0, 10, 3, 0], storage: "slot" },
  { name: "AFSR0_EL1", enc: [3, 0, 5, 1, 0], storage: "slot" },
  { name: "AFSR1_EL1", enc: [3, 0, 5, 1, 1], storage: "slot" },
  { name: "ISR_EL1", enc: [3, 0, 12, 1, 0], access: "ro", storage: "none", handler: true },

  // PSTATE as registers.
  { name: "NZCV", enc: [3, 3, 4, 2, 0], el: 0, storage: "none", handler: true },
  { name: "DAIF", enc: [3, 3, 4, 2, 1], el: 0, storage: "none", handler: true },
  { name: "SPSel", enc: [3, 0, 4, 2, 0], storage: "none", handler: true },
  { name: "CurrentEL", enc: [3, 0, 4, 2, 2], el: 0, access: "ro", storage: "none", handler: true },

  // The generic timer: stored here, compared by the handlers with the virtual clock.
  { name: "CNTKCTL_EL1", enc: [3, 0, 14, 1, 0], storage: "slot", host: true, state: "timer" },
  { name: "CNTFRQ_EL0", enc: [3, 3, 14, 0, 0], el: 0, access: "ro", storage: "constant", value: BigInt(ID.CNTFRQ_HZ), handler: true },
  { name: "CNTPCT_EL0", enc: [3, 3, 14, 0, 1], el: 0, access: "ro", storage: "none", handler: true },
  { name: "CNTVCT_EL0", enc: [3, 3, 14, 0, 2], el: 0, access: "ro", storage: "none", handler: true },
  { name: "CNTV_TVAL_EL0", enc: [3, 3, 14, 3, 0], el: 0, storage: "none", handler: true },
  { name: "CNTV_CTL_EL0", enc: [3, 3, 14, 3, 1], el: 0, storage: "slot", handler: true, host: true, state: "timer", timers: 0 },
  { name: "CNTV_CVAL_EL0", enc: [3, 3, 14, 3, 2], el: 0, storage: "slot", handler: true, host: true, state: "timer", timers: 0 },
  { name: "CNTP_TVAL_EL0", enc: [3, 3, 14, 2, 0], el: 0, storage: "none", handler: true },
  { name: "CNTP_CTL_EL0", enc: [3, 3, 14, 2, 1], el: 0, storage: "slot", handler: true, host: true, state: "timer", timers: 1 },
  { name: "CNTP_CVAL_EL0", enc: [3, 3, 14, 2, 2], el: 0, storage: "slot", handler: true, host: true, state: "timer", timers: 1 },

  // Debug and the OS lock: stored so guests that save/restore them see what they wrote.
  { name: "MDSCR_EL1", enc: [2, 0, 0, 2, 2], storage: "slot" },
  { name: "MDCCINT_EL1", enc: [2, 0, 0, 2, 0], storage: "slot" },
  { name: "OSLAR_EL1", enc: [2, 0, 1, 0, 4], access: "wo", storage: "none", handler: true },
  { name: "OSLSR_EL1", enc: [2, 0, 1, 1, 4], access: "ro", storage: "slot", handler: true },
  { name: "OSDLR_EL1", enc: [2, 0, 1, 3, 4], storage: "slot" },
  { name: "MDCCSR_EL0", enc: [2, 3, 0, 1, 0], el: 0, storage: "razwi" },

  // Performance monitors: none advertised (PMUVer 0); kernels that probe anyway read 0.
  { name: "PMCR_EL0", enc: [3, 3, 9, 12, 0], storage: "slot", host: true, unicorn: true },
  { name: "PMUSERENR_EL0", enc: [3, 3, 9, 14, 0], storage: "slot" },
  { name: "PMOVSSET_EL0", enc: [3, 3, 9, 14, 3], storage: "razwi" },

  // The GICv3 CPU interface, forwarded to the vGICv3.
  { name: "ICC_PMR_EL1", enc: [3, 0, 4, 6, 0], storage: "gic" },
  { name: "ICC_IAR0_EL1", enc: [3, 0, 12, 8, 0], access: "ro", storage: "gic" },
  { name: "ICC_EOIR0_EL1", enc: [3, 0, 12, 8, 1], access: "wo", storage: "gic" },
  { name: "ICC_HPPIR0_EL1", enc: [3, 0, 12, 8, 2], access: "ro", storage: "gic" },
  { name: "ICC_BPR0_EL1", enc: [3, 0, 12, 8, 3], storage: "gic" },
  { name: "ICC_AP0R0_EL1", enc: [3, 0, 12, 8, 4], storage: "gic" },
  { name: "ICC_AP0R1_EL1", enc: [3, 0, 12, 8, 5], storage: "gic" },
  { name: "ICC_AP0R2_EL1", enc: [3, 0, 12, 8, 6], storage: "gic" },
  { name: "ICC_AP0R3_EL1", enc: [3, 0, 12, 8, 7], storage: "gic" },
  { name: "ICC_AP1R0_EL1", enc: [3, 0, 12, 9, 0], storage: "gic" },
  { name: "ICC_AP1R1_EL1", enc: [3, 0, 12, 9, 1], storage: "gic" },
  { name: "ICC_AP1R2_EL1", enc: [3, 0, 12, 9, 2], storage: "gic" },
  { name: "ICC_AP1R3_EL1", enc: [3, 0, 12, 9, 3], storage: "gic" },
  { name: "ICC_DIR_EL1", enc: [3, 0, 12, 11, 1], access: "wo", storage: "gic" },
  { name: "ICC_RPR_EL1", enc: [3, 0, 12, 11, 3], access: "ro", storage: "gic" },
  { name: "ICC_SGI1R_EL1", enc: [3, 0, 12, 11, 5], access: "wo", storage: "gic" },
  { name: "ICC_ASGI1R_EL1", enc: [3, 0, 12, 11, 6], access: "wo", storage: "gic" },
  { name: "ICC_SGI0R_EL1", enc: [3, 0, 12, 11, 7], access: "wo", storage: "gic" },
  { name: "ICC_IAR1_EL1", enc: [3, 0, 12, 12, 0], access: "ro", storage: "gic" },
  { name: "ICC_EOIR1_EL1", enc: [3, 0, 12, 12, 1], access: "wo", storage: "gic" },
  { name: "ICC_HPPIR1_EL1", enc: [3, 0, 12, 12, 2], access: "ro", storage: "gic" },
  { name: "ICC_BPR1_EL1", enc: [3, 0, 12, 12, 3], storage: "gic" },
  { name: "ICC_CTLR_EL1", enc: [3, 0, 12, 12, 4], storage: "gic" },
  { name: "ICC_SRE_EL1", enc: [3, 0, 12, 12, 5], storage: "gic" },
  { name: "ICC_IGRPEN0_EL1", enc: [3, 0, 12, 12, 6], storage: "gic" },
  { name: "ICC_IGRPEN1_EL1", enc: [3, 0, 12, 12, 7], storage: "gic" },

  // EL2 state the hypervisor writes and the core reads, and the syndrome of a trap to EL2.
  { name: "HCR_EL2", enc: [3, 4, 1, 1, 0], el: 2, storage: "translation", tregs: ["hcrEl2Lo", "hcrEl2Hi"], host: true },
  { name: "VTTBR_EL2", enc: [3, 4, 2, 1, 0], el: 2, storage: "translation", tregs: ["vttbrEl2Lo", "vttbrEl2Hi"], host: true },
  { name: "VTCR_EL2", enc: [3, 4, 2, 1, 2], el: 2, storage: "translation", tregs: ["vtcrEl2", null], host: true },
  { name: "VMPIDR_EL2", enc: [3, 4, 0, 0, 5], el: 2, storage: "slot", host: true },
  { name: "VPIDR_EL2", enc: [3, 4, 0, 0, 0], el: 2, storage: "slot", host: true },
  { name: "CNTVOFF_EL2", enc: [3, 4, 14, 0, 3], el: 2, storage: "slot", host: true, timers: "both" },
  { name: "ELR_EL2", enc: [3, 4, 4, 0, 1], el: 2, storage: "slot", host: true },
  { name: "SPSR_EL2", enc: [3, 4, 4, 0, 0], el: 2, storage: "slot", host: true },
  { name: "ESR_EL2", enc: [3, 4, 5, 2, 0], el: 2, storage: "slot", host: true },
  { name: "FAR_EL2", enc: [3, 4, 6, 0, 0], el: 2, storage: "slot", host: true },
  { name: "HPFAR_EL2", enc: [3, 4, 6, 0, 4], el: 2, storage: "slot", host: true },
  // Only Unicorn's CPU has EL3: its setup makes EL2 and below non-secure AArch64.
  { name: "SCR_EL3", enc: [3, 6, 1, 1, 0], el: 3, storage: "none" },
] as const satisfies readonly SysRegRow[];

type Row = (typeof SYSTEM_REGISTERS)[number];

/** System registers the host reaches by name (Cpu.getSysreg/setSysreg). */
export type SysRegName = Extract<Row, { host: true }>["name"];
/** Registers with a slot in SystemRegisters. */
export type SlotName = Extract<Row, { storage: "slot" | "stack" }>["name"];
/** The GICv3 CPU interface registers, by the part of the name between ICC_ and _EL1. */
export type IccRegister = Extract<Row, { storage: "gic" }>["name"] extends `ICC_${infer R}_EL1` ? R : never;

const ROWS: readonly SysRegRow[] = SYSTEM_REGISTERS;

export function sysRegRow(name: string): SysRegRow {
  const r = ROWS.find((row) => row.name === name);
  if (r === undefined) throw new Error(`no system register ${name} in the table`);
  return r;
}

/** The encoding of a register that has one (for backends that address registers by it). */
export function encodingOf(name: string): Encoding {
  const e = sysRegRow(name).enc;
  if (e === undefined) throw new Error(`system register ${name} has no encoding`);
  return e;
}

/** Rows in table order that satisfy `keep`. */
export function sysRegRows(keep: (r: SysRegRow) => boolean): readonly SysRegRow[] {
  return ROWS.filter(keep);
}
