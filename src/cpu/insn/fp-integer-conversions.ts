// Conversion between floating-point and integer (ARM ARM "Conversion between floating-point
// and integer"): FMOV (general) between a general register and an S or D register, SCVTF and
// UCVTF (integer to FP, nearest even), and FCVT{N,P,M,Z,A}{S,U} (FP to integer by the
// rounding the name says, saturating, NaN → 0, with IOC/IXC). rmode:opcode select the
// instruction; sf is the general register's width, ftype the FP precision.
import { insn, notImplemented, type FieldsOf, type InsnEntry, type Op } from "../decode-pattern.ts";
import { rZr, wZr } from "../register-file.ts";
import { fpToInt, get, IXC, put, setBits, type Prec } from "./fp-scalar.ts";
import { HALF_PRECISION_ABSENT } from "./fp-half-precision.ts";

type ConversionFields = FieldsOf<"sf:1 ftype:1 rn:5 rd:5">;

/** FMOV (general), FP register to general register (same width only). */
function fmovToGeneral(f: ConversionFields): Op | null {
  const { sf, ftype, rn, rd } = f;
  if (sf !== ftype) return null;
  const t = wZr(rd);
  return (c) => {
    c.x[t] = c.vreg[rn * 4];
    c.x[t + 1] = sf ? c.vreg[rn * 4 + 1] : 0;
  };
}

/** FMOV (general), general register to FP register (same width only). */
function fmovFromGeneral(f: ConversionFields): Op | null {
  const { sf, ftype, rn, rd } = f;
  if (sf !== ftype) return null;
  const n = rZr(rn);
  return (c) => setBits(c, rd, c.x[n], sf ? c.x[n + 1] : 0);
}

/** SCVTF / UCVTF: integer → FP, rounded to nearest even. */
function intToFloat(f: ConversionFields, unsigned: boolean): Op {
  const { sf, ftype, rn, rd } = f;
  const p = ftype as Prec;
  const n = rZr(rn);
  return (c) => {
    let v: number;
    let exact = true;
    if (sf) {
      const big = (BigInt(c.x[n + 1]) << 32n) | BigInt(c.x[n]);
      const val = unsigned ? big : BigInt.asIntN(64, big);
      v = Number(val);
      exact = BigInt(v) === val;
    } else v = unsigned ? c.x[n] : c.x[n] | 0;
    if (p === 0) {
      const s = Math.fround(v);
      if (!exact || s !== v) c.fpsr |= IXC;
      return put(c, rd, 0, s);
    }
    if (!exact) c.fpsr |= IXC;
    put(c, rd, 1, v);
  };
}

/** FCVT{N,P,M,Z,A}{S,U}: FP → integer, rounded by `mode` (FRINT's letter), saturating. */
function floatToInt(f: ConversionFields, mode: string, unsigned: boolean): Op {
  const { sf, ftype, rn, rd } = f;
  const p = ftype as Prec;
  const t = wZr(rd);
  const bits = sf ? 64 : 32;
  return (c) => {
    const u = BigInt.asUintN(bits, fpToInt(c, get(c, rn, p), bits, unsigned, mode));
    c.x[t] = Number(u & 0xffffffffn);
    c.x[t + 1] = sf ? Number(u >> 32n) : 0;
  };
}

const SIGNED = false,
  UNSIGNED = true;

export const INSNS: InsnEntry[] = [
  insn("FCVTNS (scalar)", "sf:1 00 11110 0 ftype:1 1 00 000 000000 rn:5 rd:5", {}, (f) => floatToInt(f, "N", SIGNED)),
  insn("FCVTNU (scalar)", "sf:1 00 11110 0 ftype:1 1 00 001 000000 rn:5 rd:5", {}, (f) => floatToInt(f, "N", UNSIGNED)),
  insn("SCVTF (scalar, integer)", "sf:1 00 11110 0 ftype:1 1 00 010 000000 rn:5 rd:5", {}, (f) => intToFloat(f, SIGNED)),
  insn("UCVTF (scalar, integer)", "sf:1 00 11110 0 ftype:1 1 00 011 000000 rn:5 rd:5", {}, (f) => intToFloat(f, UNSIGNED)),
  insn("FCVTAS (scalar)", "sf:1 00 11110 0 ftype:1 1 00 100 000000 rn:5 rd:5", {}, (f) => floatToInt(f, "A", SIGNED)),
  insn("FCVTAU (scalar)", "sf:1 00 11110 0 ftype:1 1 00 101 000000 rn:5 rd:5", {}, (f) => floatToInt(f, "A", UNSIGNED)),
  insn({ name: "FMOV (general)", encoding: "To general" }, "sf:1 00 11110 0 ftype:1 1 00 110 000000 rn:5 rd:5", {}, (f) => fmovToGeneral(f)),
  insn({ name: "FMOV (general)", encoding: "From general" }, "sf:1 00 11110 0 ftype:1 1 00 111 000000 rn:5 rd:5", {}, (f) => fmovFromGeneral(f)),
  insn("FCVTPS (scalar)", "sf:1 00 11110 0 ftype:1 1 01 000 000000 rn:5 rd:5", {}, (f) => floatToInt(f, "P", SIGNED)),
  insn("FCVTPU (scalar)", "sf:1 00 11110 0 ftype:1 1 01 001 000000 rn:5 rd:5", {}, (f) => floatToInt(f, "P", UNSIGNED)),
  insn("FCVTMS (scalar)", "sf:1 00 11110 0 ftype:1 1 10 000 000000 rn:5 rd:5", {}, (f) => floatToInt(f, "M", SIGNED)),
  insn("FCVTMU (scalar)", "sf:1 00 11110 0 ftype:1 1 10 001 000000 rn:5 rd:5", {}, (f) => floatToInt(f, "M", UNSIGNED)),
  insn("FCVTZS (scalar, integer)", "sf:1 00 11110 0 ftype:1 1 11 000 000000 rn:5 rd:5", {}, (f) => floatToInt(f, "Z", SIGNED)),
  insn("FCVTZU (scalar, integer)", "sf:1 00 11110 0 ftype:1 1 11 001 000000 rn:5 rd:5", {}, (f) => floatToInt(f, "Z", UNSIGNED)),
  notImplemented(
    { name: "FMOV (general)", encoding: "Top half of 128 bits" },
    "1 00 11110 10 1 01 11 x 000000 rn:5 rd:5",
    {},
    "FMOV between Xn and Vd.D[1] (ARMv8.0): the core does not model it, so it is UNDEFINED here unlike on a Cortex-A57",
  ),
  notImplemented(
    "FJCVTZS",
    "0 00 11110 01 1 11 110 000000 rn:5 rd:5",
    { feature: "FEAT_JSCVT" },
    "FEAT_JSCVT (ARMv8.3) is absent on the Cortex-A57 the core models: UNDEFINED there too",
  ),
  notImplemented(
    { name: "FP ↔ integer conversions", encoding: "Half-precision" },
    "sf:1 00 11110 11 1 rmode:2 opcode:3 000000 rn:5 rd:5",
    { feature: "FEAT_FP16" },
    HALF_PRECISION_ABSENT,
  ),
];
