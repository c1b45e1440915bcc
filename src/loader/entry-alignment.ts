// One rule for every source of an entry point (--entry, a config's entry, an ELF's e_entry):
// A64 instructions are 4-byte words, so a PC that is not a multiple of 4 faults on its first
// fetch, which the guest sees as a jump to its vector table before it has one.

/** Why `entry` cannot be where a guest starts, or null. Worded to follow its source's name. */
export function entryAlignmentProblem(entry: number): string | null {
  if (entry % 4 === 0) return null;
  return `0x${entry.toString(16)} is not 4-byte aligned (A64 instructions are 4-byte words; the first fetch would fault)`;
}
