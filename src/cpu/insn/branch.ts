// Branches (ARM ARM C4.1.85): immediate, conditional, compare/test-and-branch, register
// (BR/BLR/RET) and exception return.
import type { CoreContext } from "../core-context.ts";
import { pattern, type Op, type Pattern } from "../decode-pattern.ts";
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

function sext(v: number, bits: number): number {
  const s = 32 - bits;
  return (v << s) >> s;
}

function branchImm(f: Record<string, number>): Op {
  const off = sext(f.imm26, 26) * 4;
  if (f.op === 1)
    return (c) => {
      link(c);
      return jump(c, off);
    };
  return (c) => jump(c, off);
}

function branchCond(f: Record<string, number>): Op {
  const off = sext(f.imm19, 19) * 4;
  const holds = condition(f.cond);
  return (c) => (holds(c) ? jump(c, off) : false);
}

function compareBranch(f: Record<string, number>): Op {
  const off = sext(f.imm19, 19) * 4;
  const t = rZr(f.rt);
  const nonZero = f.op === 1;
  if (f.sf) return (c) => (((c.x[t] | c.x[t + 1]) !== 0) === nonZero ? jump(c, off) : false);
  return (c) => ((c.x[t] !== 0) === nonZero ? jump(c, off) : false);
}

function testBranch(f: Record<string, number>): Op {
  const off = sext(f.imm14, 14) * 4;
  const bit = (f.b5 << 5) | f.b40;
  const t = rZr(f.rt) + (bit >= 32 ? 1 : 0);
  const mask = 1 << (bit & 31);
  const nonZero = f.op === 1;
  return (c) => (((c.x[t] & mask) !== 0) === nonZero ? jump(c, off) : false);
}

function branchReg(f: Record<string, number>): Op | null {
  const n = rZr(f.rn);
  switch (f.opc) {
    case 0: // BR
    case 2: // RET
      return (c) => {
        c.setPcParts(c.x[n + 1], c.x[n]);
        return true;
      };
    case 1: // BLR: read the target before LR is written (BLR X30)
      return (c) => {
        const lo = c.x[n];
        const hi = c.x[n + 1];
        link(c);
        c.setPcParts(hi, lo);
        return true;
      };
    default:
      return null;
  }
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

export const PATTERNS: Pattern[] = [
  pattern("B/BL", "op:1 00101 imm26:26", branchImm),
  pattern("B.cond", "01010100 imm19:19 0 cond:4", branchCond),
  pattern("CBZ/CBNZ", "sf:1 011010 op:1 imm19:19 rt:5", compareBranch),
  pattern("TBZ/TBNZ", "b5:1 011011 op:1 b40:5 imm14:14 rt:5", testBranch),
  pattern("BR/BLR/RET", "1101011 0 0 opc:2 11111 0000 0 0 rn:5 00000", branchReg),
  pattern("ERET", "1101011 0100 11111 0000 0 0 11111 00000", eret),
];
