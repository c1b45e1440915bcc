// PSTATE in words, as the playground's register panel shows it.
import { describe, expect, it } from "vitest";
import { describePstate } from "../../web/pstate.ts";

describe("describePstate", () => {
  it("flags set are capitals, clear are lower case; masks; EL and SP selection", () => {
    expect(describePstate(0x3c5)).toBe("nzcv DAIF EL1h"); // a reset vCPU: masked, EL1, SP_EL1
    expect(describePstate(0x6000_0005 | 0x80)).toBe("nZCv daIf EL1h");
    expect(describePstate(0x8000_0000)).toBe("Nzcv daif EL0t");
    expect(describePstate(0x9)).toBe("nzcv daif EL2h");
  });
});
