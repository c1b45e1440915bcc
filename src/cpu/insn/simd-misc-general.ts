// Advanced SIMD two-register misc, the integer forms simd-misc.ts leaves out (C4.1.99):
// pairwise long add (and accumulate), SUQADD/USQADD, CLS/CLZ, RBIT, SQABS/SQNEG, the
// saturating narrows (SQXTN, UQXTN, SQXTUN) and SHLL; the scalar two-register misc class
// (C4.1.100), scalar pairwise ADDP (C4.1.101) and scalar DUP (element) (C4.1.102).
import type { CoreContext } from "../core-context.ts";
import { pattern, type Op, type Pattern } from "../decode-pattern.ts";
import { commitOut, elem, outFrom, put, saturate } from "./simd-elements.ts";

const clz = (v: bigint, bits: number) => {
  let n = 0;
  for (let i = bits - 1; i >= 0 && ((v >> BigInt(i)) & 1n) === 0n; i--) n++;
  return BigInt(n);
};
const cls = (v: bigint, bits: number) => {
  const top = (v >> BigInt(bits - 1)) & 1n;
  let n = 0;
  for (let i = bits - 2; i >= 0 && ((v >> BigInt(i)) & 1n) === top; i--) n++;
  return BigInt(n);
};
const rbit8 = (v: bigint) => {
  let r = 0n;
  for (let i = 0n; i < 8n; i++) if ((v >> i) & 1n) r |= 1n << (7n - i);
  return r;
};

type Unary = (c: CoreContext, a: bigint, d: bigint, bits: number) => bigint;
interface MiscOp {
  signed: boolean;
  sizes: number[];
  fn: Unary;
}

/** Same-width element operations, keyed `opcode:U`. */
const SAME: Record<string, MiscOp> = {
  "3:0": { signed: true, sizes: [0, 1, 2, 3], fn: (c, a, d, bits) => saturate(c, BigInt.asIntN(bits, d) + BigInt.asUintN(bits, a), bits, true) }, // SUQADD: Vn unsigned into signed Vd
  "3:1": { signed: true, sizes: [0, 1, 2, 3], fn: (c, a, d, bits) => saturate(c, BigInt.asUintN(bits, d) + a, bits, false) }, // USQADD: Vn signed into unsigned Vd
  "4:0": { signed: false, sizes: [0, 1, 2], fn: (_c, a, _d, bits) => cls(a, bits) }, // CLS
  "4:1": { signed: false, sizes: [0, 1, 2], fn: (_c, a, _d, bits) => clz(a, bits) }, // CLZ
  "7:0": { signed: true, sizes: [0, 1, 2, 3], fn: (c, a, _d, bits) => saturate(c, a < 0n ? -a : a, bits, true) }, // SQABS
  "7:1": { signed: true, sizes: [0, 1, 2, 3], fn: (c, a, _d, bits) => saturate(c, -a, bits, true) }, // SQNEG
};

function vector(f: Record<string, number>): Op | null {
  const { Q, U, size, opcode, rn, rd } = f;
  const esize = 1 << size;
  const bytes = Q ? 16 : 8;
  if (opcode === 0b00101 && U === 1 && size === 1) {
    // RBIT (vector): reverse the bits of each byte
    return (c) => {
      for (let e = 0; e < bytes; e++) put(e, 1, rbit8(elem(c, rn, e, 1, false)));
      commitOut(c, rd, bytes);
    };
  }
  if (opcode === 0b00010 || opcode === 0b00110) {
    // SADDLP/UADDLP, SADALP/UADALP: adjacent pairs added into double-width elements
    if (size === 3) return null;
    const signed = U === 0;
    const acc = opcode === 0b00110;
    const count = bytes / (esize * 2);
    return (c) => {
      for (let e = 0; e < count; e++) {
        const sum = elem(c, rn, 2 * e, esize, signed) + elem(c, rn, 2 * e + 1, esize, signed);
        put(e, esize * 2, acc ? elem(c, rd, e, esize * 2, false) + sum : sum);
      }
      commitOut(c, rd, bytes);
    };
  }
  if (opcode === 0b10011 && U === 1) {
    // SHLL{2}: widen and shift left by the element size
    if (size === 3) return null;
    const first = Q ? 8 / esize : 0;
    return (c) => {
      for (let e = 0; e < 8 / esize; e++) put(e, esize * 2, elem(c, rn, first + e, esize, false) << BigInt(esize * 8));
      commitOut(c, rd, 16);
    };
  }
  const narrow = narrowOp(opcode, U);
  if (narrow !== null) {
    if (size === 3) return null;
    const count = 8 / esize;
    return (c) => {
      outFrom(c, rd);
      for (let e = 0; e < count; e++) put((Q ? count : 0) + e, esize, narrow(c, elem(c, rn, e, esize * 2, narrow.srcSigned), esize * 8));
      commitOut(c, rd, Q ? 16 : 8);
    };
  }
  const op = SAME[`${opcode}:${U}`];
  if (op === undefined || !op.sizes.includes(size) || (size === 3 && !Q)) return null;
  const count = bytes / esize;
  return (c) => {
    for (let e = 0; e < count; e++) put(e, esize, op.fn(c, elem(c, rn, e, esize, op.signed), elem(c, rd, e, esize, false), esize * 8));
    commitOut(c, rd, bytes);
  };
}

/** SQXTN (U=0, opcode 10100), UQXTN (U=1, 10100), SQXTUN (U=1, 10010). */
function narrowOp(opcode: number, U: number): (((c: CoreContext, a: bigint, bits: number) => bigint) & { srcSigned: boolean }) | null {
  const make = (srcSigned: boolean, dstSigned: boolean) => Object.assign((c: CoreContext, a: bigint, bits: number) => saturate(c, a, bits, dstSigned), { srcSigned });
  if (opcode === 0b10100) return U === 0 ? make(true, true) : make(false, false);
  if (opcode === 0b10010 && U === 1) return make(true, false);
  return null;
}

/** Scalar two-register misc: one element, the rest of Vd cleared. */
function scalar(f: Record<string, number>): Op | null {
  const { U, size, opcode, rn, rd } = f;
  const esize = 1 << size;
  const narrow = narrowOp(opcode, U);
  if (narrow !== null) {
    if (size === 3) return null;
    return (c) => {
      put(0, esize, narrow(c, elem(c, rn, 0, esize * 2, narrow.srcSigned), esize * 8));
      commitOut(c, rd, esize);
    };
  }
  const d64: Record<string, (a: bigint) => bigint> = {
    "11:0": (a) => (a < 0n ? -a : a), // ABS
    "11:1": (a) => -a, // NEG
    "9:0": (a) => (a === 0n ? -1n : 0n), // CMEQ #0
    "8:0": (a) => (a > 0n ? -1n : 0n), // CMGT #0
    "8:1": (a) => (a >= 0n ? -1n : 0n), // CMGE #0
    "9:1": (a) => (a <= 0n ? -1n : 0n), // CMLE #0
    "10:0": (a) => (a < 0n ? -1n : 0n), // CMLT #0
  };
  const plain = d64[`${opcode}:${U}`];
  if (plain !== undefined) {
    if (size !== 3) return null;
    return (c) => {
      put(0, 8, plain(elem(c, rn, 0, 8, true)));
      commitOut(c, rd, 8);
    };
  }
  const op = SAME[`${opcode}:${U}`];
  if (op === undefined || opcode === 4 || !op.sizes.includes(size)) return null;
  return (c) => {
    put(0, esize, op.fn(c, elem(c, rn, 0, esize, op.signed), elem(c, rd, 0, esize, false), esize * 8));
    commitOut(c, rd, esize);
  };
}

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
  pattern("AdvSIMD two-register misc (general integer)", "0 Q:1 U:1 01110 size:2 10000 opcode:5 10 rn:5 rd:5", vector),
  pattern("AdvSIMD scalar two-register misc", "01 U:1 11110 size:2 10000 opcode:5 10 rn:5 rd:5", scalar),
  pattern("AdvSIMD scalar pairwise", "01 U:1 11110 size:2 11000 opcode:5 10 rn:5 rd:5", scalarPairwise),
  pattern("AdvSIMD scalar copy (DUP element)", "01 0 11110000 imm5:5 0 0000 1 rn:5 rd:5", scalarDup),
];
