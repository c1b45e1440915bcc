// Advanced SIMD three same (integer, C4.1.95): bitwise logic (AND, BIC, ORR, ORN, EOR, BSL,
// BIT, BIF), ADD/SUB, the compares (CMEQ, CMGT, CMGE, CMHI, CMHS, CMTST), MUL and ADDP.
import type { CoreContext } from "../core-context.ts";
import { pattern, type Op, type Pattern } from "../decode-pattern.ts";
import { clearR, commit, lane, laneSigned, R, setLane } from "./simd-lanes.ts";

import { TWO32 } from "../../arch/numbers.ts";

function logical(f: Record<string, number>): Op {
  const { Q, U, size, rm, rn, rd } = f;
  const words = Q ? 4 : 2;
  const op = (U << 2) | size;
  return (c) => {
    const v = c.vreg;
    for (let w = 0; w < words; w++) {
      const n = v[rn * 4 + w], m = v[rm * 4 + w], d = v[rd * 4 + w];
      let r: number;
      switch (op) {
        case 0: r = n & m; break; // AND
        case 1: r = n & ~m; break; // BIC
        case 2: r = n | m; break; // ORR (MOV when Rn = Rm)
        case 3: r = n | ~m; break; // ORN
        case 4: r = n ^ m; break; // EOR
        case 5: r = (d & n) | (~d & m); break; // BSL
        case 6: r = (d & ~m) | (n & m); break; // BIT
        default: r = (d & m) | (n & ~m); // BIF
      }
      R[w] = r;
    }
    if (!Q) R[2] = R[3] = 0;
    commit(c, rd, Q === 1);
  };
}

/** Per-lane operation on a pair of 64-bit lanes held as words. */
function lanes64(c: CoreContext, rn: number, rm: number, rd: number, q: boolean, fn: (nLo: number, nHi: number, mLo: number, mHi: number, e: number) => void): void {
  const v = c.vreg;
  const count = q ? 2 : 1;
  for (let e = 0; e < count; e++) fn(v[rn * 4 + 2 * e], v[rn * 4 + 2 * e + 1], v[rm * 4 + 2 * e], v[rm * 4 + 2 * e + 1], e);
  commit(c, rd, q);
}

function arithmetic(f: Record<string, number>): Op | null {
  const { Q, U, size, rm, rn, rd, opcode } = f;
  const esize = 1 << size;
  const q = Q === 1;
  if (size === 3 && !q) return null; // 1D forms are the scalar class
  const count = (q ? 16 : 8) / esize;
  const mask = esize === 4 ? 0xffffffff : (1 << (8 * esize)) - 1;
  const kind = `${opcode}:${U}`;
  if (size === 3) {
    const cmp = (sign: boolean) => (aLo: number, aHi: number, bLo: number, bHi: number) => {
      const ah = sign ? aHi | 0 : aHi, bh = sign ? bHi | 0 : bHi;
      return ah !== bh ? (ah > bh ? 1 : -1) : aLo === bLo ? 0 : aLo > bLo ? 1 : -1;
    };
    const put = (e: number, lo: number, hi: number) => {
      R[2 * e] = lo;
      R[2 * e + 1] = hi;
    };
    switch (kind) {
      case "16:0": return (c) => lanes64(c, rn, rm, rd, q, (a, b, x, y, e) => { const s = a + x; put(e, s, b + y + (s >= TWO32 ? 1 : 0)); });
      case "16:1": return (c) => lanes64(c, rn, rm, rd, q, (a, b, x, y, e) => { const s = a - x; put(e, s, b - y - (s < 0 ? 1 : 0)); });
      case "6:0": return (c) => lanes64(c, rn, rm, rd, q, (a, b, x, y, e) => { const r = cmp(true)(a, b, x, y) > 0 ? -1 : 0; put(e, r, r); });
      case "6:1": return (c) => lanes64(c, rn, rm, rd, q, (a, b, x, y, e) => { const r = cmp(false)(a, b, x, y) > 0 ? -1 : 0; put(e, r, r); });
      case "7:0": return (c) => lanes64(c, rn, rm, rd, q, (a, b, x, y, e) => { const r = cmp(true)(a, b, x, y) >= 0 ? -1 : 0; put(e, r, r); });
      case "7:1": return (c) => lanes64(c, rn, rm, rd, q, (a, b, x, y, e) => { const r = cmp(false)(a, b, x, y) >= 0 ? -1 : 0; put(e, r, r); });
      case "17:0": return (c) => lanes64(c, rn, rm, rd, q, (a, b, x, y, e) => { const r = (a & x) | (b & y) ? -1 : 0; put(e, r, r); });
      case "17:1": return (c) => lanes64(c, rn, rm, rd, q, (a, b, x, y, e) => { const r = a === x && b === y ? -1 : 0; put(e, r, r); });
      case "23:0": // ADDP (2D): pairs of adjacent lanes of Rn:Rm
        return (c) => {
          const v = c.vreg;
          const sums: number[] = [];
          for (const reg of [rn, rm]) {
            const s = v[reg * 4] + v[reg * 4 + 2];
            sums.push(s >>> 0, (v[reg * 4 + 1] + v[reg * 4 + 3] + (s >= TWO32 ? 1 : 0)) >>> 0);
          }
          R[0] = sums[0]; R[1] = sums[1]; R[2] = sums[2]; R[3] = sums[3];
          commit(c, rd, true);
        };
      default: return null;
    }
  }
  let fn: (c: CoreContext, e: number) => number;
  switch (kind) {
    case "16:0": fn = (c, e) => lane(c, rn, e, esize) + lane(c, rm, e, esize); break; // ADD
    case "16:1": fn = (c, e) => lane(c, rn, e, esize) - lane(c, rm, e, esize); break; // SUB
    case "6:0": fn = (c, e) => (laneSigned(c, rn, e, esize) > laneSigned(c, rm, e, esize) ? mask : 0); break; // CMGT
    case "6:1": fn = (c, e) => (lane(c, rn, e, esize) > lane(c, rm, e, esize) ? mask : 0); break; // CMHI
    case "7:0": fn = (c, e) => (laneSigned(c, rn, e, esize) >= laneSigned(c, rm, e, esize) ? mask : 0); break; // CMGE
    case "7:1": fn = (c, e) => (lane(c, rn, e, esize) >= lane(c, rm, e, esize) ? mask : 0); break; // CMHS
    case "17:0": fn = (c, e) => ((lane(c, rn, e, esize) & lane(c, rm, e, esize)) !== 0 ? mask : 0); break; // CMTST
    case "17:1": fn = (c, e) => (lane(c, rn, e, esize) === lane(c, rm, e, esize) ? mask : 0); break; // CMEQ
    case "19:0": fn = (c, e) => Math.imul(lane(c, rn, e, esize), lane(c, rm, e, esize)); break; // MUL
    case "23:0": // ADDP: lanes of the concatenation Rm:Rn, added in pairs
      fn = (c, e) => {
        const half = count / 2;
        const src = e < half ? rn : rm;
        const i = (e % half) * 2;
        return lane(c, src, i, esize) + lane(c, src, i + 1, esize);
      };
      break;
    default:
      return null;
  }
  return (c) => {
    clearR();
    for (let e = 0; e < count; e++) setLane(e, esize, fn(c, e) >>> 0);
    commit(c, rd, q);
  };
}

function threeSame(f: Record<string, number>): Op | null {
  return f.opcode === 0b00011 ? logical(f) : arithmetic(f);
}

export const PATTERNS: Pattern[] = [pattern("AdvSIMD three same", "0 Q:1 U:1 01110 size:2 1 rm:5 opcode:5 1 rn:5 rd:5", threeSame)];
