// Advanced SIMD modified immediate (ARM ARM "Advanced SIMD modified immediate"): MOVI, MVNI,
// ORR (vector, immediate), BIC (vector, immediate) and FMOV (vector, immediate), one entry per
// encoding (op and cmode select them). The 64-bit pattern is expanded once at decode time
// (AdvSIMDExpandImm); execution only writes words. Its words with immh = 0000 are also
// words of "Advanced SIMD shift by immediate": simd-shift.ts orders the two.
import { insn, notImplemented, type InsnEntry, type Op } from "../decode-pattern.ts";

/** AdvSIMDExpandImm(op, cmode, imm8) → the 64-bit pattern, or null when reserved. */
export function expandImm(op: number, cmode: number, imm8: number): bigint | null {
  const i = BigInt(imm8);
  const rep = (v: bigint, bits: number) => {
    let out = 0n;
    for (let k = 0; k < 64; k += bits) out |= v << BigInt(k);
    return out;
  };
  switch (cmode >> 1) {
    case 0:
      return rep(i, 32);
    case 1:
      return rep(i << 8n, 32);
    case 2:
      return rep(i << 16n, 32);
    case 3:
      return rep(i << 24n, 32);
    case 4:
      return rep(i, 16);
    case 5:
      return rep(i << 8n, 16);
    case 6:
      return (cmode & 1) === 0 ? rep((i << 8n) | 0xffn, 32) : rep((i << 16n) | 0xffffn, 32);
    default:
      if ((cmode & 1) === 0) {
        if (op === 0) return rep(i, 8);
        let v = 0n;
        for (let b = 0; b < 8; b++) if ((imm8 >> b) & 1) v |= 0xffn << BigInt(8 * b);
        return v;
      }
      if (op === 0) {
        // single-precision a:NOT(b):bbbbb:cdefgh:Zeros(19)
        const a = (imm8 >> 7) & 1,
          b = (imm8 >> 6) & 1;
        const f32 = (a << 31) | ((b ^ 1) << 30) | ((b ? 0x1f : 0) << 25) | ((imm8 & 0x3f) << 19);
        return rep(BigInt(f32 >>> 0), 32);
      }
      {
        const a = BigInt((imm8 >> 7) & 1),
          b = BigInt((imm8 >> 6) & 1);
        return (a << 63n) | ((b ^ 1n) << 62n) | ((b ? 0xffn : 0n) << 54n) | (BigInt(imm8 & 0x3f) << 48n);
      }
  }
}

interface ImmFields {
  readonly Q: number;
  readonly abc: number;
  readonly defgh: number;
  readonly rd: number;
}

/** The Op writing (MOVI, MVNI, FMOV), ORing (ORR) or clearing (BIC) the expanded pattern. */
function modifiedImmediate(f: ImmFields, op: 0 | 1, cmode: number): Op | null {
  const { Q, rd } = f;
  const imm8 = (f.abc << 5) | f.defgh;
  if (cmode === 0b1111 && op === 1 && Q === 0) return null; // FMOV (double) needs Q=1
  const imm = expandImm(op, cmode, imm8);
  if (imm === null) return null;
  const lo = Number(imm & 0xffffffffn);
  const hi = Number(imm >> 32n);
  const i = rd * 4;
  const isOrrBic = cmode < 0b1100 && (cmode & 1) === 1;
  const invert = op === 1 && cmode < 0b1110; // MVNI and BIC use the inverted pattern
  const wLo = invert ? ~lo >>> 0 : lo;
  const wHi = invert ? ~hi >>> 0 : hi;
  const q = Q === 1;
  if (!isOrrBic) {
    // MOVI / MVNI / FMOV: the pattern in each 64-bit half the instruction covers
    return (c) => {
      const v = c.vreg;
      v[i] = wLo;
      v[i + 1] = wHi;
      v[i + 2] = q ? wLo : 0;
      v[i + 3] = q ? wHi : 0;
    };
  }
  if (op === 0)
    return (c) => {
      const v = c.vreg;
      v[i] |= wLo;
      v[i + 1] |= wHi;
      if (q) {
        v[i + 2] |= wLo;
        v[i + 3] |= wHi;
      } else v[i + 2] = v[i + 3] = 0;
    };
  return (c) => {
    const v = c.vreg;
    v[i] &= wLo;
    v[i + 1] &= wHi;
    if (q) {
      v[i + 2] &= wLo;
      v[i + 3] &= wHi;
    } else v[i + 2] = v[i + 3] = 0;
  };
}

// cmode: 0 amount:2 x (32-bit shifted), 10 amount:1 x (16-bit shifted), 110 amount:1
// (32-bit shifting ones), 1110 (8-bit or 64-bit), 1111 (FMOV).
export const INSNS: InsnEntry[] = [
  insn({ name: "MOVI", encoding: "32-bit shifted immediate" }, "0 Q:1 0 0111100000 abc:3 0 amount:2 0 0 1 defgh:5 rd:5", {}, (f) =>
    modifiedImmediate(f, 0, f.amount << 1),
  ),
  insn({ name: "ORR (vector, immediate)", encoding: "32-bit" }, "0 Q:1 0 0111100000 abc:3 0 amount:2 1 0 1 defgh:5 rd:5", {}, (f) =>
    modifiedImmediate(f, 0, (f.amount << 1) | 1),
  ),
  insn({ name: "MOVI", encoding: "16-bit shifted immediate" }, "0 Q:1 0 0111100000 abc:3 10 amount:1 0 0 1 defgh:5 rd:5", {}, (f) =>
    modifiedImmediate(f, 0, 0b1000 | (f.amount << 1)),
  ),
  insn({ name: "ORR (vector, immediate)", encoding: "16-bit" }, "0 Q:1 0 0111100000 abc:3 10 amount:1 1 0 1 defgh:5 rd:5", {}, (f) =>
    modifiedImmediate(f, 0, 0b1001 | (f.amount << 1)),
  ),
  insn({ name: "MOVI", encoding: "32-bit shifting ones" }, "0 Q:1 0 0111100000 abc:3 110 amount:1 0 1 defgh:5 rd:5", {}, (f) =>
    modifiedImmediate(f, 0, 0b1100 | f.amount),
  ),
  insn({ name: "MOVI", encoding: "8-bit" }, "0 Q:1 0 0111100000 abc:3 1110 0 1 defgh:5 rd:5", {}, (f) => modifiedImmediate(f, 0, 0b1110)),
  insn({ name: "FMOV (vector, immediate)", encoding: "Single-precision" }, "0 Q:1 0 0111100000 abc:3 1111 0 1 defgh:5 rd:5", {}, (f) =>
    modifiedImmediate(f, 0, 0b1111),
  ),
  insn({ name: "MVNI", encoding: "32-bit shifted immediate" }, "0 Q:1 1 0111100000 abc:3 0 amount:2 0 0 1 defgh:5 rd:5", {}, (f) =>
    modifiedImmediate(f, 1, f.amount << 1),
  ),
  insn({ name: "BIC (vector, immediate)", encoding: "32-bit" }, "0 Q:1 1 0111100000 abc:3 0 amount:2 1 0 1 defgh:5 rd:5", {}, (f) =>
    modifiedImmediate(f, 1, (f.amount << 1) | 1),
  ),
  insn({ name: "MVNI", encoding: "16-bit shifted immediate" }, "0 Q:1 1 0111100000 abc:3 10 amount:1 0 0 1 defgh:5 rd:5", {}, (f) =>
    modifiedImmediate(f, 1, 0b1000 | (f.amount << 1)),
  ),
  insn({ name: "BIC (vector, immediate)", encoding: "16-bit" }, "0 Q:1 1 0111100000 abc:3 10 amount:1 1 0 1 defgh:5 rd:5", {}, (f) =>
    modifiedImmediate(f, 1, 0b1001 | (f.amount << 1)),
  ),
  insn({ name: "MVNI", encoding: "32-bit shifting ones" }, "0 Q:1 1 0111100000 abc:3 110 amount:1 0 1 defgh:5 rd:5", {}, (f) =>
    modifiedImmediate(f, 1, 0b1100 | f.amount),
  ),
  insn({ name: "MOVI", encoding: "64-bit" }, "0 Q:1 1 0111100000 abc:3 1110 0 1 defgh:5 rd:5", {}, (f) => modifiedImmediate(f, 1, 0b1110)),
  insn({ name: "FMOV (vector, immediate)", encoding: "Double-precision" }, "0 Q:1 1 0111100000 abc:3 1111 0 1 defgh:5 rd:5", {}, (f) =>
    modifiedImmediate(f, 1, 0b1111),
  ),
  notImplemented(
    { name: "FMOV (vector, immediate)", encoding: "Half-precision" },
    "0 Q:1 0 0111100000 abc:3 1111 1 1 defgh:5 rd:5",
    { feature: "FEAT_FP16" },
    "the half-precision forms (FEAT_FP16) are absent on the Cortex-A57 the core models: UNDEFINED there",
  ),
];
