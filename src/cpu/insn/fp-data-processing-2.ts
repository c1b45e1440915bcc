// Floating-point data-processing (2 source): FMUL, FDIV, FADD, FSUB, FMAX,
// FMIN, FMAXNM, FMINNM, FNMUL; opcode selects the instruction, ftype the precision. The
// semantics are fp-scalar.ts twoSource().
import { insn, notImplemented, type InsnEntry } from "../decode-pattern.ts";
import { twoSource } from "./fp-scalar.ts";
import { HALF_PRECISION_ABSENT } from "./fp-half-precision.ts";

export const INSNS: InsnEntry[] = [
  insn("FMUL (scalar)", "000 11110 0 ftype:1 1 rm:5 0000 10 rn:5 rd:5", {}, (f) => twoSource({ ...f, opcode: 0 })),
  insn("FDIV (scalar)", "000 11110 0 ftype:1 1 rm:5 0001 10 rn:5 rd:5", {}, (f) => twoSource({ ...f, opcode: 1 })),
  insn("FADD (scalar)", "000 11110 0 ftype:1 1 rm:5 0010 10 rn:5 rd:5", {}, (f) => twoSource({ ...f, opcode: 2 })),
  insn("FSUB (scalar)", "000 11110 0 ftype:1 1 rm:5 0011 10 rn:5 rd:5", {}, (f) => twoSource({ ...f, opcode: 3 })),
  insn("FMAX (scalar)", "000 11110 0 ftype:1 1 rm:5 0100 10 rn:5 rd:5", {}, (f) => twoSource({ ...f, opcode: 4 })),
  insn("FMIN (scalar)", "000 11110 0 ftype:1 1 rm:5 0101 10 rn:5 rd:5", {}, (f) => twoSource({ ...f, opcode: 5 })),
  insn("FMAXNM (scalar)", "000 11110 0 ftype:1 1 rm:5 0110 10 rn:5 rd:5", {}, (f) => twoSource({ ...f, opcode: 6 })),
  insn("FMINNM (scalar)", "000 11110 0 ftype:1 1 rm:5 0111 10 rn:5 rd:5", {}, (f) => twoSource({ ...f, opcode: 7 })),
  insn("FNMUL (scalar)", "000 11110 0 ftype:1 1 rm:5 1000 10 rn:5 rd:5", {}, (f) => twoSource({ ...f, opcode: 8 })),
  notImplemented(
    { name: "FP data-processing (2 source)", encoding: "Half-precision" },
    "000 11110 11 1 rm:5 opcode:4 10 rn:5 rd:5",
    { feature: "FEAT_FP16" },
    HALF_PRECISION_ABSENT,
  ),
];
