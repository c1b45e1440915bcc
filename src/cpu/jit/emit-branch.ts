// Emitters for the branches that end a compiled block (ARM ARM C6.2: B, BL, B.cond, CBZ,
// CBNZ, TBZ, TBNZ, BR, BLR, RET). Each gives the condition under which the branch is taken,
// code to run before the jump (the link), and where it goes; the block compiler turns that
// into a loop, an exit or a fall-through.
import { rZr, wZr } from "../register-file.ts";
import type { Identified } from "./identify.ts";
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

/** The predicate of a condition code over the core's n/z/c/v fields (ARM ARM C1.2.4). */
export function conditionExpr(cond: number): string {
  const base = ["c.z === 1", "c.c === 1", "c.n === 1", "c.v === 1", "(c.c === 1 && c.z === 0)", "c.n === c.v", "(c.n === c.v && c.z === 0)", "true"][
    cond >>> 1
  ];
  if ((cond & 1) === 0 || cond === 0b1111) return base;
  return `!(${base})`;
}

const sext = (v: number, width: number): number => (v << (32 - width)) >> (32 - width);

/** X30 = address of the next instruction; `pc` is an expression for this one's low half. */
function link(pc: string): string {
  return `{ const s = ${pc} + 4; x[${LR}] = s; x[${LR + 1}] = s >= ${TWO32} ? c.pcHi + 1 : c.pcHi; }`;
}

/** The branch `id` at address expression `pc`. */
export function emitBranch(id: Identified, pc: string): EmittedBranch {
  const f = id.f;
  switch (id.name) {
    case "B":
      return { taken: "true", before: "", target: { kind: "relative", offset: sext(f.imm26, 26) * 4 } };
    case "BL":
      return { taken: "true", before: link(pc), target: { kind: "relative", offset: sext(f.imm26, 26) * 4 } };
    case "B.cond":
      return { taken: conditionExpr(f.cond), before: "", target: { kind: "relative", offset: sext(f.imm19, 19) * 4 } };
    case "CBZ":
    case "CBNZ": {
      const t = rZr(f.rt);
      const value = f.sf ? `(x[${t}] | x[${t + 1}])` : `x[${t}]`;
      const op = id.name === "CBZ" ? "===" : "!==";
      return { taken: `${value} ${op} 0`, before: "", target: { kind: "relative", offset: sext(f.imm19, 19) * 4 } };
    }
    case "TBZ":
    case "TBNZ": {
      const t = rZr(f.rt) + (f.bit >= 32 ? 1 : 0);
      const mask = 1 << (f.bit & 31);
      const op = id.name === "TBZ" ? "===" : "!==";
      return { taken: `(x[${t}] & ${mask}) ${op} 0`, before: "", target: { kind: "relative", offset: sext(f.imm14, 14) * 4 } };
    }
    case "BR":
    case "RET":
      return { taken: "true", before: "", target: { kind: "register", slot: rZr(f.rn) } };
    case "BLR": {
      // The target is read before the link is written (BLR X30).
      const n = rZr(f.rn);
      return {
        taken: "true",
        before: `const tLo = x[${n}], tHi = x[${n + 1}]; ${link(pc)}`,
        target: { kind: "register", slot: -1 },
      };
    }
    default:
      throw new Error(`emitBranch: ${id.name} is not a branch`);
  }
}
