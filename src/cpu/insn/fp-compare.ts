// Floating-point compare: FCMP and FCMPE (which signals on any NaN), with a
// register or against zero (z). They write NZCV. The semantics are fp-scalar.ts compare().
import { insn, notImplemented, type InsnEntry } from "../decode-pattern.ts";
import { compare } from "./fp-scalar.ts";
import { HALF_PRECISION_ABSENT } from "./fp-half-precision.ts";

const AGAINST_ZERO = 8,
  SIGNAL_ALL = 16; // the bits of the ARM ARM's opc field

export const INSNS: InsnEntry[] = [
  insn("FCMP", "000 11110 0 ftype:1 1 rm:5 00 1000 rn:5 0 z:1 000", { writesFlags: true }, (f) => compare({ ...f, opc: f.z ? AGAINST_ZERO : 0 })),
  insn("FCMPE", "000 11110 0 ftype:1 1 rm:5 00 1000 rn:5 1 z:1 000", { writesFlags: true }, (f) =>
    compare({ ...f, opc: SIGNAL_ALL | (f.z ? AGAINST_ZERO : 0) }),
  ),
  notImplemented(
    { name: "FCMP, FCMPE", encoding: "Half-precision" },
    "000 11110 11 1 rm:5 00 1000 rn:5 xx 000",
    { feature: "FEAT_FP16", writesFlags: true },
    HALF_PRECISION_ABSENT,
  ),
];
