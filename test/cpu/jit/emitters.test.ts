// Every instruction the block compiler writes out itself gives, bit for bit, what the
// interpreter's Op gives: random encodings of each class with an emitter, random registers
// and flags, PCs all over a RAM that ends at 2^32 (carries into PC bits 63:32). Loads and
// stores get base registers inside that RAM (some near its end, some past it: faults), small
// index registers, and the whole RAM is compared afterwards.
import { describe, expect, it } from "vitest";
import { readArchState } from "../../../src/cpu/arch-state.ts";
import { EMITTERS } from "../../../src/cpu/jit/emitter.ts";
import { BRANCH_EMITTERS } from "../../../src/cpu/jit/emit-branch.ts";
import { identify } from "../../../src/cpu/jit/identify.ts";
import { INSN_TABLE } from "../../../src/cpu/insn/index.ts";
import { makeMachine, type TestMachine } from "../harness.ts";

interface Class {
  name: string;
  mask: number;
  value: number;
  /** Loads and stores: Rn points into RAM, Rm holds a small index. */
  memory?: boolean;
  /** Fewest of the 1500 words written out (default 300): reserved and rare forms run their Op. */
  min?: number;
}

/** Encoding classes as fixed bits (mask, value); the other bits are random. */
const CLASSES: Class[] = [
  { name: "B, BL", mask: 0x7c000000, value: 0x14000000 },
  { name: "B.cond", mask: 0xff000010, value: 0x54000000 },
  { name: "CBZ, CBNZ", mask: 0x7e000000, value: 0x34000000 },
  { name: "TBZ, TBNZ", mask: 0x7e000000, value: 0x36000000 },
  { name: "BR, BLR, RET", mask: 0xff9ffc1f, value: 0xd61f0000 },
  { name: "add/subtract (immediate), with and without flags", mask: 0x1f800000, value: 0x11000000 },
  { name: "add/subtract (shifted register)", mask: 0x1f200000, value: 0x0b000000 },
  { name: "add/subtract (extended register)", mask: 0x1f200000, value: 0x0b200000, min: 150 },
  { name: "CCMP, CCMN", mask: 0x3fe00410, value: 0x3a400000 },
  { name: "data processing (1 source): REV, CLZ ...", mask: 0x7fff0000, value: 0x5ac00000, min: 30 },
  { name: "logical (shifted register)", mask: 0x1f000000, value: 0x0a000000 },
  { name: "logical (immediate)", mask: 0x1f800000, value: 0x12000000 },
  { name: "move wide", mask: 0x1f800000, value: 0x12800000 },
  { name: "ADR, ADRP", mask: 0x1f000000, value: 0x10000000 },
  { name: "bitfield", mask: 0x1f800000, value: 0x13000000 },
  { name: "EXTR", mask: 0x7fa00000, value: 0x13800000 },
  { name: "conditional select", mask: 0x3fe00800, value: 0x1a800000 },
  { name: "LSLV, LSRV, ASRV, RORV", mask: 0x7fe0f000, value: 0x1ac02000 },
  { name: "MADD, MSUB", mask: 0x7fe00000, value: 0x1b000000 },
  { name: "load/store (unsigned offset)", mask: 0x3f000000, value: 0x39000000, memory: true },
  { name: "load/store (unscaled, pre- and post-index)", mask: 0x3f200000, value: 0x38000000, memory: true },
  { name: "load/store (register offset)", mask: 0x3f200c00, value: 0x38200800, memory: true },
  { name: "LDP, STP", mask: 0x7c000000, value: 0x28000000, memory: true },
];

// A 64 KiB RAM whose end is 2^32: small enough to compare whole after each instruction.
const RAM_BASE = 0xffff_0000;
const RAM_SIZE = 0x1_0000;

let seed = 0x2545f491;
function rand32(): number {
  // xorshift32: reproducible
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return seed >>> 0;
}
const rand64 = (): bigint => (BigInt(rand32()) << 32n) | BigInt(rand32());

function setUp(m: TestMachine, word: number, pc: number, regs: bigint[], nzcv: number, memory: Uint8Array): void {
  m.bus.ram.writeBytes(RAM_BASE, memory);
  m.bus.ram.write(pc, 4, word);
  regs.slice(0, 31).forEach((v, i) => m.cpu.setX(i, v));
  m.cpu.setSysreg("SP_EL1", regs[31]);
  m.cpu.setPstate(((nzcv << 28) | 0x3c5) >>> 0);
  m.cpu.setPc(BigInt(pc));
}

/** Registers for a memory class: the base (Rn, 31 = SP) inside the RAM (1 in 8 near or past its
 *  end), the index (Rm) small, sometimes negative as a W register. */
function memoryRegisters(word: number, regs: bigint[]): void {
  const rn = (word >>> 5) & 31;
  const rm = (word >>> 16) & 31;
  const near = rand32() % 8 === 0;
  const base = near ? RAM_BASE + RAM_SIZE - (rand32() % 64) : RAM_BASE + 0x4000 + (rand32() % 0x8000);
  regs[rn] = BigInt(base >>> 0) + (near && rand32() % 2 === 0 ? 0x1_0000_0000n : 0n);
  if (rm !== rn && rm !== 31) regs[rm] = rand32() % 4 === 0 ? 0xffff_fff0n + BigInt(rand32() % 16) : BigInt(rand32() % 512);
}

describe("block compiler emitters agree with the interpreter's Ops", () => {
  it("every emitter belongs to a table entry", () => {
    // identify() returns entry ids: an emitter keyed by a name no entry has would never run.
    const ids = new Set(INSN_TABLE.filter((e) => e.undefinedBecause === null).map((e) => e.id));
    const orphans = [...Object.keys(EMITTERS), ...Object.keys(BRANCH_EMITTERS)].filter((id) => !ids.has(id));
    expect(orphans).toEqual([]);
  });

  it("Ops called with only their own registers saved and reloaded agree inside longer blocks", () => {
    // Entries marked gprOperands: the block saves only Rn/Rm/Ra (and NZCV if the entry reads
    // it) before the call and reloads only Rd (and NZCV if it writes it) after it. Other
    // registers written just before the call stay in locals, others read just after come from
    // locals; a compare before the call and a CSET after it keep NZCV in the block's locals.
    // A wrong mark shows as a register or flag differing at the end.
    const entries = INSN_TABLE.filter((e) => e.undefinedBecause === null && e.props.gprOperands);
    expect(entries.length).toBeGreaterThan(20);
    const interp = makeMachine(RAM_BASE, RAM_SIZE);
    const jit = makeMachine(RAM_BASE, RAM_SIZE, { jit: { threshold: 1 } });
    const memory = new Uint8Array(RAM_SIZE);
    const addOne = (r: number) => (0x91000400 | (r << 5) | r) >>> 0; // add xr, xr, #1
    const bad: string[] = [];
    let compiled = 0;
    for (let k = 0; k < 1500 && bad.length < 5; k++) {
      const e = entries[rand32() % entries.length];
      const word = ((rand32() & ~e.mask) | e.value) >>> 0;
      const around = Array.from({ length: 6 }, () => addOne(rand32() % 31));
      const cmp = (0xeb00001f | ((rand32() % 31) << 16) | ((rand32() % 31) << 5)) >>> 0; // cmp xn, xm
      const cset = (0x9a9f07e0 | ((rand32() % 14) << 12) | (rand32() % 31)) >>> 0; // cset xd, <cond>
      const words = [...around.slice(0, 3), cmp, word, cset, ...around.slice(4), 0xd4000002]; // ... hvc #0
      const pc = RAM_BASE + 0x100;
      const regs = Array.from({ length: 32 }, () => (rand32() % 4 === 0 ? BigInt(rand32()) : rand64()));
      const nzcv = rand32() & 15;
      for (const m of [interp, jit]) {
        setUp(m, words[0], pc, regs, nzcv, memory);
        words.forEach((w, i) => m.bus.ram.write(pc + 4 * i, 4, w));
      }
      const before = jit.cpu.jit!.stats.retired;
      const a = { exit: interp.cpu.run(100), s: readArchState(interp.cpu) };
      const b = { exit: jit.cpu.run(100), s: readArchState(jit.cpu) };
      if (jit.cpu.jit!.stats.retired > before) compiled++;
      try {
        expect(b).toEqual(a);
      } catch {
        bad.push(`${e.id}: 0x${word.toString(16)}`);
      }
    }
    expect(bad).toEqual([]);
    expect(compiled).toBeGreaterThan(1000);
  });

  it("carries and borrows between the halves agree at every boundary", () => {
    // Random 64-bit values almost never hit the rare carries: a high half of 2^32 - 1 with a
    // carry in (ADDS, CMN), a low half that wraps to 0 (CSINC, CSNEG), a base whose low half
    // is below a negative offset, a base plus index just past 2^64. Here every pair of edge
    // values meets every form that splits a 64-bit sum in two; some bases reach the RAM
    // only through that carry or borrow (0x1_0000_0008 - 16 is the RAM's 0xffff_fff8).
    const edges = [0n, 1n, 0x7fff_ffffn, 0x8000_0000n, 0xffff_ffffn, 0x1_0000_0000n, 0x1_ffff_ffffn, 0xffff_ffff_0000_0000n];
    const wide = [...edges, 0x7fff_ffff_ffff_ffffn, 0x8000_0000_0000_0000n, 0xffff_ffff_ffff_ffffn];
    const bases = [...wide, 0x1_0000_0008n, 0x1_0000_0004n, 0xffff_fff8n, 0xffff_ffff_ffff_fff8n];
    const cases: [string, number, bigint[], bigint[]][] = [
      ["adds x0, x1, x2", 0xab020020, wide, wide],
      ["subs x0, x1, x2", 0xeb020020, wide, wide],
      ["add x0, x1, x2", 0x8b020020, wide, wide],
      ["sub x0, x1, x2", 0xcb020020, wide, wide],
      ["adds w0, w1, w2", 0x2b020020, wide, wide],
      ["subs w0, w1, w2", 0x6b020020, wide, wide],
      ["cmn x1, x2", 0xab02003f, wide, wide],
      ["ccmp x1, x2, #0, eq", 0xfa420020, wide, wide],
      ["ccmn x1, x2, #0, eq", 0xba420020, wide, wide],
      ["add x0, x1, w2, uxtw", 0x8b224020, wide, wide],
      ["subs x0, x1, x2, lsl #1", 0xeb020420, wide, wide],
      ["madd x0, x1, x2, x3", 0x9b020c20, edges, wide],
      ["msub x0, x1, x2, x3", 0x9b028c20, edges, wide],
      ["csinc x0, x1, x2, eq", 0x9a820420, edges, wide],
      ["csneg x0, x1, x2, eq", 0xda820420, edges, wide],
      ["csinc w0, w1, w2, eq", 0x1a820420, edges, wide],
      ["adds x0, x1, #1", 0xb1000420, wide, [0n]],
      ["subs x0, x1, #1", 0xf1000420, wide, [0n]],
      ["add x0, x1, #4095", 0x913ffc20, wide, [0n]],
      ["subs w0, w1, #1", 0x71000420, wide, [0n]],
      ["ldur x0, [x1, #-16]", 0xf85f0020, bases, [0n]],
      ["ldr x0, [x1, #8]", 0xf9400420, bases, [0n]],
      ["ldr x0, [x1, #-16]!", 0xf85f0c20, bases, [0n]],
      ["ldr x0, [x1], #8", 0xf8408420, bases, [0n]],
      ["ldr x0, [x1, x2]", 0xf8626820, bases, [...edges, 0xffff_0010n, 0xffff_0008n]],
      ["ldp x0, x3, [x1, #-8]", 0xa97f8c20, bases, [0n]],
      ["stp x2, x3, [x1, #-8]!", 0xa9bf8c22, bases, wide],
    ];
    const interp = makeMachine(RAM_BASE, RAM_SIZE);
    const jit = makeMachine(RAM_BASE, RAM_SIZE, { jit: { threshold: 1, maxBlock: 1 } });
    const memory = new Uint8Array(RAM_SIZE);
    for (let i = 0; i < memory.length; i += 4) new DataView(memory.buffer).setUint32(i, rand32());
    const pc = RAM_BASE + 0x100;
    const bad: string[] = [];
    let runs = 0;
    for (const [asm, word, firsts, seconds] of cases) {
      for (const a of firsts)
        for (const b of seconds)
          for (const nzcv of [0, 4]) {
            const regs = Array.from({ length: 32 }, () => 0n);
            [regs[1], regs[2], regs[3]] = [a, b, a ^ b];
            setUp(interp, word, pc, regs, nzcv, memory);
            setUp(jit, word, pc, regs, nzcv, memory);
            const before = jit.cpu.jit!.stats.retired;
            const ea = interp.cpu.run(1);
            const eb = jit.cpu.run(1);
            if (jit.cpu.jit!.stats.retired === before + 1) runs++;
            const same =
              JSON.stringify({ e: eb, s: readArchState(jit.cpu) }, (_, v) => (typeof v === "bigint" ? v.toString(16) : v)) ===
                JSON.stringify({ e: ea, s: readArchState(interp.cpu) }, (_, v) => (typeof v === "bigint" ? v.toString(16) : v)) &&
              Buffer.compare(jit.bus.ram.readBytes(RAM_BASE, RAM_SIZE), interp.bus.ram.readBytes(RAM_BASE, RAM_SIZE)) === 0;
            if (!same && bad.length < 8) bad.push(`${asm} x1=0x${a.toString(16)} x2=0x${b.toString(16)} nzcv=${nzcv}`);
          }
    }
    expect(bad).toEqual([]);
    expect(runs).toBeGreaterThan(2000); // written out and run compiled, not called
  });

  for (const cls of CLASSES) {
    it(`${cls.name}: 1500 random encodings and states`, () => {
      let compiled = 0;
      const bad: string[] = [];
      // One pair of machines for the class: writing the next word drops the compiled block.
      const interp = makeMachine(RAM_BASE, RAM_SIZE);
      const jit = makeMachine(RAM_BASE, RAM_SIZE, { jit: { threshold: 1, maxBlock: 1 } });
      const memory = new Uint8Array(RAM_SIZE);
      for (let k = 0; k < 1500 && bad.length < 5; k++) {
        const word = ((rand32() & ~cls.mask) | cls.value) >>> 0;
        // Half in the last page (PC + offset carries past 2^32), half anywhere.
        const pc = (k % 2 === 0 ? RAM_BASE + RAM_SIZE - 4 * (1 + (rand32() % 1024)) : RAM_BASE + 4 * (rand32() % (RAM_SIZE / 4))) >>> 0;
        const regs = Array.from({ length: 32 }, () => (rand32() % 4 === 0 ? BigInt(rand32()) : rand64()));
        if (cls.memory) memoryRegisters(word, regs);
        for (let i = 0; i < memory.length; i += 4) new DataView(memory.buffer).setUint32(i, rand32());
        const nzcv = rand32() & 15;
        setUp(interp, word, pc, regs, nzcv, memory);
        setUp(jit, word, pc, regs, nzcv, memory);
        const before = jit.cpu.jit!.stats.retired;
        const ea = interp.cpu.run(1);
        const eb = jit.cpu.run(1);
        const id = identify(word);
        if (id !== null && (BRANCH_EMITTERS[id.name] !== undefined || EMITTERS[id.name] !== undefined)) compiled++;
        const a = { exit: ea, n: interp.cpu.instructionCount, s: readArchState(interp.cpu) };
        const b = { exit: eb, n: jit.cpu.instructionCount, s: readArchState(jit.cpu) };
        try {
          expect(b).toEqual(a);
          if (cls.memory) expect(Buffer.compare(jit.bus.ram.readBytes(RAM_BASE, RAM_SIZE), interp.bus.ram.readBytes(RAM_BASE, RAM_SIZE))).toBe(0);
        } catch {
          bad.push(`0x${word.toString(16)} at pc 0x${pc.toString(16)}`);
        }
        if (jit.cpu.jit!.stats.retired !== before + 1 && a.n === 1) bad.push(`0x${word.toString(16)}: not run compiled`);
      }
      expect(bad).toEqual([]);
      expect(compiled).toBeGreaterThan(cls.min ?? 300); // most of the class is written out, not called
    });
  }
});
