// An empty virtio-mmio transport slot (virtio spec 1.x §4.2.2): the magic and version a
// driver probes, DeviceID 0 meaning "no device here". Every other register reads as zero and
// writes are ignored, as QEMU's slot without a backend; an offset that is no register of
// the (legacy) layout, or an access that is not 32 bits wide, is reported as a guest error.
import type { MmioDevice } from "../mmu/bus.ts";
import { IGNORE_GUEST_ERRORS, type GuestErrorReporter } from "./guest-error.ts";

export const VIRTIO_MAGIC = 0x7472_6976; // "virt"
/** QEMU's virt board exposes legacy (version 1) transports by default. */
export const VIRTIO_VERSION = 1;
export const VIRTIO_VENDOR_QEMU = 0x554d_4551; // "QEMU"

/** Offsets of the virtio-mmio registers; device configuration space from 0x100. */
const REGISTERS = new Set([
  0x000,
  0x004,
  0x008,
  0x00c,
  0x010,
  0x014,
  0x020,
  0x024,
  0x028,
  0x030,
  0x034,
  0x038,
  0x03c,
  0x040,
  0x044,
  0x050,
  0x060,
  0x064,
  0x070,
  0x080,
  0x084,
  0x090,
  0x094,
  0x0a0,
  0x0a4,
  0x0fc, // version 2's, which drivers may probe too
]);
const CONFIG_SPACE = 0x100;

export class EmptyVirtioSlot implements MmioDevice {
  /** Set by the board. */
  guestError: GuestErrorReporter = IGNORE_GUEST_ERRORS;

  private check(offset: number, size: number, write: boolean): void {
    if (offset >= CONFIG_SPACE) return; // a device's configuration: any width (none here)
    if (!REGISTERS.has(offset)) this.guestError(offset, size, write, "unknown register");
    else if (size !== 4) this.guestError(offset, size, write, "unsupported size");
  }

  read(offset: number, size = 4): number {
    this.check(offset, size, false);
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

  write(offset: number, size: number, _value: number): void {
    this.check(offset, size, true);
  }
}
