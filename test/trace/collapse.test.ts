// Repeated and address-varying runs of trace lines fold into one summary line each.
import { describe, expect, it } from "vitest";
import { RepeatCollapser } from "../../src/trace/collapse.ts";

function collapse(lines: string[]): string[] {
  const out: string[] = [];
  const c = new RepeatCollapser((l) => out.push(l));
  for (const l of lines) c.push(l);
  c.flush();
  return out;
}

describe("RepeatCollapser", () => {
  it("writes a run's first line at once and sums up identical repeats when the run ends", () => {
    const out: string[] = [];
    const c = new RepeatCollapser((l) => out.push(l));
    c.push("vm0 vcpu0 exit wfi pc 0x40100010");
    expect(out).toEqual(["vm0 vcpu0 exit wfi pc 0x40100010"]);
    for (let i = 0; i < 8191; i++) c.push("vm0 vcpu0 exit wfi pc 0x40100010");
    c.push("vm0 vcpu0 psci SYSTEM_OFF");
    c.flush();
    expect(out).toEqual(["vm0 vcpu0 exit wfi pc 0x40100010", "vm0 vcpu0 exit wfi pc 0x40100010 (repeated 8191 more times)", "vm0 vcpu0 psci SYSTEM_OFF"]);
  });

  it("folds the PCIe probe: lines differing only in bus:dev.fn become one range line", () => {
    const lines: string[] = [];
    for (let bus = 0; bus < 256; bus++)
      for (let dev = 0; dev < 32; dev++)
        lines.push(
          `vm0 vcpu0 mmio read 2 B pcie-ecam ${bus.toString(16).padStart(2, "0")}:${dev.toString(16).padStart(2, "0")}.0 VendorID -> 0xffff pc 0x401056b4`,
        );
    expect(collapse(lines)).toEqual([
      "vm0 vcpu0 mmio read 2 B pcie-ecam 00:00.0 VendorID -> 0xffff pc 0x401056b4",
      "vm0 vcpu0 mmio read 2 B pcie-ecam 00:00.0..ff:1f.0 VendorID -> 0xffff pc 0x401056b4 (8192 lines, differing only in that range)",
    ]);
  });

  it("folds register arrays by index and hex values, but only one word at the same place", () => {
    const arr = Array.from({ length: 10 }, (_, i) => `vm0 vcpu0 mmio write 4 B vgic GICD_IPRIORITYR${i + 8} <- 0x80808080 pc 0x40108ed8`);
    expect(collapse(arr)).toEqual([
      arr[0],
      "vm0 vcpu0 mmio write 4 B vgic GICD_IPRIORITYR8..GICD_IPRIORITYR17 <- 0x80808080 pc 0x40108ed8 (10 lines, differing only in that range)",
    ]);
    // Two words vary (register and value): no folding.
    const two = ["mmio write 4 B vgic GICD_ICACTIVER1 <- 0x1 pc 0x1", "mmio write 4 B vgic GICD_ICACTIVER2 <- 0x2 pc 0x1"];
    expect(collapse(two)).toEqual(two);
    // Different names with indices are not one array; decimal words that are not indices stay.
    const names = ["x GICD_ISENABLER1 y", "x GICD_ICENABLER1 y", "irq inject 27 (vtimer)", "irq inject 30 (ptimer)"];
    expect(collapse(names)).toEqual(names);
  });

  it("folds words of different lengths and at the end of a line; a space inside the change is two words", () => {
    expect(collapse(["x 0x1 y", "x 0x10 y", "x 0x100 y"])).toEqual(["x 0x1 y", "x 0x1..0x100 y (3 lines, differing only in that range)"]);
    expect(collapse(["pc 0x9", "pc 0x10"])).toEqual(["pc 0x9", "pc 0x9..0x10 (2 lines, differing only in that range)"]);
    expect(collapse(["a 0x1 b", "a 0x2 0x3 b"])).toEqual(["a 0x1 b", "a 0x2 0x3 b"]);
  });

  it("a fold keeps to the word it started on", () => {
    const lines = ["read 0x10 at 0x1", "read 0x20 at 0x1", "read 0x20 at 0x2", "read 0x20 at 0x3"];
    expect(collapse(lines)).toEqual([
      "read 0x10 at 0x1",
      "read 0x10..0x20 at 0x1 (2 lines, differing only in that range)",
      "read 0x20 at 0x2",
      "read 0x20 at 0x2..0x3 (2 lines, differing only in that range)",
    ]);
  });
});
