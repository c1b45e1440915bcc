// Floating-point conditional select: FCSEL.
import { insn, notImplemented, type FieldsOf, type InsnEntry, type Op } from "../decode-pattern.ts";
import { condition } from "./condition.ts";
import { setBits } from "./fp-scalar.ts";
import { HALF_PRECISION_ABSENT } from "./fp-half-precision.ts";

function condSelect(f: FieldsOf<"ftype:1 rm:5 cond:4 rn:5 rd:5">): Op {
  const holds = condition(f.cond);
  const { rn, rm, rd } = f;
  const two = f.ftype === 1;
  return (c) => {
    const s = holds(c) ? rn : rm;
    setBits(c, rd, c.vreg[s * 4], two ? c.vreg[s * 4 + 1] : 0);
  };
}

export const INSNS: InsnEntry[] = [
  insn("FCSEL", "000 11110 0 ftype:1 1 rm:5 cond:4 11 rn:5 rd:5", { readsFlags: true }, (f) => condSelect(f)),
  notImplemented(
    { name: "FCSEL", encoding: "Half-precision" },
    "000 11110 11 1 rm:5 cond:4 11 rn:5 rd:5",
    { feature: "FEAT_FP16", readsFlags: true },
    HALF_PRECISION_ABSENT,
  ),
];
