// Branches (ARM ARM C4.1.85): immediate, conditional, compare/test-and-branch, register
// (BR/BLR/RET) and exception return.
import type { CoreContext } from "../core-context.ts";
import { insn, notImplemented, type InsnEntry, type Op } from "../decode-pattern.ts";
import { rZr, wZr } from "../register-file.ts";
import { condition } from "./condition.ts";
import { SR } from "../system-registers.ts";

import { TWO32 } from "../../arch/numbers.ts";
const LR = wZr(30);

/** PC-relative jump by a signed byte offset. */
function jump(c: CoreContext, off: number): true {
  const s = c.pcLo + off;
  const lo = s >>> 0;
  c.pcHi = (c.pcHi + (s - lo) / TWO32) >>> 0;
  c.pcLo = lo;
  return true;
}

/** X30 = address of the next instruction. */
function link(c: CoreContext): void {
  const s = c.pcLo + 4;
  c.x[LR] = s;
  c.x[LR + 1] = s >= TWO32 ? c.pcHi + 1 : c.pcHi;
}

/** B and BL: `off` is the byte offset (imm26 × 4). */
function branchImm(off: number, withLink: boolean): Op {
  if (withLink)
    return (c) => {
      link(c);
      return jump(c, off);
    };
  return (c) => jump(c, off);
}

function branchCond(f: { readonly imm19: number; readonly cond: number }): Op {
  const off = f.imm19;
  const holds = condition(f.cond);
  return (c) => (holds(c) ? jump(c, off) : false);
}

/** CBZ/CBNZ. */
function compareBranch(f: { readonly sf: number; readonly imm19: number; readonly rt: number }, nonZero: boolean): Op {
  const off = f.imm19;
  const t = rZr(f.rt);
  if (f.sf) return (c) => (((c.x[t] | c.x[t + 1]) !== 0) === nonZero ? jump(c, off) : false);
  return (c) => ((c.x[t] !== 0) === nonZero ? jump(c, off) : false);
}

/** TBZ/TBNZ. */
function testBranch(f: { readonly b5: number; readonly b40: number; readonly imm14: number; readonly rt: number }, nonZero: boolean): Op {
  const off = f.imm14;
  const bit = (f.b5 << 5) | f.b40;
  const t = rZr(f.rt) + (bit >= 32 ? 1 : 0);
  const mask = 1 << (bit & 31);
  return (c) => (((c.x[t] & mask) !== 0) === nonZero ? jump(c, off) : false);
}

/** BR and RET. */
function branchTo(f: { readonly rn: number }): Op {
  const n = rZr(f.rn);
  return (c) => {
    c.setPcParts(c.x[n + 1], c.x[n]);
    return true;
  };
}

/** BLR: read the target before LR is written (BLR X30). */
function branchLinkTo(f: { readonly rn: number }): Op {
  const n = rZr(f.rn);
  return (c) => {
    const lo = c.x[n];
    const hi = c.x[n + 1];
    link(c);
    c.setPcParts(hi, lo);
    return true;
  };
}

function eret(): Op {
  return (c) => {
    if (c.el === 0) c.undefinedInstruction();
    const spsr = c.sys.lo(SR.SPSR_EL1);
    const lo = c.sys.lo(SR.ELR_EL1);
    const hi = c.sys.hi(SR.ELR_EL1);
    c.setPstate(spsr);
    c.setPcParts(hi, lo);
    c.exclusivePa = -1;
    return true;
  };
}

const PAUTH =
  "FEAT_PAuth (pointer authentication) is absent on the Cortex-A57-class ARMv8.0 core modelled here (ID_AA64ISAR1_EL1.APA/API = 0), so the instruction is UNDEFINED as on that CPU";

const JUMP = { endsBlock: true, readsPc: true } as const;

// ERET may be UNDEFINED at EL0, a trap that depends on the state at run time: mayFault.
export const INSNS: InsnEntry[] = [
  insn("B", "0 00101 imm26:s26*4", JUMP, (f) => branchImm(f.imm26, false)),
  insn("BL", "1 00101 imm26:s26*4", JUMP, (f) => branchImm(f.imm26, true)),
  insn("B.cond", "01010100 imm19:s19*4 0 cond:4", { ...JUMP, readsFlags: true }, branchCond),
  notImplemented(
    "BC.cond",
    "01010100 imm19:s19*4 1 cond:4",
    { feature: "FEAT_HBC", ...JUMP, readsFlags: true },
    "FEAT_HBC (hinted conditional branches, ARMv8.8) is absent on the Cortex-A57-class ARMv8.0 core modelled here, so the encoding is UNDEFINED as on that CPU",
  ),
  insn("CBZ", "sf:1 011010 0 imm19:s19*4 rt:5", JUMP, (f) => compareBranch(f, false)),
  insn("CBNZ", "sf:1 011010 1 imm19:s19*4 rt:5", JUMP, (f) => compareBranch(f, true)),
  insn("TBZ", "b5:1 011011 0 b40:5 imm14:s14*4 rt:5", JUMP, (f) => testBranch(f, false)),
  insn("TBNZ", "b5:1 011011 1 b40:5 imm14:s14*4 rt:5", JUMP, (f) => testBranch(f, true)),
  insn("BR", "1101011 0 0 00 11111 0000 0 0 rn:5 00000", { endsBlock: true }, branchTo),
  insn("BLR", "1101011 0 0 01 11111 0000 0 0 rn:5 00000", JUMP, branchLinkTo),
  insn("RET", "1101011 0 0 10 11111 0000 0 0 rn:5 00000", { endsBlock: true }, branchTo),
  insn("ERET", "1101011 0 1 00 11111 0000 0 0 11111 00000", { endsBlock: true, mayFault: true }, eret),
  notImplemented(
    "DRPS",
    "1101011 0 1 01 11111 0000 0 0 11111 00000",
    {},
    "DRPS is UNDEFINED outside Debug state, and this core has no halting debug (no Debug state)",
  ),
  notImplemented("BRAA, BRAAZ, BRAB, BRABZ", "1101011 Z:1 0 00 11111 0000 1 M:1 rn:5 rm:5", { feature: "FEAT_PAuth", endsBlock: true }, PAUTH),
  notImplemented("BLRAA, BLRAAZ, BLRAB, BLRABZ", "1101011 Z:1 0 01 11111 0000 1 M:1 rn:5 rm:5", { feature: "FEAT_PAuth", ...JUMP }, PAUTH),
  notImplemented("RETAA, RETAB", "1101011 0 0 10 11111 0000 1 M:1 11111 11111", { feature: "FEAT_PAuth", endsBlock: true }, PAUTH),
  notImplemented("ERETAA, ERETAB", "1101011 0 1 00 11111 0000 1 M:1 11111 11111", { feature: "FEAT_PAuth", endsBlock: true, mayFault: true }, PAUTH),
];
