// More integer Advanced SIMD classes (ARM ARM C4.1.9x): across-lanes reductions (ADDV,
// SMAXV/UMAXV, SMINV/UMINV, SADDLV/UADDLV), two-register misc (CNT, NOT, NEG, ABS, compares
// with zero, REV16/32/64, XTN), permutes (UZP/TRN/ZIP), EXT and table lookups (TBL/TBX).
import type { TsCpu } from "../cpu.ts";
import { pattern, type Op, type Pattern } from "../decode-pattern.ts";
import { clearR, commit, lane, laneSigned, R, setLane } from "./simd-lanes.ts";

type F = Record<string, number>;
const RB = new Uint8Array(R.buffer);

function acrossLanes(f: F): Op | null {
  const { Q, U, size, opcode, rn, rd } = f;
  const esize = 1 << size;
  const count = (Q ? 16 : 8) / esize;
  if (size === 3 || (size === 2 && !Q)) return null;
  let op: (c: TsCpu) => number;
  let outSize = esize;
  switch (`${opcode}:${U}`) {
    case "27:0": // ADDV
      op = (c) => {
        let s = 0;
        for (let e = 0; e < count; e++) s += lane(c, rn, e, esize);
        return s;
      };
      break;
    case "10:0":
    case "10:1":
    case "26:0":
    case "26:1": {
      const max = opcode === 10;
      op = (c) => {
        let best = U ? lane(c, rn, 0, esize) : laneSigned(c, rn, 0, esize);
        for (let e = 1; e < count; e++) {
          const v = U ? lane(c, rn, e, esize) : laneSigned(c, rn, e, esize);
          if (max ? v > best : v < best) best = v;
        }
        return best;
      };
      break;
    }
    case "3:0":
    case "3:1": // SADDLV / UADDLV: a double-width sum
      outSize = esize * 2;
      op = (c) => {
        let s = 0;
        for (let e = 0; e < count; e++) s += U ? lane(c, rn, e, esize) : laneSigned(c, rn, e, esize);
        return s;
      };
      break;
    default:
      return null;
  }
  return (c) => {
    const v = op(c);
    clearR();
    if (outSize === 8) {
      // a sum of up to four 32-bit lanes: exact as a double, split into words
      const lo = ((v % 4294967296) + 4294967296) % 4294967296;
      R[0] = lo;
      R[1] = Math.floor((v - lo) / 4294967296) >>> 0;
    } else setLane(0, outSize, v >>> 0);
    commit(c, rd, true);
  };
}

function permute(f: F): Op | null {
  const { Q, size, rm, opcode, rn, rd } = f;
  const esize = 1 << size;
  if (size === 3 && !Q) return null;
  const count = (Q ? 16 : 8) / esize;
  const half = count / 2;
  const part = opcode >= 5 ? 1 : 0; // …2 forms take the odd / upper elements
  const kind = opcode & 3; // 1 UZP, 2 TRN, 3 ZIP
  if (kind === 0) return null;
  return (c) => {
    const b = c.vbytes;
    const src = (reg: number, e: number) => reg * 16 + e * esize;
    for (let e = 0; e < count; e++) {
      let from: number;
      if (kind === 1) {
        const i = 2 * e + part; // UZP: even (odd) elements of Rn:Rm
        from = i < count ? src(rn, i) : src(rm, i - count);
      } else if (kind === 2) {
        const pair = e >> 1;
        from = (e & 1) === 0 ? src(rn, 2 * pair + part) : src(rm, 2 * pair + part);
      } else {
        const base = part * half; // ZIP: interleave the low (high) halves
        from = (e & 1) === 0 ? src(rn, base + (e >> 1)) : src(rm, base + (e >> 1));
      }
      for (let k = 0; k < esize; k++) RB[e * esize + k] = b[from + k];
    }
    if (!Q) R[2] = R[3] = 0;
    commit(c, rd, Q === 1);
  };
}

function extract(f: F): Op | null {
  const { Q, rm, imm4, rn, rd } = f;
  if (!Q && imm4 >= 8) return null;
  const bytes = Q ? 16 : 8;
  return (c) => {
    const b = c.vbytes;
    for (let k = 0; k < bytes; k++) {
      const i = imm4 + k;
      RB[k] = i < bytes ? b[rn * 16 + i] : b[rm * 16 + i - bytes];
    }
    if (!Q) R[2] = R[3] = 0;
    commit(c, rd, Q === 1);
  };
}

function tableLookup(f: F): Op | null {
  const { Q, rm, len, op, rn, rd } = f;
  const regs = len + 1;
  const bytes = Q ? 16 : 8;
  const tbx = op === 1;
  return (c) => {
    const b = c.vbytes;
    for (let k = 0; k < bytes; k++) {
      const idx = b[rm * 16 + k];
      if (idx < regs * 16) RB[k] = b[((rn + (idx >> 4)) % 32) * 16 + (idx & 15)];
      else RB[k] = tbx ? b[rd * 16 + k] : 0;
    }
    if (!Q) R[2] = R[3] = 0;
    commit(c, rd, Q === 1);
  };
}

export const PATTERNS: Pattern[] = [
  pattern("AdvSIMD across lanes", "0 Q:1 U:1 01110 size:2 11000 opcode:5 10 rn:5 rd:5", acrossLanes),
  pattern("AdvSIMD permute", "0 Q:1 0 01110 size:2 0 rm:5 0 opcode:3 10 rn:5 rd:5", permute),
  pattern("AdvSIMD extract", "0 Q:1 101110 00 0 rm:5 0 imm4:4 0 rn:5 rd:5", extract),
  pattern("AdvSIMD table lookup", "0 Q:1 001110 00 0 rm:5 0 len:2 op:1 00 rn:5 rd:5", tableLookup),
];
