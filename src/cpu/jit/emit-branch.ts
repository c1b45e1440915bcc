// Emitters for the branches that end a compiled block (ARM ARM C6.2: B, BL, B.cond, CBZ,
// CBNZ, TBZ, TBNZ, BR, BLR, RET). Each gives the condition under which the branch is taken,
// code to run before the jump (the link), and where it goes; the block compiler turns that
// into a loop, an exit or a fall-through. Offsets come from the table's fields, which are
// already sign-extended and scaled to bytes.
import type { Fields } from "../decode-pattern.ts";
import { rZr, wZr } from "../register-file.ts";
import { TWO32 } from "../../arch/numbers.ts";

export type BranchTarget = { kind: "relative"; offset: number } | { kind: "register"; slot: number };

export interface EmittedBranch {
  /** JS expression over `c` and `x`: true when the branch is taken. */
  taken: string;
  /** Statements run before jumping, whether the branch is taken or not. */
  before: string;
  target: BranchTarget;
}

const LR = wZr(30);

/** The `taken` of a branch that is always taken (it always ends its block). */
export const ALWAYS = "true";

/** The predicate of a condition code over the core's n/z/c/v fields (ARM ARM C1.2.4). */
export function conditionExpr(cond: number): string {
  const base = ["c.z === 1", "c.c === 1", "c.n === 1", "c.v === 1", "(c.c === 1 && c.z === 0)", "c.n === c.v", "(c.n === c.v && c.z === 0)", ALWAYS][
    cond >>> 1
  ];
  if ((cond & 1) === 0 || cond === 0b1111) return base; // AL and NV both always
  return `!(${base})`;
}

/** X30 = address of the next instruction; `pc` is an expression for this one's low half. */
function link(pc: string): string {
  return `{ const s = ${pc} + 4; x[${LR}] = s; x[${LR + 1}] = s >= ${TWO32} ? c.pcHi + 1 : c.pcHi; }`;
}

type BranchEmitter = (f: Fields, pc: string) => EmittedBranch;

const relative = (offset: number): BranchTarget => ({ kind: "relative", offset });

function compareBranch(nonZero: boolean): BranchEmitter {
  return (f) => {
    const t = rZr(f.rt);
    const value = f.sf ? `(x[${t}] | x[${t + 1}])` : `x[${t}]`;
    return { taken: `${value} ${nonZero ? "!==" : "==="} 0`, before: "", target: relative(f.imm19) };
  };
}

function testBranch(nonZero: boolean): BranchEmitter {
  return (f) => {
    const bit = f.b5 * 32 + f.b40;
    const t = rZr(f.rt) + (bit >= 32 ? 1 : 0);
    return { taken: `(x[${t}] & ${1 << (bit & 31)}) ${nonZero ? "!==" : "==="} 0`, before: "", target: relative(f.imm14) };
  };
}

const toRegister: BranchEmitter = (f) => ({ taken: ALWAYS, before: "", target: { kind: "register", slot: rZr(f.rn) } });

/** Branch emitters by table entry id. */
export const BRANCH_EMITTERS: Readonly<Record<string, BranchEmitter>> = {
  B: (f) => ({ taken: ALWAYS, before: "", target: relative(f.imm26) }),
  BL: (f, pc) => ({ taken: ALWAYS, before: link(pc), target: relative(f.imm26) }),
  "B.cond": (f) => ({ taken: conditionExpr(f.cond), before: "", target: relative(f.imm19) }),
  CBZ: compareBranch(false),
  CBNZ: compareBranch(true),
  TBZ: testBranch(false),
  TBNZ: testBranch(true),
  BR: toRegister,
  RET: toRegister,
  // The target is read before the link is written (BLR X30).
  BLR: (f, pc) => {
    const n = rZr(f.rn);
    return { taken: ALWAYS, before: `const tLo = x[${n}], tHi = x[${n + 1}]; ${link(pc)}`, target: { kind: "register", slot: -1 } };
  },
};
