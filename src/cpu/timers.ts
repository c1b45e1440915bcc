// Time in the ts core (DESIGN §6): the counter is the instruction count plus the ticks WFI
// skipped, the generic timers' deadlines are kept in instruction-count units so the run loop
// compares one number per block, and a core may follow an outside clock (--realtime, or
// the clock several vCPUs share).
import type { TsCpu } from "./cpu.ts";
import { COUNTER_HORIZON, atLeast64, counterMinus, ticksUntil } from "./counter-math.ts";
import { SR } from "./system-registers.ts";
import { EXIT_IDLE, EXIT_TIMER_PHYSICAL, EXIT_TIMER_VIRTUAL, type VmExit } from "./vm-exit.ts";

/** Move the counter up to the clock it follows (never back). */
export function followClock(c: TsCpu): void {
  if (c.clock === null) return;
  const behind = c.clock() - (c.icount + c.timeSkew);
  if (behind > 0) {
    c.timeSkew += behind;
    recomputeDeadline(c);
  }
}

/** CNTPCT_EL0: one tick per retired instruction plus WFI skips (DESIGN §6). Exact inside
 *  an Op: counts the instructions of the current block before this one. */
export function counter(c: TsCpu): number {
  return c.icount + ((c.pcLo - c.blockPcLo) >>> 2) + c.timeSkew;
}

/** CNTVCT_EL0 = CNTPCT_EL0 - CNTVOFF_EL2 (mod 2^64), exact, as halves in `timerCount`. */
export function virtualCount(c: TsCpu): Uint32Array {
  counterMinus(counter(c), c.sys.lo(SR.CNTVOFF_EL2), c.sys.hi(SR.CNTVOFF_EL2), c.timerCount);
  return c.timerCount;
}

function countFor(c: TsCpu, t: number): Uint32Array {
  if (t === 0) return virtualCount(c);
  counterMinus(counter(c), 0, 0, c.timerCount);
  return c.timerCount;
}

function timerCtl(c: TsCpu, t: number): number {
  return c.sys.lo(t === 0 ? SR.CNTV_CTL_EL0 : SR.CNTP_CTL_EL0);
}

/** The timer condition of the ARM ARM (D11.2.4): count >= CVAL, unsigned 64-bit, exactly. */
function conditionMet(c: TsCpu, t: number): boolean {
  const cval = t === 0 ? SR.CNTV_CVAL_EL0 : SR.CNTP_CVAL_EL0;
  const n = countFor(c, t);
  return atLeast64(n[0], n[1], c.sys.lo(cval), c.sys.hi(cval));
}

/** Counter ticks until timer t's condition holds (0: it holds now); Infinity when that
 *  lies past COUNTER_HORIZON, which the counter never reaches (CVAL = 2^64 - 1). */
function ticksToCondition(c: TsCpu, t: number): number {
  const cval = t === 0 ? SR.CNTV_CVAL_EL0 : SR.CNTP_CVAL_EL0;
  const n = countFor(c, t);
  const ahead = ticksUntil(n[0], n[1], c.sys.lo(cval), c.sys.hi(cval));
  return counter(c) + ahead > COUNTER_HORIZON ? Infinity : ahead;
}

export function timerLevel(c: TsCpu, timer: "virtual" | "physical"): boolean {
  const t = timer === "virtual" ? 0 : 1;
  return (timerCtl(c, t) & 3) === 1 && conditionMet(c, t);
}

/** CNTx_CTL.ISTATUS as the guest reads it. */
export function timerStatus(c: TsCpu, t: 0 | 1): boolean {
  return (timerCtl(c, t) & 1) === 1 && conditionMet(c, t);
}

/** Call after writing CNTV_*, CNTP_* or CNTVOFF_EL2: re-arms the edge and the deadline. */
export function timersChanged(c: TsCpu, which: 0 | 1 | -1 = -1): void {
  if (which !== 1) c.timerSignalled[0] = false;
  if (which !== 0) c.timerSignalled[1] = false;
  recomputeDeadline(c);
}

function recomputeDeadline(c: TsCpu): void {
  let d = Infinity;
  for (let t = 0; t < 2; t++) {
    if ((timerCtl(c, t) & 3) !== 1 || c.timerSignalled[t]) continue;
    // In icount units; a deadline the counter cannot reach wakes nothing.
    const at = counter(c) + ticksToCondition(c, t) - c.timeSkew;
    if (at < d) d = at;
  }
  c.timerDeadline = d;
}

/** The timer exit due at the current icount, if any (also used by the Unicorn backend). */
export function checkTimers(c: TsCpu): VmExit | null {
  if (c.icount < c.timerDeadline) return null;
  for (let t = 0; t < 2; t++) {
    if (c.timerSignalled[t] || (timerCtl(c, t) & 3) !== 1) continue;
    if (conditionMet(c, t)) {
      c.timerSignalled[t] = true;
      recomputeDeadline(c);
      return t === 0 ? EXIT_TIMER_VIRTUAL : EXIT_TIMER_PHYSICAL;
    }
  }
  recomputeDeadline(c);
  return null;
}

/** WFI/WFE not trapped to EL2: wake at once on a pending interrupt, otherwise jump virtual
 *  time to the next timer deadline; with no deadline the vCPU is idle (VM exit). */
export function waitForInterrupt(c: TsCpu): true {
  c.advancePc(4);
  if (c.irqLine || c.fiqLine) return true;
  const now = c.icount + ((c.pcLo - 4 - c.blockPcLo) >>> 2) + 1;
  c.exit = waitOutcome(c, now);
  return true;
}

/** What a WFI with nothing pending at icount `now` leads to: null (virtual time jumped to the
 *  next deadline: go on), a wait for the deadline on the followed clock, or idle (nothing armed). */
export function waitOutcome(c: TsCpu, now: number): VmExit | null {
  if (c.clock !== null && c.timerDeadline !== Infinity) return { kind: "wait", until: c.timerDeadline + c.timeSkew };
  return sleepUntilDeadline(c, now) ? null : EXIT_IDLE;
}

/** WFI with nothing pending at icount `now`: move virtual time to the next timer deadline.
 *  False when no timer is armed (nothing can wake the vCPU). */
export function sleepUntilDeadline(c: TsCpu, now: number): boolean {
  if (c.timerDeadline === Infinity) return false;
  if (c.timerDeadline > now) c.timeSkew += c.timerDeadline - now;
  recomputeDeadline(c);
  return true;
}
