// Finds the pattern for an instruction word and builds its Op. Patterns are bucketed by
// op0 (bits 28:25, the top-level A64 encoding group) and tried in table order: the first
// match whose decode() does not return null wins. Decoding runs once per instruction
// address (the result is cached per physical page), so clarity beats speed here.
import { extractFields, matches, type Op, type Pattern } from "./decode-pattern.ts";
import { ALL_PATTERNS } from "./insn/index.ts";

export class Decoder {
  private readonly buckets: Pattern[][] = [];

  constructor(
    patterns: readonly Pattern[],
    private readonly undefinedOp: (word: number) => Op,
  ) {
    for (let op0 = 0; op0 < 16; op0++) {
      const w = op0 << 25;
      this.buckets.push(patterns.filter((p) => ((p.mask & (0xf << 25)) & w) === (p.value & (0xf << 25))));
    }
  }

  /** The pattern an instruction word matches (for disassembly, tests, tracing). */
  find(word: number): Pattern | null {
    for (const p of this.buckets[(word >>> 25) & 0xf]) {
      if (matches(p, word) && p.decode(extractFields(p, word), word) !== null) return p;
    }
    return null;
  }

  decode(word: number): Op {
    for (const p of this.buckets[(word >>> 25) & 0xf]) {
      if (!matches(p, word)) continue;
      const op = p.decode(extractFields(p, word), word);
      if (op !== null) return op;
    }
    return this.undefinedOp(word);
  }
}

let shared: Decoder | null = null;

/** The decoder over every instruction class the ts core implements. */
export function defaultDecoder(undefinedOp: (word: number) => Op): Decoder {
  return (shared ??= new Decoder(ALL_PATTERNS, undefinedOp));
}
