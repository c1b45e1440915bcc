// What the guest's code is made of, from the instruction table: the instruction words the ts
// core has decoded (its per-page decode caches, as they stand at the end of a run) counted per
// table entry. Computed only when a report asks; the hot path pays nothing for it.
import { PAGE_SIZE, type PhysicalMemory } from "../mmu/physical-memory.ts";
import { defaultDecoder } from "./decoder.ts";

const WORDS_PER_PAGE = PAGE_SIZE / 4;

export interface DecodeStatistics {
  /** Distinct decoded instruction words (addresses in the decode caches). */
  readonly words: number;
  /** Per instruction (table entry id, or "UNDEFINED"): how many of those words it is, most first. */
  readonly instructions: readonly (readonly [string, number])[];
}

export function decodeStatistics(ram: PhysicalMemory): DecodeStatistics {
  const decoder = defaultDecoder();
  const counts = new Map<string, number>();
  let words = 0;
  for (const page of ram.touchedPages()) {
    const code = page.code;
    if (code === null) continue;
    // Slot i holds the decoded Op of word i; the block compiler keeps its page state after
    // the last word, so only the page's words are read.
    for (let i = 0; i < WORDS_PER_PAGE; i++) {
      if (typeof code[i] !== "function") continue;
      words++;
      const id = decoder.find(page.view.getUint32(i << 2, true))?.id ?? "UNDEFINED";
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  const instructions = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return { words, instructions };
}

/** The table entry an instruction word is, in words: "ADD (immediate)", or UNDEFINED and why. */
export function instructionName(word: number): string {
  const e = defaultDecoder().find(word);
  if (e === null) return "UNDEFINED";
  if (e.undefinedBecause !== null) return `${e.id}: UNDEFINED (${e.props.feature ?? "ARMv8.0"})`;
  return e.id;
}
