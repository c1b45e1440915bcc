// Arithmetic shared by the data-processing classes: flag-setting adds on lo/hi pairs,
// shifted and extended operands, and the bitmask-immediate decoder.
import type { CoreContext } from "../core-context.ts";

import { TWO32 } from "../../arch/numbers.ts";

/** Scratch for helpers that produce a 64-bit value: [lo, hi]. */
export const T = new Uint32Array(2);

/** d = a + b + cin (64-bit), setting NZCV (ADDS/SUBS/ADCS/SBCS/CMP/CMN). */
export function adds64(c: CoreContext, aLo: number, aHi: number, bLo: number, bHi: number, cin: number, d: number): void {
  const lo = aLo + bLo + cin;
  const carryLo = lo >= TWO32 ? 1 : 0;
  const hi = aHi + bHi + carryLo;
  const rHi = hi >>> 0;
  const rLo = lo >>> 0;
  c.n = rHi >>> 31;
  c.z = (rLo | rHi) === 0 ? 1 : 0;
  c.c = hi >= TWO32 ? 1 : 0;
  c.v = (~(aHi ^ bHi) & (aHi ^ rHi)) >>> 31;
  const x = c.x;
  x[d] = rLo;
  x[d + 1] = rHi;
}

/** d = a + b + cin (32-bit), setting NZCV; the upper half of d is zeroed. */
export function adds32(c: CoreContext, a: number, b: number, cin: number, d: number): void {
  const s = a + b + cin;
  const r = s >>> 0;
  c.n = r >>> 31;
  c.z = r === 0 ? 1 : 0;
  c.c = s >= TWO32 ? 1 : 0;
  c.v = (~(a ^ b) & (a ^ r)) >>> 31;
  const x = c.x;
  x[d] = r;
  x[d + 1] = 0;
}

/** The opc of the logical instructions, immediate and shifted register alike. */
export const AND = 0;
export const ORR = 1;
export const EOR = 2;
export const ANDS = 3;

export const LSL = 0;
export const LSR = 1;
export const ASR = 2;
export const ROR = 3;

/** Shift (lo, hi) by a constant 0 < amt < 64; result in T. */
export function shift64(type: number, amt: number, lo: number, hi: number): void {
  if (amt === 0) {
    T[0] = lo;
    T[1] = hi;
    return;
  }
  switch (type) {
    case LSL:
      if (amt >= 32) {
        T[1] = lo << (amt - 32);
        T[0] = 0;
      } else {
        T[1] = (hi << amt) | (lo >>> (32 - amt));
        T[0] = lo << amt;
      }
      return;
    case LSR:
      if (amt >= 32) {
        T[0] = hi >>> (amt - 32);
        T[1] = 0;
      } else {
        T[0] = (lo >>> amt) | (hi << (32 - amt));
        T[1] = hi >>> amt;
      }
      return;
    case ASR:
      if (amt >= 32) {
        T[0] = (hi | 0) >> (amt - 32);
        T[1] = (hi | 0) >> 31;
      } else {
        T[0] = (lo >>> amt) | (hi << (32 - amt));
        T[1] = (hi | 0) >> amt;
      }
      return;
    default: // ROR
      if (amt === 32) {
        T[0] = hi;
        T[1] = lo;
      } else if (amt > 32) {
        const a = amt - 32;
        T[0] = (hi >>> a) | (lo << (32 - a));
        T[1] = (lo >>> a) | (hi << (32 - a));
      } else {
        T[0] = (lo >>> amt) | (hi << (32 - amt));
        T[1] = (hi >>> amt) | (lo << (32 - amt));
      }
  }
}

/** Shift a 32-bit value by a constant 0 <= amt < 32. */
export function shift32(type: number, amt: number, v: number): number {
  if (amt === 0) return v >>> 0;
  switch (type) {
    case LSL:
      return (v << amt) >>> 0;
    case LSR:
      return v >>> amt;
    case ASR:
      return ((v | 0) >> amt) >>> 0;
    default:
      return ((v >>> amt) | (v << (32 - amt))) >>> 0;
  }
}

/** Extended-register operand (UXTB … SXTX, then LSL by 0–4) of a 64-bit register; into T. */
export function extend64(option: number, shift: number, lo: number, hi: number): void {
  let rLo: number;
  let rHi: number;
  switch (option) {
    case 0:
      rLo = lo & 0xff;
      rHi = 0;
      break; // UXTB
    case 1:
      rLo = lo & 0xffff;
      rHi = 0;
      break; // UXTH
    case 2:
      rLo = lo;
      rHi = 0;
      break; // UXTW
    case 3:
      rLo = lo;
      rHi = hi;
      break; // UXTX
    case 4:
      rLo = (lo << 24) >> 24;
      rHi = rLo >> 31;
      break; // SXTB
    case 5:
      rLo = (lo << 16) >> 16;
      rHi = rLo >> 31;
      break; // SXTH
    case 6:
      rLo = lo | 0;
      rHi = rLo >> 31;
      break; // SXTW
    default:
      rLo = lo;
      rHi = hi; // SXTX
  }
  shift64(LSL, shift, rLo >>> 0, rHi >>> 0);
}

/** Extended-register operand for 32-bit operations. */
export function extend32(option: number, shift: number, v: number): number {
  let r: number;
  switch (option & 7) {
    case 0:
      r = v & 0xff;
      break;
    case 1:
      r = v & 0xffff;
      break;
    case 4:
      r = (v << 24) >> 24;
      break;
    case 5:
      r = (v << 16) >> 16;
      break;
    default:
      r = v; // UXTW, UXTX, SXTW, SXTX on a W register
  }
  return (r << shift) >>> 0;
}

/** DecodeBitMasks (ARM ARM J1.1): wmask and tmask as BigInt, or null when reserved. */
export function decodeBitMasks(immN: number, imms: number, immr: number, immediate: boolean, datasize: number): { wmask: bigint; tmask: bigint } | null {
  const combined = (immN << 6) | (~imms & 0x3f);
  let len = -1;
  for (let i = 6; i >= 0; i--) {
    if ((combined >>> i) & 1) {
      len = i;
      break;
    }
  }
  if (len < 1) return null;
  const esize = 1 << len;
  if (esize > datasize) return null;
  const levels = esize - 1;
  if (immediate && (imms & levels) === levels) return null;
  const s = imms & levels;
  const r = immr & levels;
  const diff = (s - r) & levels;
  const eMask = (1n << BigInt(esize)) - 1n;
  const welem = (1n << BigInt(s + 1)) - 1n;
  const telem = (1n << BigInt(diff + 1)) - 1n;
  const ror = (v: bigint, n: number) => (n === 0 ? v : ((v >> BigInt(n)) | (v << BigInt(esize - n))) & eMask);
  const replicate = (v: bigint) => {
    let out = 0n;
    for (let i = 0; i < datasize; i += esize) out |= v << BigInt(i);
    return out;
  };
  return { wmask: replicate(ror(welem, r)), tmask: replicate(telem) };
}

export function lo32(v: bigint): number {
  return Number(v & 0xffffffffn);
}
export function hi32(v: bigint): number {
  return Number((v >> 32n) & 0xffffffffn);
}
