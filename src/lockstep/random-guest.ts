// Random A64 guests for differential testing of the two backends: registers and V registers
// seeded with random values (a third of them pointing into a scratch buffer), then random
// instruction words; a synchronous exception skips the instruction (the vector handler
// returns to ELR+4), so one bad word does not end the run. Used by tools/fuzz-lockstep.ts
// and by the lockstep tests.
import type { Divergence } from "./lockstep.ts";

const BASE = 0x4010_0000;
const VECTORS = BASE + 0x800;
const STREAM = BASE + 0x1000;
const SCRATCH = BASE + 0x8_0000; // 256 KiB the random loads and stores may use

/** A small deterministic PRNG (xorshift32), so a seed names an image. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

const movz = (rd: number, imm: number, hw: number) => (0xd2800000 | (hw << 21) | ((imm & 0xffff) << 5) | rd) >>> 0;
const movk = (rd: number, imm: number, hw: number) => (0xf2800000 | (hw << 21) | ((imm & 0xffff) << 5) | rd) >>> 0;

function loadImm(rd: number, lo: number, hi: number): number[] {
  return [movz(rd, lo, 0), movk(rd, lo >>> 16, 1), movk(rd, hi, 2), movk(rd, hi >>> 16, 3)];
}

/** Words that would leave the experiment (system registers, exceptions, indirect branches)
 *  are replaced; direct branches are kept short and forward. */
function randomInstruction(next: () => number): number {
  for (;;) {
    const w = next();
    if ((w & 0xffc00000) >>> 0 === 0xd5000000) continue; // system: MSR/MRS/SYS/hints/barriers
    if ((w & 0xff000000) >>> 0 === 0xd4000000) continue; // SVC/HVC/SMC/BRK/HLT/DCPS
    if ((w & 0xfe000000) >>> 0 === 0xd6000000) continue; // BR/BLR/RET/ERET
    if ((w & 0x7c000000) >>> 0 === 0x14000000) return (0x14000000 | (1 + (next() % 4))) >>> 0; // B/BL: short forward
    if ((w & 0xff000010) >>> 0 === 0x54000000) return ((w & 0xff00001f) | ((1 + (next() % 4)) << 5)) >>> 0; // B.cond
    if ((w & 0x7e000000) >>> 0 === 0x34000000) return ((w & 0xff00001f) | ((1 + (next() % 4)) << 5)) >>> 0; // CBZ/CBNZ
    if ((w & 0x7e000000) >>> 0 === 0x36000000) return ((w & 0xfff8001f) | ((1 + (next() % 4)) << 5)) >>> 0; // TBZ/TBNZ
    return w >>> 0;
  }
}

export function randomGuest(seed: number, length: number): Uint8Array {
  const next = rng(seed);
  const words: number[] = [];
  // Vectors, FP on, then every V and X register (and SP) seeded.
  words.push(...loadImm(0, VECTORS, 0), 0xd518c000 /* msr vbar_el1, x0 */);
  words.push(movz(0, 0x30, 1) /* x0 = 3 << 20 */, 0xd5181040 /* msr cpacr_el1, x0 */, 0xd5033fdf /* isb */);
  for (let v = 0; v < 32; v++) {
    words.push(...loadImm(0, next(), next()), (0x4e080c00 | v) >>> 0 /* dup vN.2d, x0 */);
    words.push(...loadImm(0, next(), next()), (0x4e181c00 | v) >>> 0 /* ins vN.d[1], x0 */);
  }
  words.push(...loadImm(0, SCRATCH + 0x2_0000, 0), 0x9100001f /* mov sp, x0 */);
  for (let x = 0; x <= 30; x++) {
    const pointer = next() % 3 === 0; // a third of the registers point into the scratch buffer
    words.push(...loadImm(x, pointer ? SCRATCH + (next() % 0x4_0000) : next(), pointer ? 0 : next()));
  }
  const image = new Uint32Array((STREAM - BASE) / 4 + length + 8);
  image.set(words);
  for (let i = 0; i < words.length; i++) if (i * 4 >= 0x800) throw new Error("prologue overlaps the vectors");
  // The prologue falls through to the stream.
  image[words.length] = (0x14000000 | ((STREAM - BASE) / 4 - words.length)) >>> 0; // b STREAM
  // Every vector: skip the instruction that trapped (TPIDR_EL1 is the scratch register).
  const handler = [0xd518d080, 0xd5384020, 0x91001000, 0xd5184020, 0xd538d080, 0xd69f03e0];
  for (let v = 0; v < 16; v++) image.set(handler, (VECTORS - BASE + v * 0x80) / 4);
  for (let i = 0; i < length; i++) image[(STREAM - BASE) / 4 + i] = randomInstruction(next);
  // Then power off: x0 = PSCI SYSTEM_OFF; hvc #0.
  image.set([movz(0, 8, 0), movk(0, 0x8400, 1), 0xd4000002, 0x14000000], (STREAM - BASE) / 4 + length);
  return new Uint8Array(image.buffer);
}

/** Differences where Unicorn 2.0.1 (QEMU 5.0) departs from the ARM ARM, not ts core bugs. */
export const KNOWN_UNICORN_DEVIATIONS: { why: string; matches(word: number, tsEsr: bigint): boolean }[] = [
  {
    why: "Unicorn does not alignment-check LDAR/STLR, nor a failing store-exclusive (ARMv8.0 AArch64.CheckAlignment and ExclusiveMonitorsPass require it)",
    matches: (w, esr) => (w & 0x3f000000) >>> 0 === 0x08000000 && (esr & 0x3fn) === 0x21n,
  },
  {
    why: "Unicorn's Cortex-A57 has the Crypto extension (AES, SHA, PMULL.1Q), which the board does not advertise (ID_AA64ISAR0_EL1.AES = 0): UNDEFINED on ts",
    matches: (w, esr) =>
      esr >> 26n === 0n &&
      (((w & 0xbf20fc00) >>> 0 === 0x0e20e000 && ((w >>> 22) & 3) === 3) || // PMULL{2} .1Q
        (w & 0xff3e0c00) >>> 0 === 0x4e280800 || // AES
        (w & 0xff208c00) >>> 0 === 0x5e000000 ||
        (w & 0xff3e0c00) >>> 0 === 0x5e280800), // SHA
  },
  {
    why: "Unicorn 2.0.1's LDSMAX/LDSMIN (and STSMAX/STSMIN) on bytes, halfwords and words compare the memory operand zero-extended (QEMU 7.2 sign-extends it, as the ARM ARM's signed maximum and minimum do)",
    matches: (w) => (w & 0x3f20ec00) >>> 0 === 0x38204000 && w >>> 30 !== 3,
  },
];

/** The known Unicorn deviation that explains a divergence, if any. */
export function knownUnicornDeviation(d: Divergence): string | null {
  if (d.word === null) return null;
  const esr = d.ts.sys.get("ESR_EL1") ?? 0n;
  return KNOWN_UNICORN_DEVIATIONS.find((k) => k.matches(d.word!, esr))?.why ?? null;
}
