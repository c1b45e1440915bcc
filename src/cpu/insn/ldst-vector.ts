// SIMD&FP register transfers for loads and stores (B, H, S, D, Q). A load writes the low
// bytes of Vt and zeroes the rest of the 128-bit register, as the ARM ARM requires.
import type { CoreContext } from "../core-context.ts";

import { TWO32 } from "../../arch/numbers.ts";

/** Load `bytes` (1, 2, 4, 8, 16) from (hi:lo) into V[t]. */
export function loadVector(c: CoreContext, hi: number, lo: number, t: number, bytes: number): void {
  const v = c.vreg;
  const i = t * 4;
  if (bytes === 16) {
    const l0 = c.ld64(hi, lo, 0);
    const h0 = c.hi32;
    const s = lo + 8;
    const l1 = c.ld64(s >= TWO32 ? (hi + 1) >>> 0 : hi, s >>> 0, 0);
    v[i] = l0;
    v[i + 1] = h0;
    v[i + 2] = l1;
    v[i + 3] = c.hi32;
    return;
  }
  let w0: number;
  let w1 = 0;
  if (bytes === 8) {
    w0 = c.ld64(hi, lo, 0);
    w1 = c.hi32;
  } else w0 = bytes === 4 ? c.ld32(hi, lo, 0) : bytes === 2 ? c.ld16(hi, lo, 0) : c.ld8(hi, lo, 0);
  v[i] = w0;
  v[i + 1] = w1;
  v[i + 2] = 0;
  v[i + 3] = 0;
}

/** Store the low `bytes` of V[t] at (hi:lo). */
export function storeVector(c: CoreContext, hi: number, lo: number, t: number, bytes: number): void {
  const v = c.vreg;
  const i = t * 4;
  switch (bytes) {
    case 1:
      return c.st8(hi, lo, v[i] & 0xff, 0);
    case 2:
      return c.st16(hi, lo, v[i] & 0xffff, 0);
    case 4:
      return c.st32(hi, lo, v[i], 0);
    case 8:
      return c.st64(hi, lo, v[i], v[i + 1], 0);
    default: {
      const w0 = v[i],
        w1 = v[i + 1],
        w2 = v[i + 2],
        w3 = v[i + 3];
      c.st64(hi, lo, w0, w1, 0);
      const s = lo + 8;
      c.st64(s >= TWO32 ? (hi + 1) >>> 0 : hi, s >>> 0, w2, w3, 0);
    }
  }
}
