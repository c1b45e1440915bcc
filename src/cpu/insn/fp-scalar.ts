// Scalar floating-point semantics (ARM ARM C4.1.96–C4.1.100) in single and double precision,
// shared by the scalar FP classes (fp-*.ts, one per ARM ARM encoding class) and the Advanced
// SIMD FP lanes: register access as numbers, NaN propagation, exact rounding and FPSR's
// cumulative flags, and the builders of the arithmetic (1, 2 and 3 source) and compares.
// Round-to-nearest-even only (FPCR.RMode other than 0 is not modelled yet).
import type { CoreContext } from "../core-context.ts";
import type { Op } from "../decode-pattern.ts";

const F64 = new Float64Array(1);
const U64 = new Uint32Array(F64.buffer);
const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

export const IOC = 1,
  DZC = 2,
  OFC = 4,
  UFC = 8,
  IXC = 16;
export const IDC = 128;
const FPCR_DN = 1 << 25;

export type Prec = 0 | 1; // 0 single, 1 double

/** Read S/D register n as a JS number (exact). */
export function get(c: CoreContext, n: number, p: Prec): number {
  if (p === 0) {
    U32[0] = c.vreg[n * 4];
    return F32[0];
  }
  U64[0] = c.vreg[n * 4];
  U64[1] = c.vreg[n * 4 + 1];
  return F64[0];
}

/** Write raw bits to S/D register d, zeroing the rest of the vector. */
export function setBits(c: CoreContext, d: number, lo: number, hi: number): void {
  const v = c.vreg;
  v[d * 4] = lo;
  v[d * 4 + 1] = hi;
  v[d * 4 + 2] = 0;
  v[d * 4 + 3] = 0;
}

export function put(c: CoreContext, d: number, p: Prec, x: number): void {
  if (p === 0) {
    F32[0] = x;
    setBits(c, d, U32[0], 0);
  } else {
    F64[0] = x;
    setBits(c, d, U64[0], U64[1]);
  }
}

export function isSignalingNaN(c: CoreContext, n: number, p: Prec): boolean {
  const v = c.vreg;
  if (p === 0) return (v[n * 4] & 0x7fc0_0000) === 0x7f80_0000 && (v[n * 4] & 0x003f_ffff) !== 0;
  const hi = v[n * 4 + 1];
  return (hi & 0x7ff8_0000) === 0x7ff0_0000 && ((hi & 0x0007_ffff) | v[n * 4]) !== 0;
}

/** The NaN result of an operation with NaN operands (FPProcessNaNs): signalling first,
 *  then quiet, operand order; quietened; the default NaN under FPCR.DN. */
export function nanResult(c: CoreContext, ns: number[], p: Prec, d: number): boolean {
  const isNaNAt = (n: number) => Number.isNaN(get(c, n, p));
  const pick = ns.find((n) => isSignalingNaN(c, n, p)) ?? ns.find(isNaNAt);
  if (pick === undefined) return false;
  if (ns.some((n) => isSignalingNaN(c, n, p))) c.fpsr |= IOC;
  const v = c.vreg;
  if ((c.fpcr & FPCR_DN) !== 0) setBits(c, d, p === 0 ? 0x7fc0_0000 : 0, p === 0 ? 0 : 0x7ff8_0000);
  else if (p === 0) setBits(c, d, (v[pick * 4] | 0x0040_0000) >>> 0, 0);
  else setBits(c, d, v[pick * 4], (v[pick * 4 + 1] | 0x0008_0000) >>> 0);
  return true;
}

// ---- exactness: was a double result the exact value of the operation? ---------------------
// Finite doubles are m·2^e with integer m; comparing the exact product/sum with the result
// in those terms is exact whatever the magnitudes (no overflow of an error term).

function parts(x: number): [bigint, number] {
  F64[0] = x;
  const hi = U64[1];
  const exp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(U64[0]);
  let e = -1074;
  if (exp !== 0) {
    m |= 1n << 52n;
    e = exp - 1075;
  }
  return [hi >>> 31 ? -m : m, e];
}

function sameValue(m1: bigint, e1: number, m2: bigint, e2: number): boolean {
  const e = Math.min(e1, e2);
  return m1 << BigInt(e1 - e) === m2 << BigInt(e2 - e);
}

/** a·b == r exactly (all finite). */
export function productExact(a: number, b: number, r: number): boolean {
  if (!Number.isFinite(r)) return false;
  const [ma, ea] = parts(a);
  const [mb, eb] = parts(b);
  const [mr, er] = parts(r);
  return sameValue(ma * mb, ea + eb, mr, er);
}

/** a + b == r exactly (all finite). */
export function sumExact(a: number, b: number, r: number): boolean {
  if (!Number.isFinite(r)) return false;
  const [ma, ea] = parts(a);
  const [mb, eb] = parts(b);
  const e = Math.min(ea, eb);
  const [mr, er] = parts(r);
  return sameValue((ma << BigInt(ea - e)) + (mb << BigInt(eb - e)), e, mr, er);
}

/** Flags for a double result `r` computed from finite operands, exact when `exact`. */
export function roundFlags(c: CoreContext, r: number, exact: boolean, p: Prec): number {
  let out = r;
  if (p === 0) {
    out = Math.fround(r);
    if (out !== r) exact = false;
  }
  const max = p === 0 ? 3.4028234663852886e38 : Number.MAX_VALUE;
  const minNormal = p === 0 ? 1.1754943508222875e-38 : 2.2250738585072014e-308;
  if (!Number.isFinite(out) || Math.abs(r) > max) {
    c.fpsr |= OFC | IXC;
    return out;
  }
  if (!exact) {
    c.fpsr |= IXC;
    // Underflow: a tiny result (before rounding) that is inexact.
    if (r !== 0 && Math.abs(r) < minNormal) c.fpsr |= UFC;
    else if (out !== 0 && Math.abs(out) < minNormal) c.fpsr |= UFC;
    else if (out === 0) c.fpsr |= UFC;
  }
  return out;
}

// ---- arithmetic ----------------------------------------------------------------------------

/** The operands of a data-processing (2 source) operation: opcode 0 FMUL, 1 FDIV, 2 FADD,
 *  3 FSUB, 4 FMAX, 5 FMIN, 6 FMAXNM, 7 FMINNM, 8 FNMUL (the ARM ARM's opcode field). */
export interface TwoSourceFields {
  readonly ftype: number;
  readonly rn: number;
  readonly rm: number;
  readonly rd: number;
  readonly opcode: number;
}

export function twoSource(f: TwoSourceFields): Op | null {
  if (f.ftype > 1) return null;
  const p = f.ftype as Prec;
  const { rn, rm, rd, opcode } = f;
  if (opcode > 8) return null;
  if (opcode >= 4 && opcode <= 7) return maxMin(p, rn, rm, rd, opcode);
  const negate = opcode === 8;
  return (c) => {
    arith(c);
    if (negate) {
      const w = p === 0 ? rd * 4 : rd * 4 + 1;
      c.vreg[w] ^= 0x8000_0000;
    }
  };
  function arith(c: CoreContext): void {
    if (nanResult(c, [rn, rm], p, rd)) return;
    const a = get(c, rn, p);
    const b = get(c, rm, p);
    let r: number;
    let exact: boolean;
    switch (opcode) {
      case 0: // FMUL
      case 8: // FNMUL
        if ((a === 0 && !Number.isFinite(b)) || (b === 0 && !Number.isFinite(a))) return invalid(c, p, rd);
        r = a * b;
        exact = !Number.isFinite(a) || !Number.isFinite(b) || productExact(a, b, r);
        break;
      case 1: // FDIV
        if ((a === 0 && b === 0) || (!Number.isFinite(a) && !Number.isFinite(b))) return invalid(c, p, rd);
        if (b === 0 && Number.isFinite(a)) {
          c.fpsr |= DZC;
          return put(c, rd, p, a / b);
        }
        r = a / b;
        exact = !Number.isFinite(a) || !Number.isFinite(b) || a === 0 || productExact(r, b, a);
        break;
      default: {
        // FADD, FSUB
        const bb = opcode === 3 ? -b : b;
        if (!Number.isFinite(a) && !Number.isFinite(bb) && a !== bb) return invalid(c, p, rd);
        r = a + bb;
        exact = !Number.isFinite(a) || !Number.isFinite(bb) || sumExact(a, bb, r);
      }
    }
    if (!Number.isFinite(a) || !Number.isFinite(b)) return put(c, rd, p, r);
    put(c, rd, p, roundFlags(c, r, exact, p));
  }
}

/** FMAX, FMIN, FMAXNM, FMINNM (opcode 4–7). The NM forms prefer a number to a quiet NaN;
 *  +0 is larger than −0. */
function maxMin(p: Prec, rn: number, rm: number, rd: number, opcode: number): Op {
  const isMax = opcode === 4 || opcode === 6;
  const numeric = opcode >= 6;
  return (c) => {
    const a = get(c, rn, p);
    const b = get(c, rm, p);
    if (numeric && !isSignalingNaN(c, rn, p) && !isSignalingNaN(c, rm, p)) {
      if (Number.isNaN(a) && !Number.isNaN(b)) return copyReg(c, rm, rd, p);
      if (Number.isNaN(b) && !Number.isNaN(a)) return copyReg(c, rn, rd, p);
    }
    if (nanResult(c, [rn, rm], p, rd)) return;
    let pickA: boolean;
    if (a === b)
      pickA = isMax ? !Object.is(a, -0) : Object.is(a, -0); // the zeros' signs
    else pickA = isMax ? a > b : a < b;
    copyReg(c, pickA ? rn : rm, rd, p);
  };
}

function copyReg(c: CoreContext, from: number, to: number, p: Prec): void {
  setBits(c, to, c.vreg[from * 4], p === 1 ? c.vreg[from * 4 + 1] : 0);
}

/** Round to an integral value per FRINT's mode letter (N, P, M, Z, A, X/I = FPCR mode). */
export function roundIntegral(x: number, mode: string): number {
  switch (mode) {
    case "P":
      return Math.ceil(x);
    case "M":
      return Math.floor(x);
    case "Z":
      return Math.trunc(x);
    case "A": {
      // ties away from zero; from 2^52 up every double is already integral (and +0.5 would round)
      if (Math.abs(x) >= 4503599627370496) return x;
      const r = Math.floor(Math.abs(x) + 0.5);
      return x < 0 || Object.is(x, -0) ? -r : r;
    }
    default: {
      // nearest, ties to even
      const f = Math.floor(x);
      const d = x - f;
      const r = d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
      return r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r;
    }
  }
}

export function invalid(c: CoreContext, p: Prec, d: number): void {
  c.fpsr |= IOC;
  setBits(c, d, p === 0 ? 0x7fc0_0000 : 0, p === 0 ? 0 : 0x7ff8_0000); // the default NaN
}

/** The operands of a data-processing (1 source) operation; opcode is the ARM ARM's field
 *  (0 FMOV, 1 FABS, 2 FNEG, 3 FSQRT, 4/5 FCVT to single/double, 8–15 FRINT*). */
export interface OneSourceFields {
  readonly ftype: number;
  readonly rn: number;
  readonly rd: number;
  readonly opcode: number;
}

export function oneSource(f: OneSourceFields): Op | null {
  if (f.ftype > 1) return null;
  const p = f.ftype as Prec;
  const { rn, rd, opcode } = f;
  const words = p === 0 ? 1 : 2;
  switch (opcode) {
    case 0: // FMOV (register): bits, no NaN processing
    case 1: // FABS
    case 2: // FNEG
      return (c) => {
        const v = c.vreg;
        let lo = v[rn * 4];
        let hi = words === 2 ? v[rn * 4 + 1] : 0;
        const signWord = words === 2 ? hi : lo;
        const flipped = opcode === 1 ? signWord & 0x7fff_ffff : opcode === 2 ? signWord ^ 0x8000_0000 : signWord;
        if (words === 2) hi = flipped >>> 0;
        else lo = flipped >>> 0;
        setBits(c, rd, lo, hi);
      };
    case 3: // FSQRT
      return (c) => {
        if (nanResult(c, [rn], p, rd)) return;
        const a = get(c, rn, p);
        if (a < 0) return invalid(c, p, rd);
        if (!Number.isFinite(a) || a === 0) return put(c, rd, p, a);
        const r = Math.sqrt(a);
        put(c, rd, p, roundFlags(c, r, productExact(r, r, a), p));
      };
    case 4: // FCVT to single (from double)
    case 5: {
      // FCVT to double (from single)
      const to: Prec = opcode === 4 ? 0 : 1;
      if (to === p) return null;
      return (c) => {
        if (Number.isNaN(get(c, rn, p))) {
          if (isSignalingNaN(c, rn, p)) c.fpsr |= IOC;
          if ((c.fpcr & FPCR_DN) !== 0) return setBits(c, rd, to === 0 ? 0x7fc0_0000 : 0, to === 0 ? 0 : 0x7ff8_0000);
          const v = c.vreg;
          // Keep sign and the top payload bits, quietened.
          if (to === 1) {
            const s = v[rn * 4];
            const sign = s & 0x8000_0000;
            const payload = s & 0x003f_ffff;
            return setBits(c, rd, (payload << 29) >>> 0, (sign | 0x7ff8_0000 | (payload >>> 3)) >>> 0);
          }
          const lo = v[rn * 4],
            hi = v[rn * 4 + 1];
          const payload = ((hi & 0x0007_ffff) << 3) | (lo >>> 29);
          return setBits(c, rd, ((hi & 0x8000_0000) | 0x7fc0_0000 | (payload & 0x003f_ffff)) >>> 0, 0);
        }
        const a = get(c, rn, p);
        if (to === 1 || !Number.isFinite(a)) return put(c, rd, to, a);
        put(c, rd, 0, roundFlags(c, a, true, 0));
      };
    }
    case 8:
    case 9:
    case 10:
    case 11:
    case 12:
    case 14:
    case 15: {
      // FRINTN, FRINTP, FRINTM, FRINTZ, FRINTA, FRINTX, FRINTI (X and I use FPCR's mode,
      // which is nearest-even here; X also signals inexact)
      const mode = "NPMZA?XI"[opcode - 8];
      return (c) => {
        if (nanResult(c, [rn], p, rd)) return;
        const a = get(c, rn, p);
        if (!Number.isFinite(a)) return put(c, rd, p, a);
        const r = roundIntegral(a, mode === "X" || mode === "I" ? "N" : mode);
        if (mode === "X" && r !== a) c.fpsr |= IXC;
        put(c, rd, p, r);
      };
    }
    default:
      return null;
  }
}

/** FCMP/FCMPE operands; opc is the ARM ARM's field (bit 3: against zero, bit 4: FCMPE). */
export interface CompareFields {
  readonly ftype: number;
  readonly rn: number;
  readonly rm: number;
  readonly opc: number;
}

export function compare(f: CompareFields): Op | null {
  if (f.ftype > 1) return null;
  const p = f.ftype as Prec;
  const withZero = (f.opc & 8) !== 0;
  const signalAll = (f.opc & 16) !== 0; // FCMPE: any NaN is invalid
  const { rn, rm } = f;
  return (c) => {
    const a = get(c, rn, p);
    const b = withZero ? 0 : get(c, rm, p);
    if (Number.isNaN(a) || Number.isNaN(b)) {
      if (signalAll || isSignalingNaN(c, rn, p) || (!withZero && isSignalingNaN(c, rm, p))) c.fpsr |= IOC;
      c.nzcv = 0b0011;
      return;
    }
    c.nzcv = a === b ? 0b0110 : a < b ? 0b1000 : 0b0010;
  };
}

// ---- conversions between FP and integer ---------------------------------------------------------

/** FP → integer of `bits`, rounded by FRINT's mode letter, saturating (NaN → 0) with IOC,
 *  IXC when inexact: FCVT{N,P,M,Z,A}{S,U} and the SIMD forms. */
export function fpToInt(c: CoreContext, a: number, bits: number, unsigned: boolean, mode: string): bigint {
  const max = unsigned ? (1n << BigInt(bits)) - 1n : (1n << BigInt(bits - 1)) - 1n;
  const min = unsigned ? 0n : -(1n << BigInt(bits - 1));
  if (Number.isNaN(a)) {
    c.fpsr |= IOC;
    return 0n;
  }
  const r = Number.isFinite(a) ? roundIntegral(a, mode) : a;
  if (!Number.isFinite(r) || BigInt(r) > max || BigInt(r) < min) {
    c.fpsr |= IOC;
    return a > 0 ? max : min;
  }
  if (r !== a) c.fpsr |= IXC;
  return BigInt(r);
}

/** Integer (already scaled by 2^-fbits when fixed point) → single or double, nearest even,
 *  IXC when inexact: SCVTF/UCVTF and their SIMD and fixed-point forms. */
export function intToFp(c: CoreContext, v: bigint, p: Prec, fbits = 0): number {
  // Exact rounding of v·2^-fbits to the target precision through the fused-add rounder.
  if (v === 0n) return 0;
  return roundExact(c, v, -fbits, p);
}

// ---- fused multiply-add (one rounding) -------------------------------------------------------

/** Round the exact value m·2^e to single (precision 24) or double (53) precision, nearest
 *  even, with subnormals; sets IXC/UFC/OFC. m ≠ 0. */
export function roundExact(c: CoreContext, m: bigint, e: number, p: Prec): number {
  const prec = p === 0 ? 24 : 53;
  const minLsb = p === 0 ? -149 : -1074;
  const negative = m < 0n;
  let mag = negative ? -m : m;
  const bits = mag.toString(2).length;
  const lead = e + bits - 1;
  const lsb = Math.max(lead - (prec - 1), minLsb);
  const shift = lsb - e;
  let inexact = false;
  if (shift > 0) {
    const q = mag >> BigInt(shift);
    const rem = mag - (q << BigInt(shift));
    const half = 1n << BigInt(shift - 1);
    inexact = rem !== 0n;
    mag = rem > half || (rem === half && (q & 1n) === 1n) ? q + 1n : q;
  } else mag <<= BigInt(-shift);
  const r = Number(mag) * 2 ** Math.min(lsb, 971) * 2 ** (lsb - Math.min(lsb, 971));
  const max = p === 0 ? 3.4028234663852886e38 : Number.MAX_VALUE;
  const minNormal = p === 0 ? 1.1754943508222875e-38 : 2.2250738585072014e-308;
  if (r > max) {
    c.fpsr |= OFC | IXC;
    return negative ? -Infinity : Infinity;
  }
  if (inexact) {
    c.fpsr |= IXC;
    if (lead < Math.log2(minNormal)) c.fpsr |= UFC;
  }
  return negative ? -r : r;
}

/** FMADD/FMSUB/FNMADD/FNMSUB operands: o1, o0 as in the ARM ARM's encoding. */
export interface MultiplyAddFields {
  readonly ftype: number;
  readonly o1: number;
  readonly o0: number;
  readonly ra: number;
  readonly rn: number;
  readonly rm: number;
  readonly rd: number;
}

export function fusedMultiplyAdd(f: MultiplyAddFields): Op | null {
  if (f.ftype > 1) return null;
  const p = f.ftype as Prec;
  const { rm, rd } = f;
  const negProduct = f.o1 !== f.o0; // FMSUB, FNMADD negate operand 1
  const negAddend = f.o1 === 1; // FNMADD, FNMSUB negate the addend
  // The ARM ARM negates the operands themselves (NaNs included) before FPMulAdd: do that on
  // copies in the hidden scratch registers.
  const ra = 32,
    rn = 33;
  const signWord = p === 0 ? 0 : 1;
  return (c) => {
    const v = c.vreg;
    v[ra * 4] = v[f.ra * 4];
    v[ra * 4 + 1] = v[f.ra * 4 + 1];
    v[rn * 4] = v[f.rn * 4];
    v[rn * 4 + 1] = v[f.rn * 4 + 1];
    if (negAddend) v[ra * 4 + signWord] ^= 0x8000_0000;
    if (negProduct) v[rn * 4 + signWord] ^= 0x8000_0000;
    // NaN priority: signalling (addend, op1, op2), then quiet (addend, op1, op2); and a
    // quiet-NaN addend with an ∞×0 product is still invalid.
    const a = get(c, ra, p);
    const x = get(c, rn, p);
    const y = get(c, rm, p);
    const infTimesZero = (x === 0 && !Number.isFinite(y) && !Number.isNaN(y)) || (y === 0 && !Number.isFinite(x) && !Number.isNaN(x));
    if (Number.isNaN(a) && !isSignalingNaN(c, ra, p) && infTimesZero) return invalid(c, p, rd);
    if (nanResult(c, [ra, rn, rm], p, rd)) return;
    if (infTimesZero) return invalid(c, p, rd);
    const addend = a;
    const prodSignNeg = (x < 0 || Object.is(x, -0)) !== (y < 0 || Object.is(y, -0));
    const prodInf = !Number.isFinite(x) || !Number.isFinite(y);
    if (prodInf || !Number.isFinite(addend)) {
      const prod = prodInf ? (prodSignNeg ? -Infinity : Infinity) : 0;
      if (prodInf && !Number.isFinite(addend) && prod !== addend) return invalid(c, p, rd);
      return put(c, rd, p, prodInf ? prod : addend);
    }
    // Exact: (mx·my)·2^(ex+ey) ± ma·2^ea, then one rounding.
    const [mx, ex] = parts(x);
    const [my, ey] = parts(y);
    const [ma, ea] = parts(addend);
    const mp = mx * my;
    const ep = ex + ey;
    const e = Math.min(ep, ea);
    const sum = (mp << BigInt(ep - e)) + (ma << BigInt(ea - e));
    if (sum === 0n) {
      // An exact zero: −0 only when both terms are −0 (nearest-even rounding)
      const addNeg = addend < 0 || Object.is(addend, -0);
      return put(c, rd, p, prodSignNeg && addNeg && mp === 0n && ma === 0n ? -0 : 0);
    }
    put(c, rd, p, roundExact(c, sum, e, p));
  };
}
