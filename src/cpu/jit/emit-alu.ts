// Emitters for data-processing instructions (ARM ARM C4.1.86, C4.1.87): add/subtract
// (immediate, shifted register) with and without flags, logical (immediate, shifted
// register), move wide, PC-relative addresses, bitfield moves, extract, conditional select,
// 32-bit variable shifts and multiply-add. Each writes JS statements over `x` (the register
// file) and `c` (flags) with the same results, bit for bit, as the interpreter's Op for the
// word (test/cpu/jit/emitters.test.ts); a reserved or rare form returns null and runs the Op.
import { AND, ANDS, ASR, decodeBitMasks, EOR, hi32, lo32, LSL, LSR, ORR, ROR } from "../insn/alu.ts";
import { rSp, rZr, wSp, wZr } from "../register-file.ts";
import { TWO32 } from "../../arch/numbers.ts";
import { conditionExpr } from "./emit-branch.ts";
import { addSub32Src, addSub64Src, logicalFlagsSrc, shift32Src, shift64Src } from "./js64.ts";
import type { Emitter } from "./emitter.ts";

function addSubImmediate(sub: boolean, flags: boolean): Emitter {
  return (f) => {
    const imm = f.sh ? f.imm12 << 12 : f.imm12;
    const n = rSp(f.rn);
    const d = flags ? wZr(f.rd) : wSp(f.rd);
    if (f.sf) return addSub64Src(`x[${n}]`, `x[${n + 1}]`, `${imm}`, "0", sub, flags, d);
    return addSub32Src(`x[${n}]`, `${imm}`, sub, flags, d);
  };
}

function addSubShifted(sub: boolean, flags: boolean): Emitter {
  return (f) => {
    if (f.shift === ROR || (!f.sf && f.imm6 >= 32)) return null;
    const n = rZr(f.rn);
    const m = rZr(f.rm);
    const d = wZr(f.rd);
    if (f.sf) {
      const b = shift64Src(f.shift, f.imm6, `x[${m}]`, `x[${m + 1}]`, "m");
      return `{ ${b} ${addSub64Src(`x[${n}]`, `x[${n + 1}]`, "mLo >>> 0", "mHi >>> 0", sub, flags, d)} }`;
    }
    return addSub32Src(`x[${n}]`, `${shift32Src(f.shift, f.imm6, `x[${m}]`)} >>> 0`, sub, flags, d);
  };
}

/** The JS operator of each logical opc (AND, ORR, EOR, ANDS). */
const LOGICAL_OPERATOR = ["&", "|", "^", "&"];

/** AND/ORR/EOR/ANDS (opc 0–3) with a shifted register, inverted for BIC/ORN/EON/BICS. */
function logicalShifted(opc: number, inv: boolean): Emitter {
  return (f) => {
    if (!f.sf && f.imm6 >= 32) return null;
    const n = rZr(f.rn);
    const m = rZr(f.rm);
    const d = wZr(f.rd);
    const op = LOGICAL_OPERATOR[opc];
    const not = inv ? "~" : "";
    const flags = opc === ANDS;
    if (f.sf) {
      const b = shift64Src(f.shift, f.imm6, `x[${m}]`, `x[${m + 1}]`, "m");
      const r = `const rL = (x[${n}] ${op} ${not}mLo) >>> 0, rH = (x[${n + 1}] ${op} ${not}mHi) >>> 0;`;
      return `{ ${b} ${r} x[${d}] = rL; x[${d + 1}] = rH; ${flags ? logicalFlagsSrc("rL", "rH", 1) : ""} }`;
    }
    const r = `const rL = (x[${n}] ${op} ${not}${shift32Src(f.shift, f.imm6, `x[${m}]`)}) >>> 0;`;
    return `{ ${r} x[${d}] = rL; x[${d + 1}] = 0; ${flags ? logicalFlagsSrc("rL", "0", 0) : ""} }`;
  };
}

function logicalImmediate(opc: number): Emitter {
  return (f) => {
    if (!f.sf && f.N) return null;
    const masks = decodeBitMasks(f.N, f.imms, f.immr, true, f.sf ? 64 : 32);
    if (masks === null) return null;
    const iLo = lo32(masks.wmask);
    const iHi = f.sf ? hi32(masks.wmask) : 0;
    const n = rZr(f.rn);
    const flags = opc === ANDS;
    const d = flags ? wZr(f.rd) : wSp(f.rd);
    const op = LOGICAL_OPERATOR[opc];
    const hi = f.sf ? `(x[${n + 1}] ${op} ${iHi}) >>> 0` : "0";
    return `{ const rL = (x[${n}] ${op} ${iLo}) >>> 0, rH = ${hi}; x[${d}] = rL; x[${d + 1}] = rH; ${flags ? logicalFlagsSrc("rL", "rH", f.sf) : ""} }`;
  };
}

const MOVN = 0;
const MOVZ = 2;

function moveWide(opc: number): Emitter {
  return (f) => {
    if (!f.sf && f.hw >= 2) return null;
    const d = wZr(f.rd);
    const shift = f.hw * 16;
    const vLo = shift < 32 ? (f.imm16 << shift) >>> 0 : 0;
    const vHi = shift >= 32 ? (f.imm16 << (shift - 32)) >>> 0 : 0;
    if (opc === MOVZ) return `x[${d}] = ${vLo}; x[${d + 1}] = ${vHi};`;
    if (opc === MOVN) return `x[${d}] = ${~vLo >>> 0}; x[${d + 1}] = ${f.sf ? ~vHi >>> 0 : 0};`;
    const keepLo = shift < 32 ? ~(0xffff << shift) >>> 0 : 0xffffffff;
    const keepHi = shift >= 32 ? ~(0xffff << (shift - 32)) >>> 0 : 0xffffffff;
    const hi = f.sf ? `(x[${d + 1}] & ${keepHi}) | ${vHi}` : "0";
    return `x[${d}] = (x[${d}] & ${keepLo}) | ${vLo}; x[${d + 1}] = ${hi};`;
  };
}

function pcRelative(page: boolean): Emitter {
  return (f, site) => {
    const imm = (((f.immhi << 2) | f.immlo) << 11) >> 11;
    const d = wZr(f.rd);
    const off = page ? imm * 4096 : imm;
    const basePc = page ? `((${site.pc} & ~0xfff) >>> 0)` : `(${site.pc})`;
    return `{ const s = ${basePc} + ${off}; const lo = s >>> 0; x[${d}] = lo; x[${d + 1}] = c.pcHi + Math.floor((s - lo) / ${TWO32}); }`;
  };
}

const SBFM = 0;
const BFM = 1;

/** SBFM/BFM/UBFM (LSL, LSR, ASR, UBFX, SBFX, SXTW, UXTB ... are aliases): rotate right by
 *  immr, keep the wmask bits, then merge into tmask with zeros, copies of bit imms or Rd. */
function bitfield(opc: number): Emitter {
  return (f) => {
    const sf = f.sf;
    if (f.N !== sf || (!sf && (f.immr >= 32 || f.imms >= 32))) return null;
    const masks = decodeBitMasks(f.N, f.imms, f.immr, false, sf ? 64 : 32);
    if (masks === null) return null;
    const n = rZr(f.rn);
    const d = wZr(f.rd);
    const [wLo, wHi, tLo, tHi] = [lo32(masks.wmask), hi32(masks.wmask), lo32(masks.tmask), hi32(masks.tmask)];
    const merge = (bot: string, t: number): string => (opc === SBFM ? `(top & ${~t}) | ((${bot}) & ${t})` : `(${bot}) & ${t}`);
    if (sf) {
      const rot = shift64Src(ROR, f.immr, `x[${n}]`, `x[${n + 1}]`, "r");
      const top = opc === SBFM ? `const top = -((x[${n + (f.imms >= 32 ? 1 : 0)}] >>> ${f.imms & 31}) & 1);` : "";
      if (opc === BFM)
        return (
          `{ ${rot} const bL = (rLo & ${wLo}) | (x[${d}] & ${~wLo}), bH = (rHi & ${wHi}) | (x[${d + 1}] & ${~wHi});` +
          ` x[${d}] = (x[${d}] & ${~tLo}) | (bL & ${tLo}); x[${d + 1}] = (x[${d + 1}] & ${~tHi}) | (bH & ${tHi}); }`
        );
      return `{ ${rot} ${top} x[${d}] = ${merge(`rLo & ${wLo}`, tLo)}; x[${d + 1}] = ${merge(`rHi & ${wHi}`, tHi)}; }`;
    }
    const rot = shift32Src(ROR, f.immr, "s");
    if (opc === BFM)
      return `{ const s = x[${n}]; const b = (${rot} & ${wLo}) | (x[${d}] & ${~wLo}); x[${d}] = (x[${d}] & ${~tLo}) | (b & ${tLo}); x[${d + 1}] = 0; }`;
    const top = opc === SBFM ? `const top = -((s >>> ${f.imms}) & 1);` : "";
    return `{ const s = x[${n}]; ${top} x[${d}] = ${merge(`${rot} & ${wLo}`, tLo)}; x[${d + 1}] = 0; }`;
  };
}

function extract(): Emitter {
  return (f) => {
    if (f.N !== f.sf || (!f.sf && f.imms >= 32)) return null;
    const n = rZr(f.rn);
    const m = rZr(f.rm);
    const d = wZr(f.rd);
    const lsb = f.imms;
    if (!f.sf) return `x[${d}] = ${lsb === 0 ? `x[${m}]` : `(x[${m}] >>> ${lsb}) | (x[${n}] << ${32 - lsb})`}; x[${d + 1}] = 0;`;
    if (lsb === 0) return `x[${d}] = x[${m}]; x[${d + 1}] = x[${m + 1}];`;
    // (Xn:Xm) >> lsb: the low half of Xm shifted right, Xn shifted left into the top.
    const low = shift64Src(LSR, lsb, `x[${m}]`, `x[${m + 1}]`, "l");
    const high = shift64Src(LSL, 64 - lsb, `x[${n}]`, `x[${n + 1}]`, "h");
    return `{ ${low} ${high} x[${d}] = lLo | hLo; x[${d + 1}] = lHi | hHi; }`;
  };
}

const CSEL = 0;
const CSINC = 1;
const CSINV = 2;

function conditionalSelect(kind: number): Emitter {
  return (f) => {
    const n = rZr(f.rn);
    const m = rZr(f.rm);
    const d = wZr(f.rd);
    const sf = f.sf;
    let other: string;
    if (kind === CSEL) other = `x[${d}] = x[${m}]; x[${d + 1}] = ${sf ? `x[${m + 1}]` : "0"};`;
    else if (kind === CSINC) other = `{ const s = (x[${m}] + 1) >>> 0; x[${d}] = s; x[${d + 1}] = ${sf ? `x[${m + 1}] + (s === 0 ? 1 : 0)` : "0"}; }`;
    else if (kind === CSINV) other = `x[${d}] = ~x[${m}]; x[${d + 1}] = ${sf ? `~x[${m + 1}]` : "0"};`;
    else other = `{ const s = (~x[${m}] + 1) >>> 0; x[${d}] = s; x[${d + 1}] = ${sf ? `~x[${m + 1}] + (s === 0 ? 1 : 0)` : "0"}; }`;
    return `if (${conditionExpr(f.cond)}) { x[${d}] = x[${n}]; x[${d + 1}] = ${sf ? `x[${n + 1}]` : "0"}; } else { ${other} }`;
  };
}

/** LSLV/LSRV/ASRV/RORV on W registers (the X forms run their Op). */
function shiftVariable(type: number): Emitter {
  return (f) => {
    if (f.sf) return null;
    const n = rZr(f.rn);
    const m = rZr(f.rm);
    const d = wZr(f.rd);
    const v = `x[${n}]`;
    const e = [`${v} << s`, `${v} >>> s`, `${v} >> s`, `s === 0 ? ${v} : (${v} >>> s) | (${v} << (32 - s))`][type];
    return `{ const s = x[${m}] & 31; x[${d}] = ${e}; x[${d + 1}] = 0; }`;
  };
}

/** MADD/MSUB: Ra ± Rn × Rm, the product's low 64 bits from 16-bit limbs of the low words
 *  plus the cross terms, which only reach bits 63:32. Every partial product is a Math.imul
 *  (each limb product is below 2^32, so its 32 bits are exact) and the sum of bits 63:32 is
 *  taken modulo 2^32: V8 keeps all of it in 32-bit integer registers. */
function multiplyAdd(sub: boolean): Emitter {
  return (f) => {
    const [n, m, a, d] = [rZr(f.rn), rZr(f.rm), rZr(f.ra), wZr(f.rd)];
    if (!f.sf) return `{ const p = Math.imul(x[${n}], x[${m}]); x[${d}] = x[${a}] ${sub ? "-" : "+"} p; x[${d + 1}] = 0; }`;
    const product =
      `const nL = x[${n}], nH = x[${n + 1}], mL = x[${m}], mH = x[${m + 1}];` +
      ` const a0 = nL & 0xffff, a1 = nL >>> 16, b0 = mL & 0xffff, b1 = mL >>> 16;` +
      ` const p01 = Math.imul(a0, b1), p10 = Math.imul(a1, b0);` +
      ` const mid = (Math.imul(a0, b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);` +
      ` const pL = Math.imul(nL, mL) >>> 0;` +
      ` const pH = (Math.imul(a1, b1) + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(nL, mH) + Math.imul(nH, mL)) >>> 0;`;
    return `{ ${product} ${addSub64Src(`x[${a}]`, `x[${a + 1}]`, "pL", "pH", sub, false, d)} }`;
  };
}

/** The extended-register operand (UXTB … SXTX, then LSL #sh) of Rm: 64-bit as locals
 *  eLo/eHi, 32-bit as an expression. */
const EXTEND_LO = ["& 0xff", "& 0xffff", "", "", "<< 24 >> 24", "<< 16 >> 16", "| 0", ""];

function addSubExtended(sub: boolean, flags: boolean): Emitter {
  return (f) => {
    if (f.imm3 > 4) return null;
    const n = rSp(f.rn);
    const m = rZr(f.rm);
    const d = flags ? wZr(f.rd) : wSp(f.rd);
    const o = f.option;
    const lo = EXTEND_LO[o] === "" ? `x[${m}]` : `((x[${m}] ${EXTEND_LO[o]}) >>> 0)`;
    if (f.sf) {
      const hi = o === 3 || o === 7 ? `x[${m + 1}]` : o >= 4 ? "(eL >> 31)" : "0";
      const ext = `const eL = ${o >= 4 && o <= 6 ? `(x[${m}] ${EXTEND_LO[o]})` : lo}; const eH = ${hi};`;
      const sh = shift64Src(LSL, f.imm3, "eL", "eH", "m");
      return `{ ${ext} ${sh} ${addSub64Src(`x[${n}]`, `x[${n + 1}]`, "mLo >>> 0", "mHi >>> 0", sub, flags, d)} }`;
    }
    const v = o === 0 || o === 1 || o === 4 || o === 5 ? `(x[${m}] ${EXTEND_LO[o]})` : `x[${m}]`;
    return addSub32Src(`x[${n}]`, `((${v} << ${f.imm3}) >>> 0)`, sub, flags, d);
  };
}

/** CCMP/CCMN: when the condition holds, the flags of Rn − (or +) the operand; else #nzcv. */
function conditionalCompare(sub: boolean, immediate: boolean): Emitter {
  return (f) => {
    const n = rZr(f.rn);
    const sink = wZr(31);
    const [bLo, bHi] = immediate ? [`${f.imm5}`, "0"] : [`x[${rZr(f.rm)}]`, `x[${rZr(f.rm) + 1}]`];
    const compare = f.sf ? addSub64Src(`x[${n}]`, `x[${n + 1}]`, bLo, bHi, sub, true, sink) : addSub32Src(`x[${n}]`, bLo, sub, true, sink);
    const v = f.nzcv;
    return `if (${conditionExpr(f.cond)}) ${compare} else { c.n = ${(v >>> 3) & 1}; c.z = ${(v >>> 2) & 1}; c.c = ${(v >>> 1) & 1}; c.v = ${v & 1}; }`;
  };
}

const bswap = (v: string) => `(((${v} >>> 24) | ((${v} >>> 8) & 0xff00) | ((${v} & 0xff00) << 8) | (${v} << 24)) >>> 0)`;

/** REV (32-bit and 64-bit), CLZ: the common one-source forms. */
const ONE_SOURCE: Record<string, (n: number, d: number, sf: number) => string> = {
  "REV [32-bit]": (n, d) => `{ const v = x[${n}]; x[${d}] = ${bswap("v")}; x[${d + 1}] = 0; }`,
  "REV [64-bit]": (n, d) => `{ const l = x[${n}], h = x[${n + 1}]; x[${d}] = ${bswap("h")}; x[${d + 1}] = ${bswap("l")}; }`,
  CLZ: (n, d, sf) =>
    sf
      ? `{ const h = x[${n + 1}]; x[${d}] = h !== 0 ? Math.clz32(h) : 32 + Math.clz32(x[${n}]); x[${d + 1}] = 0; }`
      : `x[${d}] = Math.clz32(x[${n}]); x[${d + 1}] = 0;`,
};
const oneSource =
  (id: string): Emitter =>
  (f) =>
    ONE_SOURCE[id](rZr(f.rn), wZr(f.rd), f.sf ?? 1);

/** Emitters by table entry id. */
export const ALU_EMITTERS: Readonly<Record<string, Emitter>> = {
  "ADD (immediate)": addSubImmediate(false, false),
  "ADDS (immediate)": addSubImmediate(false, true),
  "SUB (immediate)": addSubImmediate(true, false),
  "SUBS (immediate)": addSubImmediate(true, true),
  "ADD (shifted register)": addSubShifted(false, false),
  "ADDS (shifted register)": addSubShifted(false, true),
  "SUB (shifted register)": addSubShifted(true, false),
  "SUBS (shifted register)": addSubShifted(true, true),
  "ADD (extended register)": addSubExtended(false, false),
  "ADDS (extended register)": addSubExtended(false, true),
  "SUB (extended register)": addSubExtended(true, false),
  "SUBS (extended register)": addSubExtended(true, true),
  "CCMN (register)": conditionalCompare(false, false),
  "CCMP (register)": conditionalCompare(true, false),
  "CCMN (immediate)": conditionalCompare(false, true),
  "CCMP (immediate)": conditionalCompare(true, true),
  "REV [32-bit]": oneSource("REV [32-bit]"),
  "REV [64-bit]": oneSource("REV [64-bit]"),
  CLZ: oneSource("CLZ"),
  "AND (shifted register)": logicalShifted(AND, false),
  "BIC (shifted register)": logicalShifted(AND, true),
  "ORR (shifted register)": logicalShifted(ORR, false),
  "ORN (shifted register)": logicalShifted(ORR, true),
  "EOR (shifted register)": logicalShifted(EOR, false),
  "EON (shifted register)": logicalShifted(EOR, true),
  "ANDS (shifted register)": logicalShifted(ANDS, false),
  "BICS (shifted register)": logicalShifted(ANDS, true),
  "AND (immediate)": logicalImmediate(AND),
  "ORR (immediate)": logicalImmediate(ORR),
  "EOR (immediate)": logicalImmediate(EOR),
  "ANDS (immediate)": logicalImmediate(ANDS),
  MOVN: moveWide(MOVN),
  MOVZ: moveWide(MOVZ),
  MOVK: moveWide(3),
  ADR: pcRelative(false),
  ADRP: pcRelative(true),
  SBFM: bitfield(SBFM),
  BFM: bitfield(BFM),
  UBFM: bitfield(2),
  EXTR: extract(),
  CSEL: conditionalSelect(CSEL),
  CSINC: conditionalSelect(CSINC),
  CSINV: conditionalSelect(CSINV),
  CSNEG: conditionalSelect(3),
  LSLV: shiftVariable(LSL),
  LSRV: shiftVariable(LSR),
  ASRV: shiftVariable(ASR),
  RORV: shiftVariable(ROR),
  MADD: multiplyAdd(false),
  MSUB: multiplyAdd(true),
};
