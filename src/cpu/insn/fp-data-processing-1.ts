// Floating-point data-processing (1 source): FMOV (register), FABS, FNEG,
// FSQRT, FCVT between single and double, and the FRINT roundings; opcode selects the
// instruction, ftype the precision. The semantics are fp-scalar.ts oneSource().
import { insn, notImplemented, overlapGroup, type InsnEntry, type OverlapGroup } from "../decode-pattern.ts";
import { oneSource } from "./fp-scalar.ts";
import { HALF_PRECISION_ABSENT } from "./fp-half-precision.ts";

const FCVT = insn(
  "FCVT",
  "000 11110 ftype:2 1 0001 opc:2 10000 rn:5 rd:5",
  {
    declines:
      "conversions from or to half precision (ftype or opc 0b11): ARMv8.0 instructions the core does not model (it has no half-precision support), so they are UNDEFINED here unlike on a Cortex-A57",
  },
  (f) => (f.ftype > 1 || f.opc > 1 ? null : oneSource({ ftype: f.ftype, rn: f.rn, rd: f.rd, opcode: 4 + f.opc })),
);
const BFCVT = notImplemented(
  "BFCVT",
  "000 11110 01 1 000110 10000 rn:5 rd:5",
  { feature: "FEAT_BF16" },
  "FEAT_BF16 (ARMv8.6) is absent on the Cortex-A57 the core models: UNDEFINED there too",
);

export const INSNS: InsnEntry[] = [
  insn("FMOV (register)", "000 11110 0 ftype:1 1 000000 10000 rn:5 rd:5", {}, (f) => oneSource({ ...f, opcode: 0 })),
  insn("FABS (scalar)", "000 11110 0 ftype:1 1 000001 10000 rn:5 rd:5", {}, (f) => oneSource({ ...f, opcode: 1 })),
  insn("FNEG (scalar)", "000 11110 0 ftype:1 1 000010 10000 rn:5 rd:5", {}, (f) => oneSource({ ...f, opcode: 2 })),
  insn("FSQRT (scalar)", "000 11110 0 ftype:1 1 000011 10000 rn:5 rd:5", {}, (f) => oneSource({ ...f, opcode: 3 })),
  FCVT,
  insn("FRINTN (scalar)", "000 11110 0 ftype:1 1 001000 10000 rn:5 rd:5", {}, (f) => oneSource({ ...f, opcode: 8 })),
  insn("FRINTP (scalar)", "000 11110 0 ftype:1 1 001001 10000 rn:5 rd:5", {}, (f) => oneSource({ ...f, opcode: 9 })),
  insn("FRINTM (scalar)", "000 11110 0 ftype:1 1 001010 10000 rn:5 rd:5", {}, (f) => oneSource({ ...f, opcode: 10 })),
  insn("FRINTZ (scalar)", "000 11110 0 ftype:1 1 001011 10000 rn:5 rd:5", {}, (f) => oneSource({ ...f, opcode: 11 })),
  insn("FRINTA (scalar)", "000 11110 0 ftype:1 1 001100 10000 rn:5 rd:5", {}, (f) => oneSource({ ...f, opcode: 12 })),
  insn("FRINTX (scalar)", "000 11110 0 ftype:1 1 001110 10000 rn:5 rd:5", {}, (f) => oneSource({ ...f, opcode: 14 })),
  insn("FRINTI (scalar)", "000 11110 0 ftype:1 1 001111 10000 rn:5 rd:5", {}, (f) => oneSource({ ...f, opcode: 15 })),
  notImplemented(
    { name: "FMOV, FABS, FNEG, FSQRT (scalar)", encoding: "Half-precision" },
    "000 11110 11 1 0000 xx 10000 rn:5 rd:5",
    { feature: "FEAT_FP16" },
    HALF_PRECISION_ABSENT,
  ),
  notImplemented(
    { name: "FRINT<mode> (scalar)", encoding: "Half-precision" },
    "000 11110 11 1 001 xxx 10000 rn:5 rd:5",
    { feature: "FEAT_FP16" },
    HALF_PRECISION_ABSENT,
  ),
  notImplemented(
    "FRINT32Z (scalar)",
    "000 11110 0 ftype:1 1 010000 10000 rn:5 rd:5",
    { feature: "FEAT_FRINTTS" },
    "FEAT_FRINTTS (ARMv8.5) is absent on the Cortex-A57 the core models: UNDEFINED there too",
  ),
  notImplemented(
    "FRINT32X (scalar)",
    "000 11110 0 ftype:1 1 010001 10000 rn:5 rd:5",
    { feature: "FEAT_FRINTTS" },
    "FEAT_FRINTTS (ARMv8.5) is absent on the Cortex-A57 the core models: UNDEFINED there too",
  ),
  notImplemented(
    "FRINT64Z (scalar)",
    "000 11110 0 ftype:1 1 010010 10000 rn:5 rd:5",
    { feature: "FEAT_FRINTTS" },
    "FEAT_FRINTTS (ARMv8.5) is absent on the Cortex-A57 the core models: UNDEFINED there too",
  ),
  notImplemented(
    "FRINT64X (scalar)",
    "000 11110 0 ftype:1 1 010011 10000 rn:5 rd:5",
    { feature: "FEAT_FRINTTS" },
    "FEAT_FRINTTS (ARMv8.5) is absent on the Cortex-A57 the core models: UNDEFINED there too",
  ),
  BFCVT,
];

export const OVERLAPS: OverlapGroup[] = [overlapGroup("BFCVT takes the encoding of FCVT with ftype 0b01 and the reserved opc 0b10", BFCVT, FCVT)];
