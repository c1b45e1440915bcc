// The block compiler's entry from the run loop: counts how often each instruction index of
// a page starts a span, compiles a block once that count reaches the threshold, and runs the
// compiled block when its first pass fits the span the run loop allows.
import type { TsCpu } from "../cpu.ts";
import type { RamPage } from "../../mmu/physical-memory.ts";
import { blockLoops, compileBlock, MAX_BLOCK, MAX_LOOP_RETIRED, type CompiledBlock } from "./block-compiler.ts";
import { existingJitPage, jitPageOf, type JitPage } from "./jit-page.ts";
import { SOFT_TLB_MASK } from "../soft-tlb.ts";
import { interpretSpan, spanLimit, spanRunsOn } from "./span.ts";

/** Span starts before a block is compiled (AVISOR_JIT_THRESHOLD overrides it). */
export const DEFAULT_JIT_THRESHOLD = 64;

export interface JitStats {
  blocksCompiled: number;
  compileMs: number;
  /** Instructions retired inside compiled blocks. */
  retired: number;
}

/** A positive integer up to `max` from the environment variable `name`, else `fallback`. */
function fromEnv(name: string, max: number, fallback: number): number {
  // The core also runs in browsers (the playground), where there is no process.
  const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env;
  const v = env?.[name];
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : fallback;
}

/** The threshold from the environment (tests force 1), else the default. */
export function jitThresholdFromEnv(): number {
  return fromEnv("AVISOR_JIT_THRESHOLD", 65535, DEFAULT_JIT_THRESHOLD);
}

/** A block that does not loop is compiled at this many times the threshold (AVISOR_JIT_STRAIGHT):
 *  it costs as much to compile as a loop and repays less (its entry and exit stay). */
const STRAIGHT_FACTOR = fromEnv("AVISOR_JIT_STRAIGHT", 1024, 16);

/** `--jit auto` (the default): interpret the first this many instructions, compile after.
 *  Measured: a course Unikraft boot (10.5 M instructions to "Hello World!") runs slower with
 *  blocks compiled from the start (V8 compiles the compiler, the blocks and their tiers while
 *  they have little left to repay), while the CPU-bound bench guests (13-65 M) run 2-4x faster
 *  once compiled. */
export const AUTO_JIT_START = 12_000_000;

export interface JitOptions {
  /** Instructions the core retires, interpreting, before it compiles anything (default 0). */
  startAt?: number;
  /** Span starts before a block is compiled (default: AVISOR_JIT_THRESHOLD, else 64). */
  threshold?: number;
  /** Most instructions in a block (default MAX_BLOCK; tests use 1 to compile each alone). */
  maxBlock?: number;
}

export class Jit {
  readonly stats: JitStats = { blocksCompiled: 0, compileMs: 0, retired: 0 };
  readonly threshold: number;
  readonly maxBlock: number;
  readonly startAt: number;
  /** Span starts before a block that does not loop is compiled (the threshold when it is 1). */
  readonly straightThreshold: number;

  constructor(o: JitOptions = {}) {
    this.threshold = o.threshold ?? jitThresholdFromEnv();
    this.maxBlock = o.maxBlock ?? MAX_BLOCK;
    this.startAt = o.startAt ?? 0;
    this.straightThreshold = this.threshold === 1 ? 1 : Math.min(65535, this.threshold * STRAIGHT_FACTOR);
  }

  /** Set by a block that ended on a taken branch to another index of its page. */
  chain = -1;
  /** Set by compiled code after a call or a slow memory path: something beyond the count (an
   *  interrupt line, a timer deadline, the mapping, a stop) may have changed, so the next block
   *  boundary re-checks everything the run loop would. Clear: only the budget can run out. */
  dirty = 0;

  /** The block at `idx`, compiled once its count reaches the threshold; undefined before. */
  private blockAt(c: TsCpu, page: RamPage, jp: JitPage, idx: number): CompiledBlock | null | undefined {
    const b = jp.blocks[idx];
    if (b !== undefined) return b;
    const n = ++jp.counts[idx];
    if (n < this.threshold) return b;
    // Straight-line blocks pay for their compile and entry only when much hotter than a loop.
    if (n < this.straightThreshold) {
      if (n !== this.threshold || !blockLoops(page, idx, this.maxBlock)) return b;
      jp.counts[idx] = this.straightThreshold; // a loop: compile now
    }
    const t0 = performance.now();
    const compiled = (jp.blocks[idx] = compileBlock(this, c, page, idx, this.maxBlock));
    this.stats.compileMs += performance.now() - t0;
    this.stats.blocksCompiled++;
    return compiled;
  }

  /** Run the compiled block at index `start` of `page` (mapped at `base`) for the span that
   *  begins there with `limit` as the run loop's limit, and the blocks it chains to. Returns
   *  the instructions retired with the PC set after them, or 0 when there is no block to run
   *  (the run loop interprets). */
  run(c: TsCpu, page: RamPage, start: number, base: number, limit: number, end: number): number {
    // Small enough for V8 to inline into the run loop, which calls it for every span, also
    // while nothing is compiled yet (--jit auto's interpreted start).
    if (c.traps !== null || c.icount < this.startAt) return 0;
    return this.runCompiled(c, page, start, base, limit, end);
  }

  private runCompiled(c: TsCpu, page: RamPage, start: number, base: number, limit: number, end: number): number {
    let jp = jitPageOf(page.code!);
    let b = this.blockAt(c, page, jp, start);
    if (b == null || start + b.length > limit) return 0;
    const icount = c.icount;
    let r = 0;
    let lim = limit;
    let stopAt = Math.min(end, c.timerDeadline);
    this.dirty = 0; // the run loop has just checked everything
    for (;;) {
      this.chain = -1;
      r = b.fn(c, base, page, jp, icount, end, lim, r);
      let next = this.chain;
      if (r > MAX_LOOP_RETIRED || jp.dead) break;
      if (next < 0) {
        // The block set the PC itself (a register branch, another page, an Op or exception
        // that ended the span): go on in the block compiled there if the run loop would.
        const to = this.compiledAtPc(c);
        if (to === null || !spanRunsOn(c, to.page, to.base, to.idx, to.block.length, icount + r, end)) break;
        page = to.page;
        base = to.base;
        jp = to.jp;
        next = to.idx;
        b = to.block;
        this.dirty = 0;
        stopAt = Math.min(end, c.timerDeadline);
      } else {
        // A taken branch within the page: the run loop would come round to `next` now.
        b = jp.blocks[next];
        if (b == null) break;
        if (this.dirty !== 0) {
          this.dirty = 0;
          if (!spanRunsOn(c, page, base, next, b.length, icount + r, end)) break;
          stopAt = Math.min(end, c.timerDeadline);
        } else if (icount + r + b.length > stopAt) break;
      }
      c.blockPcLo = (base + (next << 2) - 4 * r) >>> 0;
      lim = spanLimit(c, next, icount + r, end);
    }
    this.stats.retired += r;
    return r;
  }

  private readonly found = { page: null as unknown as RamPage, base: 0, jp: null as unknown as JitPage, idx: 0, block: null as unknown as CompiledBlock };

  /** The compiled block at the PC, when its page is in the front TLB (fetchPage's hit) and a
   *  block was compiled there; null otherwise (the run loop takes over). Reuses one record. */
  private compiledAtPc(c: TsCpu): typeof this.found | null {
    if (c.exit !== null) return null;
    const lo = c.pcLo;
    if ((lo & 3) !== 0) return null;
    const t = c.xt;
    const i = (lo >>> 12) & SOFT_TLB_MASK;
    const base = lo & -4096;
    if (t.tagLo[i] !== base || t.tagHi[i] !== (c.pcHi | 0)) return null;
    const page = t.pages[i]!;
    const jp = existingJitPage(page.code);
    if (jp === undefined) return null;
    const idx = (lo & 4095) >>> 2;
    const block = jp.blocks[idx];
    if (block == null) return null;
    const f = this.found;
    f.page = page;
    f.base = base >>> 0;
    f.jp = jp;
    f.idx = idx;
    f.block = block;
    return f;
  }

  /** A block fell through to `idx` inside its span (`lim`): go on in the block compiled there,
   *  or interpret to the span's end. Returns the total retired. */
  next(c: TsCpu, base: number, page: RamPage, jp: JitPage, idx: number, icount: number, end: number, lim: number, r: number): number {
    if (idx < lim && !jp.dead) {
      const b = this.blockAt(c, page, jp, idx);
      if (b != null && idx + b.length <= lim) return b.fn(c, base, page, jp, icount, end, lim, r);
    }
    return r + interpretSpan(c, page, base, idx, lim);
  }
}
