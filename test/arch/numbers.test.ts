import { describe, expect, it } from "vitest";
import { hex, TWO32 } from "../../src/arch/numbers.ts";

describe("shared numbers", () => {
  it("TWO32 splits a double below 2^53 into the halves the core keeps", () => {
    const v = 0x1234_5678_9abc;
    expect(Math.floor(v / TWO32)).toBe(0x1234);
    expect(v % TWO32).toBe(0x5678_9abc);
    expect(TWO32).toBe(2 ** 32);
  });
  it("hex writes numbers and BigInts as unpadded lower-case 0x…", () => {
    expect(hex(0)).toBe("0x0");
    expect(hex(0xabc)).toBe("0xabc");
    expect(hex(0xffff_ffff_ffff_ffffn)).toBe("0xffffffffffffffff");
  });
});
