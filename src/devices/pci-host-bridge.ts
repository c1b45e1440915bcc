// The host bridge QEMU's `virt` puts at 00:00.0 of its PCIe host ("gpex-root", listed in
// QEMU's docs/specs/pci-ids as 1b36:0008, "PCIe host bridge"): a type 0 header with no BARs,
// no capabilities and no interrupt pin, 256 bytes of configuration space. The values and the
// writable bits are those a guest reads on qemu-system-aarch64 7.2 (images/board-probe).

/** The configuration space of one PCI function, as the ECAM reaches it. */
export interface PciFunction {
  /** `reg` is the offset in the function's 4 KiB window, `size` 1, 2 or 4 (aligned). */
  configRead(reg: number, size: number): number;
  configWrite(reg: number, size: number, value: number): void;
}

export const PCI_VENDOR_REDHAT = 0x1b36;
export const PCI_DEVICE_REDHAT_PCIE_HOST = 0x0008;
/** Base class 06 (bridge), subclass 00 (host bridge), programming interface 00. */
export const PCI_CLASS_BRIDGE_HOST = 0x06_0000;
/** QEMU's default subsystem IDs (Red Hat / Qumranet, "QEMU"). */
export const PCI_SUBVENDOR_QEMU = 0x1af4;
export const PCI_SUBDEVICE_QEMU = 0x1100;
/** Conventional configuration space; QEMU answers the PCIe extended part with all ones. */
export const PCI_CONFIG_SIZE = 0x100;

/** Command register bits a guest can set: I/O space, memory space, bus master, SERR#
 *  enable, INTx disable (QEMU's writable mask for a function without VGA or parity). */
const COMMAND_WRITABLE = 0x0507;

const allOnes = (size: number) => (size >= 4 ? 0xffff_ffff : size === 2 ? 0xffff : 0xff);

export class PciHostBridge implements PciFunction {
  private readonly config = new Uint8Array(PCI_CONFIG_SIZE);
  /** Per byte, the bits a configuration write may change. */
  private readonly writable = new Uint8Array(PCI_CONFIG_SIZE);

  constructor() {
    const c = new DataView(this.config.buffer);
    c.setUint16(0x00, PCI_VENDOR_REDHAT, true);
    c.setUint16(0x02, PCI_DEVICE_REDHAT_PCIE_HOST, true);
    c.setUint32(0x08, PCI_CLASS_BRIDGE_HOST << 8, true); // revision 0 in the low byte
    // Header type 0 (single function) at 0x0e; BARs, expansion ROM, capability pointer,
    // interrupt pin: all 0.
    c.setUint16(0x2c, PCI_SUBVENDOR_QEMU, true);
    c.setUint16(0x2e, PCI_SUBDEVICE_QEMU, true);
    const w = new DataView(this.writable.buffer);
    w.setUint16(0x04, COMMAND_WRITABLE, true);
    w.setUint8(0x0c, 0xff); // cache line size (the latency timer is read-only 0 on PCIe)
    w.setUint8(0x3c, 0xff); // interrupt line: a scratch byte for the OS
  }

  configRead(reg: number, size: number): number {
    if (reg + size > PCI_CONFIG_SIZE) return allOnes(size);
    let v = 0;
    for (let i = size - 1; i >= 0; i--) v = (v << 8) | this.config[reg + i];
    return v >>> 0;
  }

  configWrite(reg: number, size: number, value: number): void {
    if (reg + size > PCI_CONFIG_SIZE) return;
    for (let i = 0; i < size; i++) {
      const b = (value >>> (8 * i)) & 0xff;
      const m = this.writable[reg + i];
      this.config[reg + i] = (this.config[reg + i] & ~m) | (b & m);
    }
  }
}
