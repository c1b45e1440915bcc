// The run loop's rules for a span (the instructions between two passes of its outer loop:
// from a span start up to a taken branch, an Op that asks for a re-check, the page end or the
// budget), restated for compiled code so that it stops exactly where the interpreter would.
import type { Op } from "../decode-pattern.ts";
import type { TsCpu } from "../cpu.ts";
import { EXCEPTION_TAKEN } from "../exception-taken.ts";
import type { RamPage } from "../../mmu/physical-memory.ts";
import { SOFT_TLB_MASK } from "../soft-tlb.ts";
import { INSNS_PER_PAGE } from "./jit-page.ts";
import { TWO32 } from "../../arch/numbers.ts";

const PSTATE_IL = 1 << 20;

/** The inner loop's limit for a span starting at `start` with `icount` retired (run()'s
 *  formula: the page end, or the budget to the run's end or the timer deadline, at least 1). */
export function spanLimit(c: TsCpu, start: number, icount: number, end: number): number {
  const budget = Math.min(end, c.timerDeadline) - icount;
  return budget < INSNS_PER_PAGE - start ? start + Math.max(budget, 1) : INSNS_PER_PAGE;
}

/** Whether the run loop, coming round at `icount` to a span at index `start` of `page` mapped
 *  at `base`, would run the next `length` instructions without doing anything else first:
 *  no stop, timer, budget end, interrupt, illegal state, debugger, changed mapping. */
export function spanRunsOn(c: TsCpu, page: RamPage, base: number, start: number, length: number, icount: number, end: number): boolean {
  if (c.exit !== null || c.stopRequested || c.traps !== null) return false;
  if (icount >= c.timerDeadline || icount >= end) return false;
  if ((c.irqLine && (c.daif & 2) === 0) || (c.fiqLine && (c.daif & 1) === 0)) return false;
  if ((c.pstateOther & PSTATE_IL) !== 0) return false;
  const t = c.xt;
  const i = (base >>> 12) & SOFT_TLB_MASK;
  if (t.tagLo[i] !== base || t.tagHi[i] !== (c.pcHi | 0) || t.pages[i] !== page) return false;
  return spanLimit(c, start, icount, end) >= start + length;
}

/** Interpret from `idx` to `limit` exactly as run()'s inner loop does (decoding afresh where
 *  the decode cache was dropped); returns the instructions retired, the PC set past them.
 *  An exception counts the faulting instruction, as in run(). */
export function interpretSpan(c: TsCpu, page: RamPage, base: number, idx: number, limit: number): number {
  const from = idx;
  const code = (page.code ?? page.decodeCache()) as (Op | undefined)[];
  const view = page.view;
  try {
    for (;;) {
      if (idx >= limit) {
        const next = base + (idx << 2);
        if (next >= TWO32) {
          c.pcLo = next - TWO32;
          c.pcHi = (c.pcHi + 1) >>> 0;
        } else c.pcLo = next;
        break;
      }
      let op = code[idx];
      if (op === undefined) op = code[idx] = c.decoder.decode(view.getUint32(idx << 2, true));
      c.pcLo = base + (idx << 2);
      idx++;
      if (op(c) === true) break;
    }
  } catch (e) {
    if (e !== EXCEPTION_TAKEN) throw e;
  }
  return idx - from;
}
