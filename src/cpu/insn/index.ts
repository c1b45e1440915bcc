// The instruction table of the ts core: every entry, and the groups that order the entries
// whose encodings overlap on purpose.
import type { InsnEntry, OverlapGroup } from "../decode-pattern.ts";
import { PATTERNS as ATOMICS } from "./atomics.ts";
import { PATTERNS as BRANCH } from "./branch.ts";
import { PATTERNS as DP_IMMEDIATE } from "./dp-immediate.ts";
import { PATTERNS as DP_REGISTER } from "./dp-register.ts";
import { PATTERNS as LOAD_STORE } from "./load-store.ts";
import { PATTERNS as FP_SCALAR } from "./fp-scalar.ts";
import { PATTERNS as LDST_STRUCTURES } from "./ldst-structures.ts";
import { PATTERNS as LDST_SINGLE_STRUCTURE } from "./ldst-single-structure.ts";
import { INSNS as SIMD_COPY } from "./simd-copy.ts";
import { PATTERNS as SIMD_FP } from "./simd-fp.ts";
import { PATTERNS as SIMD_FP_GENERAL } from "./simd-fp-general.ts";
import { INSNS as SIMD_SHIFT, OVERLAPS as SIMD_SHIFT_OVERLAPS } from "./simd-shift-by-immediate.ts";
import { INSNS as SIMD_SCALAR_SHIFT } from "./simd-scalar-shift-by-immediate.ts";
import { INSNS as SIMD_THREE_DIFFERENT } from "./simd-three-different.ts";
import { INSNS as SIMD_BY_ELEMENT } from "./simd-by-element.ts";
import { PATTERNS as SIMD_THREE_SAME } from "./simd-three-same.ts";
import { PATTERNS as SIMD_THREE_SAME_GENERAL } from "./simd-three-same-general.ts";
import { INSNS as SIMD_IMMEDIATE } from "./simd-immediate.ts";
import { PATTERNS as SYSTEM } from "./system.ts";
import { INSNS as SIMD_TWO_REGISTER_MISC } from "./simd-two-register-misc.ts";
import { INSNS as SIMD_SCALAR_TWO_REGISTER_MISC } from "./simd-scalar-two-register-misc.ts";
import { INSNS as SIMD_ACROSS_LANES } from "./simd-across-lanes.ts";
import { INSNS as SIMD_SCALAR_PAIRWISE } from "./simd-scalar-pairwise.ts";
import { INSNS as SIMD_PERMUTE } from "./simd-permute.ts";
import { INSNS as SIMD_EXTRACT } from "./simd-extract.ts";
import { INSNS as SIMD_TABLE_LOOKUP } from "./simd-table-lookup.ts";

export const INSN_TABLE: readonly InsnEntry[] = [
  ...DP_IMMEDIATE,
  ...DP_REGISTER,
  ...BRANCH,
  ...SYSTEM,
  ...ATOMICS,
  ...LOAD_STORE,
  ...SIMD_IMMEDIATE,
  ...SIMD_COPY,
  ...SIMD_THREE_SAME,
  ...SIMD_THREE_SAME_GENERAL,
  ...SIMD_FP,
  ...SIMD_FP_GENERAL,
  ...SIMD_SHIFT,
  ...SIMD_SCALAR_SHIFT,
  ...SIMD_THREE_DIFFERENT,
  ...SIMD_BY_ELEMENT,
  ...SIMD_TWO_REGISTER_MISC,
  ...SIMD_SCALAR_TWO_REGISTER_MISC,
  ...SIMD_ACROSS_LANES,
  ...SIMD_SCALAR_PAIRWISE,
  ...SIMD_PERMUTE,
  ...SIMD_EXTRACT,
  ...SIMD_TABLE_LOOKUP,
  ...LDST_STRUCTURES,
  ...LDST_SINGLE_STRUCTURE,
  ...FP_SCALAR,
];

export const OVERLAP_GROUPS: readonly OverlapGroup[] = [...SIMD_SHIFT_OVERLAPS];

/** The top-level A64 encoding groups the ts core claims (ARM ARM C4.1): a word in one of
 *  them decodes to an entry, or the table names why it is UNDEFINED. SVE, SME and the
 *  unallocated groups are not claimed. */
export const CLAIMED_CLASSES: readonly { name: string; mask: number; value: number }[] = [
  { name: "Data Processing -- Immediate", mask: 0x1c000000, value: 0x10000000 },
  { name: "Branches, Exception Generating and System instructions", mask: 0x1c000000, value: 0x14000000 },
  { name: "Loads and Stores", mask: 0x0a000000, value: 0x08000000 },
  { name: "Data Processing -- Register", mask: 0x0e000000, value: 0x0a000000 },
  { name: "Data Processing -- Scalar Floating-Point and Advanced SIMD", mask: 0x0e000000, value: 0x0e000000 },
];
