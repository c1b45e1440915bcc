// PSTATE of the ts core as one SPSR-format value (exception entry and ERET), and the
// stack pointers: SP lives in a register-file slot and is banked on EL/SPSel changes.
import type { TsCpu } from "./cpu.ts";
import { SP_SLOT } from "./register-file.ts";
import { SR } from "./system-registers.ts";

/** PSTATE bits kept verbatim across SPSR round trips besides NZCV, DAIF and M. */
const PSTATE_OTHER_MASK = (1 << 20) | (1 << 21) | (1 << 22) | (1 << 23) | (1 << 24); // IL, SS, PAN, UAO, DIT
export const PSTATE_IL = 1 << 20;

export function getPstate(c: TsCpu): number {
  return ((c.n << 31) | (c.z << 30) | (c.c << 29) | (c.v << 28) | c.pstateOther | (c.daif << 6) | (c.el << 2) | c.spSel) >>> 0;
}

/** Write PSTATE from an SPSR value (ERET, exception return by the host). An illegal
 *  target (EL2/EL3, AArch32, EL0 with SPSel=1) sets PSTATE.IL instead (ARM ARM D1.11.1). */
export function setPstate(c: TsCpu, spsr: number): void {
  c.n = (spsr >>> 31) & 1;
  c.z = (spsr >>> 30) & 1;
  c.c = (spsr >>> 29) & 1;
  c.v = (spsr >>> 28) & 1;
  c.daif = (spsr >>> 6) & 0xf;
  c.pstateOther = spsr & PSTATE_OTHER_MASK;
  const m = spsr & 0x1f;
  const el = (m >>> 2) & 3;
  if ((m & 0x10) !== 0 || el > 1 || (m & 2) !== 0 || (el === 0 && (m & 1) !== 0)) {
    c.pstateOther |= PSTATE_IL;
    return;
  }
  setElSp(c, el, m & 1);
}

/** The register SP is banked to at (el, spSel). */
function spOwner(el: number, spSel: number): number {
  return el === 0 || spSel === 0 ? SR.SP_EL0 : SR.SP_EL1;
}

/** Change EL and SPSel, moving SP between the live slot and its banked register. */
export function setElSp(c: TsCpu, el: number, spSel: number): void {
  const from = spOwner(c.el, c.spSel);
  const to = spOwner(el, spSel);
  if (from !== to) {
    const x = c.x;
    c.sys.set(from, x[SP_SLOT * 2], x[SP_SLOT * 2 + 1]);
    x[SP_SLOT * 2] = c.sys.lo(to);
    x[SP_SLOT * 2 + 1] = c.sys.hi(to);
  }
  if (el !== c.el) {
    const s = c.tlbSets[el];
    c.rt = s.read;
    c.wt = s.write;
    c.xt = s.exec;
  }
  c.el = el;
  c.spSel = spSel;
}

/** SP_EL0 / SP_EL1 as MRS/MSR and the host see them, wherever they currently live. */
export function getBankedSp(c: TsCpu, reg: number): [lo: number, hi: number] {
  if (reg === spOwner(c.el, c.spSel)) return [c.x[SP_SLOT * 2], c.x[SP_SLOT * 2 + 1]];
  return [c.sys.lo(reg), c.sys.hi(reg)];
}

export function setBankedSp(c: TsCpu, reg: number, lo: number, hi: number): void {
  if (reg === spOwner(c.el, c.spSel)) {
    c.x[SP_SLOT * 2] = lo;
    c.x[SP_SLOT * 2 + 1] = hi;
  } else c.sys.set(reg, lo, hi);
}
