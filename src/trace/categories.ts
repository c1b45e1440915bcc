// What `--trace CATEGORIES` can ask for. One event may belong to several categories (a
// device access is a VM exit and an mmio event); it is written once if any of them is on.
import { InputError } from "../hyp/errors.ts";

export const TRACE_CATEGORIES = ["exits", "mmio", "hvc", "psci", "irq", "mmu", "insn", "snapshot"] as const;
export type TraceCategory = (typeof TRACE_CATEGORIES)[number];

/** Bit per category, so an event's categories test against the enabled set in one AND. */
export const CAT: Record<TraceCategory, number> = {
  exits: 1,
  mmio: 2,
  hvc: 4,
  psci: 8,
  irq: 16,
  mmu: 32,
  insn: 64,
  snapshot: 128,
};

/** `all`: every category, insn included. */
export const ALL_CATEGORIES = TRACE_CATEGORIES.reduce((m, c) => m | CAT[c], 0);

function isCategory(s: string): s is TraceCategory {
  return (TRACE_CATEGORIES as readonly string[]).includes(s);
}

/** Does `s` read as a comma list of lowercase words (what decides whether `--trace x`
 *  takes `x` as its categories, so that a misspelt one is an error, not an image name)? */
export function looksLikeCategoryList(s: string): boolean {
  return /^[a-z]+(,[a-z]+)*$/.test(s);
}

/** "exits,mmio" → their mask; unknown names are bad input. */
export function parseCategories(list: string): number {
  let mask = 0;
  for (const raw of list.split(",")) {
    const c = raw.trim();
    if (c === "all") mask |= ALL_CATEGORIES;
    else if (isCategory(c)) mask |= CAT[c];
    else throw new InputError(`--trace: unknown category '${c}' (expected a comma list of ${TRACE_CATEGORIES.join(", ")}, or all)`);
  }
  return mask;
}
