// The device tree a VM gets when no --dtb is given: the QEMU virt board as the VM sees it
// (its RAM, its vCPUs, PSCI over HVC, the GIC, timer, PL011, PL031, virtio-mmio slots and
// the empty PCIe host), in the shape QEMU itself generates.
import { VIRT } from "../platform.ts";
import { buildDtb } from "./builder.ts";
import { empty, node, str, u32s, u64s, type FdtNode } from "./tree.ts";

export interface VirtDtbOptions {
  /** Guest RAM as the memory node describes it. */
  memBase: number;
  memSize: number;
  /** Further RAM ranges in the same memory node (RAM split around Avisor's shared window). */
  extraMem?: readonly { base: number; size: number }[];
  nrCpus: number;
  gicVersion: 2 | 3;
  bootargs?: string;
}

const PH_CLK = 0x8000;
const PH_GIC = 0x8001;
const SPI = 0;
const PPI = 1;
const LEVEL_HIGH = 4;
const EDGE_RISING = 1;

export function virtDtbTree(o: VirtDtbOptions): FdtNode {
  const hex = (n: number) => n.toString(16);
  // GICv2 PPI specifiers carry a CPU mask in bits [15:8].
  const ppiFlags = o.gicVersion === 2 ? (((1 << o.nrCpus) - 1) << 8) | LEVEL_HIGH : LEVEL_HIGH;
  const cpus = Array.from({ length: o.nrCpus }, (_, i) =>
    node(`cpu@${i}`, {
      device_type: str("cpu"),
      compatible: str("arm,cortex-a57"),
      reg: u32s(i),
      ...(o.nrCpus > 1 ? { "enable-method": str("psci") } : {}),
    }),
  );
  const gic =
    o.gicVersion === 2
      ? node(`intc@${hex(VIRT.GICD.base)}`, {
          phandle: u32s(PH_GIC),
          compatible: str("arm,cortex-a15-gic"),
          "#interrupt-cells": u32s(3),
          "interrupt-controller": empty,
          "#address-cells": u32s(2),
          "#size-cells": u32s(2),
          reg: u64s(VIRT.GICD.base, VIRT.GICD.size, VIRT.GICC.base, VIRT.GICC.size),
        })
      : node(`intc@${hex(VIRT.GICD.base)}`, {
          phandle: u32s(PH_GIC),
          compatible: str("arm,gic-v3"),
          "#interrupt-cells": u32s(3),
          "interrupt-controller": empty,
          "#redistributor-regions": u32s(1),
          reg: u64s(VIRT.GICD.base, VIRT.GICD.size, VIRT.GICR.base, VIRT.GICR.size * o.nrCpus),
        });
  const virtio: FdtNode[] = [];
  for (let i = VIRT.VIRTIO.count - 1; i >= 0; i--) {
    const base = VIRT.VIRTIO.base + i * VIRT.VIRTIO.size;
    virtio.push(
      node(`virtio_mmio@${hex(base)}`, {
        "dma-coherent": empty,
        interrupts: u32s(SPI, VIRT.VIRTIO.spi + i, EDGE_RISING),
        reg: u64s(base, VIRT.VIRTIO.size),
        compatible: str("virtio,mmio"),
      }),
    );
  }
  const pcie = node(`pcie@${hex(VIRT.PCIE_MMIO.base)}`, {
    compatible: str("pci-host-ecam-generic"),
    device_type: str("pci"),
    "#address-cells": u32s(3),
    "#size-cells": u32s(2),
    "linux,pci-domain": u32s(0),
    "bus-range": u32s(0, 0xff),
    "dma-coherent": empty,
    reg: u64s(VIRT.PCIE_ECAM.base, VIRT.PCIE_ECAM.size),
    ranges: u32s(
      0x0100_0000, 0, 0, 0, VIRT.PCIE_PIO.base, 0, VIRT.PCIE_PIO.size,
      0x0200_0000, 0, VIRT.PCIE_MMIO.base, 0, VIRT.PCIE_MMIO.base, 0, VIRT.PCIE_MMIO.size,
    ),
  });
  return node("", { "interrupt-parent": u32s(PH_GIC), "#size-cells": u32s(2), "#address-cells": u32s(2), compatible: str("linux,dummy-virt") }, [
    node("psci", {
      migrate: u32s(0xc400_0005),
      cpu_on: u32s(0xc400_0003),
      cpu_off: u32s(0x8400_0002),
      cpu_suspend: u32s(0xc400_0001),
      method: str("hvc"),
      compatible: str("arm,psci-1.0", "arm,psci-0.2", "arm,psci"),
    }),
    node(`memory@${hex(o.memBase)}`, { reg: u64s(o.memBase, o.memSize, ...(o.extraMem ?? []).flatMap((r) => [r.base, r.size])), device_type: str("memory") }),
    ...virtio,
    pcie,
    node(`pl031@${hex(VIRT.RTC.base)}`, {
      "clock-names": str("apb_pclk"),
      clocks: u32s(PH_CLK),
      interrupts: u32s(SPI, VIRT.RTC.spi, LEVEL_HIGH),
      reg: u64s(VIRT.RTC.base, VIRT.RTC.size),
      compatible: str("arm,pl031", "arm,primecell"),
    }),
    node(`pl011@${hex(VIRT.UART.base)}`, {
      "clock-names": str("uartclk", "apb_pclk"),
      clocks: u32s(PH_CLK, PH_CLK),
      interrupts: u32s(SPI, VIRT.UART.spi, LEVEL_HIGH),
      reg: u64s(VIRT.UART.base, VIRT.UART.size),
      compatible: str("arm,pl011", "arm,primecell"),
    }),
    gic,
    node("cpus", { "#size-cells": u32s(0), "#address-cells": u32s(1) }, cpus),
    node("timer", {
      interrupts: u32s(PPI, 13, ppiFlags, PPI, 14, ppiFlags, PPI, 11, ppiFlags, PPI, 10, ppiFlags),
      "always-on": empty,
      compatible: str("arm,armv8-timer", "arm,armv7-timer"),
    }),
    node("apb-pclk", {
      phandle: u32s(PH_CLK),
      "clock-output-names": str("clk24mhz"),
      "clock-frequency": u32s(24_000_000),
      "#clock-cells": u32s(0),
      compatible: str("fixed-clock"),
    }),
    node("chosen", { "stdout-path": str(`/pl011@${hex(VIRT.UART.base)}`), ...(o.bootargs ? { bootargs: str(o.bootargs) } : {}) }),
  ]);
}

export function buildVirtDtb(o: VirtDtbOptions): Uint8Array {
  return buildDtb(virtDtbTree(o));
}
