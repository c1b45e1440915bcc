import { existsSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DtbError, parseDtb } from "../../../src/devices/fdt/parser.ts";
import { buildVirtDtb } from "../../../src/devices/fdt/virt-dtb.ts";
import { findNode, propStrings, propU32 } from "../../../src/devices/fdt/tree.ts";
import { skipNote } from "../../skip-note.ts";

const FIXTURES = "../shared/fixtures";
const generated = buildVirtDtb({ memBase: 0x4000_0000, memSize: 0x810_0000, nrCpus: 2, gicVersion: 2 });

describe("device trees", () => {
  it("generates a virt DTB that parses back with memory, GIC, UART, PSCI and timer", () => {
    const t = parseDtb(generated);
    expect(propU32(findNode(t, "/memory@40000000")!, "reg")).toEqual([0, 0x4000_0000, 0, 0x810_0000]);
    expect(propU32(findNode(t, "/intc@8000000")!, "reg")).toEqual([0, 0x0800_0000, 0, 0x1_0000, 0, 0x0801_0000, 0, 0x1_0000]);
    expect(propStrings(findNode(t, "/psci")!, "method")).toEqual(["hvc"]);
    expect(propStrings(findNode(t, "/chosen")!, "stdout-path")).toEqual(["/pl011@9000000"]);
    expect(propU32(findNode(t, "/pl011@9000000")!, "interrupts")).toEqual([0, 1, 4]);
    expect(findNode(t, "/cpus")!.children.map((c) => c.name)).toEqual(["cpu@0", "cpu@1"]);
    expect(propU32(findNode(t, "/timer")!, "interrupts")![1]).toBe(13);
  });

  for (const f of ["virt.dtb", "virt-gicv3.dtb"]) {
    const missing = existsSync(`${FIXTURES}/${f}`) ? null : `no QEMU ${f} in ${FIXTURES}`;
    it.skipIf(missing !== null)(`parses QEMU's ${f} (from ${FIXTURES})${skipNote(missing)}`, () => {
      const t = parseDtb(readFileSync(`${FIXTURES}/${f}`), f);
      expect(propU32(findNode(t, "/memory@40000000")!, "reg")).toEqual([0, 0x4000_0000, 0, 0x800_0000]);
      expect(propStrings(findNode(t, "/psci")!, "method")).toEqual(["hvc"]);
      expect(findNode(t, "/pl011@9000000")).not.toBeNull();
      expect(propU32(findNode(t, "/intc@8000000")!, "reg")![1]).toBe(0x0800_0000);
    });
  }

  it("rejects malformed blobs with a DtbError, never another exception (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: generated.length - 1 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 1, max: generated.length }),
        (at, byte, cut) => {
          const b = generated.slice(0, cut);
          if (at < b.length) b[at] = byte;
          try {
            parseDtb(b);
          } catch (e) {
            expect(e).toBeInstanceOf(DtbError);
            expect((e as Error).message.includes("\n")).toBe(false);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("says what is wrong", () => {
    expect(() => parseDtb(new Uint8Array(8))).toThrow(/too short/);
    const b = generated.slice();
    b[0] = 0;
    expect(() => parseDtb(b)).toThrow(/bad magic/);
    expect(() => parseDtb(generated.slice(0, 100))).toThrow(/totalsize/);
  });
});
