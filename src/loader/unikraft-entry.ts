// A flat binary carries no entry point. The Avisor course reads it out of `readelf -h` of the
// matching ELF and writes it into entry.h; we find it in the binary instead, for the one kind
// of flat image the course boots: Unikraft's kvm-arm64 platform. Its `_libkvmplat_entry`
// (plat/kvm/arm/entry64.S) begins
//     ldr x25, =_dtb
//     ldr x26, =_end
//     [ldr x0, =(3 << 20); msr cpacr_el1, x0; isb]     only with CONFIG_FPSIMD
//     ldr x0, =_start_ram_addr
//     add x27, x26, #__STACK_SIZE
// In each of the course's eight images this sequence occurs exactly once. We accept only a
// single match whose `_end` literal lies at or beyond the end of the image's file bytes (the
// bss follows them), so that a look-alike elsewhere, or two, picks no entry at all.

/** An A64 instruction pattern: `(word & mask) === value`. */
interface WordPattern {
  mask: number;
  value: number;
}

/** LDR Xt, label (literal, 64-bit): opc=01 011 V=0 00 imm19 Rt. */
const ldrLiteralX = (rt: number): WordPattern => ({ mask: 0xff00_001f, value: 0x5800_0000 | rt });
/** ADD Xd, Xn, #imm{, LSL #12} (64-bit, no flags): sf=1 op=0 S=0 100010 sh imm12 Rn Rd. */
const addImmX = (rd: number, rn: number): WordPattern => ({ mask: 0xff80_03ff, value: 0x9100_0000 | (rn << 5) | rd });

const LDR_X25 = ldrLiteralX(25);
const LDR_X26 = ldrLiteralX(26);
const ADD_X27_X26 = addImmX(27, 26);
/** How far after `ldr x26` the `add x27, x26, #…` may come (the FPSIMD block is 3 words, then 1). */
const ADD_WITHIN_WORDS = 6;

/** `_end` lies past the file's bytes by the bss and the rest; more than this is not an address of ours. */
const MAX_BSS_BYTES = 0x4000_0000;

const matches = (w: number, p: WordPattern) => (w & p.mask) >>> 0 === p.value >>> 0;

/** The byte offset of the literal an LDR (literal) at `at` reads: imm19 words from the LDR. */
function literalOffset(word: number, at: number): number {
  const imm19 = (word >> 5) & 0x7_ffff;
  return at + ((imm19 << 13) >> 13) * 4;
}

/**
 * The address of Unikraft's kvm-arm64 entry in a flat image loaded at `base`, or null when the
 * image does not have exactly one.
 */
export function findUnikraftEntry(bytes: Uint8Array, base: number): number | null {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const words = Math.floor(bytes.length / 4);
  const imageEnd = base + bytes.length;
  let found: number | null = null;
  for (let i = 0; i + 1 < words; i++) {
    const w0 = dv.getUint32(i * 4, true);
    if (!matches(w0, LDR_X25)) continue;
    const w1 = dv.getUint32(i * 4 + 4, true);
    if (!matches(w1, LDR_X26)) continue;
    let derivesStack = false;
    for (let k = 2; k < 2 + ADD_WITHIN_WORDS && i + k < words; k++) {
      if (matches(dv.getUint32((i + k) * 4, true), ADD_X27_X26)) derivesStack = true;
    }
    if (!derivesStack) continue;
    const lit = literalOffset(w1, i * 4 + 4);
    if (lit < 0 || lit + 8 > bytes.length) continue;
    const end = Number(dv.getBigUint64(lit, true));
    if (end < imageEnd || end - imageEnd > MAX_BSS_BYTES) continue;
    if (found !== null) return null; // two candidates: not ours to guess
    found = base + i * 4;
  }
  return found;
}
