// The PCIe configuration space (ECAM, PCIe base spec §7.2.2) of QEMU virt's host: bus << 20 |
// device << 15 | function << 12 | register. Functions we place answer; every other
// (bus, device, function) reads as all ones (vendor ID 0xFFFF: "nothing here") and ignores
// writes, as on QEMU.
import type { MmioDevice } from "../mmu/bus.ts";
import { PciHostBridge, type PciFunction } from "./pci-host-bridge.ts";

const allOnes = (size: number) => (size >= 4 ? 0xffff_ffff : size === 2 ? 0xffff : 0xff);

/** The ECAM offset of bus:device.function. */
export const ecamOffset = (bus: number, device: number, fn: number) => bus * 0x10_0000 + device * 0x8000 + fn * 0x1000;

export class PcieEcam implements MmioDevice {
  private readonly functions = new Map<number, PciFunction>();

  /** Place `f` at bus:device.function. */
  attach(bus: number, device: number, fn: number, f: PciFunction): void {
    this.functions.set(ecamOffset(bus, device, fn) / 0x1000, f);
  }

  read(offset: number, size: number): number {
    const f = this.functions.get(Math.floor(offset / 0x1000));
    return f ? f.configRead(offset % 0x1000, size) : allOnes(size);
  }

  write(offset: number, size: number, value: number): void {
    this.functions.get(Math.floor(offset / 0x1000))?.configWrite(offset % 0x1000, size, value);
  }
}

/** The ECAM of QEMU virt with nothing but its host bridge at 00:00.0 (no -device given). */
export function virtPcieEcam(): PcieEcam {
  const ecam = new PcieEcam();
  ecam.attach(0, 0, 0, new PciHostBridge());
  return ecam;
}

/** A PCIe memory or I/O window with no BAR placed in it: reads as all ones, as an access
 *  that no device claims does on QEMU's PCIe host, and writes go nowhere. */
export class EmptyWindow implements MmioDevice {
  read(_offset: number, size: number): number {
    return allOnes(size);
  }
  write(): void {}
}
