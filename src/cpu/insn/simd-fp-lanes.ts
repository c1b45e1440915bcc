// The lane machinery of the Advanced SIMD floating-point instructions: staging registers
// 35–37, running a lane operation over every lane (or pair), and the lane operations the SIMD
// FP classes share (fused multiply-add, two-source arithmetic, FMULX, compares, conversions to
// and from integers). Each lane runs the scalar FP code (fp-scalar.ts: rounding, NaN rules,
// FPSR flags).
import type { CoreContext } from "../core-context.ts";
import { fpToInt, fusedMultiplyAdd, get, intToFp, IOC, isSignalingNaN, oneSource, put, setBits, twoSource, type Prec } from "./fp-scalar.ts";

export const N = 35,
  M = 36,
  D = 37; // lane staging: operand 1, operand 2, destination/accumulator

export type LaneOp = (c: CoreContext) => void;

function words(p: Prec): number {
  return p === 0 ? 1 : 2;
}

/** Copy lane `e` of register `from` to staging register `to` (upper words zeroed). */
export function stage(c: CoreContext, from: number, e: number, p: Prec, to: number): void {
  const v = c.vreg;
  const w = words(p);
  v[to * 4] = v[from * 4 + e * w];
  v[to * 4 + 1] = w === 2 ? v[from * 4 + e * w + 1] : 0;
  v[to * 4 + 2] = v[to * 4 + 3] = 0;
}

export const OUT = new Uint32Array(4);

/** Run `op` on every lane: Vn, Vm (or the pair source), Vd staged; the result from D. */
export function lanes(c: CoreContext, p: Prec, q: boolean, rn: number, rm: number, rd: number, op: LaneOp, pairwise = false, mLane = -1): void {
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
