// Exceptions of the ts core: synchronous exceptions and interrupts taken to EL1 here,
// traps to EL2 recorded as a VM exit, the aborts that memory accesses and fetches raise,
// and the illegal-state exception after an illegal exception return.
import type { TsCpu } from "./cpu.ts";
import { PSTATE_IL, getPstate, setElSp } from "./pstate.ts";
import { SR } from "./system-registers.ts";
import { SyncExitRecord } from "./vm-exit.ts";
import { EC, FSC, ISS_S1PTW, esrOf, hpfarFromIpa, wnr } from "../arch/syndrome.ts";
import { TWO32 } from "../arch/numbers.ts";

import { EXCEPTION_TAKEN } from "./exception-taken.ts";

export { EXCEPTION_TAKEN };

/** Vector offsets from VBAR_EL1 (ARM ARM D1.10.2). */
const VECTOR = { SYNC: 0x000, IRQ: 0x080, FIQ: 0x100, SERROR: 0x180 } as const;

export function instructionAbort(c: TsCpu, hi: number, lo: number): never {
  const f = c.mmu.fault;
  if (f.stage === 2) {
    const iss = (f.s1ptw ? ISS_S1PTW : 0) | f.fsc;
    trapToEl2(c, EC.IABT_LOWER, iss, hi, lo, hpfarFromIpa(f.ipa), c.pcHi, c.pcLo);
  }
  raise(c, c.el === 0 ? EC.IABT_LOWER : EC.IABT_SAME, f.fsc, hi, lo);
}

/** A translation fault described by mmu.fault: stage 2 → VM exit, stage 1 → EL1. */
export function dataAbort(c: TsCpu, hi: number, lo: number, iss: number, write: boolean): never {
  const f = c.mmu.fault;
  const wr = wnr(write);
  if (f.stage === 2) {
    // A stage-2 fault on the stage-1 walk carries no instruction syndrome (ISV=0).
    const syn = f.s1ptw ? ISS_S1PTW | wr | f.fsc : iss | wr | f.fsc;
    trapToEl2(c, EC.DABT_LOWER, syn, hi, lo, hpfarFromIpa(f.ipa), c.pcHi, c.pcLo);
  }
  raise(c, c.el === 0 ? EC.DABT_LOWER : EC.DABT_SAME, wr | f.fsc, hi, lo);
}

export function alignmentFault(c: TsCpu, hi: number, lo: number, write: boolean): never {
  raise(c, c.el === 0 ? EC.DABT_LOWER : EC.DABT_SAME, wnr(write) | FSC.ALIGNMENT, hi, lo);
}

export function externalAbort(c: TsCpu, hi: number, lo: number, write: boolean): never {
  raise(c, c.el === 0 ? EC.DABT_LOWER : EC.DABT_SAME, wnr(write) | FSC.EXTERNAL, hi, lo);
}

/** Take a synchronous exception to EL1 and unwind the current Op. FAR_EL1 is written
 *  for aborts (farHi/farLo given), left alone otherwise. */
export function raise(c: TsCpu, ec: number, iss: number, farHi = -1, farLo = 0): never {
  enterEl1(c, VECTOR.SYNC, esrOf(ec, iss));
  if (farHi >= 0) c.sys.set(SR.FAR_EL1, farLo, farHi);
  throw EXCEPTION_TAKEN;
}

/** The Op for an UNDEFINED encoding: EC 0x00 to EL1, ELR = this instruction. */
export function undefinedInstruction(c: TsCpu): never {
  raise(c, EC.UNKNOWN, 0);
}

/** Record a synchronous exception to EL2 and unwind: ELR_EL2 = (elrHi:elrLo). */
export function trapToEl2(c: TsCpu, ec: number, iss: number, farHi: number, farLo: number, hpfar: number, elrHi: number, elrLo: number): never {
  const esr = esrOf(ec, iss);
  const spsr = getPstate(c);
  c.sys.set(SR.ESR_EL2, esr, 0);
  c.sys.set(SR.FAR_EL2, farLo >>> 0, farHi >>> 0);
  c.sys.set(SR.HPFAR_EL2, hpfar % TWO32, Math.floor(hpfar / TWO32));
  c.sys.set(SR.ELR_EL2, elrLo >>> 0, elrHi >>> 0);
  c.sys.set(SR.SPSR_EL2, spsr, 0);
  c.pcHi = elrHi >>> 0;
  c.pcLo = elrLo >>> 0;
  c.exit = new SyncExitRecord(esr, farHi >>> 0, farLo >>> 0, hpfar, elrHi >>> 0, elrLo >>> 0, spsr);
  throw EXCEPTION_TAKEN;
}

/** HVC/SMC and other traps whose preferred return is the next instruction. */
export function trapToEl2After(c: TsCpu, ec: number, iss: number): never {
  const lo = c.pcLo + 4;
  const hi = lo >= TWO32 ? (c.pcHi + 1) >>> 0 : c.pcHi;
  trapToEl2(c, ec, iss, 0, 0, 0, hi, lo >>> 0);
}

/** Take an unmasked IRQ or FIQ from the lines into the EL1 vector (also the Unicorn
 *  backend's interrupt entry, so both follow one definition). */
export function takePendingInterrupt(c: TsCpu): boolean {
  if (c.irqLine && (c.daif & 2) === 0) enterEl1(c, VECTOR.IRQ, -1);
  else if (c.fiqLine && (c.daif & 1) === 0) enterEl1(c, VECTOR.FIQ, -1);
  else return false;
  return true;
}

export function illegalState(c: TsCpu): void {
  enterEl1(c, VECTOR.SYNC, esrOf(EC.ILLEGAL_STATE, 0));
}

/** Exception entry to EL1 (ARM ARM D1.10): save PC/PSTATE, mask DAIF, EL1h, jump. */
export function enterEl1(c: TsCpu, offset: number, esr: number): void {
  const spsr = getPstate(c);
  const base = c.el === 0 ? 0x400 : c.spSel === 1 ? 0x200 : 0;
  c.sys.set(SR.ELR_EL1, c.pcLo, c.pcHi);
  c.sys.set(SR.SPSR_EL1, spsr, 0);
  if (esr >= 0) c.sys.set(SR.ESR_EL1, esr, 0);
  setElSp(c, 1, 1);
  c.daif = 0xf;
  c.pstateOther &= ~(PSTATE_IL | (1 << 21)); // IL and SS clear on entry
  c.pcLo = ((c.sys.lo(SR.VBAR_EL1) & ~0x7ff) | (base + offset)) >>> 0;
  c.pcHi = c.sys.hi(SR.VBAR_EL1);
  c.exclusivePa = -1;
}
