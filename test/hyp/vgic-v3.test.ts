// The virtual GICv3 as a guest driver sees it: identification, redistributor discovery and
// wake-up, affinity routing, the ICC_* CPU interface, SGIs between vCPUs.
import { describe, expect, it } from "vitest";
import { VGicV3 } from "../../src/hyp/vgic-v3.ts";

const D = 0,
  R = 1; // regions: distributor, redistributors
const SGI = 0x1_0000; // SGI/PPI frame inside a redistributor
const STRIDE = 0x2_0000;

function gic(n = 1) {
  const g = new VGicV3(n);
  const rd = (r: number, off: number, size = 4) => g.regions[r].device.read(off, size);
  const wr = (r: number, off: number, v: number, size = 4) => g.regions[r].device.write(off, size, v);
  const icc = Array.from({ length: n }, (_, i) => g.cpuInterface(i));
  return { g, rd, wr, icc };
}

/** Driver set-up as Unikraft and Linux do it, for every vCPU. */
function ready(n = 1) {
  const t = gic(n);
  t.wr(D, 0x000, (1 << 4) | (1 << 1));
  for (let c = 0; c < n; c++) {
    t.wr(R, c * STRIDE + 0x14, 0);
    t.wr(R, c * STRIDE + SGI + 0x80, 0xffffffff);
    t.icc[c].write("PMR", 0xffn);
    t.icc[c].write("IGRPEN1", 1n);
  }
  return t;
}

describe("virtual GICv3", () => {
  it("identifies itself as a GICv3 with affinity routing and no security", () => {
    const { rd, icc } = gic(2);
    expect(rd(D, 0xffe8) >> 4).toBe(3);
    expect(rd(D, 0x000) & 0x50).toBe(0x50); // ARE and DS read as one
    expect(rd(D, 0x004) & 0x1f).toBe(7); // ITLinesNumber: INTIDs 0-255, as QEMU's GICv3
    expect(rd(R, 0xffe8) >> 4).toBe(3);
    expect(icc[0].read("SRE") & 1n).toBe(1n);
  });

  it("redistributors are found by walking GICR_TYPER until Last, with the vCPU's affinity", () => {
    const { rd } = gic(3);
    const found: number[] = [];
    for (let c = 0; ; c++) {
      found.push(rd(R, c * STRIDE + 0x0c));
      if (rd(R, c * STRIDE + 0x08) & (1 << 4)) break;
    }
    expect(found).toEqual([0, 1, 2]);
  });

  it("a redistributor wakes when ProcessorSleep is cleared", () => {
    const { rd, wr } = gic(1);
    expect(rd(R, 0x14) & 0b110).toBe(0b110);
    wr(R, 0x14, 0);
    expect(rd(R, 0x14) & 0b100).toBe(0);
  });

  it("a PPI enabled in the SGI frame is signalled, acknowledged through ICC_IAR1 and ended through ICC_EOIR1", () => {
    const { g, wr, icc } = ready(1);
    wr(R, SGI + 0x400 + 27, 0xa0, 1);
    wr(R, SGI + 0x100, 1 << 27);
    g.setLevel(27, true, 0);
    expect(g.irqPending(0)).toBe(true);
    expect(icc[0].read("HPPIR1")).toBe(27n);
    expect(icc[0].read("IAR1")).toBe(27n);
    expect(icc[0].read("RPR")).toBe(0xa0n);
    expect(g.irqPending(0)).toBe(false); // active, level still high: not signalled again yet
    g.setLevel(27, false, 0);
    icc[0].write("EOIR1", 27n);
    expect(icc[0].read("RPR")).toBe(0xffn);
    expect(icc[0].read("IAR1")).toBe(1023n);
  });

  it("SPIs go where IROUTER sends them; IRM=1 means any vCPU", () => {
    const { g, wr, icc } = ready(2);
    wr(D, 0x400 + 40, 0x80, 1);
    wr(D, 0x100 + 4, 1 << 8);
    wr(D, 0x6000 + 8 * 40, 1); // Aff0 = 1
    g.setLevel(40, true, 0);
    expect(g.irqPending(0)).toBe(false);
    expect(g.irqPending(1)).toBe(true);
    wr(D, 0x6000 + 8 * 40 + 4, 0);
    wr(D, 0x6000 + 8 * 40, 1 << 31); // IRM
    expect(g.irqPending(0)).toBe(true);
    expect(icc[0].read("IAR1")).toBe(40n);
  });

  it("ICC_SGI1R_EL1 raises an SGI on the listed vCPUs, and with IRM=1 on all others", () => {
    const { g, icc } = ready(3);
    icc[0].write("SGI1R", (5n << 24n) | 0b100n); // SGI 5 to vCPU 2
    expect([0, 1, 2].map((c) => g.irqPending(c))).toEqual([false, false, true]);
    expect(icc[2].read("IAR1")).toBe(5n);
    icc[2].write("EOIR1", 5n);
    icc[1].write("SGI1R", (3n << 24n) | (1n << 40n)); // SGI 3 to everyone but vCPU 1
    expect([0, 1, 2].map((c) => g.irqPending(c))).toEqual([true, false, true]);
  });

  it("with ICC_CTLR_EL1.EOImode=1, EOIR drops priority and DIR deactivates", () => {
    const { g, wr, icc } = ready(1);
    icc[0].write("CTLR", 2n);
    wr(R, SGI + 0x400 + 27, 0xa0, 1);
    wr(R, SGI + 0x100, 1 << 27);
    g.setLevel(27, true, 0);
    expect(icc[0].read("IAR1")).toBe(27n);
    icc[0].write("EOIR1", 27n);
    expect(icc[0].read("RPR")).toBe(0xffn);
    expect(g.irqPending(0)).toBe(false); // still active
    icc[0].write("DIR", 27n);
    expect(g.irqPending(0)).toBe(true); // the line is still high
  });

  // What QEMU virt 7.2 + Avisor show a guest (images/board-probe; Avisor's vgicv3.c builds
  // GICD_TYPER and GICR_TYPER itself). Bare QEMU also sets LPIS/PLPIS and IDbits 16: it has
  // LPIs, we do not, so we follow Avisor there.
  it("GICD_TYPER is 0x00480007: 256 INTIDs, 10 ID bits, no LPIs; IIDR 0x43b as QEMU's", () => {
    const { rd } = gic(1);
    const typer = rd(D, 0x004);
    expect(typer).toBe(0x0048_0007);
    expect(32 * ((typer & 0x1f) + 1)).toBe(256);
    expect((typer >> 17) & 1).toBe(0); // LPIS
    expect(((typer >> 19) & 0x1f) + 1).toBe(10); // IDbits
    expect(rd(D, 0x008)).toBe(0x43b);
    expect(rd(R, 0x004)).toBe(0x43b);
    expect(rd(D, 0x00c)).toBe(0); // GICD_TYPER2
  });

  it("no LPIs: GICR_TYPER.PLPIS is 0, GICR_CTLR.EnableLPIs stays 0, PROPBASER/PENDBASER read 0 and ignore writes", () => {
    const { rd, wr } = gic(2);
    for (const c of [0, 1]) {
      const base = c * STRIDE;
      expect(rd(R, base + 0x08) & 1).toBe(0); // PLPIS
      wr(R, base + 0x00, 1); // EnableLPIs
      expect(rd(R, base + 0x00)).toBe(0);
      for (const reg of [0x70, 0x74, 0x78, 0x7c]) {
        wr(R, base + reg, 0x4000_0000 | 0x7 | (0x1 << 10));
        expect(rd(R, base + reg)).toBe(0);
      }
      wr(R, base + 0x40, 8192); // SETLPIR: LPI 8192 does not exist
      expect(rd(R, base + 0x40)).toBe(0);
    }
  });

  it("SPI registers past INTID 255 are reserved: they read as zero and an interrupt there never fires", () => {
    const { g, rd, wr, icc } = ready(1);
    // INTID 260: ISENABLER word 8, IPRIORITYR byte 260, IROUTER 260, ICFGR word 16.
    wr(D, 0x100 + 8 * 4, 1 << 4);
    expect(rd(D, 0x100 + 8 * 4)).toBe(0);
    wr(D, 0x400 + 260, 0x80, 1);
    expect(rd(D, 0x400 + 260, 1)).toBe(0);
    wr(D, 0x6000 + 8 * 260, 0);
    wr(D, 0xc00 + 16 * 4, 0xffff_ffff);
    expect(rd(D, 0xc00 + 16 * 4)).toBe(0);
    wr(D, 0x200 + 8 * 4, 1 << 4); // ISPENDR
    g.setLevel(260, true, 0);
    expect(g.irqPending(0)).toBe(false);
    expect(icc[0].read("IAR1")).toBe(1023n);
    // INTID 255, the last one, still works.
    wr(D, 0x400 + 255, 0x80, 1);
    wr(D, 0x100 + 7 * 4, 1 << 31);
    wr(D, 0x6000 + 8 * 255, 0);
    g.setLevel(255, true, 0);
    expect(icc[0].read("IAR1")).toBe(255n);
  });
});
