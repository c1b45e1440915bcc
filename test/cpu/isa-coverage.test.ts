// docs/isa-coverage.md is generated from the instruction table; it must match the table.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { INSN_TABLE } from "../../src/cpu/insn/index.ts";
import { COVERAGE_PAGE, coverageMarkdown } from "../../tools/isa-coverage.ts";

describe("ISA coverage page", () => {
  it("is the page the table generates (run npm run isa-coverage after changing the table)", () => {
    expect(readFileSync(COVERAGE_PAGE, "utf8")).toBe(coverageMarkdown(INSN_TABLE));
  });

  it("lists every entry once, with the reason for each deliberately UNDEFINED one", () => {
    const page = coverageMarkdown(INSN_TABLE);
    for (const e of INSN_TABLE) {
      if (e.undefinedBecause !== null) expect(page).toContain(e.undefinedBecause.replace(/\|/g, "\\|"));
    }
  });
});
