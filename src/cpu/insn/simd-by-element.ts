// Advanced SIMD vector x indexed element and its scalar class (ARM ARM "Advanced SIMD vector
// x indexed element", "Advanced SIMD scalar x indexed element"): integer MUL, MLA, MLS,
// SMULL/UMULL, SMLAL/UMLAL, SMLSL/UMLSL, SQDMULL, SQDMLAL, SQDMLSL, SQDMULH, SQRDMULH and FP
// FMLA, FMLS, FMUL, FMULX, each with one element of Vm. The FP forms run the scalar FP code
// through the staging registers of simd-fp-general.ts. The forms of later extensions
// (FP16, RDM, DotProd, I8MM, BF16, FCMA, FHM) are listed as not implemented.
import type { CoreContext } from "../core-context.ts";
import { insn, notImplemented, type Feature, type InsnEntry, type Op } from "../decode-pattern.ts";
import { setBits, type Prec } from "./fp-scalar.ts";
import { commitOut, elem, put, saturate } from "./simd-elements.ts";
import { D, fma, fmulx, lanes, M, N, scalar2, stage, type LaneOp } from "./simd-fp-lanes.ts";

interface ElementFields {
  readonly Q: number;
  readonly size: number;
  readonly L: number;
  readonly M: number;
  readonly rm: number;
  readonly H: number;
  readonly rn: number;
  readonly rd: number;
}

interface ElemOp {
  readonly long: boolean;
  /** Whether the elements are signed. */
  readonly signed: boolean;
  readonly fn: (c: CoreContext, a: bigint, b: bigint, d: bigint, bits: number) => bigint;
}

const sqdmulh = (round: boolean) => (c: CoreContext, a: bigint, b: bigint, _d: bigint, bits: number) =>
  saturate(c, (2n * a * b + (round ? 1n << BigInt(bits - 1) : 0n)) >> BigInt(bits), bits, true);

const MUL: ElemOp = { long: false, signed: false, fn: (_c, a, b) => a * b };
const MLA: ElemOp = { long: false, signed: false, fn: (_c, a, b, d) => d + a * b };
const MLS: ElemOp = { long: false, signed: false, fn: (_c, a, b, d) => d - a * b };
const SMULL: ElemOp = { long: true, signed: true, fn: (_c, a, b) => a * b };
const UMULL: ElemOp = { long: true, signed: false, fn: (_c, a, b) => a * b };
const SMLAL: ElemOp = { long: true, signed: true, fn: (_c, a, b, d) => d + a * b };
const UMLAL: ElemOp = { long: true, signed: false, fn: (_c, a, b, d) => d + a * b };
const SMLSL: ElemOp = { long: true, signed: true, fn: (_c, a, b, d) => d - a * b };
const UMLSL: ElemOp = { long: true, signed: false, fn: (_c, a, b, d) => d - a * b };
const SQDMULL: ElemOp = { long: true, signed: true, fn: (c, a, b, _d, bits) => saturate(c, 2n * a * b, bits, true) };
const SQDMLAL: ElemOp = { long: true, signed: true, fn: (c, a, b, d, bits) => saturate(c, d + saturate(c, 2n * a * b, bits, true), bits, true) };
const SQDMLSL: ElemOp = { long: true, signed: true, fn: (c, a, b, d, bits) => saturate(c, d - saturate(c, 2n * a * b, bits, true), bits, true) };
const SQDMULH: ElemOp = { long: false, signed: true, fn: sqdmulh(false) };
const SQRDMULH: ElemOp = { long: false, signed: true, fn: sqdmulh(true) };

/** Element size, index and Vm of the indexed operand (H:L:M for 16-bit, H:L for 32-bit). */
function indexed(f: Omit<ElementFields, "Q" | "rn" | "rd">): { esize: number; index: number; m: number } | null {
  if (f.size === 1) return { esize: 2, index: (f.H << 2) | (f.L << 1) | f.M, m: f.rm };
  if (f.size === 2) return { esize: 4, index: (f.H << 1) | f.L, m: (f.M << 4) | f.rm };
  return null;
}

function vector(f: ElementFields, op: ElemOp): Op | null {
  const ix = indexed(f);
  if (ix === null) return null;
  const { esize, index, m } = ix;
  const { Q, rn, rd } = f;
  const signed = op.signed;
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

function scalar(f: Omit<ElementFields, "Q">, op: ElemOp): Op | null {
  const ix = indexed(f);
  if (ix === null) return null;
  const { esize, index, m } = ix;
  const { rn, rd } = f;
  const out = op.long ? esize * 2 : esize;
  return (c) => {
    const r = op.fn(c, elem(c, rn, 0, esize, true), elem(c, m, index, esize, true), elem(c, rd, 0, out, true), out * 8);
    put(0, out, r);
    commitOut(c, rd, out);
  };
}

interface FpElementFields {
  readonly Q: number;
  readonly sz: number;
  readonly L: number;
  readonly M: number;
  readonly rm: number;
  readonly H: number;
  readonly rn: number;
  readonly rd: number;
}

/** FMLA, FMLS, FMUL, FMULX (by element): S lanes index H:L, D lanes H (L must be 0). */
function fpByElement(f: FpElementFields, make: (p: Prec) => LaneOp, isScalar: boolean): Op | null {
  const { Q, sz, L, M: mBit, rm, H, rn, rd } = f;
  const p = sz as Prec;
  if (p === 1 && L === 1) return null;
  const index = p === 0 ? (H << 1) | L : H;
  const m = (mBit << 4) | rm;
  const laneOp = make(p);
  if (isScalar)
    return (c) => {
      stage(c, rn, 0, p, N);
      stage(c, m, index, p, M);
      stage(c, rd, 0, p, D);
      laneOp(c);
      setBits(c, rd, c.vreg[D * 4], p === 1 ? c.vreg[D * 4 + 1] : 0);
    };
  if (p === 1 && Q === 0) return null;
  return (c) => lanes(c, p, Q === 1, rn, m, rd, laneOp, false, index);
}

const fmla = (p: Prec) => fma(p, false);
const fmls = (p: Prec) => fma(p, true);
const fmul = (p: Prec) => scalar2(p, 0);

const NOT_ON_A57 = (feature: string) => `${feature} is absent on the Cortex-A57 the core models: UNDEFINED there`;

function absent(name: string | { name: string; encoding: string }, spec: string, feature: Feature): InsnEntry {
  return notImplemented(name, spec, { feature }, NOT_ON_A57(feature));
}

const SP_DP = "Single-precision and double-precision";

export const INSNS: InsnEntry[] = [
  // vector, integer
  insn({ name: "MLA (by element)", encoding: "Vector" }, "0 Q:1 1 01111 size:2 L:1 M:1 rm:4 0000 H:1 0 rn:5 rd:5", {}, (f) => vector(f, MLA)),
  insn({ name: "MLS (by element)", encoding: "Vector" }, "0 Q:1 1 01111 size:2 L:1 M:1 rm:4 0100 H:1 0 rn:5 rd:5", {}, (f) => vector(f, MLS)),
  insn({ name: "MUL (by element)", encoding: "Vector" }, "0 Q:1 0 01111 size:2 L:1 M:1 rm:4 1000 H:1 0 rn:5 rd:5", {}, (f) => vector(f, MUL)),
  insn({ name: "SMLAL, SMLAL2 (by element)", encoding: "Vector" }, "0 Q:1 0 01111 size:2 L:1 M:1 rm:4 0010 H:1 0 rn:5 rd:5", {}, (f) => vector(f, SMLAL)),
  insn({ name: "UMLAL, UMLAL2 (by element)", encoding: "Vector" }, "0 Q:1 1 01111 size:2 L:1 M:1 rm:4 0010 H:1 0 rn:5 rd:5", {}, (f) => vector(f, UMLAL)),
  insn({ name: "SMLSL, SMLSL2 (by element)", encoding: "Vector" }, "0 Q:1 0 01111 size:2 L:1 M:1 rm:4 0110 H:1 0 rn:5 rd:5", {}, (f) => vector(f, SMLSL)),
  insn({ name: "UMLSL, UMLSL2 (by element)", encoding: "Vector" }, "0 Q:1 1 01111 size:2 L:1 M:1 rm:4 0110 H:1 0 rn:5 rd:5", {}, (f) => vector(f, UMLSL)),
  insn({ name: "SMULL, SMULL2 (by element)", encoding: "Vector" }, "0 Q:1 0 01111 size:2 L:1 M:1 rm:4 1010 H:1 0 rn:5 rd:5", {}, (f) => vector(f, SMULL)),
  insn({ name: "UMULL, UMULL2 (by element)", encoding: "Vector" }, "0 Q:1 1 01111 size:2 L:1 M:1 rm:4 1010 H:1 0 rn:5 rd:5", {}, (f) => vector(f, UMULL)),
  insn({ name: "SQDMLAL, SQDMLAL2 (by element)", encoding: "Vector" }, "0 Q:1 0 01111 size:2 L:1 M:1 rm:4 0011 H:1 0 rn:5 rd:5", {}, (f) => vector(f, SQDMLAL)),
  insn({ name: "SQDMLSL, SQDMLSL2 (by element)", encoding: "Vector" }, "0 Q:1 0 01111 size:2 L:1 M:1 rm:4 0111 H:1 0 rn:5 rd:5", {}, (f) => vector(f, SQDMLSL)),
  insn({ name: "SQDMULL, SQDMULL2 (by element)", encoding: "Vector" }, "0 Q:1 0 01111 size:2 L:1 M:1 rm:4 1011 H:1 0 rn:5 rd:5", {}, (f) => vector(f, SQDMULL)),
  insn({ name: "SQDMULH (by element)", encoding: "Vector" }, "0 Q:1 0 01111 size:2 L:1 M:1 rm:4 1100 H:1 0 rn:5 rd:5", {}, (f) => vector(f, SQDMULH)),
  insn({ name: "SQRDMULH (by element)", encoding: "Vector" }, "0 Q:1 0 01111 size:2 L:1 M:1 rm:4 1101 H:1 0 rn:5 rd:5", {}, (f) => vector(f, SQRDMULH)),
  // vector, floating point
  insn({ name: "FMLA (by element)", encoding: `Vector, ${SP_DP}` }, "0 Q:1 0 01111 1 sz:1 L:1 M:1 rm:4 0001 H:1 0 rn:5 rd:5", {}, (f) =>
    fpByElement(f, fmla, false),
  ),
  insn({ name: "FMLS (by element)", encoding: `Vector, ${SP_DP}` }, "0 Q:1 0 01111 1 sz:1 L:1 M:1 rm:4 0101 H:1 0 rn:5 rd:5", {}, (f) =>
    fpByElement(f, fmls, false),
  ),
  insn({ name: "FMUL (by element)", encoding: `Vector, ${SP_DP}` }, "0 Q:1 0 01111 1 sz:1 L:1 M:1 rm:4 1001 H:1 0 rn:5 rd:5", {}, (f) =>
    fpByElement(f, fmul, false),
  ),
  insn({ name: "FMULX (by element)", encoding: `Vector, ${SP_DP}` }, "0 Q:1 1 01111 1 sz:1 L:1 M:1 rm:4 1001 H:1 0 rn:5 rd:5", {}, (f) =>
    fpByElement(f, fmulx, false),
  ),
  // scalar
  insn({ name: "SQDMLAL, SQDMLAL2 (by element)", encoding: "Scalar" }, "01 0 11111 size:2 L:1 M:1 rm:4 0011 H:1 0 rn:5 rd:5", {}, (f) => scalar(f, SQDMLAL)),
  insn({ name: "SQDMLSL, SQDMLSL2 (by element)", encoding: "Scalar" }, "01 0 11111 size:2 L:1 M:1 rm:4 0111 H:1 0 rn:5 rd:5", {}, (f) => scalar(f, SQDMLSL)),
  insn({ name: "SQDMULL, SQDMULL2 (by element)", encoding: "Scalar" }, "01 0 11111 size:2 L:1 M:1 rm:4 1011 H:1 0 rn:5 rd:5", {}, (f) => scalar(f, SQDMULL)),
  insn({ name: "SQDMULH (by element)", encoding: "Scalar" }, "01 0 11111 size:2 L:1 M:1 rm:4 1100 H:1 0 rn:5 rd:5", {}, (f) => scalar(f, SQDMULH)),
  insn({ name: "SQRDMULH (by element)", encoding: "Scalar" }, "01 0 11111 size:2 L:1 M:1 rm:4 1101 H:1 0 rn:5 rd:5", {}, (f) => scalar(f, SQRDMULH)),
  insn({ name: "FMLA (by element)", encoding: `Scalar, ${SP_DP}` }, "01 0 11111 1 sz:1 L:1 M:1 rm:4 0001 H:1 0 rn:5 rd:5", {}, (f) =>
    fpByElement({ Q: 0, ...f }, fmla, true),
  ),
  insn({ name: "FMLS (by element)", encoding: `Scalar, ${SP_DP}` }, "01 0 11111 1 sz:1 L:1 M:1 rm:4 0101 H:1 0 rn:5 rd:5", {}, (f) =>
    fpByElement({ Q: 0, ...f }, fmls, true),
  ),
  insn({ name: "FMUL (by element)", encoding: `Scalar, ${SP_DP}` }, "01 0 11111 1 sz:1 L:1 M:1 rm:4 1001 H:1 0 rn:5 rd:5", {}, (f) =>
    fpByElement({ Q: 0, ...f }, fmul, true),
  ),
  insn({ name: "FMULX (by element)", encoding: `Scalar, ${SP_DP}` }, "01 1 11111 1 sz:1 L:1 M:1 rm:4 1001 H:1 0 rn:5 rd:5", {}, (f) =>
    fpByElement({ Q: 0, ...f }, fmulx, true),
  ),
  // later extensions
  absent({ name: "FMLA (by element)", encoding: "Vector, half-precision" }, "0 Q:1 0 01111 00 L:1 M:1 rm:4 0001 H:1 0 rn:5 rd:5", "FEAT_FP16"),
  absent({ name: "FMLS (by element)", encoding: "Vector, half-precision" }, "0 Q:1 0 01111 00 L:1 M:1 rm:4 0101 H:1 0 rn:5 rd:5", "FEAT_FP16"),
  absent({ name: "FMUL (by element)", encoding: "Vector, half-precision" }, "0 Q:1 0 01111 00 L:1 M:1 rm:4 1001 H:1 0 rn:5 rd:5", "FEAT_FP16"),
  absent({ name: "FMULX (by element)", encoding: "Vector, half-precision" }, "0 Q:1 1 01111 00 L:1 M:1 rm:4 1001 H:1 0 rn:5 rd:5", "FEAT_FP16"),
  absent({ name: "FMLA (by element)", encoding: "Scalar, half-precision" }, "01 0 11111 00 L:1 M:1 rm:4 0001 H:1 0 rn:5 rd:5", "FEAT_FP16"),
  absent({ name: "FMLS (by element)", encoding: "Scalar, half-precision" }, "01 0 11111 00 L:1 M:1 rm:4 0101 H:1 0 rn:5 rd:5", "FEAT_FP16"),
  absent({ name: "FMUL (by element)", encoding: "Scalar, half-precision" }, "01 0 11111 00 L:1 M:1 rm:4 1001 H:1 0 rn:5 rd:5", "FEAT_FP16"),
  absent({ name: "FMULX (by element)", encoding: "Scalar, half-precision" }, "01 1 11111 00 L:1 M:1 rm:4 1001 H:1 0 rn:5 rd:5", "FEAT_FP16"),
  absent({ name: "SQRDMLAH (by element)", encoding: "Vector" }, "0 Q:1 1 01111 size:2 L:1 M:1 rm:4 1101 H:1 0 rn:5 rd:5", "FEAT_RDM"),
  absent({ name: "SQRDMLSH (by element)", encoding: "Vector" }, "0 Q:1 1 01111 size:2 L:1 M:1 rm:4 1111 H:1 0 rn:5 rd:5", "FEAT_RDM"),
  absent({ name: "SQRDMLAH (by element)", encoding: "Scalar" }, "01 1 11111 size:2 L:1 M:1 rm:4 1101 H:1 0 rn:5 rd:5", "FEAT_RDM"),
  absent({ name: "SQRDMLSH (by element)", encoding: "Scalar" }, "01 1 11111 size:2 L:1 M:1 rm:4 1111 H:1 0 rn:5 rd:5", "FEAT_RDM"),
  absent("SDOT (by element)", "0 Q:1 0 01111 size:2 L:1 M:1 rm:4 1110 H:1 0 rn:5 rd:5", "FEAT_DotProd"),
  absent("UDOT (by element)", "0 Q:1 1 01111 size:2 L:1 M:1 rm:4 1110 H:1 0 rn:5 rd:5", "FEAT_DotProd"),
  absent("SUDOT (by element)", "0 Q:1 0 01111 00 L:1 M:1 rm:4 1111 H:1 0 rn:5 rd:5", "FEAT_I8MM"),
  absent("USDOT (by element)", "0 Q:1 0 01111 10 L:1 M:1 rm:4 1111 H:1 0 rn:5 rd:5", "FEAT_I8MM"),
  absent("BFDOT (by element)", "0 Q:1 0 01111 01 L:1 M:1 rm:4 1111 H:1 0 rn:5 rd:5", "FEAT_BF16"),
  absent("BFMLALB, BFMLALT (by element)", "0 Q:1 0 01111 11 L:1 M:1 rm:4 1111 H:1 0 rn:5 rd:5", "FEAT_BF16"),
  absent("FCMLA (by element)", "0 Q:1 1 01111 size:2 L:1 M:1 rm:4 0 rot:2 1 H:1 0 rn:5 rd:5", "FEAT_FCMA"),
  absent({ name: "FMLAL, FMLAL2 (by element)", encoding: "FMLAL" }, "0 Q:1 0 01111 10 L:1 M:1 rm:4 0000 H:1 0 rn:5 rd:5", "FEAT_FHM"),
  absent({ name: "FMLAL, FMLAL2 (by element)", encoding: "FMLAL2" }, "0 Q:1 1 01111 10 L:1 M:1 rm:4 1000 H:1 0 rn:5 rd:5", "FEAT_FHM"),
  absent({ name: "FMLSL, FMLSL2 (by element)", encoding: "FMLSL" }, "0 Q:1 0 01111 10 L:1 M:1 rm:4 0100 H:1 0 rn:5 rd:5", "FEAT_FHM"),
  absent({ name: "FMLSL, FMLSL2 (by element)", encoding: "FMLSL2" }, "0 Q:1 1 01111 10 L:1 M:1 rm:4 1100 H:1 0 rn:5 rd:5", "FEAT_FHM"),
];
