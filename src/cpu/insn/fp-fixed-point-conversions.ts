// Conversion between floating-point and fixed-point: SCVTF/UCVTF (general register, fixed
// point with fbits = 64 − scale, to FP) and FCVTZS/FCVTZU (FP to fixed point, toward zero,
// saturating). rmode:opcode select the instruction; sf is the general register's width.
import { insn, notImplemented, type FieldsOf, type InsnEntry, type Op } from "../decode-pattern.ts";
import { rZr, wZr } from "../register-file.ts";
import { fpToInt, get, intToFp, put, type Prec } from "./fp-scalar.ts";
import { HALF_PRECISION_ABSENT } from "./fp-half-precision.ts";

type FixedFields = FieldsOf<"sf:1 ftype:1 scale:6 rn:5 rd:5">;

/** SCVTF/UCVTF (fixed-point): Xn·2^-fbits → FP. A 32-bit form needs scale ≥ 32. */
function fixedToFloat(f: FixedFields, unsigned: boolean): Op | null {
  const { sf, ftype, scale, rn, rd } = f;
  if (sf === 0 && scale < 32) return null;
  const p = ftype as Prec;
  const fbits = 64 - scale;
  const bits = sf ? 64 : 32;
  const n = rZr(rn);
  return (c) => {
    let v = (BigInt(sf ? c.x[n + 1] : 0) << 32n) | BigInt(c.x[n]);
    if (!unsigned) v = BigInt.asIntN(bits, v);
    put(c, rd, p, intToFp(c, v, p, fbits));
  };
}

/** FCVTZS/FCVTZU (fixed-point): FP·2^fbits → integer, toward zero, saturating. */
function floatToFixed(f: FixedFields, unsigned: boolean): Op | null {
  const { sf, ftype, scale, rn, rd } = f;
  if (sf === 0 && scale < 32) return null;
  const p = ftype as Prec;
  const fbits = 64 - scale;
  const bits = sf ? 64 : 32;
  const t = wZr(rd);
  return (c) => {
    const u = BigInt.asUintN(bits, fpToInt(c, get(c, rn, p) * 2 ** fbits, bits, unsigned, "Z"));
    c.x[t] = Number(u & 0xffffffffn);
    c.x[t + 1] = sf ? Number(u >> 32n) : 0;
  };
}

const SIGNED = false,
  UNSIGNED = true;

export const INSNS: InsnEntry[] = [
  insn("SCVTF (scalar, fixed-point)", "sf:1 00 11110 0 ftype:1 0 00 010 scale:6 rn:5 rd:5", {}, (f) => fixedToFloat(f, SIGNED)),
  insn("UCVTF (scalar, fixed-point)", "sf:1 00 11110 0 ftype:1 0 00 011 scale:6 rn:5 rd:5", {}, (f) => fixedToFloat(f, UNSIGNED)),
  insn("FCVTZS (scalar, fixed-point)", "sf:1 00 11110 0 ftype:1 0 11 000 scale:6 rn:5 rd:5", {}, (f) => floatToFixed(f, SIGNED)),
  insn("FCVTZU (scalar, fixed-point)", "sf:1 00 11110 0 ftype:1 0 11 001 scale:6 rn:5 rd:5", {}, (f) => floatToFixed(f, UNSIGNED)),
  notImplemented(
    { name: "FP ↔ fixed-point conversions", encoding: "Half-precision" },
    "sf:1 00 11110 11 0 rmode:2 opcode:3 scale:6 rn:5 rd:5",
    { feature: "FEAT_FP16" },
    HALF_PRECISION_ABSENT,
  ),
];
