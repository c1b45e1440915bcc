// MRS/MSR targets: a map from (op0, op1, CRn, CRm, op2) to how the register is read and
// written, built from the system-register table (every row the guest's EL reaches), plus
// the handlers of the registers whose access does more than store or return a value, and
// the register families we present as read-as-zero. Values are 64-bit as [lo, hi] through
// the scratch T. A register not here (or accessed at an EL it does not allow) is UNDEFINED,
// as on QEMU.
import { TWO32 } from "../../arch/numbers.ts";
import type { CoreContext } from "../core-context.ts";
import type { IccRegister } from "../cpu-interface.ts";
import type { TranslationRegs } from "../../mmu/translation-regs.ts";
import { SR } from "../system-registers.ts";
import { SYSTEM_REGISTERS, type SysRegRow } from "../system-register-table.ts";
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

/** ICC_<reg>_EL1: forwarded to the vGICv3; UNDEFINED without one. */
function icc(name: string): SysRegAccess {
  const reg = name.slice("ICC_".length, -"_EL1".length) as IccRegister;
  return {
    name,
    read: (c) => {
      const g = c.gicCpuInterface;
      if (g === null) return c.undefinedInstruction();
      const v = g.read(reg);
      set(Number(v & 0xffffffffn), Number(v >> 32n));
    },
    write: (c, lo, hi) => {
      const g = c.gicCpuInterface;
      if (g === null) return c.undefinedInstruction();
      g.write(reg, (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0));
    },
  };
}

// ---- handlers: registers whose MRS/MSR does more than store or return a value -------------

// PFR0.GIC (bits 27:24) says whether the GICv3 system registers are there.
const PFR0_LO = Number(ID.ID_AA64PFR0_EL1 & 0xffffffffn);
const el0Counter = (bit: number) => (c: CoreContext) => ((c.sys.lo(SR.CNTKCTL_EL1) >>> bit) & 1) === 1;

const HANDLERS: Record<string, Partial<SysRegAccess>> = {
  MIDR_EL1: { read: (c) => set(c.sys.lo(SR.VPIDR_EL2), 0) },
  MPIDR_EL1: { read: (c) => set(c.sys.lo(SR.VMPIDR_EL2), c.sys.hi(SR.VMPIDR_EL2)) },
  ID_AA64PFR0_EL1: { read: (c) => set((PFR0_LO | (c.gicCpuInterface ? 1 << 24 : 0)) >>> 0, 0) },
  SP_EL0: {
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
  },
  // TPIDRRO_EL0 and TPIDR_EL0 need no handler: their rows say EL0 reaches them.
  ISR_EL1: { read: (c) => set((c.irqLine ? 1 << 7 : 0) | (c.fiqLine ? 1 << 6 : 0), 0) },
  NZCV: { read: (c) => set(c.nzcv << 28, 0), write: (c, lo) => void (c.nzcv = lo >>> 28) },
  DAIF: {
    el0Allowed: (c) => ((c.tregs.sctlrEl1 >>> 9) & 1) === 1, // SCTLR_EL1.UMA
    read: (c) => set(c.daif << 6, 0),
    write: (c, lo) => void (c.daif = (lo >>> 6) & 0xf),
  },
  SPSel: { read: (c) => set(c.spSel, 0), write: (c, lo) => c.setElSp(c.el, lo & 1) },
  CurrentEL: { read: (c) => set(c.el << 2, 0) },
  FPCR: { read: (c) => set(c.fpcr, 0), write: (c, lo) => void (c.fpcr = lo & 0x07ff_9f00) },
  FPSR: { read: (c) => set(c.fpsr, 0), write: (c, lo) => void (c.fpsr = lo & 0xf800_009f) },
  CNTFRQ_EL0: { el0Allowed: (c) => el0Counter(0)(c) || el0Counter(1)(c) },
  CNTPCT_EL0: { el0Allowed: el0Counter(0), read: (c) => setNumber(c.counter()) },
  CNTVCT_EL0: {
    el0Allowed: el0Counter(1),
    read: (c) => {
      const n = c.virtualCount();
      set(n[0], n[1]);
    },
  },
  CNTV_TVAL_EL0: timer(0, 0),
  CNTV_CTL_EL0: timer(0, 1),
  CNTV_CVAL_EL0: timer(0, 2),
  CNTP_TVAL_EL0: timer(1, 0),
  CNTP_CTL_EL0: timer(1, 1),
  CNTP_CVAL_EL0: timer(1, 2),
  OSLAR_EL1: { write: (c, lo) => c.sys.set(SR.OSLSR_EL1, ((lo & 1) << 1) | 0b1000, 0) },
  OSLSR_EL1: { read: (c) => set(c.sys.lo(SR.OSLSR_EL1) | 0b1000, 0) },
};

// ---- the MRS/MSR map ------------------------------------------------------------------------

/** How MRS/MSR reach a row by its storage, before its handler (if any) and its access rule. */
function accessByStorage(r: SysRegRow): SysRegAccess {
  const el0 = r.el === 0;
  switch (r.storage) {
    case "slot":
    case "stack":
      return stored(r.name, (SR as Record<string, number>)[r.name], { el0 });
    case "translation":
      return translation(r.name, r.tregs![0], r.tregs![1]);
    case "constant":
      return constant(r.name, r.value!, el0);
    case "razwi":
      return razwi(r.name, el0);
    case "gic":
      return icc(r.name);
    default:
      return { name: r.name, el0 };
  }
}

function fromRow(r: SysRegRow): SysRegAccess {
  const handler = HANDLERS[r.name];
  if ((handler !== undefined) !== (r.handler === true)) throw new Error(`system register ${r.name}: the table and HANDLERS disagree on its handler`);
  const a: SysRegAccess = { ...accessByStorage(r), ...handler };
  if (r.access === "ro") delete a.write;
  if (r.access === "wo") delete a.read;
  return a;
}

// Register families first: the named rows below take precedence over them.
for (let crm = 1; crm <= 7; crm++) for (let op2 = 0; op2 < 8; op2++) def(3, 0, 0, crm, op2, constant(`ID_${crm}_${op2}`, 0n)); // reserved ID space: RAZ
for (let n = 0; n < 16; n++) for (const op2 of [4, 5, 6, 7]) def(2, 0, 0, n, op2, razwi(`DBG${op2 < 6 ? "B" : "W"}${op2 & 1 ? "C" : "V"}R${n}_EL1`));
for (const op2 of [1, 2, 3, 4, 5, 6, 7]) def(3, 3, 9, 12, op2, razwi(`PMU_9_12_${op2}`));
for (const op2 of [0, 1, 2]) def(3, 3, 9, 13, op2, razwi(`PMU_9_13_${op2}`));
for (const op2 of [1, 2]) def(3, 0, 9, 14, op2, razwi(`PMINTEN_${op2}`));
for (let crm = 8; crm <= 15; crm++) for (let op2 = 0; op2 < 8; op2++) def(3, 3, 14, crm, op2, razwi(`PMEV_${crm}_${op2}`));

// Every row the guest's EL can reach (EL2/EL3 registers are UNDEFINED from EL1).
for (const r of SYSTEM_REGISTERS as readonly SysRegRow[]) {
  if (r.enc !== undefined && (r.el ?? 1) <= 1) def(...r.enc, fromRow(r));
  else if (r.handler) throw new Error(`system register ${r.name}: a handler but no MRS/MSR from EL0/EL1`);
}

export function lookupSysreg(op0: number, op1: number, crn: number, crm: number, op2: number): SysRegAccess | undefined {
  return TABLE.get(sysregKey(op0, op1, crn, crm, op2));
}
