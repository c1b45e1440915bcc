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

/** The carry out of bit 31 of r = a + b (+ a carry in), from the operands' and the result's
 *  top bits (a full adder's carry): bit operations only, no compare and so no branch for V8
 *  to mispredict on random data, and every value stays a 32-bit integer. */
const carryOut = (a: string, b: string, r: string) => `(((${a} & ${b}) | ((${a} | ${b}) & ~${r})) >>> 31)`;
/** The borrow out of bit 31 of r = a - b (- a borrow in), the same way. */
const borrowOut = (a: string, b: string, r: string) => `(((~${a} & ${b}) | (~(${a} ^ ${b}) & ${r})) >>> 31)`;

/** Register slot `d` = a ± b on 64 bits, operands as uint32 expressions; NZCV when `flags`.
 *  The carry (borrow) between the halves is the low half's carryOut (borrowOut). */
export function addSub64Src(aLo: string, aHi: string, bLo: string, bHi: string, sub: boolean, flags: boolean, d: number): string {
  const head = `const aL = ${aLo}, aH = ${aHi}, bL = ${bLo}, bH = ${bHi};`;
  const low = sub ? `const rL = (aL - bL) >>> 0, k = ${borrowOut("aL", "bL", "rL")};` : `const rL = (aL + bL) >>> 0, k = ${carryOut("aL", "bL", "rL")};`;
  const high = `const rH = (aH ${sub ? "-" : "+"} bH ${sub ? "-" : "+"} k) >>> 0;`;
  if (!flags) return `{ ${head} ${low} ${high} x[${d}] = rL; x[${d + 1}] = rH; }`;
  // SUBS: C is "no borrow" out of the high half, ADDS: its carry; V from the operand and
  // result signs (ARM ARM AddWithCarry).
  const cv = sub
    ? `c.c = ${borrowOut("aH", "bH", "rH")} ^ 1; c.v = ((aH ^ bH) & (aH ^ rH)) >>> 31;`
    : `c.c = ${carryOut("aH", "bH", "rH")}; c.v = (~(aH ^ bH) & (aH ^ rH)) >>> 31;`;
  return `{ ${head} ${low} ${high} ${cv} c.n = rH >>> 31; c.z = (rL | rH) === 0 ? 1 : 0; x[${d}] = rL; x[${d + 1}] = rH; }`;
}

/** Register slot `d` = a ± b on 32 bits (upper half zeroed), operands as uint32 expressions. */
export function addSub32Src(a: string, b: string, sub: boolean, flags: boolean, d: number): string {
  if (!flags) return `x[${d}] = ${a} ${sub ? "-" : "+"} ${b}; x[${d + 1}] = 0;`;
  const cv = sub
    ? `c.c = ${borrowOut("a", "b", "r")} ^ 1; c.v = ((a ^ b) & (a ^ r)) >>> 31;`
    : `c.c = ${carryOut("a", "b", "r")}; c.v = (~(a ^ b) & (a ^ r)) >>> 31;`;
  return `{ const a = ${a}, b = ${b}; const r = (a ${sub ? "-" : "+"} b) >>> 0; ${cv} c.n = r >>> 31; c.z = r === 0 ? 1 : 0; x[${d}] = r; x[${d + 1}] = 0; }`;
}

/** NZCV of a logical result (ANDS, BICS, TST): N and Z from it, C and V cleared. */
export function logicalFlagsSrc(lo: string, hi: string, sf: number): string {
  return `c.n = ${sf ? hi : lo} >>> 31; c.z = (${lo} | ${hi}) === 0 ? 1 : 0; c.c = 0; c.v = 0;`;
}
