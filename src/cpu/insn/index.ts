// The instruction table of the ts core: one entry per instruction (or per encoding of it),
// one file per ARM ARM encoding class, and the groups that order the entries whose encodings
// overlap on purpose. Order in INSN_TABLE does not matter for decoding: an overlap that no
// group orders is an error the table test reports.
import type { InsnEntry, OverlapGroup } from "../decode-pattern.ts";
import { INSNS as ATOMICS } from "./atomics.ts";
import { INSNS as BRANCH } from "./branch.ts";
import { INSNS as DP_IMMEDIATE } from "./dp-immediate.ts";
import { INSNS as DP_REGISTER } from "./dp-register.ts";
import { INSNS as FP_COMPARE } from "./fp-compare.ts";
import { INSNS as FP_CONDITIONAL_COMPARE } from "./fp-conditional-compare.ts";
import { INSNS as FP_CONDITIONAL_SELECT } from "./fp-conditional-select.ts";
import { INSNS as FP_DATA_PROCESSING_1, OVERLAPS as FP_DATA_PROCESSING_1_OVERLAPS } from "./fp-data-processing-1.ts";
import { INSNS as FP_DATA_PROCESSING_2 } from "./fp-data-processing-2.ts";
import { INSNS as FP_DATA_PROCESSING_3 } from "./fp-data-processing-3.ts";
import { INSNS as FP_FIXED_POINT_CONVERSIONS } from "./fp-fixed-point-conversions.ts";
import { INSNS as FP_IMMEDIATE } from "./fp-immediate.ts";
import { INSNS as FP_INTEGER_CONVERSIONS } from "./fp-integer-conversions.ts";
import { INSNS as LDST_SINGLE_STRUCTURE, OVERLAPS as LDST_SINGLE_STRUCTURE_OVERLAPS } from "./ldst-single-structure.ts";
import { INSNS as LDST_STRUCTURES } from "./ldst-structures.ts";
import { INSNS as LOAD_STORE } from "./load-store.ts";
import { INSNS as SIMD_ACROSS_LANES } from "./simd-across-lanes.ts";
import { INSNS as SIMD_BY_ELEMENT } from "./simd-by-element.ts";
import { INSNS as SIMD_COPY } from "./simd-copy.ts";
import { INSNS as SIMD_CRYPTO } from "./simd-crypto.ts";
import { INSNS as SIMD_EXTRACT } from "./simd-extract.ts";
import { INSNS as SIMD_IMMEDIATE } from "./simd-immediate.ts";
import { INSNS as SIMD_PERMUTE } from "./simd-permute.ts";
import { INSNS as SIMD_SCALAR_PAIRWISE } from "./simd-scalar-pairwise.ts";
import { INSNS as SIMD_SCALAR_SHIFT_BY_IMMEDIATE } from "./simd-scalar-shift-by-immediate.ts";
import { INSNS as SIMD_SCALAR_THREE_SAME } from "./simd-scalar-three-same.ts";
import { INSNS as SIMD_SCALAR_TWO_REGISTER_MISC } from "./simd-scalar-two-register-misc.ts";
import { INSNS as SIMD_SHIFT_BY_IMMEDIATE, OVERLAPS as SIMD_SHIFT_BY_IMMEDIATE_OVERLAPS } from "./simd-shift-by-immediate.ts";
import { INSNS as SIMD_TABLE_LOOKUP } from "./simd-table-lookup.ts";
import { INSNS as SIMD_THREE_DIFFERENT } from "./simd-three-different.ts";
import { INSNS as SIMD_THREE_SAME_EXTRA } from "./simd-three-same-extra.ts";
import { INSNS as SIMD_THREE_SAME_FP16 } from "./simd-three-same-fp16.ts";
import { INSNS as SIMD_THREE_SAME } from "./simd-three-same.ts";
import { INSNS as SIMD_TWO_REGISTER_MISC } from "./simd-two-register-misc.ts";
import { INSNS as SYSTEM, OVERLAPS as SYSTEM_OVERLAPS } from "./system.ts";

export const INSN_TABLE: readonly InsnEntry[] = [
  ...ATOMICS,
  ...BRANCH,
  ...DP_IMMEDIATE,
  ...DP_REGISTER,
  ...FP_COMPARE,
  ...FP_CONDITIONAL_COMPARE,
  ...FP_CONDITIONAL_SELECT,
  ...FP_DATA_PROCESSING_1,
  ...FP_DATA_PROCESSING_2,
  ...FP_DATA_PROCESSING_3,
  ...FP_FIXED_POINT_CONVERSIONS,
  ...FP_IMMEDIATE,
  ...FP_INTEGER_CONVERSIONS,
  ...LDST_SINGLE_STRUCTURE,
  ...LDST_STRUCTURES,
  ...LOAD_STORE,
  ...SIMD_ACROSS_LANES,
  ...SIMD_BY_ELEMENT,
  ...SIMD_COPY,
  ...SIMD_CRYPTO,
  ...SIMD_EXTRACT,
  ...SIMD_IMMEDIATE,
  ...SIMD_PERMUTE,
  ...SIMD_SCALAR_PAIRWISE,
  ...SIMD_SCALAR_SHIFT_BY_IMMEDIATE,
  ...SIMD_SCALAR_THREE_SAME,
  ...SIMD_SCALAR_TWO_REGISTER_MISC,
  ...SIMD_SHIFT_BY_IMMEDIATE,
  ...SIMD_TABLE_LOOKUP,
  ...SIMD_THREE_DIFFERENT,
  ...SIMD_THREE_SAME_EXTRA,
  ...SIMD_THREE_SAME_FP16,
  ...SIMD_THREE_SAME,
  ...SIMD_TWO_REGISTER_MISC,
  ...SYSTEM,
];

export const OVERLAP_GROUPS: readonly OverlapGroup[] = [
  ...FP_DATA_PROCESSING_1_OVERLAPS,
  ...LDST_SINGLE_STRUCTURE_OVERLAPS,
  ...SIMD_SHIFT_BY_IMMEDIATE_OVERLAPS,
  ...SYSTEM_OVERLAPS,
];

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
