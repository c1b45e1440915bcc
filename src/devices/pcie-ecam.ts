// An empty PCIe configuration space (ECAM): no function answers, so every read returns
// all ones (vendor ID 0xFFFF) and writes go nowhere.
import type { MmioDevice } from "../mmu/bus.ts";

export class EmptyPcieEcam implements MmioDevice {
  read(_offset: number, size: number): number {
    return size >= 4 ? 0xffff_ffff : size === 2 ? 0xffff : 0xff;
  }
  write(): void {}
}

/** A PCIe memory or I/O window with nothing behind it: reads as zero. */
export class EmptyWindow implements MmioDevice {
  read(): number {
    return 0;
  }
  write(): void {}
}
