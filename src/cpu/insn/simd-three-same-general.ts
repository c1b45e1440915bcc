// Advanced SIMD three same, the integer operations simd-three-same.ts leaves out (C4.1.95):
// halving and saturating add/subtract, shifts by register (plain, rounding, saturating),
// max/min and their pairwise forms, absolute difference (and accumulate), MLA/MLS, PMUL,
// SQDMULH/SQRDMULH; and the scalar class (C4.1.93), one element in Vd.
import type { CoreContext } from "../core-context.ts";
import { pattern, type Op, type Pattern } from "../decode-pattern.ts";
import { commitOut, elem, OUT, polyMul, put, saturate, shiftBy } from "./simd-elements.ts";

interface SameOp {
  /** Reads its operands as signed (else unsigned); `null`: the U bit decides (U=1 unsigned). */
  signed: boolean | null;
  /** Element sizes (log2 bytes) it exists for; vector 2D needs Q=1. */
  sizes: number[];
  scalarSizes?: number[];
  pairwise?: boolean;
  fn: (c: CoreContext, a: bigint, b: bigint, d: bigint, bits: number, signed: boolean) => bigint;
}

const abs = (v: bigint) => (v < 0n ? -v : v);
const shiftAmount = (b: bigint) => Number(BigInt.asIntN(8, b));
const ALL = [0, 1, 2, 3];
const NOT_D = [0, 1, 2];

/** Keyed by `opcode:U`; U is also the signedness where `signed` is null. */
const OPS: Record<string, SameOp> = {};
function def(opcode: number, u: number | null, op: SameOp): void {
  for (const U of u === null ? [0, 1] : [u]) OPS[`${opcode}:${U}`] = op;
}
def(0, null, { signed: null, sizes: NOT_D, fn: (_c, a, b) => (a + b) >> 1n }); // SHADD/UHADD
def(1, null, { signed: null, sizes: ALL, scalarSizes: ALL, fn: (c, a, b, _d, bits, s) => saturate(c, a + b, bits, s) }); // SQADD/UQADD
def(2, null, { signed: null, sizes: NOT_D, fn: (_c, a, b) => (a + b + 1n) >> 1n }); // SRHADD/URHADD
def(4, null, { signed: null, sizes: NOT_D, fn: (_c, a, b) => (a - b) >> 1n }); // SHSUB/UHSUB
def(5, null, { signed: null, sizes: ALL, scalarSizes: ALL, fn: (c, a, b, _d, bits, s) => saturate(c, a - b, bits, s) }); // SQSUB/UQSUB
def(8, null, { signed: null, sizes: ALL, scalarSizes: [3], fn: (_c, a, b) => shiftBy(a, shiftAmount(b), false) }); // SSHL/USHL
def(9, null, { signed: null, sizes: ALL, scalarSizes: ALL, fn: (c, a, b, _d, bits, s) => saturate(c, shiftBy(a, shiftAmount(b), false), bits, s) }); // SQSHL/UQSHL
def(10, null, { signed: null, sizes: ALL, scalarSizes: [3], fn: (_c, a, b) => shiftBy(a, shiftAmount(b), true) }); // SRSHL/URSHL
def(11, null, { signed: null, sizes: ALL, scalarSizes: ALL, fn: (c, a, b, _d, bits, s) => saturate(c, shiftBy(a, shiftAmount(b), true), bits, s) }); // SQRSHL/UQRSHL
def(12, null, { signed: null, sizes: NOT_D, fn: (_c, a, b) => (a > b ? a : b) }); // SMAX/UMAX
def(13, null, { signed: null, sizes: NOT_D, fn: (_c, a, b) => (a < b ? a : b) }); // SMIN/UMIN
def(14, null, { signed: null, sizes: NOT_D, fn: (_c, a, b) => abs(a - b) }); // SABD/UABD
def(15, null, { signed: null, sizes: NOT_D, fn: (_c, a, b, d) => d + abs(a - b) }); // SABA/UABA
def(18, 0, { signed: false, sizes: NOT_D, fn: (_c, a, b, d) => d + a * b }); // MLA
def(18, 1, { signed: false, sizes: NOT_D, fn: (_c, a, b, d) => d - a * b }); // MLS
def(19, 1, { signed: false, sizes: [0], fn: (_c, a, b) => polyMul(a, b) }); // PMUL
def(20, null, { signed: null, sizes: NOT_D, pairwise: true, fn: (_c, a, b) => (a > b ? a : b) }); // SMAXP/UMAXP
def(21, null, { signed: null, sizes: NOT_D, pairwise: true, fn: (_c, a, b) => (a < b ? a : b) }); // SMINP/UMINP
def(22, 0, { signed: true, sizes: [1, 2], scalarSizes: [1, 2], fn: (c, a, b, _d, bits) => saturate(c, (2n * a * b) >> BigInt(bits), bits, true) }); // SQDMULH
def(22, 1, { signed: true, sizes: [1, 2], scalarSizes: [1, 2], fn: (c, a, b, _d, bits) => saturate(c, (2n * a * b + (1n << BigInt(bits - 1))) >> BigInt(bits), bits, true) }); // SQRDMULH

/** Scalar D-register forms of the plain ops (ADD, SUB, CMxx) that the vector class has. */
const SCALAR_D: Record<string, (a: bigint, b: bigint) => bigint> = {
  "16:0": (a, b) => a + b,
  "16:1": (a, b) => a - b,
  "6:0": (a, b) => (BigInt.asIntN(64, a) > BigInt.asIntN(64, b) ? -1n : 0n),
  "6:1": (a, b) => (a > b ? -1n : 0n),
  "7:0": (a, b) => (BigInt.asIntN(64, a) >= BigInt.asIntN(64, b) ? -1n : 0n),
  "7:1": (a, b) => (a >= b ? -1n : 0n),
  "17:0": (a, b) => ((a & b) !== 0n ? -1n : 0n),
  "17:1": (a, b) => (a === b ? -1n : 0n),
};

function vector(f: Record<string, number>): Op | null {
  const { Q, U, size, rm, rn, rd, opcode } = f;
  const op = OPS[`${opcode}:${U}`];
  if (op === undefined || !op.sizes.includes(size) || (size === 3 && Q === 0)) return null;
  const esize = 1 << size;
  const bits = esize * 8;
  const count = (Q ? 16 : 8) / esize;
  const signed = op.signed ?? U === 0;
  return (c) => {
    for (let e = 0; e < count; e++) {
      let a: bigint, b: bigint;
      if (op.pairwise) {
        // Pairs of adjacent elements of the concatenation Vm:Vn.
        const half = count / 2;
        const src = e < half ? rn : rm;
        const i = (e % half) * 2;
        a = elem(c, src, i, esize, signed);
        b = elem(c, src, i + 1, esize, signed);
      } else {
        a = elem(c, rn, e, esize, signed);
        b = elem(c, rm, e, esize, signed);
      }
      put(e, esize, op.fn(c, a, b, elem(c, rd, e, esize, signed), bits, signed));
    }
    commitOut(c, rd, Q ? 16 : 8);
  };
}

function scalar(f: Record<string, number>): Op | null {
  const { U, size, rm, rn, rd, opcode } = f;
  const key = `${opcode}:${U}`;
  const plain = SCALAR_D[key];
  if (plain !== undefined) {
    if (size !== 3) return null;
    return (c) => {
      put(0, 8, plain(elem(c, rn, 0, 8, false), elem(c, rm, 0, 8, false)));
      commitOut(c, rd, 8);
    };
  }
  const op = OPS[key];
  if (op === undefined || op.scalarSizes === undefined || !op.scalarSizes.includes(size)) return null;
  const esize = 1 << size;
  const signed = op.signed ?? U === 0;
  return (c) => {
    put(0, esize, op.fn(c, elem(c, rn, 0, esize, signed), elem(c, rm, 0, esize, signed), 0n, esize * 8, signed));
    commitOut(c, rd, esize);
  };
}

export const PATTERNS: Pattern[] = [
  pattern("AdvSIMD three same (general integer)", "0 Q:1 U:1 01110 size:2 1 rm:5 opcode:5 1 rn:5 rd:5", vector),
  pattern("AdvSIMD scalar three same", "01 U:1 11110 size:2 1 rm:5 opcode:5 1 rn:5 rd:5", scalar),
];

