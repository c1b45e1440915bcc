// The QEMU `virt` board as data (DESIGN §3) and the devices placed on it. The GIC is not
// here: the hypervisor emulates one per VM and never passes the physical one through.
import type { Bus, MmioDevice } from "../mmu/bus.ts";
import { IrqLevel, type IrqLine } from "./irq-line.ts";
import { EmptyWindow, virtPcieEcam } from "./pcie-ecam.ts";
import { Pl011 } from "./pl011.ts";
import { Pl031 } from "./pl031.ts";
import { EmptyVirtioSlot } from "./virtio-mmio.ts";

export const VIRT = {
  GICD: { base: 0x0800_0000, size: 0x1_0000 },
  GICC: { base: 0x0801_0000, size: 0x1_0000 },
  GICR: { base: 0x080a_0000, size: 0x2_0000 }, // per vCPU
  /** The window QEMU's device tree gives the redistributors (VIRT_GIC_REDIST: 123 of them). */
  GICR_RANGE: { base: 0x080a_0000, size: 0xf6_0000 },
  UART: { base: 0x0900_0000, size: 0x1000, spi: 1 },
  RTC: { base: 0x0901_0000, size: 0x1000, spi: 2 },
  VIRTIO: { base: 0x0a00_0000, size: 0x200, count: 32, spi: 16 },
  PCIE_MMIO: { base: 0x1000_0000, size: 0x2eff_0000 },
  PCIE_PIO: { base: 0x3eff_0000, size: 0x1_0000 },
  PCIE_ECAM: { base: 0x40_1000_0000, size: 0x1000_0000 },
  /** The 64-bit PCIe memory window of the device tree; past the VMs' 39-bit IPA space, so
   *  only ever described, never mapped (no BAR is placed anywhere). */
  PCIE_MMIO_HIGH: { base: 0x80_0000_0000, size: 0x80_0000_0000 },
  /** Legacy INTA-INTD of the PCIe host: SPIs 3-6 (nothing raises them: no device has a pin). */
  PCIE_INTX_SPI: 3,
  RAM: { base: 0x4000_0000 },
  /** Generic timer PPIs: secure phys, non-secure phys, virtual, hypervisor (INTIDs). */
  TIMER_PPIS: { secure: 29, physical: 30, virtual: 27, hyp: 26 },
  CNTFRQ: 62_500_000,
} as const;

/** SPI n is INTID 32 + n. */
export const spiIntid = (spi: number) => 32 + spi;

export interface PlatformDevice {
  name: string;
  base: number;
  size: number;
  device: MmioDevice;
  /** The INTIDs of the interrupt lines it raises (each in Platform.lines): the machine routes
   *  every one to a VM's vGIC, the first VM's unless the config assigns it. */
  interrupts: readonly number[];
}

export interface Platform {
  devices: PlatformDevice[];
  uart: Pl011;
  rtc: Pl031;
  /** Interrupt lines by INTID: the board routes them to a VM's vGIC. */
  lines: Map<number, IrqLevel>;
}

export interface PlatformOptions {
  uartOut: (byte: number) => void;
  /** Seconds since the epoch as the RTC should count them. */
  seconds: () => number;
  /** More devices for this board (a library user's, tests): given a maker of interrupt lines
   *  by INTID, they declare the lines they raise as the virt devices do. */
  extraDevices?: (line: (intid: number) => IrqLine) => PlatformDevice[];
}

/** Create the virt devices and attach them to `bus` at their addresses. */
export function createPlatform(bus: Bus, o: PlatformOptions): Platform {
  const lines = new Map<number, IrqLevel>();
  const line = (intid: number) => {
    if (lines.has(intid)) throw new RangeError(`two platform devices raise INTID ${intid}`);
    const l = new IrqLevel();
    lines.set(intid, l);
    return l;
  };
  const uart = new Pl011(o.uartOut, line(spiIntid(VIRT.UART.spi)));
  const rtc = new Pl031(o.seconds, line(spiIntid(VIRT.RTC.spi)));
  const devices: PlatformDevice[] = [
    { name: "pl011", ...VIRT.UART, device: uart, interrupts: [spiIntid(VIRT.UART.spi)] },
    { name: "pl031", ...VIRT.RTC, device: rtc, interrupts: [spiIntid(VIRT.RTC.spi)] },
    // Nothing on these raises an interrupt: no PCIe function has a pin, every virtio slot is empty.
    { name: "pcie-mmio", ...VIRT.PCIE_MMIO, device: new EmptyWindow(), interrupts: [] },
    { name: "pcie-pio", ...VIRT.PCIE_PIO, device: new EmptyWindow(), interrupts: [] },
    { name: "pcie-ecam", ...VIRT.PCIE_ECAM, device: virtPcieEcam(), interrupts: [] },
  ];
  for (let i = 0; i < VIRT.VIRTIO.count; i++) {
    devices.push({
      name: `virtio-mmio@${(VIRT.VIRTIO.base + i * VIRT.VIRTIO.size).toString(16)}`,
      base: VIRT.VIRTIO.base + i * VIRT.VIRTIO.size,
      size: VIRT.VIRTIO.size,
      device: new EmptyVirtioSlot(),
      interrupts: [],
    });
  }
  if (o.extraDevices !== undefined) devices.push(...o.extraDevices(line));
  for (const d of devices) bus.addMmio(d.name, d.base, d.size, d.device);
  return { devices, uart, rtc, lines };
}
