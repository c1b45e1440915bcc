// Advanced SIMD three same (ARM ARM C4.1.95), vector forms: integer (bitwise logic, add and
// subtract, halving and saturating arithmetic, compares, shifts by register, max/min and
// their pairwise forms, absolute difference, multiply) and single/double floating point.
// One entry per instruction: U and opcode (and, for the bitwise group, size; for FP, a) select
// it. The common integer operations run on numbers lane by lane; the rest on BigInt elements
// (simd-elements.ts). FP lanes run the scalar FP code (fp-scalar.ts) through staging registers.
import type { CoreContext } from "../core-context.ts";
import { insn, notImplemented, type FieldsOf, type InsnEntry, type Op } from "../decode-pattern.ts";
import { twoSource, get, put as putFp, type Prec } from "./fp-scalar.ts";
import { commitOut, elem, polyMul, put, saturate, shiftBy } from "./simd-elements.ts";
import { compare, D, fma, fmulx, lanes, M, N, scalar2, type LaneOp } from "./simd-fp-lanes.ts";
import { clearR, commit, lane, laneSigned, R, setLane } from "./simd-lanes.ts";
import { TWO32 } from "../../arch/numbers.ts";

/** The operand fields of the integer forms (size selects the arrangement). */
export type VectorFields = FieldsOf<"Q:1 size:2 rm:5 rn:5 rd:5">;
/** The operand fields of the bitwise forms (size is part of the opcode there). */
type BitwiseFields = FieldsOf<"Q:1 rm:5 rn:5 rd:5">;
/** The operand fields of the FP forms (sz: single or double). */
type FpVectorFields = FieldsOf<"Q:1 sz:1 rm:5 rn:5 rd:5">;

// ---- bitwise (opcode 00011, U:size selects the operation) ------------------------------------

const BITWISE = { AND: 0, BIC: 1, ORR: 2, ORN: 3, EOR: 4, BSL: 5, BIT: 6, BIF: 7 } as const;
type Bitwise = (typeof BITWISE)[keyof typeof BITWISE];

function logical(f: BitwiseFields, op: Bitwise): Op {
  const { Q, rm, rn, rd } = f;
  const words = Q ? 4 : 2;
  return (c) => {
    const v = c.vreg;
    for (let w = 0; w < words; w++) {
      const n = v[rn * 4 + w],
        m = v[rm * 4 + w],
        d = v[rd * 4 + w];
      let r: number;
      switch (op) {
        case 0:
          r = n & m;
          break; // AND
        case 1:
          r = n & ~m;
          break; // BIC
        case 2:
          r = n | m;
          break; // ORR (MOV when Rn = Rm)
        case 3:
          r = n | ~m;
          break; // ORN
        case 4:
          r = n ^ m;
          break; // EOR
        case 5:
          r = (d & n) | (~d & m);
          break; // BSL
        case 6:
          r = (d & ~m) | (n & m);
          break; // BIT
        default:
          r = (d & m) | (n & ~m); // BIF
      }
      R[w] = r;
    }
    if (!Q) R[2] = R[3] = 0;
    commit(c, rd, Q === 1);
  };
}

// ---- common integer operations, on numbers ----------------------------------------------------

/** One element of up to 32 bits from the lanes of Vn and Vm (count: elements in the vector,
 *  for the pairwise ADDP; mask: all ones of the element's width, for the compares). */
type ElementOp = (c: CoreContext, rn: number, rm: number, e: number, esize: number, mask: number, count: number) => number;
/** The 2D form: builds the Op from the registers (Q is 1). */
type WideOp = (rn: number, rm: number, rd: number) => Op;
/** One pair of 64-bit elements held as words: writes R[2e], R[2e+1]. */
type DoubleOp = (nLo: number, nHi: number, mLo: number, mHi: number, e: number) => void;

/** Per-lane operation on a pair of 64-bit lanes held as words. */
function lanes64(c: CoreContext, rn: number, rm: number, rd: number, q: boolean, fn: DoubleOp): void {
  const v = c.vreg;
  const count = q ? 2 : 1;
  for (let e = 0; e < count; e++) fn(v[rn * 4 + 2 * e], v[rn * 4 + 2 * e + 1], v[rm * 4 + 2 * e], v[rm * 4 + 2 * e + 1], e);
  commit(c, rd, q);
}

const wide =
  (fn: DoubleOp): WideOp =>
  (rn, rm, rd) =>
  (c) =>
    lanes64(c, rn, rm, rd, true, fn);

function put64(e: number, lo: number, hi: number): void {
  R[2 * e] = lo;
  R[2 * e + 1] = hi;
}

/** Compares two 64-bit values held as words: 1, 0 or -1. */
function cmp64(sign: boolean, aLo: number, aHi: number, bLo: number, bHi: number): number {
  const ah = sign ? aHi | 0 : aHi,
    bh = sign ? bHi | 0 : bHi;
  return ah !== bh ? (ah > bh ? 1 : -1) : aLo === bLo ? 0 : aLo > bLo ? 1 : -1;
}

const add64 = wide((a, b, x, y, e) => {
  const s = a + x;
  put64(e, s, b + y + (s >= TWO32 ? 1 : 0));
});
const sub64 = wide((a, b, x, y, e) => {
  const s = a - x;
  put64(e, s, b - y - (s < 0 ? 1 : 0));
});
const cmgt64 = wide((a, b, x, y, e) => {
  const r = cmp64(true, a, b, x, y) > 0 ? -1 : 0;
  put64(e, r, r);
});
const cmhi64 = wide((a, b, x, y, e) => {
  const r = cmp64(false, a, b, x, y) > 0 ? -1 : 0;
  put64(e, r, r);
});
const cmge64 = wide((a, b, x, y, e) => {
  const r = cmp64(true, a, b, x, y) >= 0 ? -1 : 0;
  put64(e, r, r);
});
const cmhs64 = wide((a, b, x, y, e) => {
  const r = cmp64(false, a, b, x, y) >= 0 ? -1 : 0;
  put64(e, r, r);
});
const cmtst64 = wide((a, b, x, y, e) => {
  const r = (a & x) | (b & y) ? -1 : 0;
  put64(e, r, r);
});
const cmeq64 = wide((a, b, x, y, e) => {
  const r = a === x && b === y ? -1 : 0;
  put64(e, r, r);
});

/** ADDP (2D): pairs of adjacent lanes of Rn:Rm. */
const addp64: WideOp = (rn, rm, rd) => (c) => {
  const v = c.vreg;
  const sums: number[] = [];
  for (const reg of [rn, rm]) {
    const s = v[reg * 4] + v[reg * 4 + 2];
    sums.push(s >>> 0, (v[reg * 4 + 1] + v[reg * 4 + 3] + (s >= TWO32 ? 1 : 0)) >>> 0);
  }
  R[0] = sums[0];
  R[1] = sums[1];
  R[2] = sums[2];
  R[3] = sums[3];
  commit(c, rd, true);
};

const ADD: ElementOp = (c, rn, rm, e, esize) => lane(c, rn, e, esize) + lane(c, rm, e, esize);
const SUB: ElementOp = (c, rn, rm, e, esize) => lane(c, rn, e, esize) - lane(c, rm, e, esize);
const CMGT: ElementOp = (c, rn, rm, e, esize, mask) => (laneSigned(c, rn, e, esize) > laneSigned(c, rm, e, esize) ? mask : 0);
const CMHI: ElementOp = (c, rn, rm, e, esize, mask) => (lane(c, rn, e, esize) > lane(c, rm, e, esize) ? mask : 0);
const CMGE: ElementOp = (c, rn, rm, e, esize, mask) => (laneSigned(c, rn, e, esize) >= laneSigned(c, rm, e, esize) ? mask : 0);
const CMHS: ElementOp = (c, rn, rm, e, esize, mask) => (lane(c, rn, e, esize) >= lane(c, rm, e, esize) ? mask : 0);
const CMTST: ElementOp = (c, rn, rm, e, esize, mask) => ((lane(c, rn, e, esize) & lane(c, rm, e, esize)) !== 0 ? mask : 0);
const CMEQ: ElementOp = (c, rn, rm, e, esize, mask) => (lane(c, rn, e, esize) === lane(c, rm, e, esize) ? mask : 0);
const MUL: ElementOp = (c, rn, rm, e, esize) => Math.imul(lane(c, rn, e, esize), lane(c, rm, e, esize));
/** ADDP: lanes of the concatenation Rm:Rn, added in pairs. */
const ADDP: ElementOp = (c, rn, rm, e, esize, _mask, count) => {
  const half = count / 2;
  const src = e < half ? rn : rm;
  const i = (e % half) * 2;
  return lane(c, src, i, esize) + lane(c, src, i + 1, esize);
};

/** An element-wise integer operation; `wideOp` is its 2D form (null: no 64-bit elements). */
function elementwise(f: VectorFields, fn: ElementOp, wideOp: WideOp | null): Op | null {
  const { Q, size, rm, rn, rd } = f;
  const q = Q === 1;
  if (size === 3) return q && wideOp !== null ? wideOp(rn, rm, rd) : null; // 1D forms are the scalar class
  const esize = 1 << size;
  const count = (q ? 16 : 8) / esize;
  const mask = esize === 4 ? 0xffffffff : (1 << (8 * esize)) - 1;
  return (c) => {
    clearR();
    for (let e = 0; e < count; e++) setLane(e, esize, fn(c, rn, rm, e, esize, mask, count) >>> 0);
    commit(c, rd, q);
  };
}

// ---- the other integer operations, on BigInt elements -----------------------------------------

/** An operation on elements of `bits` bits read signed or unsigned as the instruction says. */
export interface ElementSemantics {
  /** Element sizes (log2 bytes) it exists for in the vector form; 2D needs Q=1. */
  readonly sizes: readonly number[];
  /** Element sizes its scalar form exists for (simd-scalar-three-same.ts). */
  readonly scalarSizes?: readonly number[];
  /** Operands are adjacent pairs of the concatenation Vm:Vn. */
  readonly pairwise?: boolean;
  readonly fn: (c: CoreContext, a: bigint, b: bigint, d: bigint, bits: number, signed: boolean) => bigint;
}

const abs = (v: bigint) => (v < 0n ? -v : v);
const shiftAmount = (b: bigint) => Number(BigInt.asIntN(8, b));
const ALL = [0, 1, 2, 3];
const NOT_D = [0, 1, 2];

export const HALVING_ADD: ElementSemantics = { sizes: NOT_D, fn: (_c, a, b) => (a + b) >> 1n };
export const SATURATING_ADD: ElementSemantics = { sizes: ALL, scalarSizes: ALL, fn: (c, a, b, _d, bits, s) => saturate(c, a + b, bits, s) };
export const ROUNDING_HALVING_ADD: ElementSemantics = { sizes: NOT_D, fn: (_c, a, b) => (a + b + 1n) >> 1n };
export const HALVING_SUB: ElementSemantics = { sizes: NOT_D, fn: (_c, a, b) => (a - b) >> 1n };
export const SATURATING_SUB: ElementSemantics = { sizes: ALL, scalarSizes: ALL, fn: (c, a, b, _d, bits, s) => saturate(c, a - b, bits, s) };
export const SHIFT: ElementSemantics = { sizes: ALL, scalarSizes: [3], fn: (_c, a, b) => shiftBy(a, shiftAmount(b), false) };
export const SATURATING_SHIFT: ElementSemantics = {
  sizes: ALL,
  scalarSizes: ALL,
  fn: (c, a, b, _d, bits, s) => saturate(c, shiftBy(a, shiftAmount(b), false), bits, s),
};
export const ROUNDING_SHIFT: ElementSemantics = { sizes: ALL, scalarSizes: [3], fn: (_c, a, b) => shiftBy(a, shiftAmount(b), true) };
export const SATURATING_ROUNDING_SHIFT: ElementSemantics = {
  sizes: ALL,
  scalarSizes: ALL,
  fn: (c, a, b, _d, bits, s) => saturate(c, shiftBy(a, shiftAmount(b), true), bits, s),
};
const MAX: ElementSemantics = { sizes: NOT_D, fn: (_c, a, b) => (a > b ? a : b) };
const MIN: ElementSemantics = { sizes: NOT_D, fn: (_c, a, b) => (a < b ? a : b) };
const ABS_DIFF: ElementSemantics = { sizes: NOT_D, fn: (_c, a, b) => abs(a - b) };
const ABS_DIFF_ACC: ElementSemantics = { sizes: NOT_D, fn: (_c, a, b, d) => d + abs(a - b) };
const MLA: ElementSemantics = { sizes: NOT_D, fn: (_c, a, b, d) => d + a * b };
const MLS: ElementSemantics = { sizes: NOT_D, fn: (_c, a, b, d) => d - a * b };
const PMUL: ElementSemantics = { sizes: [0], fn: (_c, a, b) => polyMul(a, b) };
const MAX_PAIRWISE: ElementSemantics = { sizes: NOT_D, pairwise: true, fn: (_c, a, b) => (a > b ? a : b) };
const MIN_PAIRWISE: ElementSemantics = { sizes: NOT_D, pairwise: true, fn: (_c, a, b) => (a < b ? a : b) };
export const DOUBLING_MUL_HIGH: ElementSemantics = {
  sizes: [1, 2],
  scalarSizes: [1, 2],
  fn: (c, a, b, _d, bits) => saturate(c, (2n * a * b) >> BigInt(bits), bits, true),
};
export const ROUNDING_DOUBLING_MUL_HIGH: ElementSemantics = {
  sizes: [1, 2],
  scalarSizes: [1, 2],
  fn: (c, a, b, _d, bits) => saturate(c, (2n * a * b + (1n << BigInt(bits - 1))) >> BigInt(bits), bits, true),
};

const SIGNED = true,
  UNSIGNED = false;

function general(f: VectorFields, op: ElementSemantics, signed: boolean): Op | null {
  const { Q, size, rm, rn, rd } = f;
  if (!op.sizes.includes(size) || (size === 3 && Q === 0)) return null;
  const esize = 1 << size;
  const bits = esize * 8;
  const count = (Q ? 16 : 8) / esize;
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

// ---- floating point ----------------------------------------------------------------------------

// The scalar FP data-processing (2 source) opcodes the lanes run (fp-scalar.ts twoSource).
const FMUL = 0,
  FDIV = 1,
  FADD = 2,
  FSUB = 3,
  FMAX = 4,
  FMIN = 5,
  FMAXNM = 6,
  FMINNM = 7;

const SRC1 = 32,
  SRC2 = 33,
  DST = 34;

/** FADD, FSUB, FMUL, FDIV, FMAX, FMIN, FMAXNM, FMINNM: each lane runs the scalar
 *  instruction through hidden scratch registers 32–34. */
function viaScalar(f: FpVectorFields, opcode: number): Op | null {
  const { Q, sz, rm, rn, rd } = f;
  if (sz === 1 && Q === 0) return null;
  const scalar = twoSource({ ftype: sz, rn: SRC1, rm: SRC2, rd: DST, opcode })!;
  const words = sz ? 2 : 1;
  const count = (Q ? 4 : 2) / words;
  return (c) => {
    const v = c.vreg;
    const out = [0, 0, 0, 0];
    for (let e = 0; e < count; e++) {
      for (let w = 0; w < words; w++) {
        v[SRC1 * 4 + w] = v[rn * 4 + e * words + w];
        v[SRC2 * 4 + w] = v[rm * 4 + e * words + w];
      }
      scalar(c);
      for (let w = 0; w < words; w++) out[e * words + w] = v[DST * 4 + w];
    }
    R[0] = out[0];
    R[1] = out[1];
    R[2] = out[2];
    R[3] = out[3];
    commit(c, rd, Q === 1);
  };
}

/** A lane operation built for a precision, run on every lane (or adjacent pair) of the
 *  staging registers of simd-fp-general.ts. */
function fpLanes(f: FpVectorFields, make: (p: Prec) => LaneOp, pairwise = false): Op | null {
  const { Q, sz, rm, rn, rd } = f;
  if (sz === 1 && Q === 0) return null;
  const p = sz as Prec;
  const op = make(p);
  return (c) => lanes(c, p, Q === 1, rn, rm, rd, op, pairwise);
}

/** FABD: |a − b| (the subtraction's rounding and flags, then the sign cleared: FPAbs clears
 *  it on a NaN result too, as QEMU's float_abs and Unicorn do). */
export function fabd(p: Prec): LaneOp {
  const sub = scalar2(p, FSUB);
  return (c) => {
    sub(c);
    c.vreg[D * 4 + (p === 0 ? 0 : 1)] &= 0x7fff_ffff;
  };
}

/** FRECPS (2 − a·b) and FRSQRTS ((3 − a·b) / 2), fused, with ∞·0 giving 2.0 / 1.5. */
export function reciprocalStep(p: Prec, sqrt: boolean): LaneOp {
  const fms = fma(p, true); // D − N·M
  return (c) => {
    const a = get(c, N, p);
    const b = get(c, M, p);
    if (!Number.isNaN(a) && !Number.isNaN(b) && ((a === 0 && Math.abs(b) === Infinity) || (b === 0 && Math.abs(a) === Infinity))) {
      return putFp(c, D, p, sqrt ? 1.5 : 2);
    }
    putFp(c, D, p, sqrt ? 3 : 2);
    fms(c);
    const r = get(c, D, p);
    if (sqrt && !Number.isNaN(r)) putFp(c, D, p, r / 2);
  };
}

export const fcmeq = (p: Prec) => compare(p, "eq", false, false);
export const fcmge = (p: Prec) => compare(p, "ge", false, false);
export const fcmgt = (p: Prec) => compare(p, "gt", false, false);
export const facge = (p: Prec) => compare(p, "ge", true, false);
export const facgt = (p: Prec) => compare(p, "gt", true, false);
export const frecps = (p: Prec) => reciprocalStep(p, false);
export const frsqrts = (p: Prec) => reciprocalStep(p, true);

// ---- the table ----------------------------------------------------------------------------------

const V = "Vector";
const FHM_ABSENT = "FEAT_FHM (ARMv8.2) is absent on the Cortex-A57 the core models: UNDEFINED there too";

export const INSNS: InsnEntry[] = [
  // bitwise
  insn({ name: "AND (vector)", encoding: V }, "0 Q:1 0 01110 00 1 rm:5 00011 1 rn:5 rd:5", {}, (f) => logical(f, BITWISE.AND)),
  insn({ name: "BIC (vector, register)", encoding: V }, "0 Q:1 0 01110 01 1 rm:5 00011 1 rn:5 rd:5", {}, (f) => logical(f, BITWISE.BIC)),
  insn({ name: "ORR (vector, register)", encoding: V }, "0 Q:1 0 01110 10 1 rm:5 00011 1 rn:5 rd:5", {}, (f) => logical(f, BITWISE.ORR)),
  insn({ name: "ORN (vector)", encoding: V }, "0 Q:1 0 01110 11 1 rm:5 00011 1 rn:5 rd:5", {}, (f) => logical(f, BITWISE.ORN)),
  insn({ name: "EOR (vector)", encoding: V }, "0 Q:1 1 01110 00 1 rm:5 00011 1 rn:5 rd:5", {}, (f) => logical(f, BITWISE.EOR)),
  insn({ name: "BSL", encoding: V }, "0 Q:1 1 01110 01 1 rm:5 00011 1 rn:5 rd:5", {}, (f) => logical(f, BITWISE.BSL)),
  insn({ name: "BIT", encoding: V }, "0 Q:1 1 01110 10 1 rm:5 00011 1 rn:5 rd:5", {}, (f) => logical(f, BITWISE.BIT)),
  insn({ name: "BIF", encoding: V }, "0 Q:1 1 01110 11 1 rm:5 00011 1 rn:5 rd:5", {}, (f) => logical(f, BITWISE.BIF)),
  // integer, U = 0 (signed) and U = 1 (unsigned) by opcode
  insn({ name: "SHADD", encoding: V }, "0 Q:1 0 01110 size:2 1 rm:5 00000 1 rn:5 rd:5", {}, (f) => general(f, HALVING_ADD, SIGNED)),
  insn({ name: "UHADD", encoding: V }, "0 Q:1 1 01110 size:2 1 rm:5 00000 1 rn:5 rd:5", {}, (f) => general(f, HALVING_ADD, UNSIGNED)),
  insn({ name: "SQADD", encoding: V }, "0 Q:1 0 01110 size:2 1 rm:5 00001 1 rn:5 rd:5", {}, (f) => general(f, SATURATING_ADD, SIGNED)),
  insn({ name: "UQADD", encoding: V }, "0 Q:1 1 01110 size:2 1 rm:5 00001 1 rn:5 rd:5", {}, (f) => general(f, SATURATING_ADD, UNSIGNED)),
  insn({ name: "SRHADD", encoding: V }, "0 Q:1 0 01110 size:2 1 rm:5 00010 1 rn:5 rd:5", {}, (f) => general(f, ROUNDING_HALVING_ADD, SIGNED)),
  insn({ name: "URHADD", encoding: V }, "0 Q:1 1 01110 size:2 1 rm:5 00010 1 rn:5 rd:5", {}, (f) => general(f, ROUNDING_HALVING_ADD, UNSIGNED)),
  insn({ name: "SHSUB", encoding: V }, "0 Q:1 0 01110 size:2 1 rm:5 00100 1 rn:5 rd:5", {}, (f) => general(f, HALVING_SUB, SIGNED)),
  insn({ name: "UHSUB", encoding: V }, "0 Q:1 1 01110 size:2 1 rm:5 00100 1 rn:5 rd:5", {}, (f) => general(f, HALVING_SUB, UNSIGNED)),
  insn({ name: "SQSUB", encoding: V }, "0 Q:1 0 01110 size:2 1 rm:5 00101 1 rn:5 rd:5", {}, (f) => general(f, SATURATING_SUB, SIGNED)),
  insn({ name: "UQSUB", encoding: V }, "0 Q:1 1 01110 size:2 1 rm:5 00101 1 rn:5 rd:5", {}, (f) => general(f, SATURATING_SUB, UNSIGNED)),
  insn({ name: "CMGT (register)", encoding: V }, "0 Q:1 0 01110 size:2 1 rm:5 00110 1 rn:5 rd:5", {}, (f) => elementwise(f, CMGT, cmgt64)),
  insn({ name: "CMHI (register)", encoding: V }, "0 Q:1 1 01110 size:2 1 rm:5 00110 1 rn:5 rd:5", {}, (f) => elementwise(f, CMHI, cmhi64)),
  insn({ name: "CMGE (register)", encoding: V }, "0 Q:1 0 01110 size:2 1 rm:5 00111 1 rn:5 rd:5", {}, (f) => elementwise(f, CMGE, cmge64)),
  insn({ name: "CMHS (register)", encoding: V }, "0 Q:1 1 01110 size:2 1 rm:5 00111 1 rn:5 rd:5", {}, (f) => elementwise(f, CMHS, cmhs64)),
  insn({ name: "SSHL", encoding: V }, "0 Q:1 0 01110 size:2 1 rm:5 01000 1 rn:5 rd:5", {}, (f) => general(f, SHIFT, SIGNED)),
  insn({ name: "USHL", encoding: V }, "0 Q:1 1 01110 size:2 1 rm:5 01000 1 rn:5 rd:5", {}, (f) => general(f, SHIFT, UNSIGNED)),
  insn({ name: "SQSHL (register)", encoding: V }, "0 Q:1 0 01110 size:2 1 rm:5 01001 1 rn:5 rd:5", {}, (f) => general(f, SATURATING_SHIFT, SIGNED)),
  insn({ name: "UQSHL (register)", encoding: V }, "0 Q:1 1 01110 size:2 1 rm:5 01001 1 rn:5 rd:5", {}, (f) => general(f, SATURATING_SHIFT, UNSIGNED)),
  insn({ name: "SRSHL", encoding: V }, "0 Q:1 0 01110 size:2 1 rm:5 01010 1 rn:5 rd:5", {}, (f) => general(f, ROUNDING_SHIFT, SIGNED)),
  insn({ name: "URSHL", encoding: V }, "0 Q:1 1 01110 size:2 1 rm:5 01010 1 rn:5 rd:5", {}, (f) => general(f, ROUNDING_SHIFT, UNSIGNED)),
  insn({ name: "SQRSHL", encoding: V }, "0 Q:1 0 01110 size:2 1 rm:5 01011 1 rn:5 rd:5", {}, (f) => general(f, SATURATING_ROUNDING_SHIFT, SIGNED)),
  insn({ name: "UQRSHL", encoding: V }, "0 Q:1 1 01110 size:2 1 rm:5 01011 1 rn:5 rd:5", {}, (f) => general(f, SATURATING_ROUNDING_SHIFT, UNSIGNED)),
  insn("SMAX", "0 Q:1 0 01110 size:2 1 rm:5 01100 1 rn:5 rd:5", {}, (f) => general(f, MAX, SIGNED)),
  insn("UMAX", "0 Q:1 1 01110 size:2 1 rm:5 01100 1 rn:5 rd:5", {}, (f) => general(f, MAX, UNSIGNED)),
  insn("SMIN", "0 Q:1 0 01110 size:2 1 rm:5 01101 1 rn:5 rd:5", {}, (f) => general(f, MIN, SIGNED)),
  insn("UMIN", "0 Q:1 1 01110 size:2 1 rm:5 01101 1 rn:5 rd:5", {}, (f) => general(f, MIN, UNSIGNED)),
  insn("SABD", "0 Q:1 0 01110 size:2 1 rm:5 01110 1 rn:5 rd:5", {}, (f) => general(f, ABS_DIFF, SIGNED)),
  insn("UABD", "0 Q:1 1 01110 size:2 1 rm:5 01110 1 rn:5 rd:5", {}, (f) => general(f, ABS_DIFF, UNSIGNED)),
  insn("SABA", "0 Q:1 0 01110 size:2 1 rm:5 01111 1 rn:5 rd:5", {}, (f) => general(f, ABS_DIFF_ACC, SIGNED)),
  insn("UABA", "0 Q:1 1 01110 size:2 1 rm:5 01111 1 rn:5 rd:5", {}, (f) => general(f, ABS_DIFF_ACC, UNSIGNED)),
  insn({ name: "ADD (vector)", encoding: V }, "0 Q:1 0 01110 size:2 1 rm:5 10000 1 rn:5 rd:5", {}, (f) => elementwise(f, ADD, add64)),
  insn({ name: "SUB (vector)", encoding: V }, "0 Q:1 1 01110 size:2 1 rm:5 10000 1 rn:5 rd:5", {}, (f) => elementwise(f, SUB, sub64)),
  insn({ name: "CMTST", encoding: V }, "0 Q:1 0 01110 size:2 1 rm:5 10001 1 rn:5 rd:5", {}, (f) => elementwise(f, CMTST, cmtst64)),
  insn({ name: "CMEQ (register)", encoding: V }, "0 Q:1 1 01110 size:2 1 rm:5 10001 1 rn:5 rd:5", {}, (f) => elementwise(f, CMEQ, cmeq64)),
  insn("MLA (vector)", "0 Q:1 0 01110 size:2 1 rm:5 10010 1 rn:5 rd:5", {}, (f) => general(f, MLA, UNSIGNED)),
  insn("MLS (vector)", "0 Q:1 1 01110 size:2 1 rm:5 10010 1 rn:5 rd:5", {}, (f) => general(f, MLS, UNSIGNED)),
  insn("MUL (vector)", "0 Q:1 0 01110 size:2 1 rm:5 10011 1 rn:5 rd:5", {}, (f) => elementwise(f, MUL, null)),
  insn("PMUL", "0 Q:1 1 01110 size:2 1 rm:5 10011 1 rn:5 rd:5", {}, (f) => general(f, PMUL, UNSIGNED)),
  insn("SMAXP", "0 Q:1 0 01110 size:2 1 rm:5 10100 1 rn:5 rd:5", {}, (f) => general(f, MAX_PAIRWISE, SIGNED)),
  insn("UMAXP", "0 Q:1 1 01110 size:2 1 rm:5 10100 1 rn:5 rd:5", {}, (f) => general(f, MAX_PAIRWISE, UNSIGNED)),
  insn("SMINP", "0 Q:1 0 01110 size:2 1 rm:5 10101 1 rn:5 rd:5", {}, (f) => general(f, MIN_PAIRWISE, SIGNED)),
  insn("UMINP", "0 Q:1 1 01110 size:2 1 rm:5 10101 1 rn:5 rd:5", {}, (f) => general(f, MIN_PAIRWISE, UNSIGNED)),
  insn({ name: "SQDMULH (vector)", encoding: V }, "0 Q:1 0 01110 size:2 1 rm:5 10110 1 rn:5 rd:5", {}, (f) => general(f, DOUBLING_MUL_HIGH, SIGNED)),
  insn({ name: "SQRDMULH (vector)", encoding: V }, "0 Q:1 1 01110 size:2 1 rm:5 10110 1 rn:5 rd:5", {}, (f) => general(f, ROUNDING_DOUBLING_MUL_HIGH, SIGNED)),
  insn("ADDP (vector)", "0 Q:1 0 01110 size:2 1 rm:5 10111 1 rn:5 rd:5", {}, (f) => elementwise(f, ADDP, addp64)),
  // floating point: U, a (bit 23) and opcode select; sz is single or double
  insn("FMAXNM (vector)", "0 Q:1 0 01110 0 sz:1 1 rm:5 11000 1 rn:5 rd:5", {}, (f) => viaScalar(f, FMAXNM)),
  insn("FMINNM (vector)", "0 Q:1 0 01110 1 sz:1 1 rm:5 11000 1 rn:5 rd:5", {}, (f) => viaScalar(f, FMINNM)),
  insn("FMAXNMP (vector)", "0 Q:1 1 01110 0 sz:1 1 rm:5 11000 1 rn:5 rd:5", {}, (f) => fpLanes(f, (p) => scalar2(p, FMAXNM), true)),
  insn("FMINNMP (vector)", "0 Q:1 1 01110 1 sz:1 1 rm:5 11000 1 rn:5 rd:5", {}, (f) => fpLanes(f, (p) => scalar2(p, FMINNM), true)),
  insn("FMLA (vector)", "0 Q:1 0 01110 0 sz:1 1 rm:5 11001 1 rn:5 rd:5", {}, (f) => fpLanes(f, (p) => fma(p, false))),
  insn("FMLS (vector)", "0 Q:1 0 01110 1 sz:1 1 rm:5 11001 1 rn:5 rd:5", {}, (f) => fpLanes(f, (p) => fma(p, true))),
  insn("FADD (vector)", "0 Q:1 0 01110 0 sz:1 1 rm:5 11010 1 rn:5 rd:5", {}, (f) => viaScalar(f, FADD)),
  insn("FSUB (vector)", "0 Q:1 0 01110 1 sz:1 1 rm:5 11010 1 rn:5 rd:5", {}, (f) => viaScalar(f, FSUB)),
  insn("FADDP (vector)", "0 Q:1 1 01110 0 sz:1 1 rm:5 11010 1 rn:5 rd:5", {}, (f) => fpLanes(f, (p) => scalar2(p, FADD), true)),
  insn({ name: "FABD", encoding: V }, "0 Q:1 1 01110 1 sz:1 1 rm:5 11010 1 rn:5 rd:5", {}, (f) => fpLanes(f, fabd)),
  insn({ name: "FMULX", encoding: V }, "0 Q:1 0 01110 0 sz:1 1 rm:5 11011 1 rn:5 rd:5", {}, (f) => fpLanes(f, fmulx)),
  insn("FMUL (vector)", "0 Q:1 1 01110 0 sz:1 1 rm:5 11011 1 rn:5 rd:5", {}, (f) => viaScalar(f, FMUL)),
  insn({ name: "FCMEQ (register)", encoding: V }, "0 Q:1 0 01110 0 sz:1 1 rm:5 11100 1 rn:5 rd:5", {}, (f) => fpLanes(f, fcmeq)),
  insn({ name: "FCMGE (register)", encoding: V }, "0 Q:1 1 01110 0 sz:1 1 rm:5 11100 1 rn:5 rd:5", {}, (f) => fpLanes(f, fcmge)),
  insn({ name: "FCMGT (register)", encoding: V }, "0 Q:1 1 01110 1 sz:1 1 rm:5 11100 1 rn:5 rd:5", {}, (f) => fpLanes(f, fcmgt)),
  insn({ name: "FACGE", encoding: V }, "0 Q:1 1 01110 0 sz:1 1 rm:5 11101 1 rn:5 rd:5", {}, (f) => fpLanes(f, facge)),
  insn({ name: "FACGT", encoding: V }, "0 Q:1 1 01110 1 sz:1 1 rm:5 11101 1 rn:5 rd:5", {}, (f) => fpLanes(f, facgt)),
  insn("FMAX (vector)", "0 Q:1 0 01110 0 sz:1 1 rm:5 11110 1 rn:5 rd:5", {}, (f) => viaScalar(f, FMAX)),
  insn("FMIN (vector)", "0 Q:1 0 01110 1 sz:1 1 rm:5 11110 1 rn:5 rd:5", {}, (f) => viaScalar(f, FMIN)),
  insn("FMAXP (vector)", "0 Q:1 1 01110 0 sz:1 1 rm:5 11110 1 rn:5 rd:5", {}, (f) => fpLanes(f, (p) => scalar2(p, FMAX), true)),
  insn("FMINP (vector)", "0 Q:1 1 01110 1 sz:1 1 rm:5 11110 1 rn:5 rd:5", {}, (f) => fpLanes(f, (p) => scalar2(p, FMIN), true)),
  insn({ name: "FRECPS", encoding: V }, "0 Q:1 0 01110 0 sz:1 1 rm:5 11111 1 rn:5 rd:5", {}, (f) => fpLanes(f, frecps)),
  insn({ name: "FRSQRTS", encoding: V }, "0 Q:1 0 01110 1 sz:1 1 rm:5 11111 1 rn:5 rd:5", {}, (f) => fpLanes(f, frsqrts)),
  insn("FDIV (vector)", "0 Q:1 1 01110 0 sz:1 1 rm:5 11111 1 rn:5 rd:5", {}, (f) => viaScalar(f, FDIV)),
  // half-precision multiply-accumulate into single (sz = 0)
  notImplemented("FMLAL, FMLAL2 (vector)", "0 Q:1 0 01110 0 0 1 rm:5 11101 1 rn:5 rd:5", { feature: "FEAT_FHM" }, FHM_ABSENT),
  notImplemented({ name: "FMLAL, FMLAL2 (vector)", encoding: "FMLAL2" }, "0 Q:1 1 01110 0 0 1 rm:5 11001 1 rn:5 rd:5", { feature: "FEAT_FHM" }, FHM_ABSENT),
  notImplemented("FMLSL, FMLSL2 (vector)", "0 Q:1 0 01110 1 0 1 rm:5 11101 1 rn:5 rd:5", { feature: "FEAT_FHM" }, FHM_ABSENT),
  notImplemented({ name: "FMLSL, FMLSL2 (vector)", encoding: "FMLSL2" }, "0 Q:1 1 01110 1 0 1 rm:5 11001 1 rn:5 rd:5", { feature: "FEAT_FHM" }, FHM_ABSENT),
];
