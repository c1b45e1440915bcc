// The PCIe host as a guest reads it through the ECAM: QEMU virt 7.2's host bridge at 00:00.0
// (values read by images/board-probe on qemu-system-aarch64 7.2, -M virt -nic none), and
// nothing anywhere else.
import { describe, expect, it } from "vitest";
import { EmptyWindow, ecamOffset, virtPcieEcam } from "../../src/devices/pcie-ecam.ts";

/** Header words 0x00-0x3c of 00:00.0 on QEMU 7.2, and the same words after writing all ones. */
const QEMU_HEADER = [0x0008_1b36, 0, 0x0600_0000, 0, 0, 0, 0, 0, 0, 0, 0, 0x1100_1af4, 0, 0, 0, 0];
const QEMU_AFTER_ONES = [0x0008_1b36, 0x0507, 0x0600_0000, 0xff, 0, 0, 0, 0, 0, 0, 0, 0x1100_1af4, 0, 0, 0, 0xff];

describe("PCIe ECAM of the virt board", () => {
  it("00:00.0 is QEMU's host bridge 1b36:0008, class 060000, header type 0, no BARs", () => {
    const e = virtPcieEcam();
    expect(Array.from({ length: 16 }, (_, i) => e.read(i * 4, 4))).toEqual(QEMU_HEADER);
    expect(e.read(0x0, 2)).toBe(0x1b36);
    expect(e.read(0x2, 2)).toBe(0x0008);
    expect(e.read(0xb, 1)).toBe(0x06); // base class: bridge
    expect(e.read(0xa, 1)).toBe(0x00); // subclass: host bridge
    expect(e.read(0xe, 1)).toBe(0x00); // header type 0, single function
    expect(e.read(0x34, 1)).toBe(0); // no capability list
    expect(e.read(0x3d, 1)).toBe(0); // no interrupt pin
  });

  it("writing all ones changes only the command bits 0x0507, cache line size and interrupt line", () => {
    const e = virtPcieEcam();
    const after = Array.from({ length: 16 }, (_, i) => {
      const old = e.read(i * 4, 4);
      e.write(i * 4, 4, 0xffff_ffff);
      const now = e.read(i * 4, 4);
      e.write(i * 4, 4, old);
      return now;
    });
    expect(after).toEqual(QEMU_AFTER_ONES);
    // Put back means put back: the header reads as at reset again.
    expect(Array.from({ length: 16 }, (_, i) => e.read(i * 4, 4))).toEqual(QEMU_HEADER);
  });

  it("sub-word writes touch only their bytes; BAR sizing reads 0 (no BARs)", () => {
    const e = virtPcieEcam();
    e.write(0x3c, 1, 0x2a);
    expect(e.read(0x3c, 4)).toBe(0x2a);
    e.write(0x04, 2, 0x0006); // memory space + bus master
    expect(e.read(0x04, 4)).toBe(0x0006);
    e.write(0x06, 2, 0xffff); // status: nothing to clear, nothing writable
    expect(e.read(0x04, 4)).toBe(0x0006);
    for (let bar = 0x10; bar <= 0x24; bar += 4) {
      e.write(bar, 4, 0xffff_ffff);
      expect(e.read(bar, 4)).toBe(0);
    }
    e.write(0x00, 4, 0x1234_5678); // IDs are read-only
    expect(e.read(0x00, 4)).toBe(0x0008_1b36);
  });

  it("the extended configuration space (0x100-0xfff) of the conventional host bridge reads all ones, 0x40-0xff zero", () => {
    const e = virtPcieEcam();
    expect(e.read(0x40, 4)).toBe(0);
    expect(e.read(0xfc, 4)).toBe(0);
    expect(e.read(0x100, 4)).toBe(0xffff_ffff);
    expect(e.read(0xffc, 2)).toBe(0xffff);
    e.write(0x100, 4, 0);
    expect(e.read(0x100, 4)).toBe(0xffff_ffff);
  });

  it("every other function, device and bus reads all ones and ignores writes", () => {
    const e = virtPcieEcam();
    for (const [b, d, f] of [
      [0, 0, 1],
      [0, 1, 0],
      [0, 31, 7],
      [1, 0, 0],
      [255, 31, 7],
    ]) {
      const o = ecamOffset(b, d, f);
      expect([e.read(o, 4), e.read(o, 2), e.read(o + 0xb, 1)]).toEqual([0xffff_ffff, 0xffff, 0xff]);
      e.write(o + 4, 4, 0xffff_ffff);
      expect(e.read(o + 4, 4)).toBe(0xffff_ffff);
    }
    expect(ecamOffset(1, 2, 3)).toBe(0x11_3000);
  });

  it("the PCIe MMIO and I/O windows read all ones where no BAR is placed, as on QEMU", () => {
    const w = new EmptyWindow();
    expect([w.read(0, 4), w.read(2, 2), w.read(1, 1)]).toEqual([0xffff_ffff, 0xffff, 0xff]);
  });
});
