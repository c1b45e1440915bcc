// The ts core's run loop: interrupts, timers and debugger stops checked between blocks, then
// the decoded instructions of one RAM page executed in a row until one changes the PC, the
// budget or the page ends, or an exception unwinds the Op (EXCEPTION_TAKEN).
import { PAGE_MASK, type RamPage } from "../mmu/physical-memory.ts";
import { Access } from "../mmu/translation.ts";
import type { TsCpu } from "./cpu.ts";
import type { Op } from "./decode-pattern.ts";
import { EXCEPTION_TAKEN, illegalState, instructionAbort, raise, takePendingInterrupt } from "./exceptions.ts";
import { PSTATE_IL } from "./pstate.ts";
import { EC, FSC } from "../arch/syndrome.ts";
import { SOFT_TLB_MASK } from "./soft-tlb.ts";
import { checkTimers, followClock } from "./timers.ts";
import { EXIT_DEBUG_BREAKPOINT, EXIT_DEBUG_COUNT, EXIT_LIMIT, EXIT_STOPPED, type VmExit } from "./vm-exit.ts";

import { TWO32 } from "../arch/numbers.ts";
const INSNS_PER_PAGE = 1024;

/** Execute until something leaves the core (a VM exit, a timer, a debugger stop, requestStop)
 *  or `maxInsns` instructions have retired; the Cpu interface's run(). */
export function run(c: TsCpu, maxInsns: number): VmExit {
  const end = c.icount + maxInsns;
  c.exit = null;
  followClock(c);
  for (;;) {
    if (c.stopRequested) {
      c.stopRequested = false;
      return EXIT_STOPPED;
    }
    const fired = checkTimers(c);
    if (fired !== null) return fired;
    if (c.icount >= end) return EXIT_LIMIT;
    if (!takePendingInterrupt(c) && (c.pstateOther & PSTATE_IL) !== 0) illegalState(c);
    let nextBreak = -1;
    let stopAt = Infinity;
    if (c.traps !== null) {
      const t = c.traps;
      if (t.stopAtCount === c.icount) {
        t.stopAtCount = -1;
        return EXIT_DEBUG_COUNT;
      }
      if (t.stopAtCount > c.icount) stopAt = t.stopAtCount - c.icount;
      nextBreak = t.nextBreakpoint(c.pcHi, c.pcLo, (c.pcLo & PAGE_MASK) >>> 2);
      if (nextBreak === (c.pcLo & PAGE_MASK) >>> 2) {
        if (c.icount !== c.skipDebugAt) {
          c.trapStopAt = c.icount;
          return EXIT_DEBUG_BREAKPOINT;
        }
        nextBreak = t.nextBreakpoint(c.pcHi, c.pcLo, nextBreak + 1);
      }
    }

    let page: RamPage;
    try {
      page = fetchPage(c);
    } catch (e) {
      if (e !== EXCEPTION_TAKEN) throw e;
      // A fetch abort retires nothing, but counts as a step so that a guest whose
      // vectors fault too cannot spin forever inside one run().
      c.icount++;
      if (c.exit !== null) return c.exit;
      continue;
    }
    const code = (page.code ?? page.decodeCache()) as (Op | undefined)[];
    const view = page.view;
    const startIdx = (c.pcLo & PAGE_MASK) >>> 2;
    const base = c.pcLo - (startIdx << 2);
    const budget = Math.min(end, c.timerDeadline) - c.icount;
    let limit = budget < INSNS_PER_PAGE - startIdx ? startIdx + Math.max(budget, 1) : INSNS_PER_PAGE;
    if (nextBreak > startIdx && nextBreak < limit) limit = nextBreak; // stop in front of it
    if (stopAt < limit - startIdx) limit = startIdx + stopAt;
    c.blockPcLo = c.pcLo;
    let idx = startIdx;
    // ---- block compiler (src/cpu/jit): a compiled block runs this span, or returns 0 ----
    if (c.jit !== null) idx += c.jit.run(c, page, startIdx, base, limit, end);
    if (idx === startIdx)
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
    c.icount += idx - startIdx;
    c.blockPcLo = c.pcLo;
    const exit = c.exit as VmExit | null; // set by the Ops, out of tsc's sight
    if (exit !== null) {
      // The fast device path: in the state run() would return in, the hypervisor may
      // complete a stage-2 data abort itself; then go on exactly as the next run() would
      // start (clock, stop request, timers, budget, pending interrupts).
      if (c.dataAbortCompleter === null || exit.kind !== "sync" || exit.esr >>> 26 !== EC.DABT_LOWER || !c.dataAbortCompleter(exit)) return exit;
      c.exit = null;
      followClock(c);
    }
  }
}

function fetchPage(c: TsCpu): RamPage {
  const lo = c.pcLo;
  const hi = c.pcHi;
  if ((lo & 3) !== 0) raise(c, EC.PC_ALIGN, 0, hi, lo);
  const t = c.xt;
  const i = (lo >>> 12) & SOFT_TLB_MASK;
  if (t.tagLo[i] === (lo & -4096) && t.tagHi[i] === (hi | 0)) return t.pages[i]!;
  const pa = c.mmu.translate(hi, lo, Access.Exec, c.el);
  if (pa < 0) instructionAbort(c, hi, lo);
  const page = c.bus.isRam(pa) ? c.bus.ram.page(pa) : null;
  if (page === null) {
    // Executing from a device or from nothing: synchronous external abort on fetch.
    const ec = c.el === 0 ? EC.IABT_LOWER : EC.IABT_SAME;
    raise(c, ec, FSC.EXTERNAL, hi, lo);
  }
  t.fill(hi, lo, page!);
  return page!;
}
