// The block compiler's entry from the run loop: counts how often each instruction index of
// a page starts a span, compiles a block once that count reaches the threshold, and runs the
// compiled block when its first pass fits the span the run loop allows.
import type { TsCpu } from "../cpu.ts";
import type { RamPage } from "../../mmu/physical-memory.ts";
import { compileBlock, MAX_BLOCK } from "./block-compiler.ts";
import { jitPageOf } from "./jit-page.ts";

/** Span starts before a block is compiled (AVISOR_JIT_THRESHOLD overrides it). */
export const DEFAULT_JIT_THRESHOLD = 64;

export interface JitStats {
  blocksCompiled: number;
  compileMs: number;
  /** Instructions retired inside compiled blocks. */
  retired: number;
}

/** The threshold from the environment (tests force 1), else the default. */
export function jitThresholdFromEnv(): number {
  const v = typeof process === "undefined" ? undefined : process.env.AVISOR_JIT_THRESHOLD;
  if (v === undefined || v === "") return DEFAULT_JIT_THRESHOLD;
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : DEFAULT_JIT_THRESHOLD;
}

export interface JitOptions {
  /** Span starts before a block is compiled (default: AVISOR_JIT_THRESHOLD, else 64). */
  threshold?: number;
  /** Most instructions in a block (default MAX_BLOCK; tests use 1 to compile each alone). */
  maxBlock?: number;
}

export class Jit {
  readonly stats: JitStats = { blocksCompiled: 0, compileMs: 0, retired: 0 };
  readonly threshold: number;
  readonly maxBlock: number;

  constructor(o: JitOptions = {}) {
    this.threshold = o.threshold ?? jitThresholdFromEnv();
    this.maxBlock = o.maxBlock ?? MAX_BLOCK;
  }

  /** Run the compiled block at index `start` of `page` (mapped at `base`) for the span that
   *  begins there with `limit` as the run loop's limit. Returns the instructions retired with
   *  the PC set after them, or 0 when there is no block to run (the run loop interprets). */
  run(c: TsCpu, page: RamPage, start: number, base: number, limit: number, end: number): number {
    if (c.traps !== null) return 0;
    const jp = jitPageOf(page.code!);
    let b = jp.blocks[start];
    if (b === undefined) {
      if (++jp.counts[start] < this.threshold) return 0;
      const t0 = performance.now();
      b = jp.blocks[start] = compileBlock(c, page, start, this.maxBlock);
      this.stats.compileMs += performance.now() - t0;
      this.stats.blocksCompiled++;
    }
    if (b === null || start + b.length > limit) return 0;
    const n = b.fn(c, base, page, jp, c.icount, end, limit);
    this.stats.retired += n;
    return n;
  }
}
