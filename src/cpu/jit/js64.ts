// JavaScript source text for 64-bit arithmetic on (lo, hi) uint32 halves, as the emitters
// write it: constant shifts and rotates, and add/subtract with or without NZCV. Every
// snippet reads its operands into locals before it writes a register, so Rd may equal a
// source. Results are stored into the register file (a Uint32Array), whose stores wrap
// any integer to 32 bits.
import { ASR, LSL, LSR } from "../insn/alu.ts";

/** Statements declaring `${out}Lo` and `${out}Hi` as the 64-bit value (lo, hi) shifted by a
 *  constant 0 <= amt < 64 of shift type `type` (int32 bit patterns). */
export function shift64Src(type: number, amt: number, lo: string, hi: string, out: string): string {
  const decl = (l: string, h: string) => `const ${out}Lo = ${l}, ${out}Hi = ${h};`;
  if (amt === 0) return decl(lo, hi);
  const a = amt & 31;
  switch (type) {
    case LSL:
      return amt >= 32 ? decl("0", `${lo} << ${a}`) : decl(`${lo} << ${a}`, `(${hi} << ${a}) | (${lo} >>> ${32 - a})`);
    case LSR:
      return amt >= 32 ? decl(`${hi} >>> ${a}`, "0") : decl(`(${lo} >>> ${a}) | (${hi} << ${32 - a})`, `${hi} >>> ${a}`);
    case ASR:
      return amt >= 32 ? decl(`${hi} >> ${a}`, `${hi} >> 31`) : decl(`(${lo} >>> ${a}) | (${hi} << ${32 - a})`, `${hi} >> ${a}`);
    default:
      if (amt === 32) return decl(hi, lo);
      if (amt > 32) return decl(`(${hi} >>> ${a}) | (${lo} << ${32 - a})`, `(${lo} >>> ${a}) | (${hi} << ${32 - a})`);
      return decl(`(${lo} >>> ${a}) | (${hi} << ${32 - a})`, `(${hi} >>> ${a}) | (${lo} << ${32 - a})`);
  }
}

/** An expression for the 32-bit value `v` shifted by a constant 0 <= amt < 32 (int32 bits). */
export function shift32Src(type: number, amt: number, v: string): string {
  if (amt === 0) return v;
  switch (type) {
    case LSL:
      return `(${v} << ${amt})`;
    case LSR:
      return `(${v} >>> ${amt})`;
    case ASR:
      return `(${v} >> ${amt})`;
    default:
      return `((${v} >>> ${amt}) | (${v} << ${32 - amt}))`;
  }
}

/** Register slot `d` = a ± b on 64 bits, operands as uint32 expressions; NZCV when `flags`. */
export function addSub64Src(aLo: string, aHi: string, bLo: string, bHi: string, sub: boolean, flags: boolean, d: number): string {
  const head = `const aL = ${aLo}, aH = ${aHi}, bL = ${bLo}, bH = ${bHi};`;
  // The carry (borrow) between the halves comes from an unsigned compare of 32-bit values,
  // never from a sum past 2^32: V8 then keeps every step in 32-bit integer registers.
  if (!flags) {
    if (sub) return `{ ${head} x[${d}] = aL - bL; x[${d + 1}] = aH - bH - (aL < bL ? 1 : 0); }`;
    return `{ ${head} const lo = (aL + bL) >>> 0; x[${d}] = lo; x[${d + 1}] = aH + bH + (lo < aL ? 1 : 0); }`;
  }
  // SUBS: C is "no borrow" (a >= b unsigned), V from the operand and result signs (ARM ARM
  // AddWithCarry). ADDS: C is the carry out of the high half; when bH + carry-in wraps to 0
  // (bH = 2^32 - 1), rH equals aH and the carry is out.
  const body = sub
    ? `const bw = aL < bL ? 1 : 0; const rL = (aL - bL) >>> 0, rH = (aH - bH - bw) >>> 0;` +
      ` c.c = aH > bH || (aH === bH && bw === 0) ? 1 : 0; c.v = ((aH ^ bH) & (aH ^ rH)) >>> 31;`
    : `const rL = (aL + bL) >>> 0; const cy = rL < aL ? 1 : 0; const rH = (aH + bH + cy) >>> 0;` +
      ` c.c = rH < aH || (rH === aH && cy === 1) ? 1 : 0; c.v = (~(aH ^ bH) & (aH ^ rH)) >>> 31;`;
  return `{ ${head} ${body} c.n = rH >>> 31; c.z = (rL | rH) === 0 ? 1 : 0; x[${d}] = rL; x[${d + 1}] = rH; }`;
}

/** Register slot `d` = a ± b on 32 bits (upper half zeroed), operands as uint32 expressions. */
export function addSub32Src(a: string, b: string, sub: boolean, flags: boolean, d: number): string {
  if (!flags) return `x[${d}] = ${a} ${sub ? "-" : "+"} ${b}; x[${d + 1}] = 0;`;
  const cv = sub ? `c.c = a >= b ? 1 : 0; c.v = ((a ^ b) & (a ^ r)) >>> 31;` : `c.c = r < a ? 1 : 0; c.v = (~(a ^ b) & (a ^ r)) >>> 31;`;
  return `{ const a = ${a}, b = ${b}; const r = (a ${sub ? "-" : "+"} b) >>> 0; ${cv} c.n = r >>> 31; c.z = r === 0 ? 1 : 0; x[${d}] = r; x[${d + 1}] = 0; }`;
}

/** NZCV of a logical result (ANDS, BICS, TST): N and Z from it, C and V cleared. */
export function logicalFlagsSrc(lo: string, hi: string, sf: number): string {
  return `c.n = ${sf ? hi : lo} >>> 31; c.z = (${lo} | ${hi}) === 0 ? 1 : 0; c.c = 0; c.v = 0;`;
}
