// Emitters for the data-processing instructions the block compiler writes out itself
// (ARM ARM C6.2: ADD/SUB (immediate) without flags, MOVZ, MOVK, ADR, ADRP). Each returns JS
// statements over `x` (the register file) with the same results, bit for bit, as the
// interpreter's Op for the word; anything else runs that Op.
import { rSp, wSp, wZr } from "../register-file.ts";
import type { Identified } from "./identify.ts";
import { TWO32 } from "../../arch/numbers.ts";

/** Statements for `id` at address expression `pc`, or null when this file has no emitter. */
export function emitAlu(id: Identified, pc: string): string | null {
  const f = id.f;
  switch (id.name) {
    case "ADD (immediate)":
    case "SUB (immediate)": {
      const imm = f.sh ? f.imm12 << 12 : f.imm12;
      const n = rSp(f.rn);
      const d = wSp(f.rd);
      const sub = id.name === "SUB (immediate)";
      if (f.sf === 0) return `x[${d}] = x[${n}] ${sub ? "-" : "+"} ${imm}; x[${d + 1}] = 0;`;
      if (sub) return `{ const lo = x[${n}] - ${imm}; const hi = x[${n + 1}] - (lo < 0 ? 1 : 0); x[${d}] = lo; x[${d + 1}] = hi; }`;
      return `{ const lo = x[${n}] + ${imm}; const hi = x[${n + 1}] + (lo >= ${TWO32} ? 1 : 0); x[${d}] = lo; x[${d + 1}] = hi; }`;
    }
    case "MOVZ":
    case "MOVK": {
      const d = wZr(f.rd);
      const shift = f.hw * 16;
      const vLo = shift < 32 ? (f.imm16 << shift) >>> 0 : 0;
      const vHi = shift >= 32 ? (f.imm16 << (shift - 32)) >>> 0 : 0;
      if (id.name === "MOVZ") return `x[${d}] = ${vLo}; x[${d + 1}] = ${vHi};`;
      const keepLo = shift < 32 ? ~(0xffff << shift) >>> 0 : 0xffffffff;
      const keepHi = shift >= 32 ? ~(0xffff << (shift - 32)) >>> 0 : 0xffffffff;
      const hi = f.sf ? `(x[${d + 1}] & ${keepHi}) | ${vHi}` : "0";
      return `x[${d}] = (x[${d}] & ${keepLo}) | ${vLo}; x[${d + 1}] = ${hi};`;
    }
    case "ADR":
    case "ADRP": {
      const d = wZr(f.rd);
      const off = id.name === "ADRP" ? f.imm * 4096 : f.imm;
      const basePc = id.name === "ADRP" ? `(((${pc}) & ~0xfff) >>> 0)` : `(${pc})`;
      return `{ const s = ${basePc} + ${off}; const lo = s >>> 0; x[${d}] = lo; x[${d + 1}] = c.pcHi + Math.floor((s - lo) / ${TWO32}); }`;
    }
    default:
      return null;
  }
}
