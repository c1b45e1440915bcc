import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ImageError } from "../../src/loader/image-error.ts";
import { loadImage } from "../../src/loader/image.ts";
import { readInputFile } from "../../src/cli/read-input.ts";

/** A minimal valid ELF64 with one PT_LOAD of `code` at `addr`. */
function elf(code: Uint8Array, addr = 0x4010_0000, patch?: (dv: DataView) => void): Uint8Array {
  const b = new Uint8Array(64 + 56 + code.length);
  const dv = new DataView(b.buffer);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  dv.setUint16(16, 2, true);
  dv.setUint16(18, 183, true);
  dv.setBigUint64(24, BigInt(addr + 8), true);
  dv.setBigUint64(32, 64n, true);
  dv.setUint16(54, 56, true);
  dv.setUint16(56, 1, true);
  dv.setUint32(64, 1, true);
  dv.setBigUint64(64 + 8, 120n, true);
  dv.setBigUint64(64 + 24, BigInt(addr), true);
  dv.setBigUint64(64 + 32, BigInt(code.length), true);
  dv.setBigUint64(64 + 40, BigInt(code.length + 16), true);
  b.set(code, 120);
  patch?.(dv);
  return b;
}

const code = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
const flat = { base: 0x4010_0000 };

describe("image loader", () => {
  it("loads an ELF's PT_LOAD segments and entry, with bss as memsz", () => {
    const img = loadImage(elf(code), "t.elf", flat);
    expect(img.format).toBe("elf");
    expect(img.entry).toBe(0x4010_0008);
    expect(img.segments).toHaveLength(1);
    expect(img.segments[0]).toMatchObject({ addr: 0x4010_0000, memsz: 24 });
    expect([...img.segments[0].data]).toEqual([...code]);
  });

  it("--entry overrides e_entry; flat binaries start at the base by default", () => {
    expect(loadImage(elf(code), "t", { base: 0, entry: 0x4010_0004 }).entry).toBe(0x4010_0004);
    const f = loadImage(code, "t.bin", flat);
    expect(f).toMatchObject({ format: "flat", entry: 0x4010_0000 });
    expect(loadImage(code, "t.bin", { base: 0x4010_0000, entry: 0x401014b0 }).entry).toBe(0x401014b0);
  });

  const bad: [string, Uint8Array, RegExp][] = [
    ["32-bit", elf(code, undefined, (dv) => dv.setUint8(4, 1)), /32-bit ELF/],
    ["big-endian", elf(code, undefined, (dv) => dv.setUint8(5, 2)), /big-endian/],
    ["x86-64", elf(code, undefined, (dv) => dv.setUint16(18, 62, true)), /machine 62 \(x86-64\), not AArch64/],
    ["truncated header", elf(code).subarray(0, 40), /truncated ELF header/],
    ["truncated segment", elf(code).subarray(0, 124), /runs past the end/],
    ["not executable", elf(code, undefined, (dv) => dv.setUint16(16, 1, true)), /not an executable/],
    ["no segments", elf(code, undefined, (dv) => dv.setUint32(64, 4, true)), /no PT_LOAD/],
    ["filesz > memsz", elf(code, undefined, (dv) => dv.setBigUint64(64 + 40, 2n, true)), /larger than p_memsz/],
    ["phdrs past the end", elf(code, undefined, (dv) => dv.setUint16(56, 60, true)), /program headers run past/],
    ["empty flat", new Uint8Array(0), /empty/],
  ];
  for (const [what, bytes, msg] of bad) {
    it(`rejects ${what} with one line`, () => {
      expect(() => loadImage(bytes, "g", flat)).toThrow(ImageError);
      expect(() => loadImage(bytes, "g", flat)).toThrow(msg);
    });
  }

  it("refuses an unaligned e_entry with the words --entry gets, unless --entry overrides it", () => {
    const odd = elf(code, undefined, (dv) => dv.setBigUint64(24, 0x4010_0002n, true));
    expect(() => loadImage(odd, "odd.elf", flat)).toThrow(ImageError);
    expect(() => loadImage(odd, "odd.elf", flat)).toThrow(
      /^odd\.elf: e_entry 0x40100002 is not 4-byte aligned \(A64 instructions are 4-byte words; the first fetch would fault\)$/,
    );
    expect(loadImage(odd, "odd.elf", { base: 0, entry: 0x4010_0000 }).entry).toBe(0x4010_0000);
  });

  it("reports a missing file in one line", () => {
    expect(() => readInputFile("/nonexistent/x.bin", "image", 1 << 20)).toThrow(/^cannot read image \/nonexistent\/x.bin: no such file$/);
  });

  it("loads the committed hello ELF at 0x40100000 with its entry there", () => {
    const img = loadImage(readFileSync("images/hello/hello.elf"), "hello.elf", flat);
    expect(img.entry).toBe(0x4010_0000);
    expect(img.segments[0].addr).toBe(0x4010_0000);
  });
});
