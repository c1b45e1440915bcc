// Advanced SIMD copy (ARM ARM C4.1.93 "AdvSIMD copy"): DUP (element, general), INS
// (element, general), UMOV and SMOV. imm5's lowest set bit gives the element size.
import { pattern, type Op, type Pattern } from "../decode-pattern.ts";
import { rZr, wZr } from "../register-file.ts";

function copy(f: Record<string, number>): Op | null {
  const { Q, op, imm5, imm4, rn, rd } = f;
  if ((imm5 & 0xf) === 0) return null;
  const size = 31 - Math.clz32(imm5 & -imm5); // 0..3
  const esize = 1 << size; // bytes
  const index = imm5 >>> (size + 1);
  const lanes = (Q ? 16 : 8) / esize;
  const d = rd * 16;
  if (op === 1) {
    // INS (element): Vd[index] = Vn[imm4 >> size]
    if (Q !== 1) return null;
    const src = rn * 16 + (imm4 >>> size) * esize;
    const dst = d + index * esize;
    return (c) => {
      const b = c.vbytes;
      for (let k = 0; k < esize; k++) b[dst + k] = b[src + k];
    };
  }
  switch (imm4) {
    case 0b0000: {
      // DUP (element)
      if (size === 3 && !Q) return null;
      const src = rn * 16 + index * esize;
      return (c) => {
        const b = c.vbytes;
        const tmp0 = b[src], tmp1 = b[src + 1], tmp2 = b[src + 2], tmp3 = b[src + 3];
        const tmp4 = b[src + 4], tmp5 = b[src + 5], tmp6 = b[src + 6], tmp7 = b[src + 7];
        const e = [tmp0, tmp1, tmp2, tmp3, tmp4, tmp5, tmp6, tmp7];
        for (let l = 0; l < lanes; l++) for (let k = 0; k < esize; k++) b[d + l * esize + k] = e[k];
        if (!Q) for (let k = 8; k < 16; k++) b[d + k] = 0;
      };
    }
    case 0b0001: {
      // DUP (general): every lane = the low esize bytes of Rn
      if (size === 3 && !Q) return null;
      const n = rZr(rn);
      return (c) => {
        const v = c.vreg;
        const lo = c.x[n], hi = c.x[n + 1];
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
    case 0b0011: {
      // INS (general): Vd[index] = Rn<esize-1:0>
      if (!Q) return null;
      const n = rZr(rn);
      const dst = d + index * esize;
      return (c) => {
        const b = c.vbytes;
        const lo = c.x[n], hi = c.x[n + 1];
        for (let k = 0; k < esize; k++) b[dst + k] = k < 4 ? (lo >>> (8 * k)) & 0xff : (hi >>> (8 * (k - 4))) & 0xff;
      };
    }
    case 0b0101:
    case 0b0111: {
      // SMOV / UMOV: Rd = Vn[index], sign- or zero-extended to 32 (Q=0) or 64 (Q=1) bits
      const signed = imm4 === 0b0101;
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
    default:
      return null;
  }
}

export const PATTERNS: Pattern[] = [pattern("AdvSIMD copy", "0 Q:1 op:1 01110000 imm5:5 0 imm4:4 1 rn:5 rd:5", copy)];
