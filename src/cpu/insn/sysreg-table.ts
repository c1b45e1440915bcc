// MRS/MSR targets: a table from (op0, op1, CRn, CRm, op2) to how the register is read and
// written. Values are 64-bit as [lo, hi] through the scratch T. A register not in the table
// (or accessed at an EL it does not allow) is UNDEFINED, as on QEMU.
import type { CoreContext } from "../core-context.ts";
import type { IccRegister } from "../cpu-interface.ts";
import type { TranslationRegs } from "../../mmu/translation-regs.ts";
import { SR } from "../system-registers.ts";
import { T } from "./alu.ts";
import * as ID from "./id-registers.ts";

export interface SysRegAccess {
  name: string;
  /** Leaves the value in T[0] (bits 31:0) and T[1] (bits 63:32). */
  read?: (c: CoreContext) => void;
  write?: (c: CoreContext, lo: number, hi: number) => void;
  /** Accessible from EL0 (possibly only when `el0Allowed` says so). */
  el0?: boolean;
  el0Allowed?: (c: CoreContext) => boolean;
}

export function sysregKey(op0: number, op1: number, crn: number, crm: number, op2: number): number {
  return (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
}

const TABLE = new Map<number, SysRegAccess>();

function def(op0: number, op1: number, crn: number, crm: number, op2: number, a: SysRegAccess): void {
  TABLE.set(sysregKey(op0, op1, crn, crm, op2), a);
}

function set(lo: number, hi: number): void {
  T[0] = lo;
  T[1] = hi;
}

/** A plain storage register in c.sys. */
function stored(name: string, i: number, extra: Partial<SysRegAccess> = {}): SysRegAccess {
  return {
    name,
    read: (c) => set(c.sys.lo(i), c.sys.hi(i)),
    write: (c, lo, hi) => c.sys.set(i, lo, hi),
    ...extra,
  };
}

function constant(name: string, v: bigint, el0 = false): SysRegAccess {
  const lo = Number(v & 0xffffffffn);
  const hi = Number(v >> 32n);
  return { name, read: () => set(lo, hi), el0 };
}

/** Read-as-zero, writes ignored (features we present as absent but guests poke anyway). */
function razwi(name: string, el0 = false): SysRegAccess {
  return { name, read: () => set(0, 0), write: () => {}, el0 };
}

/** A translation-control register living in TranslationRegs. */
function translation(name: string, lo: keyof TranslationRegs, hi: keyof TranslationRegs | null): SysRegAccess {
  return {
    name,
    read: (c) => set(c.tregs[lo], hi ? c.tregs[hi] : 0),
    write: (c, l, h) => {
      c.tregs[lo] = l;
      if (hi) c.tregs[hi] = h;
      // Over-invalidation is always architecturally safe, and keeps no stale regime.
      c.flushTlb();
    },
  };
}

const TWO32 = 4294967296;

function setNumber(v: number): void {
  const lo = ((v % TWO32) + TWO32) % TWO32;
  set(lo, Math.floor((v - lo) / TWO32) >>> 0);
}

const countScratch = new Uint32Array(2);

/** CNTPCT_EL0 as 32-bit halves (the counter stays below 2^53, where a double is exact). */
function physicalCount(c: CoreContext): Uint32Array {
  const v = c.counter();
  countScratch[0] = v % TWO32;
  countScratch[1] = (v - countScratch[0]) / TWO32;
  return countScratch;
}

/** CNTx_CTL/CVAL/TVAL for timer t (0 virtual, 1 physical). */
function timer(t: 0 | 1, op2: number): SysRegAccess {
  const ctl = t === 0 ? SR.CNTV_CTL_EL0 : SR.CNTP_CTL_EL0;
  const cval = t === 0 ? SR.CNTV_CVAL_EL0 : SR.CNTP_CVAL_EL0;
  // The count this timer compares with, exact (CNTVOFF may be any 64-bit value).
  const now = (c: CoreContext) => (t === 0 ? c.virtualCount() : physicalCount(c));
  const name = t === 0 ? "CNTV" : "CNTP";
  // EL0 access needs CNTKCTL_EL1.EL0VTEN (bit 8) / EL0PTEN (bit 9).
  const el0Allowed = (c: CoreContext) => ((c.sys.lo(SR.CNTKCTL_EL1) >>> (t === 0 ? 8 : 9)) & 1) === 1;
  if (op2 === 0)
    return {
      name: `${name}_TVAL_EL0`,
      el0: true,
      el0Allowed,
      // TVAL = CVAL - count, low 32 bits; a write sets CVAL = count + SignExtend(TVAL).
      read: (c) => set((c.sys.lo(cval) - now(c)[0]) >>> 0, 0),
      write: (c, lo) => {
        const n = now(c);
        const sum = n[0] + (lo >>> 0);
        const carry = sum >= TWO32 ? 1 : 0;
        c.sys.set(cval, sum >>> 0, (n[1] + carry + ((lo | 0) < 0 ? 0xffffffff : 0)) >>> 0);
        c.timersChanged(t);
      },
    };
  if (op2 === 1)
    return {
      name: `${name}_CTL_EL0`,
      el0: true,
      el0Allowed,
      read: (c) => set((c.sys.lo(ctl) & 3) | (c.timerStatus(t) ? 4 : 0), 0),
      write: (c, lo) => {
        c.sys.set(ctl, lo & 3, 0);
        c.timersChanged(t);
      },
    };
  return {
    name: `${name}_CVAL_EL0`,
    el0: true,
    el0Allowed,
    read: (c) => set(c.sys.lo(cval), c.sys.hi(cval)),
    write: (c, lo, hi) => {
      c.sys.set(cval, lo, hi);
      c.timersChanged(t);
    },
  };
}

// ---- the table ------------------------------------------------------------------------

// Identification (op0=3, op1=0, CRn=0).
def(3, 0, 0, 0, 0, { name: "MIDR_EL1", read: (c) => set(c.sys.lo(SR.VPIDR_EL2), 0) });
def(3, 0, 0, 0, 5, { name: "MPIDR_EL1", read: (c) => set(c.sys.lo(SR.VMPIDR_EL2), c.sys.hi(SR.VMPIDR_EL2)) });
def(3, 0, 0, 0, 6, constant("REVIDR_EL1", 0n));
for (let crm = 1; crm <= 7; crm++) for (let op2 = 0; op2 < 8; op2++) def(3, 0, 0, crm, op2, constant(`ID_${crm}_${op2}`, 0n)); // reserved ID space: RAZ
// PFR0.GIC (bits 27:24) says whether the GICv3 system registers are there.
const PFR0_LO = Number(ID.ID_AA64PFR0_EL1 & 0xffffffffn);
def(3, 0, 0, 4, 0, { name: "ID_AA64PFR0_EL1", read: (c) => set((PFR0_LO | (c.gicCpuInterface ? 1 << 24 : 0)) >>> 0, 0) });
def(3, 0, 0, 5, 0, constant("ID_AA64DFR0_EL1", ID.ID_AA64DFR0_EL1));
def(3, 0, 0, 6, 0, constant("ID_AA64ISAR0_EL1", ID.ID_AA64ISAR0_EL1));
def(3, 0, 0, 6, 1, constant("ID_AA64ISAR1_EL1", ID.ID_AA64ISAR1_EL1));
def(3, 0, 0, 7, 0, constant("ID_AA64MMFR0_EL1", ID.ID_AA64MMFR0_EL1));
def(3, 0, 0, 7, 1, constant("ID_AA64MMFR1_EL1", ID.ID_AA64MMFR1_EL1));
def(3, 0, 0, 7, 2, constant("ID_AA64MMFR2_EL1", ID.ID_AA64MMFR2_EL1));
def(3, 1, 0, 0, 0, constant("CCSIDR_EL1", ID.CCSIDR_EL1));
def(3, 1, 0, 0, 1, constant("CLIDR_EL1", ID.CLIDR_EL1));
def(3, 2, 0, 0, 0, stored("CSSELR_EL1", SR.CSSELR_EL1));
def(3, 3, 0, 0, 1, constant("CTR_EL0", ID.CTR_EL0, true));
def(3, 3, 0, 0, 7, constant("DCZID_EL0", ID.DCZID_EL0, true));

// System control and translation.
def(3, 0, 1, 0, 0, translation("SCTLR_EL1", "sctlrEl1", null));
def(3, 0, 1, 0, 1, stored("ACTLR_EL1", SR.ACTLR_EL1));
def(3, 0, 1, 0, 2, stored("CPACR_EL1", SR.CPACR_EL1));
def(3, 0, 2, 0, 0, translation("TTBR0_EL1", "ttbr0El1Lo", "ttbr0El1Hi"));
def(3, 0, 2, 0, 1, translation("TTBR1_EL1", "ttbr1El1Lo", "ttbr1El1Hi"));
def(3, 0, 2, 0, 2, translation("TCR_EL1", "tcrEl1Lo", "tcrEl1Hi"));
def(3, 0, 10, 2, 0, translation("MAIR_EL1", "mairEl1Lo", "mairEl1Hi"));
def(3, 0, 10, 3, 0, stored("AMAIR_EL1", SR.AMAIR_EL1));

// Exception handling.
def(3, 0, 4, 0, 0, stored("SPSR_EL1", SR.SPSR_EL1));
def(3, 0, 4, 0, 1, stored("ELR_EL1", SR.ELR_EL1));
def(3, 0, 4, 1, 0, {
  name: "SP_EL0",
  // Only while SP_EL0 is not the current stack pointer (SPSel = 1).
  read: (c) => {
    if (c.spSel === 0) c.undefinedInstruction();
    const [lo, hi] = c.getBankedSp(SR.SP_EL0);
    set(lo, hi);
  },
  write: (c, lo, hi) => {
    if (c.spSel === 0) c.undefinedInstruction();
    c.setBankedSp(SR.SP_EL0, lo, hi);
  },
});
def(3, 0, 5, 1, 0, stored("AFSR0_EL1", SR.AFSR0_EL1));
def(3, 0, 5, 1, 1, stored("AFSR1_EL1", SR.AFSR1_EL1));
def(3, 0, 5, 2, 0, stored("ESR_EL1", SR.ESR_EL1));
def(3, 0, 6, 0, 0, stored("FAR_EL1", SR.FAR_EL1));
def(3, 0, 7, 4, 0, stored("PAR_EL1", SR.PAR_EL1));
def(3, 0, 12, 0, 0, stored("VBAR_EL1", SR.VBAR_EL1));
def(3, 0, 12, 1, 0, {
  name: "ISR_EL1",
  read: (c) => set((c.irqLine ? 1 << 7 : 0) | (c.fiqLine ? 1 << 6 : 0), 0),
});
def(3, 0, 13, 0, 1, stored("CONTEXTIDR_EL1", SR.CONTEXTIDR_EL1));
def(3, 0, 13, 0, 4, stored("TPIDR_EL1", SR.TPIDR_EL1));
def(3, 3, 13, 0, 2, stored("TPIDR_EL0", SR.TPIDR_EL0, { el0: true }));
def(3, 3, 13, 0, 3, stored("TPIDRRO_EL0", SR.TPIDRRO_EL0, { el0: true, el0Allowed: () => true }));

// PSTATE views.
def(3, 3, 4, 2, 0, { name: "NZCV", el0: true, read: (c) => set(c.nzcv << 28, 0), write: (c, lo) => void (c.nzcv = lo >>> 28) });
def(3, 3, 4, 2, 1, {
  name: "DAIF",
  el0: true,
  el0Allowed: (c) => ((c.tregs.sctlrEl1 >>> 9) & 1) === 1, // SCTLR_EL1.UMA
  read: (c) => set(c.daif << 6, 0),
  write: (c, lo) => void (c.daif = (lo >>> 6) & 0xf),
});
def(3, 0, 4, 2, 0, { name: "SPSel", read: (c) => set(c.spSel, 0), write: (c, lo) => c.setElSp(c.el, lo & 1) });
def(3, 0, 4, 2, 2, { name: "CurrentEL", el0: true, read: (c) => set(c.el << 2, 0) });
def(3, 3, 4, 4, 0, { name: "FPCR", el0: true, read: (c) => set(c.fpcr, 0), write: (c, lo) => void (c.fpcr = lo & 0x07ff_9f00) });
def(3, 3, 4, 4, 1, { name: "FPSR", el0: true, read: (c) => set(c.fpsr, 0), write: (c, lo) => void (c.fpsr = lo & 0xf800_009f) });

// Generic timer.
const el0Counter = (bit: number) => (c: CoreContext) => ((c.sys.lo(SR.CNTKCTL_EL1) >>> bit) & 1) === 1;
def(3, 0, 14, 1, 0, stored("CNTKCTL_EL1", SR.CNTKCTL_EL1));
def(3, 3, 14, 0, 0, { ...constant("CNTFRQ_EL0", BigInt(ID.CNTFRQ_HZ), true), el0Allowed: (c) => el0Counter(0)(c) || el0Counter(1)(c) });
def(3, 3, 14, 0, 1, { name: "CNTPCT_EL0", el0: true, el0Allowed: el0Counter(0), read: (c) => setNumber(c.counter()) });
def(3, 3, 14, 0, 2, { name: "CNTVCT_EL0", el0: true, el0Allowed: el0Counter(1), read: (c) => {
  const n = c.virtualCount();
  set(n[0], n[1]);
} });
for (let op2 = 0; op2 < 3; op2++) {
  def(3, 3, 14, 2, op2, timer(1, op2));
  def(3, 3, 14, 3, op2, timer(0, op2));
}

// Debug and OS lock: stored so guests that save/restore them see what they wrote.
def(2, 0, 0, 2, 2, stored("MDSCR_EL1", SR.MDSCR_EL1));
def(2, 0, 0, 2, 0, stored("MDCCINT_EL1", SR.MDCCINT_EL1));
def(2, 0, 1, 0, 4, { name: "OSLAR_EL1", write: (c, lo) => c.sys.set(SR.OSLSR_EL1, (lo & 1) << 1 | 0b1000, 0) });
def(2, 0, 1, 1, 4, { name: "OSLSR_EL1", read: (c) => set(c.sys.lo(SR.OSLSR_EL1) | 0b1000, 0) });
def(2, 0, 1, 3, 4, stored("OSDLR_EL1", SR.OSDLR_EL1));
def(2, 3, 0, 1, 0, razwi("MDCCSR_EL0", true));
for (let n = 0; n < 16; n++) for (const op2 of [4, 5, 6, 7]) def(2, 0, 0, n, op2, razwi(`DBG${op2 < 6 ? "B" : "W"}${op2 & 1 ? "C" : "V"}R${n}_EL1`));

// Performance monitors: no PMU is advertised (PMUVer 0); kernels probing anyway read 0.
def(3, 3, 9, 12, 0, stored("PMCR_EL0", SR.PMCR_EL0));
for (const op2 of [1, 2, 3, 4, 5, 6, 7]) def(3, 3, 9, 12, op2, razwi(`PMU_9_12_${op2}`));
for (const op2 of [0, 1, 2]) def(3, 3, 9, 13, op2, razwi(`PMU_9_13_${op2}`));
def(3, 3, 9, 14, 0, stored("PMUSERENR_EL0", SR.PMUSERENR_EL0));
for (const op2 of [1, 2]) def(3, 0, 9, 14, op2, razwi(`PMINTEN_${op2}`));
def(3, 3, 9, 14, 3, razwi("PMOVSSET_EL0"));
for (let crm = 8; crm <= 15; crm++) for (let op2 = 0; op2 < 8; op2++) def(3, 3, 14, crm, op2, razwi(`PMEV_${crm}_${op2}`));

// GICv3 CPU interface (ICC_*_EL1): forwarded to the vGICv3; UNDEFINED without one.
function icc(reg: IccRegister, access: "r" | "w" | "rw"): SysRegAccess {
  return {
    name: `ICC_${reg}_EL1`,
    read: access === "w" ? undefined : (c) => {
      const g = c.gicCpuInterface;
      if (g === null) return c.undefinedInstruction();
      const v = g.read(reg);
      set(Number(v & 0xffffffffn), Number(v >> 32n));
    },
    write: access === "r" ? undefined : (c, lo, hi) => {
      const g = c.gicCpuInterface;
      if (g === null) return c.undefinedInstruction();
      g.write(reg, (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0));
    },
  };
}
def(3, 0, 4, 6, 0, icc("PMR", "rw"));
def(3, 0, 12, 8, 0, icc("IAR0", "r"));
def(3, 0, 12, 8, 1, icc("EOIR0", "w"));
def(3, 0, 12, 8, 2, icc("HPPIR0", "r"));
def(3, 0, 12, 8, 3, icc("BPR0", "rw"));
(["AP0R0", "AP0R1", "AP0R2", "AP0R3"] as const).forEach((r, n) => def(3, 0, 12, 8, 4 + n, icc(r, "rw")));
(["AP1R0", "AP1R1", "AP1R2", "AP1R3"] as const).forEach((r, n) => def(3, 0, 12, 9, n, icc(r, "rw")));
def(3, 0, 12, 11, 1, icc("DIR", "w"));
def(3, 0, 12, 11, 3, icc("RPR", "r"));
def(3, 0, 12, 11, 5, icc("SGI1R", "w"));
def(3, 0, 12, 11, 6, icc("ASGI1R", "w"));
def(3, 0, 12, 11, 7, icc("SGI0R", "w"));
def(3, 0, 12, 12, 0, icc("IAR1", "r"));
def(3, 0, 12, 12, 1, icc("EOIR1", "w"));
def(3, 0, 12, 12, 2, icc("HPPIR1", "r"));
def(3, 0, 12, 12, 3, icc("BPR1", "rw"));
def(3, 0, 12, 12, 4, icc("CTLR", "rw"));
def(3, 0, 12, 12, 5, icc("SRE", "rw"));
def(3, 0, 12, 12, 6, icc("IGRPEN0", "rw"));
def(3, 0, 12, 12, 7, icc("IGRPEN1", "rw"));

export function lookupSysreg(op0: number, op1: number, crn: number, crm: number, op2: number): SysRegAccess | undefined {
  return TABLE.get(sysregKey(op0, op1, crn, crm, op2));
}
