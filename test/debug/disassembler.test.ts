// The WebAssembly Capstone against binutils: every instruction objdump disassembles in our
// images' ELF files reads the same from Capstone, once spellings are normalised
// (objdump-normalise.ts says which); words objdump leaves as .word/.inst are data.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadDisassembler, loadedDisassembler, rawWord } from "../../src/debug/disassembler.ts";
import { normalise } from "./objdump-normalise.ts";

const OBJDUMP = "aarch64-linux-gnu-objdump";
const hasObjdump = spawnSync(OBJDUMP, ["--version"]).status === 0;
if (!hasObjdump) console.warn(`${OBJDUMP} not found: the Capstone/objdump comparison is skipped (apt-get install binutils-aarch64-linux-gnu)`);

describe("disassembler (Capstone 5, WebAssembly)", () => {
  it("loads on first use only, then disassembles a word at an address", async () => {
    expect(loadedDisassembler()).toBeNull();
    const d = await loadDisassembler();
    expect(loadedDisassembler()).toBe(d);
    expect(d.disassemble(0xd4000062, 0x4010_0000n)).toBe("hvc #3");
    expect(d.disassemble(0x14000010, 0x4010_0000)).toBe("b #0x40100040");
    expect(d.disassemble(0xb9400041, 0n)).toBe("ldr w1, [x2]");
    expect(d.disassemble(0xffffffff, 0n)).toBe(rawWord(0xffffffff));
    expect(rawWord(0xffffffff)).toBe(".word 0xffffffff");
  });

  it("normalisation makes the two spellings of one instruction meet, and only those", () => {
    expect(normalise("b.cs\t40100020 <_start+0x20>  // b.hs, b.nlast")).toBe(normalise("b.hs #0x40100020"));
    expect(normalise("stp\tx29, x30, [sp, #-16]!")).toBe(normalise("stp x29, x30, [sp, #-0x10]!"));
    expect(normalise("mov\tw1, #0xffffffff")).toBe(normalise("mov w1, #-1"));
    expect(normalise("mov\tx0, #0x8                   \t// #8")).toBe(normalise("mov x0, #8"));
    expect(normalise("mov x0, #8")).not.toBe(normalise("mov x0, #9"));
    expect(normalise("csel x0, x1, x2, lo")).toBe(normalise("csel x0, x1, x2, cc"));
    expect(normalise("ldr x0, [x1]")).not.toBe(normalise("ldr x0, [x2]"));
  });

  it.skipIf(!hasObjdump)(`agrees with ${OBJDUMP} -d on every instruction of our images`, async () => {
    const d = await loadDisassembler();
    const elfs = readdirSync("images")
      .map((n) => `images/${n}/${n}.elf`)
      .filter((p) => existsSync(p));
    expect(elfs.length).toBeGreaterThan(10);
    let compared = 0;
    const differ: string[] = [];
    for (const elf of elfs) {
      for (const line of execFileSync(OBJDUMP, ["-d", elf], { encoding: "utf8" }).split("\n")) {
        const m = /^\s+([0-9a-f]+):\s+([0-9a-f]{8})\s+(.*)$/.exec(line);
        if (m === null || /^\.(word|inst)\b/.test(m[3])) continue;
        compared++;
        const ours = d.disassemble(parseInt(m[2], 16), BigInt(`0x${m[1]}`));
        if (normalise(ours) !== normalise(m[3])) differ.push(`${elf} ${m[1]} ${m[2]}: objdump '${m[3]}', capstone '${ours}'`);
      }
    }
    expect(compared).toBeGreaterThan(4000);
    expect(differ).toEqual([]);
  });
});
