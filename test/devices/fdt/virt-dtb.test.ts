// The generated device tree against QEMU's own (../shared/fixtures/virt.dtb and
// virt-gicv3.dtb, the trees the Avisor course hands its guests), node by node and property
// by property, in order: every node we generate is QEMU's, byte for byte, except the
// differences listed here with their reasons.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDtb } from "../../../src/devices/fdt/parser.ts";
import { findNode, propU32, type FdtNode } from "../../../src/devices/fdt/tree.ts";
import { buildVirtDtb } from "../../../src/devices/fdt/virt-dtb.ts";

const FIXTURES = "../shared/fixtures";

/** QEMU nodes we leave out, because nothing behind them is modelled (a guest that found them
 *  would drive a device that is not there). */
const NOT_MODELLED: Record<string, string> = {
  "/platform@c000000": "QEMU's dynamic sysbus (only filled by -device on the platform bus)",
  "/fw-cfg@9020000": "fw_cfg is QEMU's firmware interface; no firmware reads it here",
  "/gpio-keys": "needs the PL061 GPIO",
  "/pl061@9030000": "no PL061 GPIO controller on our board",
  "/pmu": "no PMU registers in the CPU model",
  "/intc@8000000/v2m@8020000": "no GICv2m MSI frame (no MSIs)",
  "/flash@0": "no CFI flash; images are loaded into RAM directly",
};

/** Properties that differ on purpose, by node path and property name. */
const DIFFERENT: Record<string, string> = {
  "/psci compatible": "our PSCI answers PSCI_VERSION with 1.0, so we list arm,psci-1.0 first, as QEMU 7.2's own tree does",
};

/** Properties QEMU has that we leave out on purpose. */
const ABSENT: Record<string, string> = {
  "/pcie@10000000 msi-parent": "points at the GICv2m frame, which we do not model",
};

function walk(n: FdtNode, path: string, visit: (n: FdtNode, path: string) => void) {
  visit(n, path);
  for (const c of n.children) walk(c, `${path === "/" ? "" : path}/${c.name}`, visit);
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

for (const [file, gic] of [
  ["virt.dtb", 2],
  ["virt-gicv3.dtb", 3],
] as const) {
  const path = `${FIXTURES}/${file}`;
  const have = existsSync(path);
  describe.skipIf(!have)(`generated tree vs QEMU's ${file}${have ? "" : ` (skipped: ${path} not found)`}`, () => {
    // The fixtures describe one cortex-a57 and 128 MiB at 0x40000000.
    const qemu = have ? parseDtb(readFileSync(path), file) : null!;
    const ours = parseDtb(buildVirtDtb({ memBase: 0x4000_0000, memSize: 0x800_0000, nrCpus: 1, gicVersion: gic }));

    it("has QEMU's nodes, in QEMU's order, less the ones not modelled", () => {
      const theirs: string[] = [];
      walk(qemu, "/", (_n, p) => theirs.push(p));
      const mine: string[] = [];
      walk(ours, "/", (_n, p) => mine.push(p));
      const expected = theirs.filter((p) => !Object.keys(NOT_MODELLED).some((skip) => p === skip || p.startsWith(`${skip}/`)));
      expect(mine).toEqual(expected);
    });

    it("every property of every node is QEMU's, byte for byte and in order, but the listed differences", () => {
      walk(ours, "/", (n, p) => {
        const q = findNode(qemu, p)!;
        const qNames = [...q.props.keys()].filter((name) => !(`${p} ${name}` in ABSENT));
        expect([...n.props.keys()], `properties of ${p}`).toEqual(qNames);
        for (const [name, value] of n.props) {
          if (`${p} ${name}` in DIFFERENT) continue;
          expect(hex(value), `${p} ${name}`).toBe(hex(q.props.get(name)!));
        }
      });
    });

    it("the listed differences are real (the test above would not hide a change)", () => {
      for (const key of Object.keys(DIFFERENT)) {
        const [p, name] = key.split(" ");
        expect(hex(findNode(ours, p)!.props.get(name)!)).not.toBe(hex(findNode(qemu, p)!.props.get(name)!));
      }
      for (const key of Object.keys(ABSENT)) {
        const [p, name] = key.split(" ");
        if (!findNode(qemu, p)!.props.has(name)) continue; // virt-gicv3.dtb has no MSI parent either
        expect(findNode(ours, p)!.props.has(name)).toBe(false);
      }
      for (const p of Object.keys(NOT_MODELLED)) expect(findNode(ours, p)).toBeNull();
    });
  });
}

describe("generated tree, the parts guests read", () => {
  it("virtio-mmio transports are listed by ascending address, slot n on SPI 16 + n", () => {
    const t = parseDtb(buildVirtDtb({ memBase: 0x4000_0000, memSize: 0x800_0000, nrCpus: 1, gicVersion: 2 }));
    const virtio = t.children.filter((c) => c.name.startsWith("virtio_mmio@"));
    expect(virtio.length).toBe(32);
    virtio.forEach((v, i) => {
      expect(v.name).toBe(`virtio_mmio@${(0x0a00_0000 + i * 0x200).toString(16)}`);
      expect(propU32(v, "interrupts")).toEqual([0, 16 + i, 1]);
    });
  });

  it("the GICv3 redistributor range is QEMU's 0xf60000 whatever the vCPU count", () => {
    for (const nrCpus of [1, 2, 4]) {
      const t = parseDtb(buildVirtDtb({ memBase: 0x4000_0000, memSize: 0x800_0000, nrCpus, gicVersion: 3 }));
      expect(propU32(findNode(t, "/intc@8000000")!, "reg")).toEqual([0, 0x0800_0000, 0, 0x1_0000, 0, 0x080a_0000, 0, 0xf6_0000]);
    }
  });

  it("PCIe INTx: slot s pin p on SPI 3 + (s + p - 1) mod 4, level high", () => {
    const t = parseDtb(buildVirtDtb({ memBase: 0x4000_0000, memSize: 0x800_0000, nrCpus: 1, gicVersion: 2 }));
    const map = propU32(findNode(t, "/pcie@10000000")!, "interrupt-map")!;
    expect(map.length).toBe(16 * 10);
    const slot1pin1 = map.slice(40, 50); // 5th entry: slot 1, pin 1
    expect(slot1pin1).toEqual([0x800, 0, 0, 1, 0x8001, 0, 0, 0, 4, 4]);
  });

  it("with two vCPUs each cpu node says enable-method psci, between reg and compatible as QEMU orders it", () => {
    const t = parseDtb(buildVirtDtb({ memBase: 0x4000_0000, memSize: 0x800_0000, nrCpus: 2, gicVersion: 2 }));
    expect([...findNode(t, "/cpus/cpu@1")!.props.keys()]).toEqual(["reg", "enable-method", "compatible", "device_type"]);
  });
});
