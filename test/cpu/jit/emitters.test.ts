// Every instruction the block compiler writes out itself gives, bit for bit, what the
// interpreter's Op gives: random encodings of each class the compiler identifies, random
// registers and flags, PCs all over a RAM that ends at 2^32 (carries into PC bits 63:32).
import { describe, expect, it } from "vitest";
import { readArchState } from "../../../src/cpu/arch-state.ts";
import { identify } from "../../../src/cpu/jit/identify.ts";
import { makeMachine, type TestMachine } from "../harness.ts";

const RAM_BASE = 0xff00_0000;
const RAM_SIZE = 0x0100_0000;

/** Encoding classes as fixed bits (mask, value); the other bits are random. */
const CLASSES: [string, number, number][] = [
  ["B, BL", 0x7c000000, 0x14000000],
  ["B.cond", 0xff000010, 0x54000000],
  ["CBZ, CBNZ", 0x7e000000, 0x34000000],
  ["TBZ, TBNZ", 0x7e000000, 0x36000000],
  ["BR, BLR, RET", 0xff9ffc1f, 0xd61f0000],
  ["ADD, SUB (immediate)", 0x3f800000, 0x11000000],
  ["MOVZ, MOVK (move wide)", 0x1f800000, 0x12800000],
  ["ADR, ADRP", 0x1f000000, 0x10000000],
];

let seed = 0x2545f491;
function rand32(): number {
  // xorshift32: reproducible
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return seed >>> 0;
}
const rand64 = (): bigint => (BigInt(rand32()) << 32n) | BigInt(rand32());

function setUp(m: TestMachine, word: number, pc: number, regs: bigint[], nzcv: number): void {
  m.bus.ram.write(pc, 4, word);
  regs.slice(0, 31).forEach((v, i) => m.cpu.setX(i, v));
  m.cpu.setSysreg("SP_EL1", regs[31]);
  m.cpu.setPstate(((nzcv << 28) | 0x3c5) >>> 0);
  m.cpu.setPc(BigInt(pc));
}

describe("block compiler emitters agree with the interpreter's Ops", () => {
  for (const [name, mask, value] of CLASSES) {
    it(`${name}: 1500 random encodings and states`, () => {
      let compiled = 0;
      const bad: string[] = [];
      // One pair of machines for the class: writing the next word drops the compiled block.
      const interp = makeMachine(RAM_BASE, RAM_SIZE);
      const jit = makeMachine(RAM_BASE, RAM_SIZE, { jit: { threshold: 1, maxBlock: 1 } });
      for (let k = 0; k < 1500 && bad.length < 5; k++) {
        const word = ((rand32() & ~mask) | value) >>> 0;
        // Half in the last pages (PC + offset carries past 2^32), half anywhere.
        const pc = (k % 2 === 0 ? RAM_BASE + RAM_SIZE - 4 * (1 + (rand32() % 4096)) : RAM_BASE + 4 * (rand32() % (RAM_SIZE / 4))) >>> 0;
        const regs = Array.from({ length: 32 }, () => (rand32() % 4 === 0 ? BigInt(rand32()) : rand64()));
        const nzcv = rand32() & 15;
        setUp(interp, word, pc, regs, nzcv);
        setUp(jit, word, pc, regs, nzcv);
        const before = jit.cpu.jit!.stats.retired;
        const ea = interp.cpu.run(1);
        const eb = jit.cpu.run(1);
        if (identify(word) !== null) compiled++;
        const a = { exit: ea, n: interp.cpu.instructionCount, s: readArchState(interp.cpu) };
        const b = { exit: eb, n: jit.cpu.instructionCount, s: readArchState(jit.cpu) };
        try {
          expect(b).toEqual(a);
        } catch {
          bad.push(`0x${word.toString(16)} at pc 0x${pc.toString(16)}`);
        }
        if (jit.cpu.jit!.stats.retired !== before + 1) bad.push(`0x${word.toString(16)}: not run compiled`);
      }
      expect(bad).toEqual([]);
      expect(compiled).toBeGreaterThan(500); // most of the class is written out, not called
    });
  }
});
