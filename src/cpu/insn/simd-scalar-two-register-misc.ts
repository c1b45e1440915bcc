// Advanced SIMD scalar two-register miscellaneous (ARM ARM "Advanced SIMD scalar two-register
// miscellaneous" and its FP16 class): the vector operations on one element, the rest of Vd
// cleared. Integer: SUQADD/USQADD, SQABS/SQNEG, compares with zero, ABS/NEG (64-bit only),
// the saturating narrows. FP: FCVT* to integer, SCVTF/UCVTF, compares with zero, FCVTXN.
import type { CoreContext } from "../core-context.ts";
import { insn, notImplemented, type InsnEntry, type Op } from "../decode-pattern.ts";
import { setBits, type Prec } from "./fp-scalar.ts";
import { commitOut, elem, put, saturate } from "./simd-elements.ts";
import { D, fromInt, N, stage, toInt, type LaneOp } from "./simd-fp-lanes.ts";
import {
  FCMEQ_ZERO,
  FCMGE_ZERO,
  FCMGT_ZERO,
  FCMLE_ZERO,
  FCMLT_ZERO,
  roundToOddSingle,
  SQABS,
  SQNEG,
  SQXTN,
  SQXTUN,
  SUQADD,
  UQXTN,
  USQADD,
  type ElementOp,
  type Narrow,
} from "./simd-two-register-misc.ts";

interface ScalarFields {
  readonly size: number;
  readonly rn: number;
  readonly rd: number;
}

interface FpScalarFields {
  readonly sz: number;
  readonly rn: number;
  readonly rd: number;
}

/** SQXTN, UQXTN, SQXTUN on one element. */
function narrow(f: ScalarFields, n: Narrow): Op | null {
  const { size, rn, rd } = f;
  if (size === 3) return null;
  const esize = 1 << size;
  return (c) => {
    put(0, esize, saturate(c, elem(c, rn, 0, esize * 2, n.srcSigned), esize * 8, n.dstSigned));
    commitOut(c, rd, esize);
  };
}

/** The 64-bit-only forms: ABS, NEG and the compares with zero (size must be 11). */
function d64(f: ScalarFields, fn: (a: bigint) => bigint): Op | null {
  const { size, rn, rd } = f;
  if (size !== 3) return null;
  return (c) => {
    put(0, 8, fn(elem(c, rn, 0, 8, true)));
    commitOut(c, rd, 8);
  };
}

function sameWidth(f: ScalarFields, op: ElementOp): Op | null {
  const { size, rn, rd } = f;
  if (!op.sizes.includes(size)) return null;
  const esize = 1 << size;
  return (c) => {
    put(0, esize, op.fn(c, elem(c, rn, 0, esize, op.signed), elem(c, rd, 0, esize, false), esize * 8));
    commitOut(c, rd, esize);
  };
}

/** An FP lane operation on element 0 of Vn (S or D), the result alone in Vd. */
function fpScalar(f: FpScalarFields, make: (p: Prec) => LaneOp): Op {
  const { sz, rn, rd } = f;
  const p = sz as Prec;
  const op = make(p);
  return (c: CoreContext) => {
    stage(c, rn, 0, p, N);
    op(c);
    setBits(c, rd, c.vreg[D * 4], p === 1 ? c.vreg[D * 4 + 1] : 0);
  };
}

/** FCVTXN Sd, Dn (sz must be 1). */
function fcvtxn(f: FpScalarFields): Op | null {
  const { sz, rn, rd } = f;
  if (sz !== 1) return null;
  return (c) => {
    stage(c, rn, 0, 1, N);
    roundToOddSingle(c);
    setBits(c, rd, c.vreg[D * 4], 0);
  };
}

const HALF = "the half-precision forms (FEAT_FP16) are absent on the Cortex-A57 the core models: UNDEFINED there";
const NOT_MODELLED = "not implemented by the ts core (no supported guest uses it): UNDEFINED here";

function fp16(name: string, spec: string): InsnEntry {
  return notImplemented({ name, encoding: "Scalar, half-precision" }, spec, { feature: "FEAT_FP16" }, HALF);
}

const SP_DP = "Scalar single-precision and double-precision";

export const INSNS: InsnEntry[] = [
  // integer
  insn({ name: "SUQADD", encoding: "Scalar" }, "01 0 11110 size:2 10000 00011 10 rn:5 rd:5", {}, (f) => sameWidth(f, SUQADD)),
  insn({ name: "USQADD", encoding: "Scalar" }, "01 1 11110 size:2 10000 00011 10 rn:5 rd:5", {}, (f) => sameWidth(f, USQADD)),
  insn({ name: "SQABS", encoding: "Scalar" }, "01 0 11110 size:2 10000 00111 10 rn:5 rd:5", {}, (f) => sameWidth(f, SQABS)),
  insn({ name: "SQNEG", encoding: "Scalar" }, "01 1 11110 size:2 10000 00111 10 rn:5 rd:5", {}, (f) => sameWidth(f, SQNEG)),
  insn({ name: "CMGT (zero)", encoding: "Scalar" }, "01 0 11110 size:2 10000 01000 10 rn:5 rd:5", {}, (f) => d64(f, (a) => (a > 0n ? -1n : 0n))),
  insn({ name: "CMEQ (zero)", encoding: "Scalar" }, "01 0 11110 size:2 10000 01001 10 rn:5 rd:5", {}, (f) => d64(f, (a) => (a === 0n ? -1n : 0n))),
  insn({ name: "CMLT (zero)", encoding: "Scalar" }, "01 0 11110 size:2 10000 01010 10 rn:5 rd:5", {}, (f) => d64(f, (a) => (a < 0n ? -1n : 0n))),
  insn({ name: "ABS", encoding: "Scalar" }, "01 0 11110 size:2 10000 01011 10 rn:5 rd:5", {}, (f) => d64(f, (a) => (a < 0n ? -a : a))),
  insn({ name: "CMGE (zero)", encoding: "Scalar" }, "01 1 11110 size:2 10000 01000 10 rn:5 rd:5", {}, (f) => d64(f, (a) => (a >= 0n ? -1n : 0n))),
  insn({ name: "CMLE (zero)", encoding: "Scalar" }, "01 1 11110 size:2 10000 01001 10 rn:5 rd:5", {}, (f) => d64(f, (a) => (a <= 0n ? -1n : 0n))),
  insn({ name: "NEG (vector)", encoding: "Scalar" }, "01 1 11110 size:2 10000 01011 10 rn:5 rd:5", {}, (f) => d64(f, (a) => -a)),
  insn({ name: "SQXTUN", encoding: "Scalar" }, "01 1 11110 size:2 10000 10010 10 rn:5 rd:5", {}, (f) => narrow(f, SQXTUN)),
  insn({ name: "SQXTN", encoding: "Scalar" }, "01 0 11110 size:2 10000 10100 10 rn:5 rd:5", {}, (f) => narrow(f, SQXTN)),
  insn({ name: "UQXTN", encoding: "Scalar" }, "01 1 11110 size:2 10000 10100 10 rn:5 rd:5", {}, (f) => narrow(f, UQXTN)),
  // floating point, size = 0:sz or 1:sz
  insn({ name: "FCVTXN", encoding: "Scalar" }, "01 1 11110 0 sz:1 10000 10110 10 rn:5 rd:5", {}, (f) => fcvtxn(f)),
  insn({ name: "FCVTNS (vector)", encoding: SP_DP }, "01 0 11110 0 sz:1 10000 11010 10 rn:5 rd:5", {}, (f) => fpScalar(f, (p) => toInt(p, "N", false))),
  insn({ name: "FCVTMS (vector)", encoding: SP_DP }, "01 0 11110 0 sz:1 10000 11011 10 rn:5 rd:5", {}, (f) => fpScalar(f, (p) => toInt(p, "M", false))),
  insn({ name: "FCVTAS (vector)", encoding: SP_DP }, "01 0 11110 0 sz:1 10000 11100 10 rn:5 rd:5", {}, (f) => fpScalar(f, (p) => toInt(p, "A", false))),
  insn({ name: "SCVTF (vector, integer)", encoding: SP_DP }, "01 0 11110 0 sz:1 10000 11101 10 rn:5 rd:5", {}, (f) => fpScalar(f, (p) => fromInt(p, false))),
  insn({ name: "FCMGT (zero)", encoding: SP_DP }, "01 0 11110 1 sz:1 10000 01100 10 rn:5 rd:5", {}, (f) => fpScalar(f, FCMGT_ZERO)),
  insn({ name: "FCMEQ (zero)", encoding: SP_DP }, "01 0 11110 1 sz:1 10000 01101 10 rn:5 rd:5", {}, (f) => fpScalar(f, FCMEQ_ZERO)),
  insn({ name: "FCMLT (zero)", encoding: SP_DP }, "01 0 11110 1 sz:1 10000 01110 10 rn:5 rd:5", {}, (f) => fpScalar(f, FCMLT_ZERO)),
  insn({ name: "FCVTPS (vector)", encoding: SP_DP }, "01 0 11110 1 sz:1 10000 11010 10 rn:5 rd:5", {}, (f) => fpScalar(f, (p) => toInt(p, "P", false))),
  insn({ name: "FCVTZS (vector, integer)", encoding: SP_DP }, "01 0 11110 1 sz:1 10000 11011 10 rn:5 rd:5", {}, (f) =>
    fpScalar(f, (p) => toInt(p, "Z", false)),
  ),
  insn({ name: "FCVTNU (vector)", encoding: SP_DP }, "01 1 11110 0 sz:1 10000 11010 10 rn:5 rd:5", {}, (f) => fpScalar(f, (p) => toInt(p, "N", true))),
  insn({ name: "FCVTMU (vector)", encoding: SP_DP }, "01 1 11110 0 sz:1 10000 11011 10 rn:5 rd:5", {}, (f) => fpScalar(f, (p) => toInt(p, "M", true))),
  insn({ name: "FCVTAU (vector)", encoding: SP_DP }, "01 1 11110 0 sz:1 10000 11100 10 rn:5 rd:5", {}, (f) => fpScalar(f, (p) => toInt(p, "A", true))),
  insn({ name: "UCVTF (vector, integer)", encoding: SP_DP }, "01 1 11110 0 sz:1 10000 11101 10 rn:5 rd:5", {}, (f) => fpScalar(f, (p) => fromInt(p, true))),
  insn({ name: "FCMGE (zero)", encoding: SP_DP }, "01 1 11110 1 sz:1 10000 01100 10 rn:5 rd:5", {}, (f) => fpScalar(f, FCMGE_ZERO)),
  insn({ name: "FCMLE (zero)", encoding: SP_DP }, "01 1 11110 1 sz:1 10000 01101 10 rn:5 rd:5", {}, (f) => fpScalar(f, FCMLE_ZERO)),
  insn({ name: "FCVTPU (vector)", encoding: SP_DP }, "01 1 11110 1 sz:1 10000 11010 10 rn:5 rd:5", {}, (f) => fpScalar(f, (p) => toInt(p, "P", true))),
  insn({ name: "FCVTZU (vector, integer)", encoding: SP_DP }, "01 1 11110 1 sz:1 10000 11011 10 rn:5 rd:5", {}, (f) => fpScalar(f, (p) => toInt(p, "Z", true))),
  // ARMv8.0 forms the core leaves out
  notImplemented({ name: "FRECPE", encoding: "Scalar" }, "01 0 11110 1 sz:1 10000 11101 10 rn:5 rd:5", {}, NOT_MODELLED),
  notImplemented("FRECPX", "01 0 11110 1 sz:1 10000 11111 10 rn:5 rd:5", {}, NOT_MODELLED),
  notImplemented({ name: "FRSQRTE", encoding: "Scalar" }, "01 1 11110 1 sz:1 10000 11101 10 rn:5 rd:5", {}, NOT_MODELLED),
  // Advanced SIMD scalar two-register miscellaneous FP16
  fp16("FCVTNS (vector)", "01 0 11110 0 1111 00 11010 10 rn:5 rd:5"),
  fp16("FCVTMS (vector)", "01 0 11110 0 1111 00 11011 10 rn:5 rd:5"),
  fp16("FCVTAS (vector)", "01 0 11110 0 1111 00 11100 10 rn:5 rd:5"),
  fp16("SCVTF (vector, integer)", "01 0 11110 0 1111 00 11101 10 rn:5 rd:5"),
  fp16("FCMGT (zero)", "01 0 11110 1 1111 00 01100 10 rn:5 rd:5"),
  fp16("FCMEQ (zero)", "01 0 11110 1 1111 00 01101 10 rn:5 rd:5"),
  fp16("FCMLT (zero)", "01 0 11110 1 1111 00 01110 10 rn:5 rd:5"),
  fp16("FCVTPS (vector)", "01 0 11110 1 1111 00 11010 10 rn:5 rd:5"),
  fp16("FCVTZS (vector, integer)", "01 0 11110 1 1111 00 11011 10 rn:5 rd:5"),
  fp16("FRECPE", "01 0 11110 1 1111 00 11101 10 rn:5 rd:5"),
  fp16("FRECPX", "01 0 11110 1 1111 00 11111 10 rn:5 rd:5"),
  fp16("FCVTNU (vector)", "01 1 11110 0 1111 00 11010 10 rn:5 rd:5"),
  fp16("FCVTMU (vector)", "01 1 11110 0 1111 00 11011 10 rn:5 rd:5"),
  fp16("FCVTAU (vector)", "01 1 11110 0 1111 00 11100 10 rn:5 rd:5"),
  fp16("UCVTF (vector, integer)", "01 1 11110 0 1111 00 11101 10 rn:5 rd:5"),
  fp16("FCMGE (zero)", "01 1 11110 1 1111 00 01100 10 rn:5 rd:5"),
  fp16("FCMLE (zero)", "01 1 11110 1 1111 00 01101 10 rn:5 rd:5"),
  fp16("FCVTPU (vector)", "01 1 11110 1 1111 00 11010 10 rn:5 rd:5"),
  fp16("FCVTZU (vector, integer)", "01 1 11110 1 1111 00 11011 10 rn:5 rd:5"),
  fp16("FRSQRTE", "01 1 11110 1 1111 00 11101 10 rn:5 rd:5"),
];
