// Advanced SIMD three different (C4.1.94): the long (widening), wide and narrowing-high
// forms, vector and "2" (upper half) variants; and the scalar SQDMULL/SQDMLAL/SQDMLSL
// (C4.1.92).
import type { CoreContext } from "../core-context.ts";
import { pattern, type Op, type Pattern } from "../decode-pattern.ts";
import { commitOut, elem, outFrom, polyMul, put, saturate } from "./simd-elements.ts";

type Shape = "long" | "wide" | "narrow";
interface DiffOp {
  shape: Shape;
  /** null: the U bit decides (U=1 unsigned). */
  signed: boolean | null;
  /** Valid only for these U values. */
  u?: number;
  sizes?: number[];
  fn: (c: CoreContext, a: bigint, b: bigint, d: bigint, bits: number) => bigint;
}

const abs = (v: bigint) => (v < 0n ? -v : v);

const OPS: Record<number, DiffOp> = {
  0b0000: { shape: "long", signed: null, fn: (_c, a, b) => a + b }, // SADDL/UADDL
  0b0001: { shape: "wide", signed: null, fn: (_c, a, b) => a + b }, // SADDW/UADDW
  0b0010: { shape: "long", signed: null, fn: (_c, a, b) => a - b }, // SSUBL/USUBL
  0b0011: { shape: "wide", signed: null, fn: (_c, a, b) => a - b }, // SSUBW/USUBW
  0b0100: { shape: "narrow", signed: false, fn: (_c, a, b) => a + b }, // ADDHN/RADDHN
  0b0101: { shape: "long", signed: null, fn: (_c, a, b, d) => d + abs(a - b) }, // SABAL/UABAL
  0b0110: { shape: "narrow", signed: false, fn: (_c, a, b) => a - b }, // SUBHN/RSUBHN
  0b0111: { shape: "long", signed: null, fn: (_c, a, b) => abs(a - b) }, // SABDL/UABDL
  0b1000: { shape: "long", signed: null, fn: (_c, a, b, d) => d + a * b }, // SMLAL/UMLAL
  0b1001: { shape: "long", signed: true, u: 0, sizes: [1, 2], fn: (c, a, b, d, bits) => saturate(c, d + saturate(c, 2n * a * b, bits, true), bits, true) }, // SQDMLAL
  0b1010: { shape: "long", signed: null, fn: (_c, a, b, d) => d - a * b }, // SMLSL/UMLSL
  0b1011: { shape: "long", signed: true, u: 0, sizes: [1, 2], fn: (c, a, b, d, bits) => saturate(c, d - saturate(c, 2n * a * b, bits, true), bits, true) }, // SQDMLSL
  0b1100: { shape: "long", signed: null, fn: (_c, a, b) => a * b }, // SMULL/UMULL
  0b1101: { shape: "long", signed: true, u: 0, sizes: [1, 2], fn: (c, a, b, _d, bits) => saturate(c, 2n * a * b, bits, true) }, // SQDMULL
  0b1110: { shape: "long", signed: false, u: 0, sizes: [0], fn: (_c, a, b) => polyMul(a, b) }, // PMULL (8-bit)
};

function vector(f: Record<string, number>): Op | null {
  const { Q, U, size, rm, rn, rd, opcode } = f;
  const op = OPS[opcode];
  if (op === undefined || size === 3 || (op.u !== undefined && op.u !== U) || (op.sizes && !op.sizes.includes(size))) return null;
  const esize = 1 << size; // the narrow element
  const wide = esize * 2;
  const count = 8 / esize;
  const first = Q ? count : 0; // "2" variants use the upper half of narrow operands
  const signed = op.signed ?? U === 0;
  const wideBits = wide * 8;
  if (op.shape === "narrow") {
    // ADDHN/SUBHN: the high half of each double-width result; U=1 rounds (RADDHN/RSUBHN).
    const round = U === 1 ? 1n << BigInt(esize * 8 - 1) : 0n;
    return (c) => {
      outFrom(c, rd);
      for (let e = 0; e < count; e++) {
        const r = op.fn(c, elem(c, rn, e, wide, false), elem(c, rm, e, wide, false), 0n, wideBits) + round;
        put(first + e, esize, r >> BigInt(esize * 8));
      }
      commitOut(c, rd, Q ? 16 : 8);
    };
  }
  return (c) => {
    for (let e = 0; e < count; e++) {
      const a = op.shape === "wide" ? elem(c, rn, e, wide, signed) : elem(c, rn, first + e, esize, signed);
      const b = elem(c, rm, first + e, esize, signed);
      put(e, wide, op.fn(c, a, b, elem(c, rd, e, wide, signed), wideBits));
    }
    commitOut(c, rd, 16);
  };
}

function scalar(f: Record<string, number>): Op | null {
  const { U, size, rm, rn, rd, opcode } = f;
  if (U !== 0 || (size !== 1 && size !== 2) || (opcode !== 0b1001 && opcode !== 0b1011 && opcode !== 0b1101)) return null;
  const op = OPS[opcode];
  const esize = 1 << size;
  return (c) => {
    put(0, esize * 2, op.fn(c, elem(c, rn, 0, esize, true), elem(c, rm, 0, esize, true), elem(c, rd, 0, esize * 2, true), esize * 16));
    commitOut(c, rd, esize * 2);
  };
}

export const PATTERNS: Pattern[] = [
  pattern("AdvSIMD three different", "0 Q:1 U:1 01110 size:2 1 rm:5 opcode:4 00 rn:5 rd:5", vector),
  pattern("AdvSIMD scalar three different", "01 U:1 11110 size:2 1 rm:5 opcode:4 00 rn:5 rd:5", scalar),
];
