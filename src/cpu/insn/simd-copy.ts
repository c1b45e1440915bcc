// Advanced SIMD copy (ARM ARM "Advanced SIMD copy"): DUP (element), DUP (general), INS
// (element), INS (general), SMOV and UMOV; and the one instruction of "Advanced SIMD scalar
// copy", DUP (element) into a scalar (the MOV Bd/Hd/Sd/Dd, Vn.T[i] alias). imm5's lowest set
// bit gives the element size, the bits above it the index.
import { insn, type InsnEntry, type Op } from "../decode-pattern.ts";
import { rZr, wZr } from "../register-file.ts";
import { commitOut, elem, put } from "./simd-elements.ts";

/** Element size (log2 bytes, 0..3) and index from imm5, or null when imm5 is x0000. */
function element(imm5: number): { size: number; esize: number; index: number } | null {
  if ((imm5 & 0xf) === 0) return null;
  const size = 31 - Math.clz32(imm5 & -imm5);
  return { size, esize: 1 << size, index: imm5 >>> (size + 1) };
}

interface CopyFields {
  readonly Q: number;
  readonly imm5: number;
  readonly rn: number;
  readonly rd: number;
}

/** DUP (element): every lane of Vd = Vn[index]. */
function dupElement(f: CopyFields): Op | null {
  const el = element(f.imm5);
  if (el === null) return null;
  const { Q, rn, rd } = f;
  const { size, esize, index } = el;
  if (size === 3 && !Q) return null;
  const lanes = (Q ? 16 : 8) / esize;
  const d = rd * 16;
  const src = rn * 16 + index * esize;
  return (c) => {
    const b = c.vbytes;
    const tmp0 = b[src],
      tmp1 = b[src + 1],
      tmp2 = b[src + 2],
      tmp3 = b[src + 3];
    const tmp4 = b[src + 4],
      tmp5 = b[src + 5],
      tmp6 = b[src + 6],
      tmp7 = b[src + 7];
    const e = [tmp0, tmp1, tmp2, tmp3, tmp4, tmp5, tmp6, tmp7];
    for (let l = 0; l < lanes; l++) for (let k = 0; k < esize; k++) b[d + l * esize + k] = e[k];
    if (!Q) for (let k = 8; k < 16; k++) b[d + k] = 0;
  };
}

/** DUP (general): every lane = the low esize bytes of Rn. */
function dupGeneral(f: CopyFields): Op | null {
  const el = element(f.imm5);
  if (el === null) return null;
  const { Q, rn, rd } = f;
  const { size } = el;
  if (size === 3 && !Q) return null;
  const n = rZr(rn);
  return (c) => {
    const v = c.vreg;
    const lo = c.x[n],
      hi = c.x[n + 1];
    let w: number;
    if (size === 3) {
      for (let l = 0; l < 4; l += 2) {
        v[rd * 4 + l] = lo;
        v[rd * 4 + l + 1] = hi;
      }
      return;
    }
    if (size === 2) w = lo;
    else if (size === 1) w = (lo & 0xffff) * 0x10001;
    else w = (lo & 0xff) * 0x01010101;
    v[rd * 4] = w;
    v[rd * 4 + 1] = w;
    v[rd * 4 + 2] = Q ? w : 0;
    v[rd * 4 + 3] = Q ? w : 0;
  };
}

/** INS (general): Vd[index] = Rn<esize-1:0>. */
function insGeneral(f: Omit<CopyFields, "Q">): Op | null {
  const el = element(f.imm5);
  if (el === null) return null;
  const { esize, index } = el;
  const n = rZr(f.rn);
  const dst = f.rd * 16 + index * esize;
  return (c) => {
    const b = c.vbytes;
    const lo = c.x[n],
      hi = c.x[n + 1];
    for (let k = 0; k < esize; k++) b[dst + k] = k < 4 ? (lo >>> (8 * k)) & 0xff : (hi >>> (8 * (k - 4))) & 0xff;
  };
}

/** INS (element): Vd[index] = Vn[imm4 >> size]. */
function insElement(f: Omit<CopyFields, "Q"> & { readonly imm4: number }): Op | null {
  const el = element(f.imm5);
  if (el === null) return null;
  const { size, esize, index } = el;
  const src = f.rn * 16 + (f.imm4 >>> size) * esize;
  const dst = f.rd * 16 + index * esize;
  return (c) => {
    const b = c.vbytes;
    for (let k = 0; k < esize; k++) b[dst + k] = b[src + k];
  };
}

/** SMOV / UMOV: Rd = Vn[index], sign- or zero-extended to 32 (Q=0) or 64 (Q=1) bits. */
function move(f: CopyFields, signed: boolean): Op | null {
  const el = element(f.imm5);
  if (el === null) return null;
  const { Q, rn, rd } = f;
  const { size, esize, index } = el;
  if (signed ? size >= (Q ? 3 : 2) : Q ? size !== 3 : size === 3) return null;
  const t = wZr(rd);
  const src = rn * 16 + index * esize;
  return (c) => {
    const b = c.vbytes;
    let lo = 0;
    let hi = 0;
    for (let k = 0; k < Math.min(esize, 4); k++) lo |= b[src + k] << (8 * k);
    for (let k = 4; k < esize; k++) hi |= b[src + k] << (8 * (k - 4));
    if (signed) {
      const s = 32 - 8 * esize;
      lo = (lo << s) >> s;
      hi = Q ? lo >> 31 : 0;
      if (!Q) lo >>>= 0;
    }
    c.x[t] = lo;
    c.x[t + 1] = hi;
  };
}

/** DUP (element), scalar: element Vn[index] alone in Vd. */
function dupScalar(f: { readonly imm5: number; readonly rn: number; readonly rd: number }): Op | null {
  const size = f.imm5 === 0 ? -1 : 31 - Math.clz32(f.imm5 & -f.imm5);
  if (size < 0 || size > 3) return null;
  const esize = 1 << size;
  const index = f.imm5 >>> (size + 1);
  const { rn, rd } = f;
  return (c) => {
    put(0, esize, elem(c, rn, index, esize, false));
    commitOut(c, rd, esize);
  };
}

export const INSNS: InsnEntry[] = [
  insn({ name: "DUP (element)", encoding: "Vector" }, "0 Q:1 0 01110000 imm5:5 0 0000 1 rn:5 rd:5", {}, (f) => dupElement(f)),
  insn("DUP (general)", "0 Q:1 0 01110000 imm5:5 0 0001 1 rn:5 rd:5", {}, (f) => dupGeneral(f)),
  insn("INS (general)", "0 1 0 01110000 imm5:5 0 0011 1 rn:5 rd:5", {}, (f) => insGeneral(f)),
  insn("SMOV", "0 Q:1 0 01110000 imm5:5 0 0101 1 rn:5 rd:5", {}, (f) => move(f, true)),
  insn("UMOV", "0 Q:1 0 01110000 imm5:5 0 0111 1 rn:5 rd:5", {}, (f) => move(f, false)),
  insn("INS (element)", "0 1 1 01110000 imm5:5 0 imm4:4 1 rn:5 rd:5", {}, (f) => insElement(f)),
  insn({ name: "DUP (element)", encoding: "Scalar" }, "01 0 11110000 imm5:5 0 0000 1 rn:5 rd:5", {}, (f) => dupScalar(f)),
];
