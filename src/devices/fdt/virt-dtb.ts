// The device tree a VM gets when no --dtb is given: the QEMU virt board as the VM sees it
// (its RAM, its vCPUs, PSCI over HVC, the GIC, timer, PL011, PL031, virtio-mmio slots and
// the PCIe host), node for node and property for property as in QEMU's virt.dtb, the tree the
// Avisor course gives its guests (test/devices/fdt/virt-dtb.test.ts: what we leave out, why).
import { TWO32 } from "../../arch/numbers.ts";
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

/** A 64-bit number as two 32-bit cells. */
const u64Cells = (v: number) => [Math.floor(v / TWO32), v % TWO32];

export function virtDtbTree(o: VirtDtbOptions): FdtNode {
  const hex = (n: number) => n.toString(16);
  // GICv2 PPI specifiers carry a CPU mask in bits [15:8].
  const ppiFlags = o.gicVersion === 2 ? (((1 << o.nrCpus) - 1) << 8) | LEVEL_HIGH : LEVEL_HIGH;
  const cpus = Array.from({ length: o.nrCpus }, (_, i) =>
    node(`cpu@${i}`, {
      reg: u32s(i),
      ...(o.nrCpus > 1 ? { "enable-method": str("psci") } : {}),
      compatible: str("arm,cortex-a57"),
      device_type: str("cpu"),
    }),
  );
  // Property order as in QEMU's tree. No v2m frame (GICv2) or ITS (GICv3) child: we have
  // no MSI controller. The redistributor range is QEMU's whole VIRT_GIC_REDIST window (room
  // for 123 redistributors); a guest finds ours by walking GICR_TYPER up to Last.
  const gicCommon = {
    ranges: empty,
    "#size-cells": u32s(2),
    "#address-cells": u32s(2),
    "interrupt-controller": empty,
    "#interrupt-cells": u32s(3),
  };
  const gic =
    o.gicVersion === 2
      ? node(`intc@${hex(VIRT.GICD.base)}`, {
          phandle: u32s(PH_GIC),
          reg: u64s(VIRT.GICD.base, VIRT.GICD.size, VIRT.GICC.base, VIRT.GICC.size),
          compatible: str("arm,cortex-a15-gic"),
          ...gicCommon,
        })
      : node(`intc@${hex(VIRT.GICD.base)}`, {
          phandle: u32s(PH_GIC),
          reg: u64s(VIRT.GICD.base, VIRT.GICD.size, VIRT.GICR_RANGE.base, VIRT.GICR_RANGE.size),
          "#redistributor-regions": u32s(1),
          compatible: str("arm,gic-v3"),
          ...gicCommon,
        });
  // QEMU lists the transports by ascending address (it creates them from the top down,
  // and libfdt puts each new node first); Linux and Unikraft number them in tree order.
  const virtio: FdtNode[] = [];
  for (let i = 0; i < VIRT.VIRTIO.count; i++) {
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
  // Legacy INTx of slot s, pin p (1-4) goes to SPI 3 + (s + p - 1) % 4, level high, as QEMU
  // swizzles them (only the device number, bits 12:11 of the address, selects the slot).
  const intxMap: number[] = [];
  for (let slot = 0; slot < 4; slot++)
    for (let pin = 1; pin <= 4; pin++) intxMap.push(slot << 11, 0, 0, pin, PH_GIC, 0, 0, SPI, VIRT.PCIE_INTX_SPI + ((slot + pin - 1) % 4), LEVEL_HIGH);
  // As QEMU's, less msi-parent (no MSI controller here).
  const pcie = node(`pcie@${hex(VIRT.PCIE_MMIO.base)}`, {
    "interrupt-map-mask": u32s(0x1800, 0, 0, 7),
    "interrupt-map": u32s(...intxMap),
    "#interrupt-cells": u32s(1),
    ranges: u32s(
      0x0100_0000,
      0,
      0,
      0,
      VIRT.PCIE_PIO.base,
      0,
      VIRT.PCIE_PIO.size,
      0x0200_0000,
      0,
      VIRT.PCIE_MMIO.base,
      0,
      VIRT.PCIE_MMIO.base,
      0,
      VIRT.PCIE_MMIO.size,
      0x0300_0000,
      ...u64Cells(VIRT.PCIE_MMIO_HIGH.base),
      ...u64Cells(VIRT.PCIE_MMIO_HIGH.base),
      ...u64Cells(VIRT.PCIE_MMIO_HIGH.size),
    ),
    reg: u64s(VIRT.PCIE_ECAM.base, VIRT.PCIE_ECAM.size),
    "dma-coherent": empty,
    "bus-range": u32s(0, 0xff),
    "linux,pci-domain": u32s(0),
    "#size-cells": u32s(2),
    "#address-cells": u32s(3),
    device_type: str("pci"),
    compatible: str("pci-host-ecam-generic"),
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
