// Advanced SIMD (vector and scalar) x indexed element, integer forms (C4.1.96, C4.1.91):
// MUL, MLA, MLS, SMULL/UMULL, SMLAL/UMLAL, SMLSL/UMLSL, SQDMULL, SQDMLAL, SQDMLSL, SQDMULH,
// SQRDMULH. The FP forms (FMLA, FMLS, FMUL, FMULX by element) are not here.
import type { CoreContext } from "../core-context.ts";
import { pattern, type Op, type Pattern } from "../decode-pattern.ts";
import { commitOut, elem, put, saturate } from "./simd-elements.ts";

interface ElemOp {
  long: boolean;
  /** null: the U bit decides (U=1 unsigned). */
  signed: boolean | null;
  u?: number;
  scalar?: boolean;
  fn: (c: CoreContext, a: bigint, b: bigint, d: bigint, bits: number) => bigint;
}

const sqdmulh = (round: boolean) => (c: CoreContext, a: bigint, b: bigint, _d: bigint, bits: number) =>
  saturate(c, (2n * a * b + (round ? 1n << BigInt(bits - 1) : 0n)) >> BigInt(bits), bits, true);

const OPS: Record<string, ElemOp> = {
  "8:0": { long: false, signed: false, fn: (_c, a, b) => a * b }, // MUL
  "0:1": { long: false, signed: false, fn: (_c, a, b, d) => d + a * b }, // MLA
  "4:1": { long: false, signed: false, fn: (_c, a, b, d) => d - a * b }, // MLS
  "10:0": { long: true, signed: true, fn: (_c, a, b) => a * b }, // SMULL
  "10:1": { long: true, signed: false, fn: (_c, a, b) => a * b }, // UMULL
  "2:0": { long: true, signed: true, fn: (_c, a, b, d) => d + a * b }, // SMLAL
  "2:1": { long: true, signed: false, fn: (_c, a, b, d) => d + a * b }, // UMLAL
  "6:0": { long: true, signed: true, fn: (_c, a, b, d) => d - a * b }, // SMLSL
  "6:1": { long: true, signed: false, fn: (_c, a, b, d) => d - a * b }, // UMLSL
  "11:0": { long: true, signed: true, scalar: true, fn: (c, a, b, _d, bits) => saturate(c, 2n * a * b, bits, true) }, // SQDMULL
  "3:0": { long: true, signed: true, scalar: true, fn: (c, a, b, d, bits) => saturate(c, d + saturate(c, 2n * a * b, bits, true), bits, true) }, // SQDMLAL
  "7:0": { long: true, signed: true, scalar: true, fn: (c, a, b, d, bits) => saturate(c, d - saturate(c, 2n * a * b, bits, true), bits, true) }, // SQDMLSL
  "12:0": { long: false, signed: true, scalar: true, fn: sqdmulh(false) }, // SQDMULH
  "13:0": { long: false, signed: true, scalar: true, fn: sqdmulh(true) }, // SQRDMULH
};

/** Element size, index and Vm of the indexed operand (H:L:M for 16-bit, H:L for 32-bit). */
function indexed(f: Record<string, number>): { esize: number; index: number; m: number } | null {
  if (f.size === 1) return { esize: 2, index: (f.H << 2) | (f.L << 1) | f.M, m: f.rm };
  if (f.size === 2) return { esize: 4, index: (f.H << 1) | f.L, m: (f.M << 4) | f.rm };
  return null;
}

function vector(f: Record<string, number>): Op | null {
  const op = OPS[`${f.opcode}:${f.U}`];
  const ix = indexed(f);
  if (op === undefined || ix === null) return null;
  const { esize, index, m } = ix;
  const { Q, rn, rd } = f;
  const signed = op.signed ?? f.U === 0;
  if (op.long) {
    const count = 8 / esize;
    const first = Q ? count : 0;
    const wide = esize * 2;
    return (c) => {
      const b = elem(c, m, index, esize, signed);
      for (let e = 0; e < count; e++) put(e, wide, op.fn(c, elem(c, rn, first + e, esize, signed), b, elem(c, rd, e, wide, signed), wide * 8));
      commitOut(c, rd, 16);
    };
  }
  const count = (Q ? 16 : 8) / esize;
  return (c) => {
    const b = elem(c, m, index, esize, signed);
    for (let e = 0; e < count; e++) put(e, esize, op.fn(c, elem(c, rn, e, esize, signed), b, elem(c, rd, e, esize, signed), esize * 8));
    commitOut(c, rd, Q ? 16 : 8);
  };
}

function scalar(f: Record<string, number>): Op | null {
  const op = OPS[`${f.opcode}:${f.U}`];
  const ix = indexed(f);
  if (op === undefined || !op.scalar || ix === null) return null;
  const { esize, index, m } = ix;
  const out = op.long ? esize * 2 : esize;
  return (c) => {
    const r = op.fn(c, elem(c, f.rn, 0, esize, true), elem(c, m, index, esize, true), elem(c, f.rd, 0, out, true), out * 8);
    put(0, out, r);
    commitOut(c, f.rd, out);
  };
}

export const PATTERNS: Pattern[] = [
  pattern("AdvSIMD vector x indexed element (integer)", "0 Q:1 U:1 01111 size:2 L:1 M:1 rm:4 opcode:4 H:1 0 rn:5 rd:5", vector),
  pattern("AdvSIMD scalar x indexed element (integer)", "01 U:1 11111 size:2 L:1 M:1 rm:4 opcode:4 H:1 0 rn:5 rd:5", scalar),
];
