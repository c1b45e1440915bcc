// Floating-point data-processing (3 source): the fused multiply-adds
// FMADD, FMSUB, FNMADD, FNMSUB; o1:o0 select the instruction, ftype the precision. The
// semantics are fp-scalar.ts fusedMultiplyAdd() (one rounding).
import { insn, notImplemented, type InsnEntry } from "../decode-pattern.ts";
import { fusedMultiplyAdd } from "./fp-scalar.ts";
import { HALF_PRECISION_ABSENT } from "./fp-half-precision.ts";

export const INSNS: InsnEntry[] = [
  insn("FMADD", "000 11111 0 ftype:1 0 rm:5 0 ra:5 rn:5 rd:5", {}, (f) => fusedMultiplyAdd({ ...f, o1: 0, o0: 0 })),
  insn("FMSUB", "000 11111 0 ftype:1 0 rm:5 1 ra:5 rn:5 rd:5", {}, (f) => fusedMultiplyAdd({ ...f, o1: 0, o0: 1 })),
  insn("FNMADD", "000 11111 0 ftype:1 1 rm:5 0 ra:5 rn:5 rd:5", {}, (f) => fusedMultiplyAdd({ ...f, o1: 1, o0: 0 })),
  insn("FNMSUB", "000 11111 0 ftype:1 1 rm:5 1 ra:5 rn:5 rd:5", {}, (f) => fusedMultiplyAdd({ ...f, o1: 1, o0: 1 })),
  notImplemented(
    { name: "FP data-processing (3 source)", encoding: "Half-precision" },
    "000 11111 11 o1:1 rm:5 o0:1 ra:5 rn:5 rd:5",
    { feature: "FEAT_FP16" },
    HALF_PRECISION_ABSENT,
  ),
];
