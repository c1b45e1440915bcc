// The decoder hands every core the same Op for the same word (decoder.ts), so an Op must
// carry nothing from one run to the next: run on a core after another core ran it, it must
// leave exactly what an Op decoded afresh leaves.
import { describe, expect, it } from "vitest";
import { Decoder, defaultDecoder } from "../../src/cpu/decoder.ts";
import { INSN_TABLE, OVERLAP_GROUPS } from "../../src/cpu/insn/index.ts";
import { makeMachine, CODE_BASE } from "./harness.ts";

/** A small deterministic generator (xorshift32), so a failure names a reproducible word. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0);
  };
}

/** Registers pointing into RAM half the time, so loads and stores also succeed. */
function randomState(next: () => number): bigint[] {
  return Array.from({ length: 31 }, () => (next() & 1 ? BigInt(CODE_BASE + 0x10_0000 + (next() & 0xffff8)) : (BigInt(next()) << 32n) | BigInt(next())));
}

type Machine = ReturnType<typeof makeMachine>;

function runOnce(m: Machine, word: number, regs: bigint[], nzcv: number) {
  m.load([word]);
  regs.forEach((v, i) => m.cpu.setX(i, v));
  m.cpu.nzcv = nzcv;
  const exit = m.step(1);
  return { exit: exit.kind, pc: m.cpu.getPc(), nzcv: m.cpu.nzcv, x: regs.map((_, i) => m.cpu.getX(i)) };
}

describe("decoder: one Op per word, shared by every core", () => {
  it("returns the same Op for the same word", () => {
    const d = defaultDecoder();
    expect(d.decode(0x8b020020)).toBe(d.decode(0x8b020020)); // add x0, x1, x2
    expect(d.decode(0x8b020020)).not.toBe(d.decode(0x8b030020)); // add x0, x1, x3
  });

  it("an Op run by one core leaves nothing for the next (every table entry)", () => {
    // b runs the shared Ops after a ran them; c has a decoder of its own, whose Ops no other
    // core runs: what each word does with nothing carried over. b and c see the same runs,
    // so their memory stays the same too.
    const a = makeMachine(undefined, undefined, { decoder: defaultDecoder() });
    const b = makeMachine(undefined, undefined, { decoder: defaultDecoder() });
    const c = makeMachine(undefined, undefined, { decoder: new Decoder(INSN_TABLE, OVERLAP_GROUPS) });
    const next = rng(0x5eed);
    let compared = 0;
    for (const e of INSN_TABLE) {
      for (let k = 0; k < 3; k++) {
        const word = ((e.value & e.mask) | (next() & ~e.mask)) >>> 0;
        const second = randomState(next);
        const nzcv = (next() & 0xf) << 28;
        runOnce(a, word, randomState(next), nzcv ^ 0xf000_0000);
        expect(runOnce(b, word, second, nzcv), `word ${word.toString(16)} (${e.id})`).toEqual(runOnce(c, word, second, nzcv));
        compared++;
      }
    }
    expect(compared).toBe(INSN_TABLE.length * 3);
  });
});
