// Advanced SIMD permute (ARM ARM "Advanced SIMD permute"): UZP1/UZP2, TRN1/TRN2, ZIP1/ZIP2
// pick elements of Vn:Vm into Vd.
import { insn, type InsnEntry, type Op } from "../decode-pattern.ts";
import { commit, R } from "./simd-lanes.ts";

const RB = new Uint8Array(R.buffer);

interface PermuteFields {
  readonly Q: number;
  readonly size: number;
  readonly rm: number;
  readonly rn: number;
  readonly rd: number;
}

enum Kind {
  Uzp = 1,
  Trn = 2,
  Zip = 3,
}

/** `part` 1 is the …2 form (odd or upper elements). */
function permute(f: PermuteFields, kind: Kind, part: 0 | 1): Op | null {
  const { Q, size, rm, rn, rd } = f;
  const esize = 1 << size;
  if (size === 3 && !Q) return null;
  const count = (Q ? 16 : 8) / esize;
  const half = count / 2;
  return (c) => {
    const b = c.vbytes;
    const src = (reg: number, e: number) => reg * 16 + e * esize;
    for (let e = 0; e < count; e++) {
      let from: number;
      if (kind === Kind.Uzp) {
        const i = 2 * e + part; // UZP: even (odd) elements of Rn:Rm
        from = i < count ? src(rn, i) : src(rm, i - count);
      } else if (kind === Kind.Trn) {
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

export const INSNS: InsnEntry[] = [
  insn("UZP1", "0 Q:1 0 01110 size:2 0 rm:5 0 001 10 rn:5 rd:5", {}, (f) => permute(f, Kind.Uzp, 0)),
  insn("TRN1", "0 Q:1 0 01110 size:2 0 rm:5 0 010 10 rn:5 rd:5", {}, (f) => permute(f, Kind.Trn, 0)),
  insn("ZIP1", "0 Q:1 0 01110 size:2 0 rm:5 0 011 10 rn:5 rd:5", {}, (f) => permute(f, Kind.Zip, 0)),
  insn("UZP2", "0 Q:1 0 01110 size:2 0 rm:5 0 101 10 rn:5 rd:5", {}, (f) => permute(f, Kind.Uzp, 1)),
  insn("TRN2", "0 Q:1 0 01110 size:2 0 rm:5 0 110 10 rn:5 rd:5", {}, (f) => permute(f, Kind.Trn, 1)),
  insn("ZIP2", "0 Q:1 0 01110 size:2 0 rm:5 0 111 10 rn:5 rd:5", {}, (f) => permute(f, Kind.Zip, 1)),
];
