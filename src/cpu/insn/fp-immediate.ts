// Floating-point immediate: FMOV (scalar, immediate), the 8-bit immediate
// expanded as the Advanced SIMD modified immediate's FP form (simd-immediate.ts).
import { insn, notImplemented, type FieldsOf, type InsnEntry, type Op } from "../decode-pattern.ts";
import { setBits } from "./fp-scalar.ts";
import { HALF_PRECISION_ABSENT } from "./fp-half-precision.ts";
import { expandImm } from "./simd-immediate.ts";

function fmovImmediate(f: FieldsOf<"ftype:1 imm8:8 rd:5">): Op {
  const imm = expandImm(1, 0b1111, f.imm8); // the double-precision expansion …
  const d = f.rd;
  if (f.ftype === 1) {
    const lo = Number(imm! & 0xffffffffn),
      hi = Number(imm! >> 32n);
    return (c) => setBits(c, d, lo, hi);
  }
  const single = Number(expandImm(0, 0b1111, f.imm8)! & 0xffffffffn); // … or the single one
  return (c) => setBits(c, d, single, 0);
}

export const INSNS: InsnEntry[] = [
  insn("FMOV (scalar, immediate)", "000 11110 0 ftype:1 1 imm8:8 100 00000 rd:5", {}, (f) => fmovImmediate(f)),
  notImplemented(
    { name: "FMOV (scalar, immediate)", encoding: "Half-precision" },
    "000 11110 11 1 imm8:8 100 00000 rd:5",
    { feature: "FEAT_FP16" },
    HALF_PRECISION_ABSENT,
  ),
];
