// Floating-point conditional compare: FCCMP and FCCMPE compare when the
// condition holds, else set NZCV to the instruction's nzcv.
import { insn, notImplemented, type FieldsOf, type InsnEntry, type Op } from "../decode-pattern.ts";
import { condition } from "./condition.ts";
import { compare } from "./fp-scalar.ts";
import { HALF_PRECISION_ABSENT } from "./fp-half-precision.ts";

type ConditionalCompareFields = FieldsOf<"ftype:1 rm:5 cond:4 rn:5 nzcv:4">;

function conditionalCompare(f: ConditionalCompareFields, signalAll: boolean): Op | null {
  const cmp = compare({ ftype: f.ftype, rn: f.rn, rm: f.rm, opc: signalAll ? 16 : 0 });
  if (cmp === null) return null;
  const holds = condition(f.cond);
  const nzcv = f.nzcv;
  return (c) => {
    if (holds(c)) cmp(c);
    else c.nzcv = nzcv;
  };
}

const FLAGS = { readsFlags: true, writesFlags: true } as const;

export const INSNS: InsnEntry[] = [
  insn("FCCMP", "000 11110 0 ftype:1 1 rm:5 cond:4 01 rn:5 0 nzcv:4", FLAGS, (f) => conditionalCompare(f, false)),
  insn("FCCMPE", "000 11110 0 ftype:1 1 rm:5 cond:4 01 rn:5 1 nzcv:4", FLAGS, (f) => conditionalCompare(f, true)),
  notImplemented(
    { name: "FCCMP, FCCMPE", encoding: "Half-precision" },
    "000 11110 11 1 rm:5 cond:4 01 rn:5 op:1 nzcv:4",
    { feature: "FEAT_FP16", ...FLAGS },
    HALF_PRECISION_ABSENT,
  ),
];
