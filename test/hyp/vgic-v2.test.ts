import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { VGicV2 } from "../../src/hyp/vgic-v2.ts";

const D = 0,
  C = 1; // region index: distributor, CPU interface

function gic(n = 1) {
  const g = new VGicV2(n);
  const rd = (r: number, off: number, size = 4) => g.regions[r].device.read(off, size);
  const wr = (r: number, off: number, v: number, size = 4) => g.regions[r].device.write(off, size, v);
  return { g, rd, wr };
}

/** Distributor and CPU interface on, PMR open, SPI `id` enabled at priority 0xa0. */
function ready(id = 33, n = 1) {
  const t = gic(n);
  t.wr(D, 0x000, 1);
  t.wr(C, 0x000, 1);
  t.wr(C, 0x004, 0xf0);
  t.wr(D, 0x100 + 4 * (id >> 5), 1 << (id & 31));
  t.wr(D, 0x400 + id, 0xa0, 1);
  t.wr(D, 0x800 + id, 1, 1);
  return t;
}

describe("virtual GICv2", () => {
  it("describes itself like QEMU virt's: 288 interrupts, CPU count, GICv2", () => {
    const { rd } = gic(2);
    expect(rd(D, 0x004)).toBe(8 | (1 << 5)); // ITLinesNumber 8, CPUNumber 1
    expect(rd(D, 0xfe8) >> 4).toBe(2);
    expect(rd(C, 0x00c)).toBe(1023); // nothing pending: spurious
  });

  it("a level interrupt: pending while high, acknowledged → active, EOI re-pends if still high", () => {
    const { g, rd, wr } = ready();
    expect(g.irqPending(0)).toBe(false);
    g.setLevel(33, true, 0);
    expect(g.irqPending(0)).toBe(true);
    expect(rd(C, 0x018)).toBe(33); // HPPIR
    expect(rd(C, 0x00c)).toBe(33); // IAR
    expect(g.irqPending(0)).toBe(false); // active: not signalled again
    expect(rd(D, 0x304) & 2).toBe(2); // ISACTIVER1 bit 1
    expect(rd(C, 0x014)).toBe(0xa0); // RPR
    wr(C, 0x010, 33); // EOIR
    expect(g.irqPending(0)).toBe(true); // line still high
    rd(C, 0x00c);
    g.setLevel(33, false, 0);
    wr(C, 0x010, 33);
    expect(g.irqPending(0)).toBe(false);
    expect(rd(C, 0x014)).toBe(0xff);
  });

  it("an edge interrupt fires once per rising edge", () => {
    const { g, rd, wr } = ready(40);
    wr(D, 0xc00 + 4 * Math.floor(40 / 16), 2 << (2 * (40 % 16))); // ICFGR2: 40 edge-triggered
    g.setLevel(40, true, 0);
    expect(rd(C, 0x00c)).toBe(40);
    wr(C, 0x010, 40);
    expect(g.irqPending(0)).toBe(false); // still high, but edge: no re-pend
  });

  it("PMR and the running priority mask lower-priority interrupts", () => {
    const { g, wr } = ready();
    wr(C, 0x004, 0xa0); // PMR equal to the priority: masked
    g.setLevel(33, true, 0);
    expect(g.irqPending(0)).toBe(false);
    wr(C, 0x004, 0xa8);
    expect(g.irqPending(0)).toBe(true);
    wr(D, 0x180 + 4, 1 << 1); // ICENABLER1: disable 33
    expect(g.irqPending(0)).toBe(false);
  });

  it("SGIs carry their source CPU; ITARGETSR of private interrupts reads the CPU's own bit", () => {
    const { g, rd, wr } = ready(33, 2);
    g.currentVcpu = 1;
    wr(C, 0x000, 1);
    wr(C, 0x004, 0xf0);
    g.currentVcpu = 0;
    wr(D, 0xf00, (1 << 17) | 5); // SGI 5 to CPU 1
    expect(g.irqPending(1)).toBe(true);
    expect(g.irqPending(0)).toBe(false);
    g.currentVcpu = 1;
    expect(rd(C, 0x00c)).toBe(5 | (0 << 10));
    expect(rd(D, 0x800, 1)).toBe(2);
    wr(D, 0xf00, (1 << 24) | 3); // to all others: CPU 0
    expect(g.irqPending(0)).toBe(true);
  });

  it("IAR never returns a disabled or masked interrupt (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 32, max: 40 }), fc.integer({ min: 0, max: 255 })), { maxLength: 40 }),
        (ops) => {
          const { g, rd, wr } = gic();
          wr(D, 0, 1);
          wr(C, 0, 1);
          const enabled = new Set<number>();
          let pmr = 0;
          for (const [op, id, v] of ops) {
            if (op === 0) g.setLevel(id, v % 2 === 0, 0);
            else if (op === 1) {
              wr(D, 0x100 + 4, 1 << (id - 32));
              enabled.add(id);
            } else if (op === 2) {
              wr(D, 0x180 + 4, 1 << (id - 32));
              enabled.delete(id);
            } else if (op === 3) {
              wr(C, 4, v);
              pmr = v & 0xff;
            } else if (op === 4) wr(D, 0x400 + id, v, 1);
            else {
              const iar = rd(C, 0x00c);
              if (iar !== 1023) {
                expect(enabled.has(iar)).toBe(true);
                expect(rd(D, 0x400 + iar, 1)).toBeLessThan(pmr);
                wr(C, 0x010, iar);
              }
            }
          }
        },
      ),
    );
  });

  it("irqPending keeps its answer only while nothing changed: it always equals a fresh look (property)", () => {
    class Probe extends VGicV2 {
      fresh(vcpu: number): boolean {
        return this.signals(vcpu);
      }
    }
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 16, max: 40 }), fc.integer({ min: 0, max: 255 })), { maxLength: 60 }),
        (ops) => {
          const g = new Probe(2);
          const wr = (r: number, off: number, v: number, size = 4) => g.regions[r].device.write(off, size, v);
          for (const [op, id, v] of ops) {
            const cpu = v & 1;
            g.currentVcpu = cpu;
            if (op === 0) g.setLevel(id, v % 2 === 0, cpu);
            else if (op === 1) wr(D, 0x100 + 4 * (id >> 5), 1 << (id & 31));
            else if (op === 2) wr(D, 0x180 + 4 * (id >> 5), 1 << (id & 31));
            else if (op === 3) wr(C, 4, v);
            else if (op === 4) wr(D, 0x400 + id, v, 1);
            else if (op === 5) wr(D, 0, v & 1);
            else if (op === 6) wr(C, 0, v & 1);
            else if (op === 7) {
              const iar = g.regions[C].device.read(0x00c, 4);
              if (iar !== 1023 && v > 128) wr(C, 0x010, iar);
            } else wr(D, 0x800 + id, v & 3, 1);
            for (const c of [0, 1]) expect(g.irqPending(c)).toBe(g.fresh(c));
          }
        },
      ),
    );
  });
});
