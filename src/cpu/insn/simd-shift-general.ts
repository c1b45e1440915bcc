// Advanced SIMD shift by immediate, the forms simd-shift.ts leaves out (C4.1.97): shift
// right and accumulate, rounding shifts, SRI/SLI, saturating left shifts and the rounding /
// saturating narrowing right shifts; and the whole scalar class (C4.1.98), one element.
import type { CoreContext } from "../core-context.ts";
import { pattern, type Op, type Pattern } from "../decode-pattern.ts";
import { commitOut, elem, outFrom, put, saturate } from "./simd-elements.ts";

type Kind = "right" | "left" | "narrow";
interface ShiftOp {
  kind: Kind;
  /** Which U values have it. */
  u: number[];
  /** Sign of the source elements: null means U=1 unsigned. */
  signed: boolean | null;
  /** Only in the scalar class at 64 bits (the non-saturating forms). */
  scalarD?: boolean;
  fn: (c: CoreContext, a: bigint, d: bigint, sh: number, bits: number, U: number) => bigint;
}

const ones = (bits: number) => (1n << BigInt(bits)) - 1n;
const rshift = (a: bigint, sh: number, round: boolean) => (round ? (a + (1n << BigInt(sh - 1))) >> BigInt(sh) : a >> BigInt(sh));

const OPS: Record<number, ShiftOp> = {
  0b00000: { kind: "right", u: [0, 1], signed: null, scalarD: true, fn: (_c, a, _d, sh) => rshift(a, sh, false) }, // SSHR/USHR (scalar)
  0b00010: { kind: "right", u: [0, 1], signed: null, scalarD: true, fn: (_c, a, d, sh) => d + rshift(a, sh, false) }, // SSRA/USRA
  0b00100: { kind: "right", u: [0, 1], signed: null, scalarD: true, fn: (_c, a, _d, sh) => rshift(a, sh, true) }, // SRSHR/URSHR
  0b00110: { kind: "right", u: [0, 1], signed: null, scalarD: true, fn: (_c, a, d, sh) => d + rshift(a, sh, true) }, // SRSRA/URSRA
  0b01000: { kind: "right", u: [1], signed: false, scalarD: true, fn: (_c, a, d, sh, bits) => { // SRI
    const mask = ones(bits) >> BigInt(sh);
    return (d & ~mask) | (a >> BigInt(sh));
  } },
  0b01010: { kind: "left", u: [0, 1], signed: false, scalarD: true, fn: (_c, a, d, sh, bits, U) => { // SHL (scalar) / SLI
    const shifted = (a << BigInt(sh)) & ones(bits);
    if (U === 0) return shifted;
    const mask = (ones(bits) << BigInt(sh)) & ones(bits);
    return (d & ~mask) | shifted;
  } },
  0b01100: { kind: "left", u: [1], signed: true, fn: (c, a, _d, sh, bits) => saturate(c, a << BigInt(sh), bits, false) }, // SQSHLU
  0b01110: { kind: "left", u: [0, 1], signed: null, fn: (c, a, _d, sh, bits, U) => saturate(c, a << BigInt(sh), bits, U === 0) }, // SQSHL/UQSHL
  0b10000: { kind: "narrow", u: [0, 1], signed: null, fn: (c, a, _d, sh, bits, U) => (U ? saturate(c, rshift(a, sh, false), bits, false) : rshift(a, sh, false)) }, // SHRN (scalar: none) / SQSHRUN
  0b10001: { kind: "narrow", u: [0, 1], signed: null, fn: (c, a, _d, sh, bits, U) => (U ? saturate(c, rshift(a, sh, true), bits, false) : rshift(a, sh, true)) }, // RSHRN / SQRSHRUN
  0b10010: { kind: "narrow", u: [0, 1], signed: null, fn: (c, a, _d, sh, bits, U) => saturate(c, rshift(a, sh, false), bits, U === 0) }, // SQSHRN/UQSHRN
  0b10011: { kind: "narrow", u: [0, 1], signed: null, fn: (c, a, _d, sh, bits, U) => saturate(c, rshift(a, sh, true), bits, U === 0) }, // SQRSHRN/UQRSHRN
};

function decode(f: Record<string, number>, scalar: boolean): Op | null {
  const { Q, U, immh, immb, opcode, rn, rd } = f;
  if (immh === 0) return null;
  const op = OPS[opcode];
  if (op === undefined || !op.u.includes(U)) return null;
  const log2 = 31 - Math.clz32(immh);
  const esize = 1 << log2;
  const bits = esize * 8;
  const immhb = (immh << 3) | immb;
  const signed = op.signed ?? U === 0;
  if (op.kind === "narrow") {
    if (log2 === 3) return null;
    // SHRN and RSHRN have no scalar form; the saturating ones do.
    if (scalar && U === 0 && opcode <= 0b10001) return null;
    const sh = 2 * bits - immhb;
    const wide = esize * 2;
    // SQSHRUN/SQRSHRUN: signed source, unsigned saturation; the others by U.
    const srcSigned = opcode <= 0b10001 ? U === 1 : U === 0;
    if (scalar)
      return (c) => {
        put(0, esize, op.fn(c, elem(c, rn, 0, wide, srcSigned), 0n, sh, bits, U));
        commitOut(c, rd, esize);
      };
    const count = 8 / esize;
    return (c) => {
      outFrom(c, rd);
      for (let e = 0; e < count; e++) put((Q ? count : 0) + e, esize, op.fn(c, elem(c, rn, e, wide, srcSigned), 0n, sh, bits, U));
      commitOut(c, rd, Q ? 16 : 8);
    };
  }
  const sh = op.kind === "left" ? immhb - bits : 2 * bits - immhb;
  if (scalar) {
    const saturating = opcode === 0b01100 || opcode === 0b01110;
    if (!saturating && log2 !== 3) return null; // the plain scalar shifts are 64-bit only
    if (saturating === false && !op.scalarD) return null;
    return (c) => {
      put(0, esize, op.fn(c, elem(c, rn, 0, esize, signed), elem(c, rd, 0, esize, signed), sh, bits, U));
      commitOut(c, rd, esize);
    };
  }
  if (log2 === 3 && !Q) return null;
  if (opcode === 0b00000 || (opcode === 0b01010 && U === 0)) return null; // SSHR/USHR/SHL: simd-shift.ts
  const count = (Q ? 16 : 8) / esize;
  return (c) => {
    for (let e = 0; e < count; e++) put(e, esize, op.fn(c, elem(c, rn, e, esize, signed), elem(c, rd, e, esize, signed), sh, bits, U));
    commitOut(c, rd, Q ? 16 : 8);
  };
}

export const PATTERNS: Pattern[] = [
  pattern("AdvSIMD shift by immediate (general)", "0 Q:1 U:1 011110 immh:4 immb:3 opcode:5 1 rn:5 rd:5", (f) => decode(f, false)),
  pattern("AdvSIMD scalar shift by immediate", "01 U:1 111110 immh:4 immb:3 opcode:5 1 rn:5 rd:5", (f) => decode(f, true)),
];
