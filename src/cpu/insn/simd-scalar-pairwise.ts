// Advanced SIMD scalar pairwise (ARM ARM "Advanced SIMD scalar pairwise"): ADDP (scalar)
// adds the two D elements of Vn; FADDP, FMAXP, FMINP, FMAXNMP, FMINNMP (scalar) combine the
// two S or D elements through the scalar FP code. The half-precision forms are listed as not
// implemented.
import { insn, notImplemented, type InsnEntry, type Op } from "../decode-pattern.ts";
import { setBits, type Prec } from "./fp-scalar.ts";
import { commitOut, elem, put } from "./simd-elements.ts";
import { D, M, N, scalar2, stage } from "./simd-fp-lanes.ts";

/** ADDP (scalar): D = Vn.D[0] + Vn.D[1] (size must be 11). */
function addp(f: { readonly size: number; readonly rn: number; readonly rd: number }): Op | null {
  if (f.size !== 3) return null;
  const { rn, rd } = f;
  return (c) => {
    put(0, 8, elem(c, rn, 0, 8, false) + elem(c, rn, 1, 8, false));
    commitOut(c, rd, 8);
  };
}

/** An FP pair: Sd from Vn.2S (sz=0), Dd from Vn.2D (sz=1); `opcode` as fp-scalar.ts's twoSource. */
function fpPair(f: { readonly sz: number; readonly rn: number; readonly rd: number }, opcode: number): Op {
  const { sz, rn, rd } = f;
  const p = sz as Prec;
  const op = scalar2(p, opcode);
  return (c) => {
    stage(c, rn, 0, p, N);
    stage(c, rn, 1, p, M);
    op(c);
    setBits(c, rd, c.vreg[D * 4], p === 1 ? c.vreg[D * 4 + 1] : 0);
  };
}

const HALF = "the half-precision forms (FEAT_FP16) are absent on the Cortex-A57 the core models: UNDEFINED there";
const SP_DP = "Single-precision and double-precision";

export const INSNS: InsnEntry[] = [
  insn("ADDP (scalar)", "01 0 11110 size:2 11000 11011 10 rn:5 rd:5", {}, (f) => addp(f)),
  insn({ name: "FMAXNMP (scalar)", encoding: SP_DP }, "01 1 11110 0 sz:1 11000 01100 10 rn:5 rd:5", {}, (f) => fpPair(f, 6)),
  insn({ name: "FADDP (scalar)", encoding: SP_DP }, "01 1 11110 0 sz:1 11000 01101 10 rn:5 rd:5", {}, (f) => fpPair(f, 2)),
  insn({ name: "FMAXP (scalar)", encoding: SP_DP }, "01 1 11110 0 sz:1 11000 01111 10 rn:5 rd:5", {}, (f) => fpPair(f, 4)),
  insn({ name: "FMINNMP (scalar)", encoding: SP_DP }, "01 1 11110 1 sz:1 11000 01100 10 rn:5 rd:5", {}, (f) => fpPair(f, 7)),
  insn({ name: "FMINP (scalar)", encoding: SP_DP }, "01 1 11110 1 sz:1 11000 01111 10 rn:5 rd:5", {}, (f) => fpPair(f, 5)),
  notImplemented({ name: "FMAXNMP (scalar)", encoding: "Half-precision" }, "01 0 11110 00 11000 01100 10 rn:5 rd:5", { feature: "FEAT_FP16" }, HALF),
  notImplemented({ name: "FADDP (scalar)", encoding: "Half-precision" }, "01 0 11110 00 11000 01101 10 rn:5 rd:5", { feature: "FEAT_FP16" }, HALF),
  notImplemented({ name: "FMAXP (scalar)", encoding: "Half-precision" }, "01 0 11110 00 11000 01111 10 rn:5 rd:5", { feature: "FEAT_FP16" }, HALF),
  notImplemented({ name: "FMINNMP (scalar)", encoding: "Half-precision" }, "01 0 11110 10 11000 01100 10 rn:5 rd:5", { feature: "FEAT_FP16" }, HALF),
  notImplemented({ name: "FMINP (scalar)", encoding: "Half-precision" }, "01 0 11110 10 11000 01111 10 rn:5 rd:5", { feature: "FEAT_FP16" }, HALF),
];
