// Advanced SIMD shift by immediate (C4.1.97): SHL, SSHR/USHR, SSHLL/USHLL (SXTL/UXTL
// aliases) and SHRN. immh's top set bit gives the element size.
import { pattern, type Op, type Pattern } from "../decode-pattern.ts";
import type { CoreContext } from "../core-context.ts";
import { clearR, commit, lane, laneSigned, R, setLane } from "./simd-lanes.ts";

import { TWO32 } from "../../arch/numbers.ts";

function shiftImm(f: Record<string, number>): Op | null {
  const { Q, U, immh, immb, opcode, rn, rd } = f;
  if (immh === 0) return null; // that space is "modified immediate"
  const log2 = 31 - Math.clz32(immh); // 0: 8-bit … 3: 64-bit
  const esize = 1 << log2;
  const bits = 8 * esize;
  const immhb = (immh << 3) | immb;
  const q = Q === 1;
  if (log2 === 3 && !q && opcode !== 0b10100 && opcode !== 0b10000) return null;
  const count = (q ? 16 : 8) / esize;
  switch (opcode) {
    case 0b01010: {
      if (U !== 0) return null; // SLI not implemented
      const sh = immhb - bits; // SHL
      if (log2 === 3)
        return (c) => {
          const v = c.vreg;
          for (let e = 0; e < 2; e++) {
            const lo = v[rn * 4 + 2 * e], hi = v[rn * 4 + 2 * e + 1];
            R[2 * e] = sh >= 32 ? 0 : lo << sh;
            R[2 * e + 1] = sh === 0 ? hi : sh >= 32 ? lo << (sh - 32) : (hi << sh) | (lo >>> (32 - sh));
          }
          commit(c, rd, true);
        };
      return (c) => {
        clearR();
        for (let e = 0; e < count; e++) setLane(e, esize, (lane(c, rn, e, esize) << sh) >>> 0);
        commit(c, rd, q);
      };
    }
    case 0b00000: {
      const sh = 2 * bits - immhb; // SSHR / USHR, 1..bits
      if (log2 === 3)
        return (c) => {
          const v = c.vreg;
          for (let e = 0; e < 2; e++) {
            const lo = v[rn * 4 + 2 * e], hi = v[rn * 4 + 2 * e + 1];
            const fill = U ? 0 : (hi | 0) >> 31;
            if (sh === 64) {
              R[2 * e] = fill;
              R[2 * e + 1] = fill;
            } else if (sh >= 32) {
              R[2 * e] = U ? hi >>> (sh - 32) : (hi | 0) >> (sh - 32);
              R[2 * e + 1] = fill;
            } else {
              R[2 * e] = (lo >>> sh) | (hi << (32 - sh));
              R[2 * e + 1] = U ? hi >>> sh : (hi | 0) >> sh;
            }
          }
          commit(c, rd, true);
        };
      return (c) => {
        clearR();
        for (let e = 0; e < count; e++) {
          const v = U ? lane(c, rn, e, esize) : laneSigned(c, rn, e, esize);
          const r = sh >= 32 ? (U ? 0 : v >> 31) : U ? v >>> sh : v >> sh;
          setLane(e, esize, r >>> 0);
        }
        commit(c, rd, q);
      };
    }
    case 0b10100: {
      // SSHLL/USHLL{2}: widen the lower (or upper, Q=1) half then shift left
      if (log2 === 3) return null;
      const sh = immhb - bits;
      const wide = esize * 2;
      const first = q ? 8 / esize : 0;
      return (c: CoreContext) => {
        clearR();
        for (let e = 0; e < 8 / esize; e++) {
          const v = U ? lane(c, rn, first + e, esize) : laneSigned(c, rn, first + e, esize);
          if (wide === 8) {
            // 64-bit result lanes: value (≤ 32 bits, signed) shifted by < 32
            const big = v * 2 ** sh; // exact: |v| < 2^32, sh < 32
            const lo = ((big % TWO32) + TWO32) % TWO32;
            R[2 * e] = lo;
            R[2 * e + 1] = Math.floor((big - lo) / TWO32) >>> 0;
          } else setLane(e, wide, (v << sh) >>> 0);
        }
        commit(c, rd, true);
      };
    }
    case 0b10000: {
      // SHRN{2}: narrow each double-width lane of Vn by a right shift
      if (U !== 0 || log2 === 3) return null;
      const sh = 2 * bits - immhb;
      const wide = esize * 2;
      return (c: CoreContext) => {
        const v = c.vreg;
        if (q) {
          R[0] = v[rd * 4];
          R[1] = v[rd * 4 + 1];
        } else clearR();
        for (let e = 0; e < 8 / esize; e++) {
          let r: number;
          if (wide === 8) {
            const lo = v[rn * 4 + 2 * e], hi = v[rn * 4 + 2 * e + 1];
            r = sh >= 32 ? hi >>> (sh - 32) : (lo >>> sh) | (hi << (32 - sh));
          } else r = lane(c, rn, e, wide) >>> sh;
          setLane((q ? 8 / esize : 0) + e, esize, r >>> 0);
        }
        commit(c, rd, true);
      };
    }
    default:
      return null;
  }
}

export const PATTERNS: Pattern[] = [pattern("AdvSIMD shift by immediate", "0 Q:1 U:1 011110 immh:4 immb:3 opcode:5 1 rn:5 rd:5", shiftImm)];
