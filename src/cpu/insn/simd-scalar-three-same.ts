// Advanced SIMD scalar three same (ARM ARM C4.1.93): the three-same operations on one element
// in Vd (the rest of the register zeroed): saturating add/subtract, shifts by register, the
// 64-bit ADD/SUB and compares, SQDMULH/SQRDMULH, and the FP FMULX, FABD, FRECPS, FRSQRTS and
// compares. One entry per instruction, as in simd-three-same.ts whose operations it shares.
import type { CoreContext } from "../core-context.ts";
import { insn, type FieldsOf, type InsnEntry, type Op } from "../decode-pattern.ts";
import { setBits, type Prec } from "./fp-scalar.ts";
import { commitOut, elem, put } from "./simd-elements.ts";
import { D, fmulx, M, N, stage, type LaneOp } from "./simd-fp-lanes.ts";
import {
  DOUBLING_MUL_HIGH,
  ROUNDING_DOUBLING_MUL_HIGH,
  ROUNDING_SHIFT,
  SATURATING_ADD,
  SATURATING_ROUNDING_SHIFT,
  SATURATING_SHIFT,
  SATURATING_SUB,
  SHIFT,
  fabd,
  facge,
  facgt,
  fcmeq,
  fcmge,
  fcmgt,
  frecps,
  frsqrts,
  type ElementSemantics,
} from "./simd-three-same.ts";

type ScalarFields = FieldsOf<"size:2 rm:5 rn:5 rd:5">;
type FpScalarFields = FieldsOf<"sz:1 rm:5 rn:5 rd:5">;

const SIGNED = true,
  UNSIGNED = false;

/** The plain 64-bit operations (ADD, SUB, CMxx): D registers only. */
type Double = (a: bigint, b: bigint) => bigint;
const ADD: Double = (a, b) => a + b;
const SUB: Double = (a, b) => a - b;
const CMGT: Double = (a, b) => (BigInt.asIntN(64, a) > BigInt.asIntN(64, b) ? -1n : 0n);
const CMHI: Double = (a, b) => (a > b ? -1n : 0n);
const CMGE: Double = (a, b) => (BigInt.asIntN(64, a) >= BigInt.asIntN(64, b) ? -1n : 0n);
const CMHS: Double = (a, b) => (a >= b ? -1n : 0n);
const CMTST: Double = (a, b) => ((a & b) !== 0n ? -1n : 0n);
const CMEQ: Double = (a, b) => (a === b ? -1n : 0n);

function double(f: ScalarFields, fn: Double): Op | null {
  const { size, rm, rn, rd } = f;
  if (size !== 3) return null;
  return (c) => {
    put(0, 8, fn(elem(c, rn, 0, 8, false), elem(c, rm, 0, 8, false)));
    commitOut(c, rd, 8);
  };
}

function scalar(f: ScalarFields, op: ElementSemantics, signed: boolean): Op | null {
  const { size, rm, rn, rd } = f;
  if (op.scalarSizes === undefined || !op.scalarSizes.includes(size)) return null;
  const esize = 1 << size;
  return (c) => {
    put(0, esize, op.fn(c, elem(c, rn, 0, esize, signed), elem(c, rm, 0, esize, signed), 0n, esize * 8, signed));
    commitOut(c, rd, esize);
  };
}

/** An FP lane operation on element 0 of Vn and Vm through the staging registers. */
function fpScalar(f: FpScalarFields, make: (p: Prec) => LaneOp): Op {
  const { sz, rm, rn, rd } = f;
  const p = sz as Prec;
  const op = make(p);
  return (c: CoreContext) => {
    stage(c, rn, 0, p, N);
    stage(c, rm, 0, p, M);
    op(c);
    setBits(c, rd, c.vreg[D * 4], p === 1 ? c.vreg[D * 4 + 1] : 0);
  };
}

const S = "Scalar";

export const INSNS: InsnEntry[] = [
  insn({ name: "SQADD", encoding: S }, "01 0 11110 size:2 1 rm:5 00001 1 rn:5 rd:5", {}, (f) => scalar(f, SATURATING_ADD, SIGNED)),
  insn({ name: "UQADD", encoding: S }, "01 1 11110 size:2 1 rm:5 00001 1 rn:5 rd:5", {}, (f) => scalar(f, SATURATING_ADD, UNSIGNED)),
  insn({ name: "SQSUB", encoding: S }, "01 0 11110 size:2 1 rm:5 00101 1 rn:5 rd:5", {}, (f) => scalar(f, SATURATING_SUB, SIGNED)),
  insn({ name: "UQSUB", encoding: S }, "01 1 11110 size:2 1 rm:5 00101 1 rn:5 rd:5", {}, (f) => scalar(f, SATURATING_SUB, UNSIGNED)),
  insn({ name: "CMGT (register)", encoding: S }, "01 0 11110 size:2 1 rm:5 00110 1 rn:5 rd:5", {}, (f) => double(f, CMGT)),
  insn({ name: "CMHI (register)", encoding: S }, "01 1 11110 size:2 1 rm:5 00110 1 rn:5 rd:5", {}, (f) => double(f, CMHI)),
  insn({ name: "CMGE (register)", encoding: S }, "01 0 11110 size:2 1 rm:5 00111 1 rn:5 rd:5", {}, (f) => double(f, CMGE)),
  insn({ name: "CMHS (register)", encoding: S }, "01 1 11110 size:2 1 rm:5 00111 1 rn:5 rd:5", {}, (f) => double(f, CMHS)),
  insn({ name: "SSHL", encoding: S }, "01 0 11110 size:2 1 rm:5 01000 1 rn:5 rd:5", {}, (f) => scalar(f, SHIFT, SIGNED)),
  insn({ name: "USHL", encoding: S }, "01 1 11110 size:2 1 rm:5 01000 1 rn:5 rd:5", {}, (f) => scalar(f, SHIFT, UNSIGNED)),
  insn({ name: "SQSHL (register)", encoding: S }, "01 0 11110 size:2 1 rm:5 01001 1 rn:5 rd:5", {}, (f) => scalar(f, SATURATING_SHIFT, SIGNED)),
  insn({ name: "UQSHL (register)", encoding: S }, "01 1 11110 size:2 1 rm:5 01001 1 rn:5 rd:5", {}, (f) => scalar(f, SATURATING_SHIFT, UNSIGNED)),
  insn({ name: "SRSHL", encoding: S }, "01 0 11110 size:2 1 rm:5 01010 1 rn:5 rd:5", {}, (f) => scalar(f, ROUNDING_SHIFT, SIGNED)),
  insn({ name: "URSHL", encoding: S }, "01 1 11110 size:2 1 rm:5 01010 1 rn:5 rd:5", {}, (f) => scalar(f, ROUNDING_SHIFT, UNSIGNED)),
  insn({ name: "SQRSHL", encoding: S }, "01 0 11110 size:2 1 rm:5 01011 1 rn:5 rd:5", {}, (f) => scalar(f, SATURATING_ROUNDING_SHIFT, SIGNED)),
  insn({ name: "UQRSHL", encoding: S }, "01 1 11110 size:2 1 rm:5 01011 1 rn:5 rd:5", {}, (f) => scalar(f, SATURATING_ROUNDING_SHIFT, UNSIGNED)),
  insn({ name: "ADD (vector)", encoding: S }, "01 0 11110 size:2 1 rm:5 10000 1 rn:5 rd:5", {}, (f) => double(f, ADD)),
  insn({ name: "SUB (vector)", encoding: S }, "01 1 11110 size:2 1 rm:5 10000 1 rn:5 rd:5", {}, (f) => double(f, SUB)),
  insn({ name: "CMTST", encoding: S }, "01 0 11110 size:2 1 rm:5 10001 1 rn:5 rd:5", {}, (f) => double(f, CMTST)),
  insn({ name: "CMEQ (register)", encoding: S }, "01 1 11110 size:2 1 rm:5 10001 1 rn:5 rd:5", {}, (f) => double(f, CMEQ)),
  insn({ name: "SQDMULH (vector)", encoding: S }, "01 0 11110 size:2 1 rm:5 10110 1 rn:5 rd:5", {}, (f) => scalar(f, DOUBLING_MUL_HIGH, SIGNED)),
  insn({ name: "SQRDMULH (vector)", encoding: S }, "01 1 11110 size:2 1 rm:5 10110 1 rn:5 rd:5", {}, (f) => scalar(f, ROUNDING_DOUBLING_MUL_HIGH, SIGNED)),
  // floating point: U, a (bit 23) and opcode select; sz is single or double
  insn({ name: "FMULX", encoding: S }, "01 0 11110 0 sz:1 1 rm:5 11011 1 rn:5 rd:5", {}, (f) => fpScalar(f, fmulx)),
  insn({ name: "FCMEQ (register)", encoding: S }, "01 0 11110 0 sz:1 1 rm:5 11100 1 rn:5 rd:5", {}, (f) => fpScalar(f, fcmeq)),
  insn({ name: "FRECPS", encoding: S }, "01 0 11110 0 sz:1 1 rm:5 11111 1 rn:5 rd:5", {}, (f) => fpScalar(f, frecps)),
  insn({ name: "FRSQRTS", encoding: S }, "01 0 11110 1 sz:1 1 rm:5 11111 1 rn:5 rd:5", {}, (f) => fpScalar(f, frsqrts)),
  insn({ name: "FCMGE (register)", encoding: S }, "01 1 11110 0 sz:1 1 rm:5 11100 1 rn:5 rd:5", {}, (f) => fpScalar(f, fcmge)),
  insn({ name: "FACGE", encoding: S }, "01 1 11110 0 sz:1 1 rm:5 11101 1 rn:5 rd:5", {}, (f) => fpScalar(f, facge)),
  insn({ name: "FABD", encoding: S }, "01 1 11110 1 sz:1 1 rm:5 11010 1 rn:5 rd:5", {}, (f) => fpScalar(f, fabd)),
  insn({ name: "FCMGT (register)", encoding: S }, "01 1 11110 1 sz:1 1 rm:5 11100 1 rn:5 rd:5", {}, (f) => fpScalar(f, fcmgt)),
  insn({ name: "FACGT", encoding: S }, "01 1 11110 1 sz:1 1 rm:5 11101 1 rn:5 rd:5", {}, (f) => fpScalar(f, facgt)),
];
