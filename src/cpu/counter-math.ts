// 64-bit generic-timer arithmetic on 32-bit halves (no BigInt on the core's path). The
// counter itself is a double that stays below 2^53 (COUNTER_HORIZON), where it is exact; the
// registers compared with it (CVAL, CNTVOFF) are full 64-bit values.

import { TWO32 } from "../arch/numbers.ts";

/** The counter never goes past this (2^53 - 1 ticks, 4.5 years at 62.5 MHz): a timer
 *  deadline beyond it is one the counter cannot reach, so it wakes nothing (as QEMU, which
 *  never arms its host timer for a deadline it cannot represent). */
export const COUNTER_HORIZON = Number.MAX_SAFE_INTEGER;

/** (lo, hi) of a counter value below 2^53, minus an offset, modulo 2^64, into out[0], out[1]. */
export function counterMinus(count: number, offLo: number, offHi: number, out: Uint32Array): void {
  const cLo = count % TWO32;
  const cHi = (count - cLo) / TWO32;
  const lo = cLo - offLo;
  out[0] = lo >>> 0;
  out[1] = (cHi - offHi - (lo < 0 ? 1 : 0)) >>> 0;
}

/** Unsigned 64-bit a >= b. */
export function atLeast64(aLo: number, aHi: number, bLo: number, bHi: number): boolean {
  aHi >>>= 0;
  bHi >>>= 0;
  return aHi !== bHi ? aHi > bHi : aLo >>> 0 >= bLo >>> 0;
}

/** Ticks from a up to b (0 when a >= b already), as a double: exact below 2^53, and never
 *  rounded below 2^53 when the true distance is at least that. */
export function ticksUntil(aLo: number, aHi: number, bLo: number, bHi: number): number {
  if (atLeast64(aLo, aHi, bLo, bHi)) return 0;
  const lo = (bLo >>> 0) - (aLo >>> 0);
  const hi = (bHi >>> 0) - (aHi >>> 0) - (lo < 0 ? 1 : 0);
  return hi * TWO32 + (lo >>> 0);
}
