// Which load/store encodings give a data abort a valid instruction syndrome (ISV=1), ARM ARM
// D17.2.37: a single general-purpose register, with or without acquire/release semantics,
// not exclusive and without writeback. The ts core computes the syndrome as it decodes;
// the Unicorn backend, which completes device accesses inside Unicorn, uses this table to
// refuse the ones a hypervisor cannot emulate, as Avisor does on the ts core.

/** [mask, value] of the encodings whose syndrome is valid. */
const VALID_ISS: readonly [number, number][] = [
  [0x3f000000, 0x39000000], // LDR/STR (unsigned immediate), general registers
  [0x3f200c00, 0x38000000], // LDUR/STUR (unscaled immediate)
  [0x3f200c00, 0x38000800], // LDTR/STTR (unprivileged)
  [0x3f200c00, 0x38200800], // LDR/STR (register offset)
  [0x3f000000, 0x18000000], // LDR (literal), general registers
  [0x3fa00000, 0x08800000], // LDAR/STLR (load-acquire/store-release, not exclusive)
];

export function hasValidSyndrome(insn: number): boolean {
  for (const [mask, value] of VALID_ISS) if ((insn & mask) >>> 0 === value) return true;
  return false;
}
