import { describe, expect, it } from "vitest";
import { IrqLevel } from "../../src/devices/irq-line.ts";
import { Pl011 } from "../../src/devices/pl011.ts";
import { Pl031 } from "../../src/devices/pl031.ts";
import { EmptyVirtioSlot } from "../../src/devices/virtio-mmio.ts";

describe("PL011", () => {
  it("transmits DR writes at once and reports an empty, never-full transmitter", () => {
    const out: number[] = [];
    const u = new Pl011((b) => out.push(b));
    u.write(0, 4, 0x141); // only the low byte leaves
    expect(out).toEqual([0x41]);
    const fr = u.read(0x18, 4);
    expect(fr & (1 << 5)).toBe(0); // TXFF clear
    expect(fr & (1 << 7)).not.toBe(0); // TXFE
    expect(fr & (1 << 4)).not.toBe(0); // RXFE: nothing received
  });

  it("receives input into its FIFO and raises RX interrupts only when unmasked", () => {
    const line = new IrqLevel();
    const u = new Pl011(() => {}, line);
    u.write(0x2c, 4, 1 << 4); // LCR_H.FEN: 32-entry FIFO
    u.pushInput(new Uint8Array([0x61, 0x62]));
    expect(u.read(0x3c, 4) & (1 << 4)).not.toBe(0); // RIS.RXRIS
    expect(line.level).toBe(false); // IMSC masks it
    u.write(0x38, 4, (1 << 4) | (1 << 6)); // IMSC: RX, RT
    expect(line.level).toBe(true);
    expect(u.read(0x40, 4)).toBe((1 << 4) | (1 << 6)); // MIS
    expect([u.read(0, 4), u.read(0, 4)]).toEqual([0x61, 0x62]);
    expect(line.level).toBe(false); // FIFO drained
    expect(u.read(0x18, 4) & (1 << 4)).not.toBe(0);
  });

  it("without the FIFO holds one byte; ICR clears interrupts; ID registers read as a PL011", () => {
    const u = new Pl011(() => {});
    u.pushInput(new Uint8Array([1, 2, 3]));
    expect(u.read(0x18, 4) & (1 << 6)).not.toBe(0); // RXFF
    expect(u.read(0, 4)).toBe(1);
    u.write(0x44, 4, 1 << 5); // ICR: TX
    expect(u.read(0x3c, 4) & (1 << 5)).toBe(0);
    expect([0xfe0, 0xfe4, 0xfe8, 0xff0, 0xff4, 0xff8, 0xffc].map((o) => u.read(o, 4))).toEqual([0x11, 0x10, 0x14, 0x0d, 0xf0, 0x05, 0xb1]);
  });
});

describe("PL031", () => {
  it("counts seconds from its clock, can be loaded, and matches", () => {
    let t = 1000;
    const line = new IrqLevel();
    const r = new Pl031(() => t, line);
    expect(r.read(0, 4)).toBe(1000);
    r.write(0x08, 4, 5000); // LR
    t += 2;
    expect(r.read(0, 4)).toBe(5002);
    r.write(0x10, 4, 1); // IMSC
    r.write(0x04, 4, 5003); // MR
    t += 1;
    r.poll();
    expect(line.level).toBe(true);
    r.write(0x1c, 4, 1); // ICR
    expect(line.level).toBe(false);
    expect(r.read(0xfe0, 4)).toBe(0x31);
  });
});

describe("empty slots", () => {
  it("virtio-mmio reads magic 'virt', version 1 and device id 0", () => {
    const v = new EmptyVirtioSlot();
    expect([v.read(0, 4), v.read(4, 4), v.read(8, 4)]).toEqual([0x74726976, 1, 0]);
  });
});
