// Element arithmetic for the general Advanced SIMD integer classes (saturating, rounding,
// widening and narrowing operations): elements as BigInt, exact at every width, read from
// and written to the vector registers. The common operations (ADD, logic, compares, MUL,
// shifts by immediate) have fast number-based paths in their own files; these are the rest.
import type { CoreContext } from "../core-context.ts";

/** FPSR.QC: cumulative saturation. */
export const FPSR_QC = 1 << 27;

/** Element `e` of `esize` bytes of V[reg], signed or unsigned. */
export function elem(c: CoreContext, reg: number, e: number, esize: number, signed: boolean): bigint {
  const b = c.vbytes;
  const o = reg * 16 + e * esize;
  let v = 0n;
  for (let k = esize - 1; k >= 0; k--) v = (v << 8n) | BigInt(b[o + k]);
  return signed ? BigInt.asIntN(esize * 8, v) : v;
}

/** A 16-byte result under construction; commit() writes it to a register. */
export const OUT = new Uint8Array(16);

export function put(e: number, esize: number, v: bigint): void {
  let u = BigInt.asUintN(esize * 8, v);
  const o = e * esize;
  for (let k = 0; k < esize; k++) {
    OUT[o + k] = Number(u & 0xffn);
    u >>= 8n;
  }
}

/** Write OUT's first `bytes` (8 or 16) to V[d] and zero the rest of it. */
export function commitOut(c: CoreContext, d: number, bytes: number): void {
  const b = c.vbytes;
  for (let k = 0; k < 16; k++) b[d * 16 + k] = k < bytes ? OUT[k] : 0;
}

/** Start a result from V[d] (narrowing "2" forms keep the lower half). */
export function outFrom(c: CoreContext, d: number): void {
  OUT.set(c.vbytes.subarray(d * 16, d * 16 + 16));
}

/** Clamp to the signed or unsigned range of `bits`, setting FPSR.QC when it saturates. */
export function saturate(c: CoreContext, v: bigint, bits: number, signed: boolean): bigint {
  const b = BigInt(bits);
  const lo = signed ? -(1n << (b - 1n)) : 0n;
  const hi = signed ? (1n << (b - 1n)) - 1n : (1n << b) - 1n;
  if (v < lo) {
    c.fpsr |= FPSR_QC;
    return lo;
  }
  if (v > hi) {
    c.fpsr |= FPSR_QC;
    return hi;
  }
  return v;
}

/** Shift by a signed amount (left when positive), optionally rounding right shifts: the
 *  SSHL/USHL family (ARM ARM, "shift by register", element2<7:0> as the amount). */
export function shiftBy(v: bigint, shift: number, round: boolean): bigint {
  if (shift >= 0) return v << BigInt(shift);
  const s = BigInt(-shift);
  return round ? (v + (1n << (s - 1n))) >> s : v >> s;
}

/** Polynomial (carry-less) multiply of two bit strings. */
export function polyMul(a: bigint, b: bigint): bigint {
  let r = 0n;
  for (let i = 0n; b >> i; i++) if ((b >> i) & 1n) r ^= a << i;
  return r;
}
