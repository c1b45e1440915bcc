// Advanced SIMD floating point beyond simd-fp.ts (C4.1.95–C4.1.101): FMLA/FMLS, FMULX,
// FABD, the compares (FCMEQ/FCMGE/FCMGT/FACGE/FACGT, and against zero), pairwise
// FADDP/FMAXP/FMINP/FMAXNMP/FMINNMP, two-register misc (FABS, FNEG, FSQRT, FRINT*, FCVT*
// to integer, SCVTF/UCVTF, FCVTL/FCVTN), by element (FMLA, FMLS, FMUL, FMULX), the fixed-
// point conversions by immediate, and their scalar forms. Each lane runs the scalar FP code
// (fp-scalar.ts: rounding, NaN rules, FPSR flags) on staging registers 35–37.
import type { TsCpu } from "../cpu.ts";
import { pattern, type Op, type Pattern } from "../decode-pattern.ts";
import { fpToInt, fusedMultiplyAdd, get, intToFp, IOC, isSignalingNaN, oneSource, put, setBits, twoSource, type Prec } from "./fp-scalar.ts";

export const N = 35, M = 36, D = 37; // lane staging: operand 1, operand 2, destination/accumulator

export type LaneOp = (c: TsCpu) => void;

function words(p: Prec): number {
  return p === 0 ? 1 : 2;
}

/** Copy lane `e` of register `from` to staging register `to` (upper words zeroed). */
export function stage(c: TsCpu, from: number, e: number, p: Prec, to: number): void {
  const v = c.vreg;
  const w = words(p);
  v[to * 4] = v[from * 4 + e * w];
  v[to * 4 + 1] = w === 2 ? v[from * 4 + e * w + 1] : 0;
  v[to * 4 + 2] = v[to * 4 + 3] = 0;
}

export const OUT = new Uint32Array(4);

/** Run `op` on every lane: Vn, Vm (or the pair source), Vd staged; the result from D. */
export function lanes(c: TsCpu, p: Prec, q: boolean, rn: number, rm: number, rd: number, op: LaneOp, pairwise = false, mLane = -1): void {
  const w = words(p);
  const count = (q ? 4 : 2) / w;
  for (let e = 0; e < count; e++) {
    if (pairwise) {
      const half = count / 2;
      const src = e < half ? rn : rm;
      const i = (e % half) * 2;
      stage(c, src, i, p, N);
      stage(c, src, i + 1, p, M);
    } else {
      stage(c, rn, e, p, N);
      stage(c, rm, mLane >= 0 ? mLane : e, p, M);
    }
    stage(c, rd, e, p, D);
    op(c);
    OUT[e * w] = c.vreg[D * 4];
    if (w === 2) OUT[e * w + 1] = c.vreg[D * 4 + 1];
  }
  const v = c.vreg;
  v[rd * 4] = OUT[0];
  v[rd * 4 + 1] = OUT[1];
  v[rd * 4 + 2] = q ? OUT[2] : 0;
  v[rd * 4 + 3] = q ? OUT[3] : 0;
}

// ---- lane operations (on the staging registers) --------------------------------------------------

export const fma = (p: Prec, negate: boolean): LaneOp => fusedMultiplyAdd({ ftype: p, o1: 0, o0: negate ? 1 : 0, ra: D, rn: N, rm: M, rd: D })!;
export const scalar2 = (p: Prec, opcode: number): LaneOp => twoSource({ ftype: p, rn: N, rm: M, rd: D, opcode })!;

/** FMULX: FMUL, except that ∞ × 0 is ±2.0 instead of invalid. */
export function fmulx(p: Prec): LaneOp {
  const mul = scalar2(p, 0);
  return (c) => {
    const a = get(c, N, p);
    const b = get(c, M, p);
    const infZero = (a === 0 && Math.abs(b) === Infinity) || (b === 0 && Math.abs(a) === Infinity);
    if (infZero && !Number.isNaN(a) && !Number.isNaN(b)) {
      const neg = (a < 0 || Object.is(a, -0)) !== (b < 0 || Object.is(b, -0));
      return put(c, D, p, neg ? -2 : 2);
    }
    mul(c);
  };
}

/** FABD: |a − b| (the subtraction's rounding and flags, then the sign cleared). */
function fabd(p: Prec): LaneOp {
  const sub = scalar2(p, 3);
  return (c) => {
    sub(c);
    if (!Number.isNaN(get(c, D, p))) c.vreg[D * 4 + (p === 0 ? 0 : 1)] &= 0x7fff_ffff;
  };
}

/** FRECPS (2 − a·b) and FRSQRTS ((3 − a·b) / 2), fused, with ∞·0 giving 2.0 / 1.5. */
function reciprocalStep(p: Prec, sqrt: boolean): LaneOp {
  const fms = fusedMultiplyAdd({ ftype: p, o1: 0, o0: 1, ra: D, rn: N, rm: M, rd: D })!; // D − N·M
  return (c) => {
    const a = get(c, N, p);
    const b = get(c, M, p);
    if (!Number.isNaN(a) && !Number.isNaN(b) && ((a === 0 && Math.abs(b) === Infinity) || (b === 0 && Math.abs(a) === Infinity))) {
      return put(c, D, p, sqrt ? 1.5 : 2);
    }
    put(c, D, p, sqrt ? 3 : 2);
    fms(c);
    const r = get(c, D, p);
    if (sqrt && !Number.isNaN(r)) put(c, D, p, r / 2);
  };
}

type Cmp = "eq" | "ge" | "gt";
/** FCMxx / FACxx: all ones or zero; NaN compares false. EQ signals only for signalling NaNs,
 *  GE/GT for any NaN (they are ordered compares). */
export function compare(p: Prec, cmp: Cmp, absolute: boolean, zero: boolean, swap = false): LaneOp {
  return (c) => {
    let a = get(c, N, p);
    let b = zero ? 0 : get(c, M, p);
    if (Number.isNaN(a) || Number.isNaN(b)) {
      if (cmp !== "eq" || isSignalingNaN(c, N, p) || (!zero && isSignalingNaN(c, M, p))) c.fpsr |= IOC;
      return setBits(c, D, 0, 0);
    }
    if (absolute) {
      a = Math.abs(a);
      b = Math.abs(b);
    }
    if (swap) [a, b] = [b, a];
    const r = cmp === "eq" ? a === b : cmp === "ge" ? a >= b : a > b;
    setBits(c, D, r ? 0xffff_ffff : 0, r && p === 1 ? 0xffff_ffff : 0);
  };
}

/** FCVT{N,P,M,Z,A}{S,U} on a lane: to an integer of the lane's width, scaled by 2^fbits. */
export function toInt(p: Prec, mode: string, unsigned: boolean, fbits = 0): LaneOp {
  const bits = p === 0 ? 32 : 64;
  return (c) => {
    const a = get(c, N, p) * 2 ** fbits;
    const r = BigInt.asUintN(bits, fpToInt(c, a, bits, unsigned, mode));
    setBits(c, D, Number(r & 0xffff_ffffn), Number(r >> 32n));
  };
}

/** SCVTF/UCVTF on a lane (fixed point with `fbits`). */
export function fromInt(p: Prec, unsigned: boolean, fbits = 0): LaneOp {
  const bits = p === 0 ? 32 : 64;
  return (c) => {
    const v = c.vreg;
    let raw = BigInt(v[N * 4] >>> 0) | (p === 1 ? BigInt(v[N * 4 + 1] >>> 0) << 32n : 0n);
    if (!unsigned) raw = BigInt.asIntN(bits, raw);
    put(c, D, p, intToFp(c, raw, p, fbits));
  };
}

/** A one-source scalar operation (FABS, FNEG, FSQRT, FRINT*) reading N into D. */
export const scalar1 = (p: Prec, opcode: number): LaneOp => oneSource({ ftype: p, rn: N, rd: D, opcode })!;

// ---- three same -------------------------------------------------------------------------------------

/** `U:a:opcode` → lane operation factory, and whether it is pairwise. */
const THREE_SAME: Record<string, { op: (p: Prec) => LaneOp; pairwise?: boolean }> = {
  "0:0:25": { op: (p) => fma(p, false) }, // FMLA
  "0:1:25": { op: (p) => fma(p, true) }, // FMLS
  "0:0:27": { op: fmulx }, // FMULX
  "1:1:26": { op: fabd }, // FABD
  "0:0:31": { op: (p) => reciprocalStep(p, false) }, // FRECPS
  "0:1:31": { op: (p) => reciprocalStep(p, true) }, // FRSQRTS
  "0:0:28": { op: (p) => compare(p, "eq", false, false) }, // FCMEQ
  "1:0:28": { op: (p) => compare(p, "ge", false, false) }, // FCMGE
  "1:1:28": { op: (p) => compare(p, "gt", false, false) }, // FCMGT
  "1:0:29": { op: (p) => compare(p, "ge", true, false) }, // FACGE
  "1:1:29": { op: (p) => compare(p, "gt", true, false) }, // FACGT
  "1:0:26": { op: (p) => scalar2(p, 2), pairwise: true }, // FADDP
  "1:0:30": { op: (p) => scalar2(p, 4), pairwise: true }, // FMAXP
  "1:1:30": { op: (p) => scalar2(p, 5), pairwise: true }, // FMINP
  "1:0:24": { op: (p) => scalar2(p, 6), pairwise: true }, // FMAXNMP
  "1:1:24": { op: (p) => scalar2(p, 7), pairwise: true }, // FMINNMP
};

function threeSame(f: Record<string, number>): Op | null {
  const { Q, U, a, sz, rm, opcode, rn, rd } = f;
  const entry = THREE_SAME[`${U}:${a}:${opcode}`];
  if (entry === undefined || (sz === 1 && Q === 0)) return null;
  const p = sz as Prec;
  const op = entry.op(p);
  return (c) => lanes(c, p, Q === 1, rn, rm, rd, op, entry.pairwise);
}

/** Scalar three same FP: FMULX, FCMxx, FACxx, FABD on one S or D element. */
function scalarThreeSame(f: Record<string, number>): Op | null {
  const { U, a, sz, rm, opcode, rn, rd } = f;
  const key = `${U}:${a}:${opcode}`;
  const entry = THREE_SAME[key];
  if (entry === undefined || entry.pairwise || opcode === 25) return null;
  const p = sz as Prec;
  const op = entry.op(p);
  return (c) => {
    stage(c, rn, 0, p, N);
    stage(c, rm, 0, p, M);
    op(c);
    setBits(c, rd, c.vreg[D * 4], p === 1 ? c.vreg[D * 4 + 1] : 0);
  };
}

export const PATTERNS: Pattern[] = [
  pattern("AdvSIMD three same (FP, general)", "0 Q:1 U:1 01110 a:1 sz:1 1 rm:5 opcode:5 1 rn:5 rd:5", threeSame),
  pattern("AdvSIMD scalar three same (FP)", "01 U:1 11110 a:1 sz:1 1 rm:5 opcode:5 1 rn:5 rd:5", scalarThreeSame),
];

