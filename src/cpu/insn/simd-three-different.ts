// Advanced SIMD three different (ARM ARM "Advanced SIMD three different"): the long
// (widening), wide and narrowing-high forms, vector and "2" (upper half) variants; and the
// scalar class ("Advanced SIMD scalar three different"): SQDMLAL, SQDMLSL, SQDMULL.
import type { CoreContext } from "../core-context.ts";
import { insn, type InsnEntry, type Op } from "../decode-pattern.ts";
import { commitOut, elem, outFrom, polyMul, put, saturate } from "./simd-elements.ts";

type Shape = "long" | "wide" | "narrow";
interface DiffOp {
  readonly shape: Shape;
  /** null: the U bit decides (U=1 unsigned). */
  readonly signed: boolean | null;
  /** Valid only for these sizes (all but 11 when absent). */
  readonly sizes?: readonly number[];
  readonly fn: (c: CoreContext, a: bigint, b: bigint, d: bigint, bits: number) => bigint;
}

const abs = (v: bigint) => (v < 0n ? -v : v);

const ADDL: DiffOp = { shape: "long", signed: null, fn: (_c, a, b) => a + b };
const ADDW: DiffOp = { shape: "wide", signed: null, fn: (_c, a, b) => a + b };
const SUBL: DiffOp = { shape: "long", signed: null, fn: (_c, a, b) => a - b };
const SUBW: DiffOp = { shape: "wide", signed: null, fn: (_c, a, b) => a - b };
const ADDHN: DiffOp = { shape: "narrow", signed: false, fn: (_c, a, b) => a + b };
const ABAL: DiffOp = { shape: "long", signed: null, fn: (_c, a, b, d) => d + abs(a - b) };
const SUBHN: DiffOp = { shape: "narrow", signed: false, fn: (_c, a, b) => a - b };
const ABDL: DiffOp = { shape: "long", signed: null, fn: (_c, a, b) => abs(a - b) };
const MLAL: DiffOp = { shape: "long", signed: null, fn: (_c, a, b, d) => d + a * b };
const SQDMLAL: DiffOp = {
  shape: "long",
  signed: true,
  sizes: [1, 2],
  fn: (c, a, b, d, bits) => saturate(c, d + saturate(c, 2n * a * b, bits, true), bits, true),
};
const MLSL: DiffOp = { shape: "long", signed: null, fn: (_c, a, b, d) => d - a * b };
const SQDMLSL: DiffOp = {
  shape: "long",
  signed: true,
  sizes: [1, 2],
  fn: (c, a, b, d, bits) => saturate(c, d - saturate(c, 2n * a * b, bits, true), bits, true),
};
const MULL: DiffOp = { shape: "long", signed: null, fn: (_c, a, b) => a * b };
const SQDMULL: DiffOp = { shape: "long", signed: true, sizes: [1, 2], fn: (c, a, b, _d, bits) => saturate(c, 2n * a * b, bits, true) };
const PMULL: DiffOp = { shape: "long", signed: false, sizes: [0], fn: (_c, a, b) => polyMul(a, b) }; // 8-bit only

interface DiffFields {
  readonly Q: number;
  readonly size: number;
  readonly rm: number;
  readonly rn: number;
  readonly rd: number;
}

function vector(f: DiffFields, U: 0 | 1, op: DiffOp): Op | null {
  const { Q, size, rm, rn, rd } = f;
  if (size === 3 || (op.sizes && !op.sizes.includes(size))) return null;
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

function scalar(f: Omit<DiffFields, "Q">, op: DiffOp): Op | null {
  const { size, rm, rn, rd } = f;
  if (size !== 1 && size !== 2) return null;
  const esize = 1 << size;
  return (c) => {
    put(0, esize * 2, op.fn(c, elem(c, rn, 0, esize, true), elem(c, rm, 0, esize, true), elem(c, rd, 0, esize * 2, true), esize * 16));
    commitOut(c, rd, esize * 2);
  };
}

export const INSNS: InsnEntry[] = [
  insn("SADDL, SADDL2", "0 Q:1 0 01110 size:2 1 rm:5 0000 00 rn:5 rd:5", {}, (f) => vector(f, 0, ADDL)),
  insn("UADDL, UADDL2", "0 Q:1 1 01110 size:2 1 rm:5 0000 00 rn:5 rd:5", {}, (f) => vector(f, 1, ADDL)),
  insn("SADDW, SADDW2", "0 Q:1 0 01110 size:2 1 rm:5 0001 00 rn:5 rd:5", {}, (f) => vector(f, 0, ADDW)),
  insn("UADDW, UADDW2", "0 Q:1 1 01110 size:2 1 rm:5 0001 00 rn:5 rd:5", {}, (f) => vector(f, 1, ADDW)),
  insn("SSUBL, SSUBL2", "0 Q:1 0 01110 size:2 1 rm:5 0010 00 rn:5 rd:5", {}, (f) => vector(f, 0, SUBL)),
  insn("USUBL, USUBL2", "0 Q:1 1 01110 size:2 1 rm:5 0010 00 rn:5 rd:5", {}, (f) => vector(f, 1, SUBL)),
  insn("SSUBW, SSUBW2", "0 Q:1 0 01110 size:2 1 rm:5 0011 00 rn:5 rd:5", {}, (f) => vector(f, 0, SUBW)),
  insn("USUBW, USUBW2", "0 Q:1 1 01110 size:2 1 rm:5 0011 00 rn:5 rd:5", {}, (f) => vector(f, 1, SUBW)),
  insn("ADDHN, ADDHN2", "0 Q:1 0 01110 size:2 1 rm:5 0100 00 rn:5 rd:5", {}, (f) => vector(f, 0, ADDHN)),
  insn("RADDHN, RADDHN2", "0 Q:1 1 01110 size:2 1 rm:5 0100 00 rn:5 rd:5", {}, (f) => vector(f, 1, ADDHN)),
  insn("SABAL, SABAL2", "0 Q:1 0 01110 size:2 1 rm:5 0101 00 rn:5 rd:5", {}, (f) => vector(f, 0, ABAL)),
  insn("UABAL, UABAL2", "0 Q:1 1 01110 size:2 1 rm:5 0101 00 rn:5 rd:5", {}, (f) => vector(f, 1, ABAL)),
  insn("SUBHN, SUBHN2", "0 Q:1 0 01110 size:2 1 rm:5 0110 00 rn:5 rd:5", {}, (f) => vector(f, 0, SUBHN)),
  insn("RSUBHN, RSUBHN2", "0 Q:1 1 01110 size:2 1 rm:5 0110 00 rn:5 rd:5", {}, (f) => vector(f, 1, SUBHN)),
  insn("SABDL, SABDL2", "0 Q:1 0 01110 size:2 1 rm:5 0111 00 rn:5 rd:5", {}, (f) => vector(f, 0, ABDL)),
  insn("UABDL, UABDL2", "0 Q:1 1 01110 size:2 1 rm:5 0111 00 rn:5 rd:5", {}, (f) => vector(f, 1, ABDL)),
  insn({ name: "SMLAL, SMLAL2 (vector)", encoding: "Vector" }, "0 Q:1 0 01110 size:2 1 rm:5 1000 00 rn:5 rd:5", {}, (f) => vector(f, 0, MLAL)),
  insn({ name: "UMLAL, UMLAL2 (vector)", encoding: "Vector" }, "0 Q:1 1 01110 size:2 1 rm:5 1000 00 rn:5 rd:5", {}, (f) => vector(f, 1, MLAL)),
  insn({ name: "SQDMLAL, SQDMLAL2 (vector)", encoding: "Vector" }, "0 Q:1 0 01110 size:2 1 rm:5 1001 00 rn:5 rd:5", {}, (f) => vector(f, 0, SQDMLAL)),
  insn({ name: "SMLSL, SMLSL2 (vector)", encoding: "Vector" }, "0 Q:1 0 01110 size:2 1 rm:5 1010 00 rn:5 rd:5", {}, (f) => vector(f, 0, MLSL)),
  insn({ name: "UMLSL, UMLSL2 (vector)", encoding: "Vector" }, "0 Q:1 1 01110 size:2 1 rm:5 1010 00 rn:5 rd:5", {}, (f) => vector(f, 1, MLSL)),
  insn({ name: "SQDMLSL, SQDMLSL2 (vector)", encoding: "Vector" }, "0 Q:1 0 01110 size:2 1 rm:5 1011 00 rn:5 rd:5", {}, (f) => vector(f, 0, SQDMLSL)),
  insn({ name: "SMULL, SMULL2 (vector)", encoding: "Vector" }, "0 Q:1 0 01110 size:2 1 rm:5 1100 00 rn:5 rd:5", {}, (f) => vector(f, 0, MULL)),
  insn({ name: "UMULL, UMULL2 (vector)", encoding: "Vector" }, "0 Q:1 1 01110 size:2 1 rm:5 1100 00 rn:5 rd:5", {}, (f) => vector(f, 1, MULL)),
  insn({ name: "SQDMULL, SQDMULL2 (vector)", encoding: "Vector" }, "0 Q:1 0 01110 size:2 1 rm:5 1101 00 rn:5 rd:5", {}, (f) => vector(f, 0, SQDMULL)),
  insn(
    "PMULL, PMULL2",
    "0 Q:1 0 01110 size:2 1 rm:5 1110 00 rn:5 rd:5",
    { declines: "size = 11 (64-bit polynomial multiply, FEAT_PMULL): not advertised by the core (ID_AA64ISAR0_EL1 has no crypto), UNDEFINED here" },
    (f) => vector(f, 0, PMULL),
  ),
  insn({ name: "SQDMLAL, SQDMLAL2 (vector)", encoding: "Scalar" }, "01 0 11110 size:2 1 rm:5 1001 00 rn:5 rd:5", {}, (f) => scalar(f, SQDMLAL)),
  insn({ name: "SQDMLSL, SQDMLSL2 (vector)", encoding: "Scalar" }, "01 0 11110 size:2 1 rm:5 1011 00 rn:5 rd:5", {}, (f) => scalar(f, SQDMLSL)),
  insn({ name: "SQDMULL, SQDMULL2 (vector)", encoding: "Scalar" }, "01 0 11110 size:2 1 rm:5 1101 00 rn:5 rd:5", {}, (f) => scalar(f, SQDMULL)),
];
