// Lane access for Advanced SIMD: element e of size 1, 2, 4 or 8 bytes in V[n], as numbers
// (8-byte lanes as lo/hi pairs). Operations run lane by lane into a scratch result so that
// a destination overlapping a source is read before it is written.
import type { CoreContext } from "../core-context.ts";

/** Scratch for a 128-bit result (4 words), committed with commit(). */
export const R = new Uint32Array(4);
const RB = new Uint8Array(R.buffer);

export function lane(c: CoreContext, reg: number, e: number, esize: number): number {
  const b = c.vbytes;
  const o = reg * 16 + e * esize;
  if (esize === 1) return b[o];
  if (esize === 2) return b[o] | (b[o + 1] << 8);
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}

export function laneSigned(c: CoreContext, reg: number, e: number, esize: number): number {
  const s = 32 - 8 * esize;
  return (lane(c, reg, e, esize) << s) >> s;
}

export function setLane(e: number, esize: number, v: number): void {
  const o = e * esize;
  for (let k = 0; k < esize && k < 4; k++) RB[o + k] = (v >>> (8 * k)) & 0xff;
}

export function clearR(): void {
  R[0] = R[1] = R[2] = R[3] = 0;
}

/** Write R to V[d]; a 64-bit (Q=0) result clears the upper half. */
export function commit(c: CoreContext, d: number, q: boolean): void {
  const v = c.vreg;
  v[d * 4] = R[0];
  v[d * 4 + 1] = R[1];
  v[d * 4 + 2] = q ? R[2] : 0;
  v[d * 4 + 3] = q ? R[3] : 0;
}
