import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadImage } from "../../src/loader/image.ts";
import { findUnikraftEntry } from "../../src/loader/unikraft-entry.ts";

const BASE = 0x4010_0000;
const NOP = 0xd503_201f;
// The words of Unikraft's _libkvmplat_entry (plat/kvm/arm/entry64.S), literals filled in below.
const ldrLit = (rt: number, wordsAhead: number) => (0x5800_0000 | (wordsAhead << 5) | rt) >>> 0;
const MSR_CPACR_X0 = 0xd518_1040;
const ISB = 0xd503_3fdf;
const ADD_X27_X26_16K = 0x9140_435b; // add x27, x26, #0x10, lsl #12
const SUB_X1_X27_X25 = 0xcb19_0361;

/**
 * A flat image: `pad` NOPs, then the entry sequence (with or without the FPSIMD block), then
 * its literal pool holding _dtb, _end, and the rest, then `tail` NOPs.
 */
function image(o: { pad: number; fpsimd: boolean; end?: number; tail?: number }): { bytes: Uint8Array; entry: number } {
  const tail = o.tail ?? 16;
  const entryIndex = o.pad;
  const seqLength = o.fpsimd ? 8 : 5;
  const pool = entryIndex + seqLength + 1; // after the branch over it
  // 64-bit literals: _dtb, _end, (3 << 20), _start_ram_addr.
  const lit = { dtb: pool, end: pool + 2, cpacr: pool + 4, ram: pool + 6 };
  const words: number[] = Array(o.pad).fill(NOP);
  const ldr = (rt: number, target: number) => ldrLit(rt, target - words.length);
  words.push(ldr(25, lit.dtb));
  words.push(ldr(26, lit.end));
  if (o.fpsimd) words.push(ldr(0, lit.cpacr), MSR_CPACR_X0, ISB);
  words.push(ldr(0, lit.ram), ADD_X27_X26_16K, SUB_X1_X27_X25);
  words.push(0x1400_0000 | 9); // b over the 8-word pool
  const end = o.end ?? BASE + (pool + 8 + tail) * 4 + 0x1_0000; // the bss follows the file
  for (const v of [BASE - 0x10_0000, end, 3 << 20, BASE]) words.push(v % 2 ** 32, Math.floor(v / 2 ** 32));
  words.push(...Array(tail).fill(NOP));
  const bytes = new Uint8Array(words.length * 4);
  const dv = new DataView(bytes.buffer);
  words.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
  return { bytes, entry: BASE + entryIndex * 4 };
}

describe("finding Unikraft's kvm-arm64 entry in a flat binary", () => {
  it("finds _libkvmplat_entry with and without the FPSIMD block, wherever it sits", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.boolean(), (pad, fpsimd) => {
        const { bytes, entry } = image({ pad, fpsimd });
        expect(findUnikraftEntry(bytes, BASE)).toBe(entry);
      }),
      { numRuns: 60 },
    );
  });

  it("the loader uses it when no entry is given, and says so; --entry still wins", () => {
    const { bytes, entry } = image({ pad: 0x52c, fpsimd: true });
    expect(entry).toBe(0x4010_14b0); // where the course's images have it
    expect(loadImage(bytes, "uk.bin", { base: BASE })).toMatchObject({ format: "flat", entry, entryFrom: "unikraft" });
    expect(loadImage(bytes, "uk.bin", { base: BASE, entry: BASE })).toMatchObject({ entry: BASE, entryFrom: "given" });
  });

  it("with an entry given, the one found is still reported, so a differing --entry can be warned about", () => {
    const { bytes, entry } = image({ pad: 0x52c, fpsimd: true });
    expect(loadImage(bytes, "uk.bin", { base: BASE, entry: BASE })).toMatchObject({ entry: BASE, unikraftEntry: entry });
    expect(loadImage(new Uint8Array(64).fill(0x1f), "p.bin", { base: BASE, entry: BASE }).unikraftEntry).toBeUndefined();
  });

  it("refuses a candidate whose _end literal is not past the image, or points far beyond it", () => {
    expect(findUnikraftEntry(image({ pad: 10, fpsimd: true, end: BASE + 8 }).bytes, BASE)).toBeNull();
    expect(findUnikraftEntry(image({ pad: 10, fpsimd: true, end: BASE + 0x8000_0000 }).bytes, BASE)).toBeNull();
  });

  it("refuses two candidates rather than guess, and images without one start at the base", () => {
    const one = image({ pad: 4, fpsimd: false });
    const two = new Uint8Array(one.bytes.length * 2);
    two.set(one.bytes);
    two.set(one.bytes, one.bytes.length);
    expect(findUnikraftEntry(two, BASE)).toBeNull();
    const plain = new Uint8Array(64).fill(0x1f);
    expect(loadImage(plain, "p.bin", { base: BASE })).toMatchObject({ entry: BASE, entryFrom: "base" });
  });

  it("ldr x25 / ldr x26 without the stack set-up that follows is not the entry", () => {
    const { bytes } = image({ pad: 8, fpsimd: true });
    const dv = new DataView(bytes.buffer);
    for (let i = 0; i < bytes.length / 4; i++) if (dv.getUint32(i * 4, true) === ADD_X27_X26_16K) dv.setUint32(i * 4, NOP, true);
    expect(findUnikraftEntry(bytes, BASE)).toBeNull();
  });

  it("never throws on arbitrary bytes (odd lengths, literals past the end)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (b) => {
        const r = findUnikraftEntry(b, BASE);
        expect(r === null || (r >= BASE && r < BASE + b.length)).toBe(true);
      }),
    );
  });
});
