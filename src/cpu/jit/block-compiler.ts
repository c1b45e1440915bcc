// Turns a run of instructions of one page into one JavaScript function (`new Function`).
// A block starts at a span start of the run loop and ends at its first unconditional branch,
// at the page end or at MAX_BLOCK instructions; a conditional branch leaves it when taken.
// Instructions with an emitter are written out; every other one calls the interpreter's own
// Op from the page's decode cache, so any instruction can be in a block. A branch back to the
// block's start, from anywhere in it, becomes a loop whose every turn re-checks what the run
// loop would check there (span.ts). The function returns how many instructions it retired,
// with the PC set after them; a fault counts the faulting instruction, as run() does, and its
// exception is not rethrown (run() would only have caught it).
// Chaining: where a block falls through (its end, or an Op that may end the span), the span
// goes on into the block compiled at the next instruction (Jit.next); a taken branch to
// another index of the same page sets `chain` on the Jit, whose run() enters that block as
// the run loop would; any other target, Jit.run looks up in the front TLB.
// Guest registers and NZCV live in locals while the block runs (register-cache.ts).
import type { Fields, InsnProps, Op } from "../decode-pattern.ts";
import { rZr, wZr } from "../register-file.ts";
import type { TsCpu } from "../cpu.ts";
import { EXCEPTION_TAKEN } from "../exception-taken.ts";
import type { RamPage } from "../../mmu/physical-memory.ts";
import { ALWAYS, BRANCH_EMITTERS } from "./emit-branch.ts";
import { EMITTERS } from "./emitter.ts";
import { rememberedPages, SITES_FORGET } from "./emit-memory.ts";
import { cacheRegisters, EXIT, FLAGS, RELOAD, reloadOnly, WRITE_BACK, writeBackOnly } from "./register-cache.ts";
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

/** How the block calls an instruction it does not write out: `simple` Ops (no fault, no PC,
 *  counter or block end, by the table's properties) are plain calls; the others make the PC
 *  and count exact first, may end the block, and may have overwritten code. `operands` are
 *  the register slots a simple Op reads and writes when the table says it touches no others. */
function callOp(o: string, pc: string, k: number, idx: number, simple: boolean, operands: Operands | null): string {
  // The Op works on the register file: the block's register locals go there first and are
  // read back after (register-cache.ts), before any return can store them again.
  if (simple && operands !== null) return `${writeBackOnly(operands.reads)} ${o}(c); ${reloadOnly(operands.writes)}`;
  if (simple) return `${WRITE_BACK} ${o}(c); ${RELOAD}`;
  return (
    `c.pcLo = ${pc}; at = ${k + 1}; ${SPAN} ${WRITE_BACK} ${DIRTY} if (${o}(c) === true) { ${RELOAD} return r + ${k + 1}; } ${RELOAD} ${TLB}` +
    ` if (jp.dead) return r + ${k + 1} + interp(c, page, base, ${idx + 1}, ${LIM});`
  );
}

/** What a call of an Op reads and writes: register slots, and FLAGS for NZCV. */
interface Operands {
  reads: (number | typeof FLAGS)[];
  writes: (number | typeof FLAGS)[];
}

/** The slots of the registers an entry with `gprOperands` reads (rn, rm, ra) and writes (rd),
 *  and NZCV where its properties say it reads or writes them. */
function gprOperandSlots(f: Fields, p: InsnProps): Operands {
  const reads: Operands["reads"] = [f.rn, f.rm, f.ra].filter((r) => r !== undefined).flatMap((r) => [rZr(r), rZr(r) + 1]);
  const writes: Operands["writes"] = [wZr(f.rd), wZr(f.rd) + 1];
  if (p.readsFlags) reads.push(FLAGS);
  if (p.writesFlags) writes.push(FLAGS);
  return { reads, writes };
}

// Placeholders filled in once the block is known to loop and to touch memory:
/** Where a call or fault may read the counter: the current pass's start (loops only). */
const SPAN = "/*SPAN*/";
/** The current pass's span limit. */
const LIM = "/*LIM*/";
/** After a call: the front TLB may have been switched (another EL). */
const TLB = "/*TLB*/";
/** The block's length: a pass may run all of it, so budget checks use it. */
const LEN = "/*LEN*/";
/** The last count at which a loop starts another pass: the whole pass fits the run's budget
 *  (its end or the timer deadline) and MAX_LOOP_RETIRED. */
const LAST_PASS = `Math.min(${MAX_LOOP_RETIRED}, Math.min(end, c.timerDeadline) - icount - ${LEN})`;
/** Marks the block dirty (Jit.dirty) for the run loop and for its own loop's next turn. */
const DIRTY = "dirty = J.dirty = 1;";
const TLB_LOCALS =
  "RL = c.rt.tagLo, RH = c.rt.tagHi, RV = c.rt.views, RO = c.rt.offsets, WL = c.wt.tagLo, WH = c.wt.tagHi, WP = c.wt.pages, WV = c.wt.views, WO = c.wt.offsets";

/** How the block at `start` loops, by the table: NO_LOOP, or TIGHT_LOOP when its first
 *  branch goes back to its start (a turn has no way out but that branch not taken), or
 *  LOOP_WITH_EXITS when a later one does (one of its branches, up to the first that always
 *  ends it, has `start` as relative target). Reads the words only; compiles nothing. */
export function loopShape(page: RamPage, start: number, maxBlock = MAX_BLOCK): LoopShape {
  let first = true;
  for (let k = 0; k < maxBlock && start + k < INSNS_PER_PAGE; k++) {
    const id = identify(page.view.getUint32((start + k) << 2, true));
    if (id === null) return NO_LOOP;
    if (!id.props.endsBlock) continue;
    const branch = BRANCH_EMITTERS[id.name];
    if (branch === undefined) return NO_LOOP;
    const b = branch(id.f, "0");
    if (b.target.kind === "relative" && b.target.offset === -4 * k) return first ? TIGHT_LOOP : LOOP_WITH_EXITS;
    if (b.taken === ALWAYS) return NO_LOOP;
    first = false;
  }
  return NO_LOOP;
}

export const NO_LOOP = 0;
export const TIGHT_LOOP = 1;
export const LOOP_WITH_EXITS = 2;
export type LoopShape = typeof NO_LOOP | typeof TIGHT_LOOP | typeof LOOP_WITH_EXITS;

/** Whether the block at `start` would branch back to its start (a loop). */
export function blockLoops(page: RamPage, start: number, maxBlock = MAX_BLOCK): boolean {
  return loopShape(page, start, maxBlock) !== NO_LOOP;
}

type BlockFactory = (...a: unknown[]) => BlockFn;

/** Block factories by source: the same guest code compiled again (another machine in this
 *  process, a page loaded anew) reuses V8's work, optimized code included, because closures
 *  made by one function share its feedback. Bounded; the oldest entry goes first. */
const FACTORIES = new Map<string, BlockFactory>();
const MAX_FACTORIES = 4096;

function factoryFor(source: string): BlockFactory {
  let f = FACTORIES.get(source);
  if (f === undefined) {
    if (FACTORIES.size >= MAX_FACTORIES) FACTORIES.delete(FACTORIES.keys().next().value!);
    f = new Function("ops", "TAKEN", "interp", "runsOn", "spanLimit", "J", source) as BlockFactory;
    FACTORIES.set(source, f);
    // V8 optimizes the only closure of a function for its own context and keeps that code
    // with the closure alone; once a second closure exists, optimized code goes with the
    // feedback the closures share, so the next machine's block starts optimized. Measured:
    // the second run of qsort in a process recompiled 19-22 blocks, with this 4-5.
    f([], EXCEPTION_TAKEN, interpretSpan, spanRunsOn, spanLimit, null);
  }
  return f;
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
  // Remembered pages pay in a loop that turns many times per entry; one with a way out
  // before its back branch often leaves after a turn or two (measured: the loop and qsort
  // guests ran 2-4% more host instructions with them, matmul, memcpy, sieve 15-22% fewer).
  const remember = loopShape(page, start, maxBlock) === TIGHT_LOOP;
  for (; k < maxBlock && start + k < INSNS_PER_PAGE && !ended; k++) {
    const idx = start + k;
    const word = page.view.getUint32(idx << 2, true);
    const op = (code[idx] ??= c.decoder.decode(word));
    const pc = `(base + ${idx << 2})`;
    const id = identify(word);
    const branch = id === null ? undefined : BRANCH_EMITTERS[id.name];
    if (id !== null && branch !== undefined) {
      // A conditional branch leaves the block when taken; not taken, the span (and the block)
      // goes on with the next instruction, as in the run loop.
      const b = branch(id.f, pc);
      const length = k + 1;
      let jump: string;
      if (b.target.kind === "register") {
        jump = b.target.slot < 0 ? "c.setPcParts(tHi, tLo);" : `c.setPcParts(x[${b.target.slot + 1}], x[${b.target.slot}]);`;
        jump += ` return r + ${length};`;
      } else if (b.target.offset === (start - idx) * 4) {
        // A loop: each turn re-checks what the run loop would check at the block start. Only
        // calls and slow memory paths can change more than the count (dirty), so a clean
        // turn compares the count with `lastPass`, the last count at which a whole pass (LEN)
        // still fits the budget and MAX_LOOP_RETIRED.
        loops = true;
        const leave = `{ c.pcLo = base + ${start << 2}; return r; }`;
        jump =
          `r += ${length};` +
          ` if (dirty !== 0) { dirty = J.dirty = 0; if (r > ${MAX_LOOP_RETIRED} || !runsOn(c, page, base, ${start}, ${LEN}, icount + r, end)) ${leave} lastPass = ${LAST_PASS}; }` +
          ` else if (r > lastPass) ${leave}` +
          ` rPass = r; continue;`;
      } else if ((idx << 2) + b.target.offset >= 0 && (idx << 2) + b.target.offset < 4096) {
        const target = idx + b.target.offset / 4;
        jump = `c.pcLo = base + ${target << 2}; J.chain = ${target}; return r + ${length};`; // Jit.run goes on there
      } else {
        jump =
          `{ const s = ${pc} + ${b.target.offset}; const lo = s >>> 0; c.pcHi = (c.pcHi + (s - lo) / ${TWO32}) >>> 0; c.pcLo = lo; }` +
          ` return r + ${length};`;
      }
      emitted++;
      lines.push(`{ ${b.before} if (${b.taken}) { ${jump} } }`);
      if (b.taken !== ALWAYS) continue;
      ended = true;
      lines.push(`return J.next(c, base, page, jp, ${idx + 1}, icount, end, ${LIM}, r + ${length});`);
      continue;
    }
    const emitter = id === null ? undefined : EMITTERS[id.name];
    const site = {
      pc,
      exact: `c.pcLo = ${pc}; at = ${k + 1}; ${SPAN} ${WRITE_BACK} ${DIRTY}`,
      deadCheck: `if (jp.dead) return r + ${k + 1} + interp(c, page, base, ${idx + 1}, ${LIM});`,
      cache: remember ? `S${k}` : null,
    };
    const src = emitter === undefined ? null : emitter(id!.f, site);
    if (src !== null) {
      emitted++;
      lines.push(src);
      continue;
    }
    const o = `o${ops.length}`;
    ops.push(op);
    const p = id?.props;
    const simple = p !== undefined && !p.mayFault && !p.readsPc && !p.readsCounter && !p.endsBlock;
    lines.push(callOp(o, pc, k, idx, simple, p?.gprOperands ? gprOperandSlots(id!.f, p) : null));
    if (p === undefined || p.endsBlock) {
      // An Op that may end the span and did not: the run loop would go on; so does the chain.
      ended = true;
      lines.push(`return J.next(c, base, page, jp, ${idx + 1}, icount, end, ${LIM}, r + ${k + 1});`);
    }
  }
  if (!ended) lines.push(`return J.next(c, base, page, jp, ${start + k}, icount, end, ${LIM}, r + ${k});`);
  let body = lines.join("\n    ");
  const tlb = body.includes("RV[") || body.includes("WO[");
  const { locals: siteLocals, forget } = rememberedPages(body);
  // In a loop each pass is a span of its own (the run loop would have come round): its start
  // and limit follow from the count at the pass start, computed where something needs them.
  body = body
    .replaceAll(SPAN, loops ? `c.blockPcLo = (base + ${start << 2} - 4 * rPass) >>> 0;` : "")
    .replaceAll(LIM, loops ? `spanLimit(c, ${start}, icount + rPass, end)` : "limit")
    .replaceAll(TLB, tlb ? `${TLB_LOCALS}; ${forget}` : "")
    .replaceAll(SITES_FORGET, forget)
    .replaceAll(LEN, `${k}`);
  // A block chained to from another (Jit.next) inherits that block's dirty state.
  const locals = [
    "at = 0",
    "dirty = J.dirty",
    ...(loops ? ["rPass = r", `lastPass = ${LAST_PASS.replaceAll(LEN, `${k}`)}`] : []),
    ...(tlb ? [TLB_LOCALS] : []),
    ...siteLocals,
  ];
  const cached = cacheRegisters(body);
  body = cached.body;
  locals.push(...cached.locals);
  const source =
    `const [${ops.map((_, i) => `o${i}`).join(", ")}] = ops;\n` +
    `return function block(c, base, page, jp, icount, end, limit, r) {\n` +
    `  const x = c.x; let ${locals.join(", ")};\n` +
    `  try { ${EXIT}: for (;;) {\n    ${body}\n  } } catch (e) { if (e !== TAKEN) throw e; return r + at; }\n  ${cached.epilogue}\n};`;
  const factory = factoryFor(source);
  const fn = factory(ops, EXCEPTION_TAKEN, interpretSpan, spanRunsOn, spanLimit, jit);
  return { fn, length: k, emitted, loops, source };
}
