// Decode statistics and instruction names come from the instruction table.
import { describe, expect, it } from "vitest";
import { decodeStatistics, instructionName } from "../../src/cpu/decode-statistics.ts";
import { defaultDecoder } from "../../src/cpu/decoder.ts";
import { makeMachine } from "./harness.ts";

const ADD_X0_X0_1 = 0x91000400; // add x0, x0, #1
const MOVZ_X2 = 0xd2800302; // mov x2, #0x18
const UDF = 0x00000000; // udf #0: permanently UNDEFINED

describe("decode statistics", () => {
  it("counts the decoded words per table entry, most first", () => {
    const m = makeMachine();
    m.load([ADD_X0_X0_1, ADD_X0_X0_1, MOVZ_X2, ADD_X0_X0_1]);
    m.step(4);
    const s = decodeStatistics(m.bus.ram);
    expect(s.words).toBe(4);
    const add = defaultDecoder().find(ADD_X0_X0_1)!.id;
    const movz = defaultDecoder().find(MOVZ_X2)!.id;
    expect(s.instructions).toEqual([
      [add, 3],
      [movz, 1],
    ]);
  });

  it("names words by their table entry, and UNDEFINED ones as such", () => {
    expect(instructionName(ADD_X0_X0_1)).toBe(defaultDecoder().find(ADD_X0_X0_1)!.id);
    expect(instructionName(UDF)).toBe("UNDEFINED");
  });
});
