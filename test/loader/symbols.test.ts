// ELF symbol tables name guest addresses; checked against binutils' nm where it is present.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readElfSymbols, SymbolTable } from "../../src/loader/symbols.ts";

const hello = () => readElfSymbols(new Uint8Array(readFileSync("images/hello/hello.elf")), "hello.elf");
const NM = "aarch64-linux-gnu-nm";
const hasNm = spawnSync(NM, ["--version"]).status === 0;
if (!hasNm) console.warn(`${NM} not found: the comparison of symbol tables with nm is skipped`);

describe("ELF symbols", () => {
  it("names an address by the function that covers it, with the offset", () => {
    const s = hello();
    expect(s.describe(0x4010_0000)).toBe("<_start>");
    expect(s.describe(0x4010_0090)).toBe("<uart_puts+0x1c>");
    expect(s.describe(0x4010_01d0)).toBe("<main+0x10>");
    // Past a sized function's end, before the next symbol: no name.
    expect(s.describe(0x4010_01e0)).toBe("");
    expect(s.describe(0x100)).toBe("");
  });

  it.skipIf(!hasNm)(`holds every defined text symbol ${NM} lists, at its address`, () => {
    const s = hello();
    const nm = spawnSync(NM, ["images/hello/hello.elf"], { encoding: "utf8" })
      .stdout.trim()
      .split("\n")
      .map((l) => l.split(" "));
    for (const [addr, _kind, name] of nm.filter(([, k]) => k === "T" || k === "t")) {
      expect(s.describe(parseInt(addr, 16))).toBe(`<${name}>`);
    }
  });

  it("a flat binary is not an ELF: one clear error; a table without symbols names nothing", () => {
    expect(() => readElfSymbols(new Uint8Array(readFileSync("images/output.bin")), "output.bin")).toThrow(
      "output.bin: not an ELF file (no symbol table to read)",
    );
    expect(new SymbolTable([]).describe(0x4010_0000)).toBe("");
  });

  it("a truncated section table is an input error, never a crash", () => {
    const bytes = new Uint8Array(readFileSync("images/hello/hello.elf"));
    expect(() => readElfSymbols(bytes.subarray(0, bytes.length - 64), "cut.elf")).toThrow("cut.elf: section headers run past the end of the file");
  });
});
