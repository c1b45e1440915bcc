// Turns a run of instructions of one page into one JavaScript function (`new Function`).
// A block starts at a span start of the run loop and ends at its first branch, at the page
// end or at MAX_BLOCK instructions. Instructions with an emitter are written out; every other
// one calls the interpreter's own Op from the page's decode cache, so any instruction can be
// in a block. A branch back to the block's start becomes a loop whose every turn re-checks
// what the run loop would check there (span.ts). The function returns how many instructions
// it retired, with the PC set after them; a fault counts the faulting instruction, as run()
// does, and its exception is not rethrown (run() would only have caught it).
// Chaining: where a block falls through (a branch not taken), the span goes on into the block
// compiled at the next instruction (Jit.next); a taken branch to another index of the same
// page sets `chain` on the Jit, whose run() enters that block as the run loop would.
import type { Op } from "../decode-pattern.ts";
import type { TsCpu } from "../cpu.ts";
import { EXCEPTION_TAKEN } from "../exception-taken.ts";
import type { RamPage } from "../../mmu/physical-memory.ts";
import { emitAlu } from "./emit-alu.ts";
import { emitBranch } from "./emit-branch.ts";
import { identify } from "./identify.ts";
import { INSNS_PER_PAGE, type JitPage } from "./jit-page.ts";
import { interpretSpan, spanLimit, spanRunsOn } from "./span.ts";
import type { Jit } from "./jit.ts";
import { TWO32 } from "../../arch/numbers.ts";

export const MAX_BLOCK = 128;
/** Loops leave after this many instructions so that counter reads stay exact (run() measures
 *  the block position in 32-bit PC differences). */
export const MAX_LOOP_RETIRED = 1 << 28;

/** Runs the block at its start index of `page` (mapped at `base`): `retired` instructions of
 *  the run loop's current pass already ran (from `icount`); returns the total retired. */
export type BlockFn = (c: TsCpu, base: number, page: RamPage, jp: JitPage, icount: number, end: number, limit: number, retired: number) => number;

export interface CompiledBlock {
  readonly fn: BlockFn;
  /** Instructions in one pass (the first pass must fit the run loop's limit). */
  readonly length: number;
  /** Instructions written out rather than called through their Op. */
  readonly emitted: number;
  readonly loops: boolean;
  /** The generated source (tests and --stats read it). */
  readonly source: string;
}

/** Compile the block starting at instruction index `start` of `page` (its decode cache is
 *  filled for every instruction of the block). */
export function compileBlock(jit: Jit, c: TsCpu, page: RamPage, start: number, maxBlock = MAX_BLOCK): CompiledBlock {
  const code = page.code as (Op | undefined)[];
  const ops: Op[] = [];
  const lines: string[] = [];
  let emitted = 0;
  let loops = false;
  let k = 0;
  let ended = false;
  for (; k < maxBlock && start + k < INSNS_PER_PAGE && !ended; k++) {
    const idx = start + k;
    const word = page.view.getUint32(idx << 2, true);
    const op = (code[idx] ??= c.decoder.decode(word));
    const pc = `(base + ${idx << 2})`;
    const id = identify(word);
    if (id?.endsBlock) {
      ended = true;
      const b = emitBranch(id, pc);
      const length = k + 1;
      let jump: string;
      if (b.target.kind === "register") {
        jump = b.target.slot < 0 ? "c.setPcParts(tHi, tLo);" : `c.setPcParts(x[${b.target.slot + 1}], x[${b.target.slot}]);`;
        jump += ` return r + ${length};`;
      } else if (b.target.offset === (start - idx) * 4) {
        loops = true;
        jump =
          `r += ${length};` +
          ` if (r > ${MAX_LOOP_RETIRED} || !runsOn(c, page, base, ${start}, ${length}, icount + r, end)) { c.pcLo = base + ${start << 2}; return r; }` +
          ` c.blockPcLo = (base + ${start << 2} - 4 * r) >>> 0; lim = spanLimit(c, ${start}, icount + r, end); continue;`;
      } else if ((idx << 2) + b.target.offset >= 0 && (idx << 2) + b.target.offset < 4096) {
        const target = idx + b.target.offset / 4;
        jump = `c.pcLo = base + ${target << 2}; J.chain = ${target}; return r + ${length};`;
      } else {
        jump =
          `{ const s = ${pc} + ${b.target.offset}; const lo = s >>> 0; c.pcHi = (c.pcHi + (s - lo) / ${TWO32}) >>> 0; c.pcLo = lo; }` +
          ` return r + ${length};`;
      }
      emitted++;
      lines.push(`{ ${b.before} if (${b.taken}) { ${jump} } }`);
      lines.push(`return J.next(c, base, page, jp, ${idx + 1}, icount, end, lim, r + ${length});`);
      continue;
    }
    const alu = id === null ? null : emitAlu(id, pc);
    if (alu !== null) {
      emitted++;
      lines.push(alu);
      continue;
    }
    const o = `o${ops.length}`;
    ops.push(op);
    lines.push(
      `c.pcLo = ${pc}; at = ${k + 1}; if (${o}(c) === true) return r + ${k + 1};` +
        ` if (jp.dead) return r + ${k + 1} + interp(c, page, base, ${idx + 1}, lim);`,
    );
  }
  if (!ended) lines.push(`return J.next(c, base, page, jp, ${start + k}, icount, end, lim, r + ${k});`);
  const source =
    `const [${ops.map((_, i) => `o${i}`).join(", ")}] = ops;\n` +
    `return function block(c, base, page, jp, icount, end, limit, r) {\n` +
    `  const x = c.x; let at = 0, lim = limit;\n` +
    `  try { for (;;) {\n    ${lines.join("\n    ")}\n  } } catch (e) { if (e !== TAKEN) throw e; return r + at; }\n};`;
  const factory = new Function("ops", "TAKEN", "interp", "runsOn", "spanLimit", "J", source) as (...a: unknown[]) => BlockFn;
  const fn = factory(ops, EXCEPTION_TAKEN, interpretSpan, spanRunsOn, spanLimit, jit);
  return { fn, length: k, emitted, loops, source };
}
