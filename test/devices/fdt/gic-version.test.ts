// The GIC a device tree describes decides the vGIC when the user gives a DTB (src/machine.ts).
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dtbGicVersion } from "../../../src/devices/fdt/gic-version.ts";
import { parseDtb } from "../../../src/devices/fdt/parser.ts";
import { virtDtbTree } from "../../../src/devices/fdt/virt-dtb.ts";
import { node } from "../../../src/devices/fdt/tree.ts";

const FIXTURES = "../shared/fixtures";
const tree = (gicVersion: 2 | 3) => virtDtbTree({ memBase: 0x4000_0000, memSize: 0x800_0000, nrCpus: 1, gicVersion });

describe("the GIC version a DTB describes", () => {
  it("our generated trees say what they were made for", () => {
    expect(dtbGicVersion(tree(2))).toBe(2);
    expect(dtbGicVersion(tree(3))).toBe(3);
  });

  it("a tree without an interrupt controller names none", () => {
    expect(dtbGicVersion(node("", {}, [node("memory@40000000")]))).toBeNull();
  });

  const have = existsSync(`${FIXTURES}/virt.dtb`) && existsSync(`${FIXTURES}/virt-gicv3.dtb`);
  it.skipIf(!have)(`QEMU's virt.dtb says 2, its virt-gicv3.dtb 3${have ? "" : ` (skipped: ${FIXTURES} is missing)`}`, () => {
    expect(dtbGicVersion(parseDtb(readFileSync(`${FIXTURES}/virt.dtb`)))).toBe(2);
    expect(dtbGicVersion(parseDtb(readFileSync(`${FIXTURES}/virt-gicv3.dtb`)))).toBe(3);
  });
});
