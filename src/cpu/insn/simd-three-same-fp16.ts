// Advanced SIMD three same (FP16) and scalar three same FP16: the half-precision forms of the
// FP three-same instructions (FEAT_FP16), UNDEFINED on the Cortex-A57 the core models.
import { notImplemented, type InsnEntry } from "../decode-pattern.ts";
import { HALF_PRECISION_ABSENT } from "./fp-half-precision.ts";

export const INSNS: InsnEntry[] = [
  notImplemented(
    { name: "Advanced SIMD three same (FP16)", encoding: "Vector" },
    "0 Q:1 U:1 01110 a:1 10 rm:5 00 opcode:3 1 rn:5 rd:5",
    { feature: "FEAT_FP16" },
    HALF_PRECISION_ABSENT,
  ),
  notImplemented(
    { name: "Advanced SIMD three same (FP16)", encoding: "Scalar" },
    "01 U:1 11110 a:1 10 rm:5 00 opcode:3 1 rn:5 rd:5",
    { feature: "FEAT_FP16" },
    HALF_PRECISION_ABSENT,
  ),
];
