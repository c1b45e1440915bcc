// An empty virtio-mmio transport slot (virtio spec 1.x §4.2.2): the magic and version a
// driver probes, DeviceID 0 meaning "no device here". Writes are ignored.
import type { MmioDevice } from "../mmu/bus.ts";

export const VIRTIO_MAGIC = 0x7472_6976; // "virt"
/** QEMU's virt board exposes legacy (version 1) transports by default. */
export const VIRTIO_VERSION = 1;
export const VIRTIO_VENDOR_QEMU = 0x554d_4551; // "QEMU"

export class EmptyVirtioSlot implements MmioDevice {
  read(offset: number, _size = 4): number {
    switch (offset) {
      case 0x000:
        return VIRTIO_MAGIC;
      case 0x004:
        return VIRTIO_VERSION;
      case 0x008:
        return 0; // DeviceID: none
      case 0x00c:
        return VIRTIO_VENDOR_QEMU;
      default:
        return 0;
    }
  }
  write(): void {}
}
