// 64-bit multiplication on 32-bit halves (no BigInt): full 32×32→64 products, the low 64
// bits of 64×64 (MADD/MSUB) and the high 64 bits (UMULH/SMULH).
import type { CoreContext } from "../core-context.ts";
import { T } from "./alu.ts";

import { TWO32 } from "../../arch/numbers.ts";

/** Unsigned 32×32 → 64 product into T = [lo, hi]. */
export function umul32(a: number, b: number): void {
  const aL = a & 0xffff;
  const aH = a >>> 16;
  const bL = b & 0xffff;
  const bH = b >>> 16;
  const mid = aL * bH + aH * bL; // < 2^33
  const low = aL * bL + (mid % 65536) * 65536; // < 2^33
  const lo = low % TWO32;
  T[0] = lo;
  T[1] = aH * bH + Math.floor(mid / 65536) + (low - lo) / TWO32;
}

/** x[d] = x[a] ± (pHi:pLo), 64-bit (the accumulate step of MADD/MSUB/*MADDL/*MSUBL). */
export function accumulate(x: Uint32Array, a: number, pLo: number, pHi: number, d: number, sub: boolean): void {
  if (sub) {
    const lo = x[a] - pLo;
    x[d + 1] = x[a + 1] - pHi - (lo < 0 ? 1 : 0);
    x[d] = lo;
  } else {
    const lo = x[a] + pLo;
    x[d + 1] = x[a + 1] + pHi + (lo >= TWO32 ? 1 : 0);
    x[d] = lo;
  }
}

/** d = a ± n×m (low 64 bits). */
export function mulAdd64(c: CoreContext, n: number, m: number, a: number, d: number, sub: boolean): void {
  const x = c.x;
  const nLo = x[n],
    nHi = x[n + 1],
    mLo = x[m],
    mHi = x[m + 1];
  umul32(nLo, mLo);
  accumulate(x, a, T[0], (T[1] + Math.imul(nHi, mLo) + Math.imul(nLo, mHi)) >>> 0, d, sub);
}

/** High 64 bits of the unsigned 128-bit product (aLo:aHi)×(bLo:bHi) into T. */
function umulhParts(aLo: number, aHi: number, bLo: number, bHi: number): void {
  umul32(aLo, bLo);
  const p0h = T[1];
  umul32(aLo, bHi);
  const p1l = T[0],
    p1h = T[1];
  umul32(aHi, bLo);
  const p2l = T[0],
    p2h = T[1];
  umul32(aHi, bHi);
  const p3l = T[0],
    p3h = T[1];
  const t1 = p0h + p1l + p2l;
  const carry1 = Math.floor(t1 / TWO32);
  const t2 = p1h + p2h + p3l + carry1;
  const w2 = t2 % TWO32;
  T[0] = w2;
  T[1] = p3h + (t2 - w2) / TWO32;
}

export function umulh64(c: CoreContext, n: number, m: number, d: number): void {
  const x = c.x;
  umulhParts(x[n], x[n + 1], x[m], x[m + 1]);
  x[d] = T[0];
  x[d + 1] = T[1];
}

/** Signed high half: the unsigned one minus the other operand for each negative one. */
export function smulh64(c: CoreContext, n: number, m: number, d: number): void {
  const x = c.x;
  const aLo = x[n],
    aHi = x[n + 1],
    bLo = x[m],
    bHi = x[m + 1];
  umulhParts(aLo, aHi, bLo, bHi);
  let lo = T[0];
  let hi = T[1];
  if (aHi >>> 31) {
    const s = lo - bLo;
    hi = hi - bHi - (s < 0 ? 1 : 0);
    lo = s;
  }
  if (bHi >>> 31) {
    const s = (lo >>> 0) - aLo;
    hi = (hi >>> 0) - aHi - (s < 0 ? 1 : 0);
    lo = s;
  }
  x[d] = lo;
  x[d + 1] = hi;
}
