// --trace-filter: vm=, vcpu=, addr=LO-HI, and its one-line errors.
import { describe, expect, it } from "vitest";
import { parseTraceFilter, passes } from "../../src/trace/filter.ts";
import { parseCategories, looksLikeCategoryList, CAT, ALL_CATEGORIES } from "../../src/trace/categories.ts";

describe("trace categories", () => {
  it("parses comma lists and all; rejects unknown names in one line", () => {
    expect(parseCategories("exits,mmio")).toBe(CAT.exits | CAT.mmio);
    expect(parseCategories("all")).toBe(ALL_CATEGORIES);
    expect(ALL_CATEGORIES & CAT.insn).toBe(CAT.insn);
    expect(() => parseCategories("exits,bogus")).toThrow(
      "--trace: unknown category 'bogus' (expected a comma list of exits, mmio, hvc, psci, irq, mmu, insn, snapshot, or all)",
    );
    expect(looksLikeCategoryList("hvc,psci")).toBe(true);
    expect(looksLikeCategoryList("images/hello/hello.elf")).toBe(false);
  });
});

describe("trace filters", () => {
  it("vm and vcpu keep only that VM's and vCPU's events; machine-wide events pass", () => {
    const f = parseTraceFilter(["vm=1", "vcpu=0"]);
    expect(passes(f, 1, 0, null)).toBe(true);
    expect(passes(f, 0, 0, null)).toBe(false);
    expect(passes(f, 1, 1, null)).toBe(false);
    expect(passes(f, 1, null, null)).toBe(true);
  });

  it("addr keeps events whose address is in [LO, HI) and drops those without one", () => {
    const f = parseTraceFilter(["addr=0x9000000-0x9001000"]);
    expect(passes(f, 0, 0, 0x900_0018)).toBe(true);
    expect(passes(f, 0, 0, 0x900_1000)).toBe(false);
    expect(passes(f, 0, 0, 0x8ff_ffff)).toBe(false);
    expect(passes(f, 0, 0, null)).toBe(false);
    expect(parseTraceFilter(["vm=0,addr=16-32"])).toEqual({ vm: 0, vcpu: null, addr: { lo: 16, hi: 32 } });
  });

  it("bad filters are one-line input errors", () => {
    expect(() => parseTraceFilter(["cpu=1"])).toThrow("--trace-filter: expected vm=N, vcpu=N or addr=LO-HI, got 'cpu=1'");
    expect(() => parseTraceFilter(["addr=0x10"])).toThrow("--trace-filter: addr: expected LO-HI (e.g. 0x9000000-0x9001000), got '0x10'");
    expect(() => parseTraceFilter(["addr=0x20-0x10"])).toThrow("is empty");
    expect(() => parseTraceFilter(["vm=x"])).toThrow("--trace-filter: vm: expected a number, got 'x'");
  });
});
