// Advanced SIMD floating point outside the three-same classes (C4.1.95–C4.1.101): pairwise
// FADDP/FMAXP/FMINP/FMAXNMP/FMINNMP (scalar), the compares against zero, two-register misc
// (FABS, FNEG, FSQRT, FRINT*, FCVT* to integer, SCVTF/UCVTF, FCVTL/FCVTN), by element (FMLA,
// FMLS, FMUL, FMULX), the fixed-point conversions by immediate, and their scalar forms; and
// the lane machinery simd-three-same.ts shares. Each lane runs the scalar FP code
// (fp-scalar.ts: rounding, NaN rules, FPSR flags) on staging registers 35–37.
import type { CoreContext } from "../core-context.ts";
import { pattern, type Op, type Pattern } from "../decode-pattern.ts";
import { fpToInt, fusedMultiplyAdd, get, intToFp, IOC, IXC, OFC, UFC, isSignalingNaN, oneSource, put, setBits, twoSource, type Prec } from "./fp-scalar.ts";

export const N = 35, M = 36, D = 37; // lane staging: operand 1, operand 2, destination/accumulator

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

const OUT = new Uint32Array(4);

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
function toInt(p: Prec, mode: string, unsigned: boolean, fbits = 0): LaneOp {
  const bits = p === 0 ? 32 : 64;
  return (c) => {
    const a = get(c, N, p) * 2 ** fbits;
    const r = BigInt.asUintN(bits, fpToInt(c, a, bits, unsigned, mode));
    setBits(c, D, Number(r & 0xffff_ffffn), Number(r >> 32n));
  };
}

/** SCVTF/UCVTF on a lane (fixed point with `fbits`). */
function fromInt(p: Prec, unsigned: boolean, fbits = 0): LaneOp {
  const bits = p === 0 ? 32 : 64;
  return (c) => {
    const v = c.vreg;
    let raw = BigInt(v[N * 4] >>> 0) | (p === 1 ? BigInt(v[N * 4 + 1] >>> 0) << 32n : 0n);
    if (!unsigned) raw = BigInt.asIntN(bits, raw);
    put(c, D, p, intToFp(c, raw, p, fbits));
  };
}

/** A one-source scalar operation (FABS, FNEG, FSQRT, FRINT*) reading N into D. */
const scalar1 = (p: Prec, opcode: number): LaneOp => oneSource({ ftype: p, rn: N, rd: D, opcode })!;

// ---- two-register misc -----------------------------------------------------------------------------

/** `U:a:opcode` → lane operation (p = sz). */
const MISC: Record<string, (p: Prec) => LaneOp> = {
  "0:1:15": (p) => scalar1(p, 1), // FABS
  "1:1:15": (p) => scalar1(p, 2), // FNEG
  "1:1:31": (p) => scalar1(p, 3), // FSQRT
  "0:0:24": (p) => scalar1(p, 8), // FRINTN
  "0:1:24": (p) => scalar1(p, 9), // FRINTP
  "0:0:25": (p) => scalar1(p, 10), // FRINTM
  "0:1:25": (p) => scalar1(p, 11), // FRINTZ
  "1:0:24": (p) => scalar1(p, 12), // FRINTA
  "1:0:25": (p) => scalar1(p, 14), // FRINTX
  "1:1:25": (p) => scalar1(p, 15), // FRINTI
  "0:0:26": (p) => toInt(p, "N", false), // FCVTNS
  "0:0:27": (p) => toInt(p, "M", false), // FCVTMS
  "0:0:28": (p) => toInt(p, "A", false), // FCVTAS
  "0:1:26": (p) => toInt(p, "P", false), // FCVTPS
  "0:1:27": (p) => toInt(p, "Z", false), // FCVTZS
  "1:0:26": (p) => toInt(p, "N", true), // FCVTNU
  "1:0:27": (p) => toInt(p, "M", true), // FCVTMU
  "1:0:28": (p) => toInt(p, "A", true), // FCVTAU
  "1:1:26": (p) => toInt(p, "P", true), // FCVTPU
  "1:1:27": (p) => toInt(p, "Z", true), // FCVTZU
  "0:0:29": (p) => fromInt(p, false), // SCVTF
  "1:0:29": (p) => fromInt(p, true), // UCVTF
  "0:1:12": (p) => compare(p, "gt", false, true), // FCMGT #0
  "0:1:13": (p) => compare(p, "eq", false, true), // FCMEQ #0
  "0:1:14": (p) => compare(p, "gt", false, true, true), // FCMLT #0 (0 > a)
  "1:1:12": (p) => compare(p, "ge", false, true), // FCMGE #0
  "1:1:13": (p) => compare(p, "ge", false, true, true), // FCMLE #0 (0 >= a)
};

function twoRegMisc(f: Record<string, number>): Op | null {
  const { Q, U, a, sz, opcode, rn, rd } = f;
  if (opcode === 22 || opcode === 23) return convertPrecision(f);
  const make = MISC[`${U}:${a}:${opcode}`];
  if (make === undefined || (sz === 1 && Q === 0)) return null;
  const p = sz as Prec;
  const op = make(p);
  return (c) => lanes(c, p, Q === 1, rn, rn, rd, op);
}

/** FCVTL{2} (single → double, opcode 23) and FCVTN{2} / FCVTXN{2} (double → single, 22). */
function convertPrecision(f: Record<string, number>): Op | null {
  const { Q, U, a, sz, opcode, rn, rd } = f;
  if (a !== 0 || sz !== 1) return null; // half-precision forms are not modelled
  if (opcode === 23) {
    if (U !== 0) return null;
    const widen = oneSource({ ftype: 0, rn: N, rd: D, opcode: 5 })!;
    return (c) => {
      for (let e = 0; e < 2; e++) {
        stage(c, rn, (Q ? 2 : 0) + e, 0, N);
        widen(c);
        OUT[2 * e] = c.vreg[D * 4];
        OUT[2 * e + 1] = c.vreg[D * 4 + 1];
      }
      c.vreg.set(OUT, rd * 4);
    };
  }
  const narrow = oneSource({ ftype: 1, rn: N, rd: D, opcode: 4 })!;
  const odd = U === 1; // FCVTXN: round to odd
  return (c) => {
    const keep = Q ? [c.vreg[rd * 4], c.vreg[rd * 4 + 1]] : [0, 0];
    const res = [0, 0];
    for (let e = 0; e < 2; e++) {
      stage(c, rn, e, 1, N);
      if (odd) roundToOddSingle(c);
      else narrow(c);
      res[e] = c.vreg[D * 4];
    }
    const v = c.vreg;
    if (Q) {
      v[rd * 4] = keep[0];
      v[rd * 4 + 1] = keep[1];
      v[rd * 4 + 2] = res[0];
      v[rd * 4 + 3] = res[1];
    } else {
      v[rd * 4] = res[0];
      v[rd * 4 + 1] = res[1];
      v[rd * 4 + 2] = v[rd * 4 + 3] = 0;
    }
  };
}

/** FCVTXN's rounding: double → single with round-to-odd (truncate, set the last bit when
 *  anything was lost). */
function roundToOddSingle(c: CoreContext): void {
  const a = get(c, N, 1);
  if (Number.isNaN(a)) {
    oneSource({ ftype: 1, rn: N, rd: D, opcode: 4 })!(c);
    return;
  }
  let s = Math.fround(a);
  if (Number.isFinite(a) && s !== a) {
    c.fpsr |= IXC;
    if (Math.abs(a) > 3.4028234663852886e38) c.fpsr |= OFC;
    else if (Math.abs(a) < 1.1754943508222875e-38) c.fpsr |= UFC;
    // Truncate toward zero, then make the last mantissa bit one.
    if (Math.abs(s) > Math.abs(a)) {
      const f = new Float32Array([s]);
      const u = new Uint32Array(f.buffer);
      u[0] -= 1;
      s = f[0];
    }
    const f = new Float32Array([s]);
    const u = new Uint32Array(f.buffer);
    u[0] |= 1;
    s = f[0];
  }
  put(c, D, 0, s);
}

/** Scalar two-register misc FP: the same operations on one element. */
function scalarTwoRegMisc(f: Record<string, number>): Op | null {
  const { U, a, sz, opcode, rn, rd } = f;
  if (opcode === 22 && U === 1 && a === 0 && sz === 1) {
    // FCVTXN Sd, Dn
    return (c) => {
      stage(c, rn, 0, 1, N);
      roundToOddSingle(c);
      setBits(c, rd, c.vreg[D * 4], 0);
    };
  }
  const make = MISC[`${U}:${a}:${opcode}`];
  if (make === undefined || opcode === 15 || opcode === 31 || (opcode >= 24 && opcode <= 25)) return null;
  const p = sz as Prec;
  const op = make(p);
  return (c) => {
    stage(c, rn, 0, p, N);
    op(c);
    setBits(c, rd, c.vreg[D * 4], p === 1 ? c.vreg[D * 4 + 1] : 0);
  };
}

/** Scalar pairwise FP: FADDP, FMAXP, FMINP, FMAXNMP, FMINNMP (Sd from Vn.2S, Dd from Vn.2D). */
function scalarPairwise(f: Record<string, number>): Op | null {
  const { U, sz, opcode, rn, rd } = f;
  if (U !== 1) return null;
  const a = f.size >>> 1;
  const key: Record<string, number> = { "0:13": 2, "0:15": 4, "1:15": 5, "0:12": 6, "1:12": 7 };
  const scalarOp = key[`${a}:${opcode}`];
  if (scalarOp === undefined) return null;
  const p = sz as Prec;
  const op = scalar2(p, scalarOp);
  return (c) => {
    stage(c, rn, 0, p, N);
    stage(c, rn, 1, p, M);
    op(c);
    setBits(c, rd, c.vreg[D * 4], p === 1 ? c.vreg[D * 4 + 1] : 0);
  };
}

// ---- by element ---------------------------------------------------------------------------------------

function byElement(f: Record<string, number>, scalar: boolean): Op | null {
  const { Q, U, sz, L, M: mBit, rm, opcode, H, rn, rd } = f;
  let op: (p: Prec) => LaneOp;
  if (opcode === 1 && U === 0) op = (p) => fma(p, false); // FMLA
  else if (opcode === 5 && U === 0) op = (p) => fma(p, true); // FMLS
  else if (opcode === 9) op = U === 0 ? (p) => scalar2(p, 0) : fmulx; // FMUL / FMULX
  else return null;
  const p = sz as Prec;
  if (p === 1 && L === 1) return null;
  const index = p === 0 ? (H << 1) | L : H;
  const m = (mBit << 4) | rm;
  const laneOp = op(p);
  if (scalar)
    return (c) => {
      stage(c, rn, 0, p, N);
      stage(c, m, index, p, M);
      stage(c, rd, 0, p, D);
      laneOp(c);
      setBits(c, rd, c.vreg[D * 4], p === 1 ? c.vreg[D * 4 + 1] : 0);
    };
  if (p === 1 && Q === 0) return null;
  return (c) => lanes(c, p, Q === 1, rn, m, rd, laneOp, false, index);
}

// ---- fixed-point conversions by immediate --------------------------------------------------------------

function fixedPoint(f: Record<string, number>, scalar: boolean): Op | null {
  const { Q, U, immh, immb, opcode, rn, rd } = f;
  if ((immh & 0b1100) === 0) return null; // 8/16-bit (half precision) forms are not modelled
  const p: Prec = (immh & 0b1000) !== 0 ? 1 : 0;
  const bits = p === 0 ? 32 : 64;
  const fbits = 2 * bits - ((immh << 3) | immb);
  let op: LaneOp;
  if (opcode === 0b11100) op = fromInt(p, U === 1, fbits); // SCVTF/UCVTF (fixed)
  else if (opcode === 0b11111) op = toInt(p, "Z", U === 1, fbits); // FCVTZS/FCVTZU (fixed)
  else return null;
  if (scalar)
    return (c) => {
      stage(c, rn, 0, p, N);
      op(c);
      setBits(c, rd, c.vreg[D * 4], p === 1 ? c.vreg[D * 4 + 1] : 0);
    };
  if (p === 1 && Q === 0) return null;
  return (c) => lanes(c, p, Q === 1, rn, rn, rd, op);
}

export const PATTERNS: Pattern[] = [
  pattern("AdvSIMD two-register misc (FP)", "0 Q:1 U:1 01110 a:1 sz:1 10000 opcode:5 10 rn:5 rd:5", twoRegMisc),
  pattern("AdvSIMD scalar two-register misc (FP)", "01 U:1 11110 a:1 sz:1 10000 opcode:5 10 rn:5 rd:5", scalarTwoRegMisc),
  pattern("AdvSIMD scalar pairwise (FP)", "01 U:1 11110 size:2 11000 opcode:5 10 rn:5 rd:5", (f) => scalarPairwise({ ...f, sz: f.size & 1 })),
  pattern("AdvSIMD vector x indexed element (FP)", "0 Q:1 U:1 01111 1 sz:1 L:1 M:1 rm:4 opcode:4 H:1 0 rn:5 rd:5", (f) => byElement(f, false)),
  pattern("AdvSIMD scalar x indexed element (FP)", "01 U:1 11111 1 sz:1 L:1 M:1 rm:4 opcode:4 H:1 0 rn:5 rd:5", (f) => byElement(f, true)),
  pattern("AdvSIMD shift by immediate (fixed-point conversions)", "0 Q:1 U:1 011110 immh:4 immb:3 opcode:5 1 rn:5 rd:5", (f) => fixedPoint(f, false)),
  pattern("AdvSIMD scalar shift by immediate (fixed-point conversions)", "01 U:1 111110 immh:4 immb:3 opcode:5 1 rn:5 rd:5", (f) => fixedPoint(f, true)),
];

