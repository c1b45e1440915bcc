// The stage-2 walk cache behind Mmu.walkStage2: it must never make a translation differ from
// a fresh walk. Each test changes stage 2 (or switches VTTBR_EL2) between two translations and
// checks that the second one sees the change exactly when the architecture says it must.
import { describe, expect, it } from "vitest";
import { Bus } from "../../src/mmu/bus.ts";
import { FSC } from "../../src/arch/syndrome.ts";
import { Mmu } from "../../src/mmu/mmu.ts";
import { Stage2Table, VTCR_VALUE } from "../../src/mmu/stage2-table.ts";
import { newTranslationRegs } from "../../src/mmu/translation-regs.ts";
import { Access } from "../../src/mmu/translation.ts";
import { PagePool } from "../../src/hyp/mem.ts";

const ROOT = 0x4100_0000; // guest stage-1 tables: root, L1, L2, L3 in four pages (IPA == PA)
const L3 = ROOT + 0x3000;
const DATA = 0x4800_0000; // VA page i → IPA DATA + i * 4096

function setup() {
  const bus = new Bus();
  bus.addRam("ram", 0x4000_0000, 0x4000_0000);
  const pool = new PagePool("tables", 0x7000_0000, 4096);
  const s2 = new Stage2Table(bus.ram, pool);
  s2.map(0x4000_0000, 0x4000_0000, 0x1000_0000);
  const regs = newTranslationRegs();
  regs.hcrEl2Lo = 1;
  regs.vtcrEl2 = VTCR_VALUE;
  regs.vttbrEl2Lo = s2.root;
  regs.vttbrEl2Hi = 1 << 16; // VMID 1
  bus.ram.write64(ROOT, BigInt(ROOT + 0x1000) | 3n);
  bus.ram.write64(ROOT + 0x1000, BigInt(ROOT + 0x2000) | 3n);
  bus.ram.write64(ROOT + 0x2000, BigInt(L3) | 3n);
  for (let i = 0; i < 16; i++) bus.ram.write64(L3 + i * 8, BigInt(DATA + i * 4096) | 3n | (1n << 10n) | (5n << 2n));
  regs.mairEl1Hi = 0xff << 8;
  regs.tcrEl1Lo = 16 | (1 << 23); // T0SZ=16: four levels; EPD1
  regs.ttbr0El1Lo = ROOT;
  regs.sctlrEl1 = 1;
  return { bus, pool, s2, regs, mmu: new Mmu(bus, regs) };
}

describe("stage-2 walk cache", () => {
  it("holds the walks of a stage-1 miss and gives the same result as walking", () => {
    const { mmu } = setup();
    expect(mmu.translate(0, 0x5123, Access.Read, 1)).toBe(DATA + 0x5123);
    // Four table fetches and the output IPA, each a stage-2 walk of its own page.
    expect(mmu.cachedStage2Walks()).toBe(5);
    mmu.tlbiVmalle1();
    expect(mmu.translate(0, 0x5123, Access.Read, 1)).toBe(DATA + 0x5123);
    expect(mmu.translate(0, 0x6004, Access.Write, 1)).toBe(DATA + 0x6004);
    expect(mmu.cachedStage2Walks()).toBe(6);
  });

  it("survives the stage-1 TLBIs, which still make a changed stage-1 entry visible", () => {
    const { bus, mmu } = setup();
    expect(mmu.translate(0, 0x5000, Access.Read, 1)).toBe(DATA + 0x5000);
    bus.ram.write64(L3 + 5 * 8, BigInt(DATA + 0x10_0000) | 3n | (1n << 10n) | (5n << 2n));
    mmu.tlbiVmalle1();
    expect(mmu.cachedStage2Walks()).toBe(5);
    expect(mmu.translate(0, 0x5000, Access.Read, 1)).toBe(DATA + 0x10_0000);
  });

  it("flushIpaRange drops it: an output IPA remapped by the hypervisor is seen", () => {
    const { s2, mmu } = setup();
    expect(mmu.translate(0, 0x5010, Access.Read, 1)).toBe(DATA + 0x5010);
    s2.unmap(DATA + 0x5000, 0x1000);
    s2.map(DATA + 0x5000, 0x5000_0000, 0x1000);
    mmu.flushIpaRange(1, DATA + 0x5000, 0x1000);
    expect(mmu.translate(0, 0x5010, Access.Read, 1)).toBe(0x5000_0010);
  });

  for (const flush of ["flushAll", "flushVmid"] as const) {
    it(`${flush} drops it: stage-1 tables moved by stage 2 are walked at their new place`, () => {
      const { bus, s2, mmu } = setup();
      expect(mmu.translate(0, 0x5000, Access.Read, 1)).toBe(DATA + 0x5000);
      // A copy of the L3 table elsewhere whose page 5 maps another IPA; stage 2 now sends
      // the L3 table's IPA there.
      const copy = 0x5100_0000;
      for (let i = 0; i < 16; i++) bus.ram.write64(copy + i * 8, bus.ram.read64(L3 + i * 8));
      bus.ram.write64(copy + 5 * 8, BigInt(DATA + 0x20_0000) | 3n | (1n << 10n) | (5n << 2n));
      s2.unmap(L3, 0x1000);
      s2.map(L3, copy, 0x1000);
      if (flush === "flushAll") mmu.flushAll();
      else mmu.flushVmid(1);
      expect(mmu.cachedStage2Walks()).toBe(0);
      expect(mmu.translate(0, 0x5000, Access.Read, 1)).toBe(DATA + 0x20_0000);
    });
  }

  it("a VTTBR_EL2 write alone (another VM's tables) makes it miss", () => {
    const { bus, pool, regs, mmu } = setup();
    expect(mmu.translate(0, 0x5000, Access.Read, 1)).toBe(DATA + 0x5000);
    const other = new Stage2Table(bus.ram, pool);
    other.map(0x4000_0000, 0x4000_0000, 0x800_0000);
    other.map(DATA, 0x5800_0000, 0x10_0000);
    regs.vttbrEl2Lo = other.root;
    regs.vttbrEl2Hi = 2 << 16; // VMID 2: its own TLB space, nothing flushed
    expect(mmu.translate(0, 0x5000, Access.Read, 1)).toBe(0x5800_5000);
  });

  it("a cached walk of a table page stage 2 makes unreadable still faults as s1ptw", () => {
    const { s2, mmu } = setup();
    s2.unmap(L3, 0x1000);
    s2.map(L3, L3, 0x1000, { read: false, write: true, exec: false });
    for (let i = 0; i < 2; i++) {
      mmu.tlbiVmalle1();
      expect(mmu.translate(0, 0x5000, Access.Write, 1)).toBe(-1);
      expect(mmu.fault).toMatchObject({ stage: 2, fsc: FSC.PERMISSION + 3, ipa: L3 + 5 * 8, s1ptw: true, write: true });
    }
    expect(mmu.cachedStage2Walks()).toBe(4);
  });
});
