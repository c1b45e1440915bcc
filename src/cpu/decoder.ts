// Finds the table entry for an instruction word and builds its Op. Entries are bucketed by
// bits 28:21 (the top-level A64 group and most class selectors). A word that matches one
// entry decodes as it; a word that matches several decodes as the first of them in their
// declared overlap group (decode-pattern.ts). A decode function returning null makes the
// word UNDEFINED. Decoding runs once per instruction address (the result is cached per
// physical page), so clarity beats speed here.
import { extractFields, matches, overlapping, type InsnEntry, type Op, type OverlapGroup } from "./decode-pattern.ts";
import { INSN_TABLE, OVERLAP_GROUPS } from "./insn/index.ts";

const BUCKET_SHIFT = 21;
const BUCKET_BITS = 0xff;

/** Two entries that overlap with no group saying which wins. */
export interface UndeclaredOverlap {
  readonly a: InsnEntry;
  readonly b: InsnEntry;
}

export class Decoder {
  private readonly buckets: InsnEntry[][] = [];
  /** For entries in an overlap group: the group's entries, most specific first. */
  private readonly groupOf = new Map<InsnEntry, readonly InsnEntry[]>();

  constructor(
    readonly table: readonly InsnEntry[],
    readonly groups: readonly OverlapGroup[],
  ) {
    for (const g of groups) for (const e of g.entries) this.groupOf.set(e, this.groupOf.has(e) ? [...this.groupOf.get(e)!, ...g.entries] : g.entries);
    for (let b = 0; b <= BUCKET_BITS; b++) {
      const w = b << BUCKET_SHIFT;
      const sel = BUCKET_BITS << BUCKET_SHIFT;
      this.buckets.push(table.filter((e) => ((w ^ e.value) & e.mask & sel) === 0));
    }
  }

  /** Overlapping pairs no group orders (the table test requires none; computed on demand,
   *  not at start-up). */
  undeclaredOverlaps(): UndeclaredOverlap[] {
    const t = this.table;
    const out: UndeclaredOverlap[] = [];
    for (let i = 0; i < t.length; i++) {
      for (let j = i + 1; j < t.length; j++) {
        if (overlapping(t[i], t[j]) && this.precedence(t[i], t[j]) === 0) out.push({ a: t[i], b: t[j] });
      }
    }
    return out;
  }

  /** -1 when a wins over b, 1 when b wins, 0 when no group orders them. */
  private precedence(a: InsnEntry, b: InsnEntry): number {
    const g = this.groupOf.get(a);
    if (g === undefined) return 0;
    const ia = g.indexOf(a);
    const ib = g.indexOf(b);
    if (ib < 0) return 0;
    return ia < ib ? -1 : 1;
  }

  /** The entries a word matches, the one it decodes as first. */
  candidates(word: number): InsnEntry[] {
    const found = this.buckets[(word >>> BUCKET_SHIFT) & BUCKET_BITS].filter((e) => matches(e, word));
    if (found.length > 1) found.sort((a, b) => this.precedence(a, b));
    return found;
  }

  /** The entry an instruction word decodes as (for traces, statistics, tests), or null
   *  when it is UNDEFINED (no entry, or a reserved field value). Entries the table marks
   *  as deliberately not implemented are returned too: see `undefinedBecause`. */
  find(word: number): InsnEntry | null {
    const e = this.candidates(word)[0];
    if (e === undefined) return null;
    if (e.undefinedBecause !== null) return e;
    return e.decode(extractFields(e, word), word) !== null ? e : null;
  }

  /** Ops already made, by word. An Op holds nothing but its word's fields, so every core
   *  (another machine in this process, a page loaded anew) can run the same one; V8's
   *  feedback at a call site (a compiled block's) then stays with the same target. */
  private readonly made = new Map<number, Op>();

  decode(word: number): Op {
    let op = this.made.get(word);
    if (op !== undefined) return op;
    const e = this.candidates(word)[0];
    op = (e === undefined ? null : e.decode(extractFields(e, word), word)) ?? UNDEFINED_OP;
    if (this.made.size >= MAX_MADE) this.made.clear();
    this.made.set(word, op);
    return op;
  }
}

/** Distinct words whose Ops the decoder keeps (a guest's whole text is a few thousand). */
const MAX_MADE = 1 << 16;

/** What an UNDEFINED word runs: the Undefined Instruction exception. */
export const UNDEFINED_OP: Op = (c) => c.undefinedInstruction();

let shared: Decoder | null = null;

/** The decoder over every instruction the ts core implements (one per process: it holds
 *  no state of any CPU). */
export function defaultDecoder(): Decoder {
  return (shared ??= new Decoder(INSN_TABLE, OVERLAP_GROUPS));
}
