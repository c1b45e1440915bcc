// Advanced SIMD scalar shift by immediate (ARM ARM "Advanced SIMD scalar shift by
// immediate"): the shifts of simd-shift-by-immediate.ts on one element (the plain shifts
// 64-bit only; no SHRN/RSHRN/SSHLL/USHLL here), and the scalar fixed-point conversions.
import { insn, type InsnEntry } from "../decode-pattern.ts";
import { FIXED_POINT_DECLINES, fixedPoint, shiftElements, type ShiftFields } from "./simd-shift-by-immediate.ts";

/** The vector builders' fields for a scalar word (Q is not part of the encoding). */
const s = (f: Omit<ShiftFields, "Q">): ShiftFields => ({ Q: 0, immh: f.immh, immb: f.immb, rn: f.rn, rd: f.rd });

const FIXED = "Scalar single-precision and double-precision";

export const INSNS: InsnEntry[] = [
  insn({ name: "SSHR", encoding: "Scalar" }, "01 0 111110 immh:4 immb:3 00000 1 rn:5 rd:5", {}, (f) => shiftElements(s(f), 0, 0b00000, true)),
  insn({ name: "USHR", encoding: "Scalar" }, "01 1 111110 immh:4 immb:3 00000 1 rn:5 rd:5", {}, (f) => shiftElements(s(f), 1, 0b00000, true)),
  insn({ name: "SSRA", encoding: "Scalar" }, "01 0 111110 immh:4 immb:3 00010 1 rn:5 rd:5", {}, (f) => shiftElements(s(f), 0, 0b00010, true)),
  insn({ name: "USRA", encoding: "Scalar" }, "01 1 111110 immh:4 immb:3 00010 1 rn:5 rd:5", {}, (f) => shiftElements(s(f), 1, 0b00010, true)),
  insn({ name: "SRSHR", encoding: "Scalar" }, "01 0 111110 immh:4 immb:3 00100 1 rn:5 rd:5", {}, (f) => shiftElements(s(f), 0, 0b00100, true)),
  insn({ name: "URSHR", encoding: "Scalar" }, "01 1 111110 immh:4 immb:3 00100 1 rn:5 rd:5", {}, (f) => shiftElements(s(f), 1, 0b00100, true)),
  insn({ name: "SRSRA", encoding: "Scalar" }, "01 0 111110 immh:4 immb:3 00110 1 rn:5 rd:5", {}, (f) => shiftElements(s(f), 0, 0b00110, true)),
  insn({ name: "URSRA", encoding: "Scalar" }, "01 1 111110 immh:4 immb:3 00110 1 rn:5 rd:5", {}, (f) => shiftElements(s(f), 1, 0b00110, true)),
  insn({ name: "SRI", encoding: "Scalar" }, "01 1 111110 immh:4 immb:3 01000 1 rn:5 rd:5", {}, (f) => shiftElements(s(f), 1, 0b01000, true)),
  insn({ name: "SHL", encoding: "Scalar" }, "01 0 111110 immh:4 immb:3 01010 1 rn:5 rd:5", {}, (f) => shiftElements(s(f), 0, 0b01010, true)),
  insn({ name: "SLI", encoding: "Scalar" }, "01 1 111110 immh:4 immb:3 01010 1 rn:5 rd:5", {}, (f) => shiftElements(s(f), 1, 0b01010, true)),
  insn({ name: "SQSHLU", encoding: "Scalar" }, "01 1 111110 immh:4 immb:3 01100 1 rn:5 rd:5", {}, (f) => shiftElements(s(f), 1, 0b01100, true)),
  insn({ name: "SQSHL (immediate)", encoding: "Scalar" }, "01 0 111110 immh:4 immb:3 01110 1 rn:5 rd:5", {}, (f) => shiftElements(s(f), 0, 0b01110, true)),
  insn({ name: "UQSHL (immediate)", encoding: "Scalar" }, "01 1 111110 immh:4 immb:3 01110 1 rn:5 rd:5", {}, (f) => shiftElements(s(f), 1, 0b01110, true)),
  insn({ name: "SQSHRUN", encoding: "Scalar" }, "01 1 111110 immh:4 immb:3 10000 1 rn:5 rd:5", {}, (f) => shiftElements(s(f), 1, 0b10000, true)),
  insn({ name: "SQRSHRUN", encoding: "Scalar" }, "01 1 111110 immh:4 immb:3 10001 1 rn:5 rd:5", {}, (f) => shiftElements(s(f), 1, 0b10001, true)),
  insn({ name: "SQSHRN", encoding: "Scalar" }, "01 0 111110 immh:4 immb:3 10010 1 rn:5 rd:5", {}, (f) => shiftElements(s(f), 0, 0b10010, true)),
  insn({ name: "UQSHRN", encoding: "Scalar" }, "01 1 111110 immh:4 immb:3 10010 1 rn:5 rd:5", {}, (f) => shiftElements(s(f), 1, 0b10010, true)),
  insn({ name: "SQRSHRN", encoding: "Scalar" }, "01 0 111110 immh:4 immb:3 10011 1 rn:5 rd:5", {}, (f) => shiftElements(s(f), 0, 0b10011, true)),
  insn({ name: "UQRSHRN", encoding: "Scalar" }, "01 1 111110 immh:4 immb:3 10011 1 rn:5 rd:5", {}, (f) => shiftElements(s(f), 1, 0b10011, true)),
  insn({ name: "SCVTF (vector, fixed-point)", encoding: FIXED }, "01 0 111110 immh:4 immb:3 11100 1 rn:5 rd:5", { declines: FIXED_POINT_DECLINES }, (f) =>
    fixedPoint(s(f), false, true, true),
  ),
  insn({ name: "UCVTF (vector, fixed-point)", encoding: FIXED }, "01 1 111110 immh:4 immb:3 11100 1 rn:5 rd:5", { declines: FIXED_POINT_DECLINES }, (f) =>
    fixedPoint(s(f), true, true, true),
  ),
  insn({ name: "FCVTZS (vector, fixed-point)", encoding: FIXED }, "01 0 111110 immh:4 immb:3 11111 1 rn:5 rd:5", { declines: FIXED_POINT_DECLINES }, (f) =>
    fixedPoint(s(f), false, false, true),
  ),
  insn({ name: "FCVTZU (vector, fixed-point)", encoding: FIXED }, "01 1 111110 immh:4 immb:3 11111 1 rn:5 rd:5", { declines: FIXED_POINT_DECLINES }, (f) =>
    fixedPoint(s(f), true, false, true),
  ),
];
