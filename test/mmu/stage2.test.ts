import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Bus } from "../../src/mmu/bus.ts";
import { Mmu } from "../../src/mmu/mmu.ts";
import { hpfarFromIpa } from "../../src/arch/syndrome.ts";
import { Stage2Table, VTCR_VALUE } from "../../src/mmu/stage2-table.ts";
import { newTranslationRegs } from "../../src/mmu/translation-regs.ts";
import { Access } from "../../src/mmu/translation.ts";
import { PagePool } from "../../src/hyp/mem.ts";

const RAM = 0x4000_0000;

function setup(vmid = 1) {
  const bus = new Bus();
  bus.addRam("ram", RAM, 0x4000_0000);
  const pool = new PagePool("tables", 0x7000_0000, 4096);
  const s2 = new Stage2Table(bus.ram, pool);
  const regs = newTranslationRegs();
  regs.hcrEl2Lo = 1;
  regs.vtcrEl2 = VTCR_VALUE;
  regs.vttbrEl2Lo = s2.root >>> 0;
  regs.vttbrEl2Hi = vmid << 16;
  return { bus, pool, s2, regs, mmu: new Mmu(bus, regs) };
}

describe("stage-2 page tables", () => {
  it("maps a 128 MiB VM at 0x40100000 with pages up to the first 2 MiB boundary, then blocks", () => {
    const { s2 } = setup();
    s2.map(0x4010_0000, 0x4810_0000, 0x800_0000);
    // 0x40100000 is 1 MiB aligned only: level-3 pages until 0x40200000, then 2 MiB blocks.
    expect(s2.lookup(0x4010_0000)).toMatchObject({ level: 3, pa: 0x4810_0000 });
    expect(s2.lookup(0x4020_0000)).toMatchObject({ level: 2, pa: 0x4820_0000 });
    // Page descriptor: valid|page, MemAttr 1111 (normal WB), S2AP RW, SH inner, AF.
    const page = s2.lookup(0x4010_0000)!;
    expect(page.lo >>> 0).toBe((0x4810_0000 | 0b11 | (0b1111 << 2) | (0b11 << 6) | (0b11 << 8) | (1 << 10)) >>> 0);
    expect(page.hi).toBe(0);
    const block = s2.lookup(0x4020_0000)!;
    expect(block.lo >>> 0).toBe((0x4820_0000 | 0b01 | (0b1111 << 2) | (0b11 << 6) | (0b11 << 8) | (1 << 10)) >>> 0);
    expect(s2.translate(0x480f_ffff)).toBe(0x500f_ffff);
    expect(s2.translate(0x4810_0000)).toBeNull();
  });

  it("a device page is execute-never Device-nGnRE", () => {
    const { s2 } = setup();
    s2.map(0x0900_0000, 0x0900_0000, 0x1000, { read: true, write: true, exec: false }, "device");
    const d = s2.lookup(0x0900_0000)!;
    expect(d.lo >>> 0).toBe((0x0900_0000 | 0b11 | (0b0001 << 2) | (0b11 << 6) | (0b11 << 8) | (1 << 10)) >>> 0);
    expect(d.hi).toBe(1 << 22); // XN, bit 54
  });

  it("the hardware walker faults on unmapped, read-only and execute-never IPAs", () => {
    const { s2, mmu } = setup();
    s2.map(0x4000_0000, 0x4800_0000, 0x1000, { read: true, write: false, exec: false });
    expect(mmu.translate(0, 0x4000_0010, Access.Read, 1)).toBe(0x4800_0010);
    expect(mmu.translate(0, 0x4000_0010, Access.Write, 1)).toBe(-1);
    expect(mmu.fault).toMatchObject({ stage: 2, fsc: 0b001111, ipa: 0x4000_0010, write: true }); // permission, level 3
    expect(mmu.translate(0, 0x4000_0010, Access.Exec, 1)).toBe(-1);
    expect(mmu.fault.fsc).toBe(0b001111);
    expect(mmu.translate(0, 0x0900_0000, Access.Read, 1)).toBe(-1);
    expect(mmu.fault).toMatchObject({ stage: 2, fsc: 0b000101, ipa: 0x0900_0000 }); // translation, level 1
    expect(hpfarFromIpa(0x0900_0000)).toBe(0x0009_0000); // IPA[47:12] in bits [39:4]
  });

  it("walker and builder agree with a plain model at random IPAs (property)", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 63 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 64 * 0x20_0000 - 1 }), { minLength: 20, maxLength: 20 }),
        (slots, probes) => {
          const { s2, mmu, pool } = setup();
          const before = pool.freePages;
          // Each slot is a 2 MiB-aligned region mapped either as a block or as 512 pages (odd PA).
          const model = new Map<number, number>();
          for (const sl of slots) {
            const ipa = 0x4000_0000 + sl * 0x20_0000;
            const pa = 0x5000_0000 + sl * 0x20_0000 + (sl % 2 ? 0x1000 : 0);
            s2.map(ipa, pa, 0x20_0000);
            model.set(sl, pa);
          }
          for (const off of probes) {
            const ipa = 0x4000_0000 + off;
            const sl = Math.floor(off / 0x20_0000);
            const want = model.has(sl) ? model.get(sl)! + (off % 0x20_0000) : null;
            expect(s2.translate(ipa)).toBe(want);
            mmu.flushAll();
            const hw = mmu.translate(0, ipa, Access.Read, 1);
            expect(hw < 0 ? null : hw).toBe(want);
          }
          for (const sl of slots) s2.unmap(0x4000_0000 + sl * 0x20_0000, 0x20_0000);
          expect(pool.freePages).toBe(before); // every table page except the root came back
        },
      ),
      { numRuns: 40 },
    );
  });

  it("block and page mappings of the same range translate identically (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x40_0000 - 1 }), (off) => {
        const a = setup();
        const b = setup();
        a.s2.map(0x4000_0000, 0x6000_0000, 0x40_0000); // two 2 MiB blocks
        for (let p = 0; p < 0x40_0000; p += 0x20_0000) {
          b.s2.map(0x4000_0000 + p, 0x6000_0000 + p, 0x1000); // first page alone …
          b.s2.map(0x4000_1000 + p, 0x6000_1000 + p, 0x20_0000 - 0x1000); // … forces level-3 pages
        }
        expect(a.s2.lookup(0x4000_0000)!.level).toBe(2);
        expect(b.s2.lookup(0x4000_0000)!.level).toBe(3);
        expect(a.mmu.translate(0, 0x4000_0000 + off, Access.Read, 1)).toBe(b.mmu.translate(0, 0x4000_0000 + off, Access.Read, 1));
      }),
      { numRuns: 50 },
    );
  });

  it("unmapping part of a block splits it and keeps the rest", () => {
    const { s2 } = setup();
    s2.map(0x4000_0000, 0x6000_0000, 0x20_0000);
    s2.unmap(0x4000_1000, 0x1000);
    expect(s2.translate(0x4000_0000)).toBe(0x6000_0000);
    expect(s2.translate(0x4000_1000)).toBeNull();
    expect(s2.translate(0x4000_2000)).toBe(0x6000_2000);
  });

  it("two VMIDs never see each other's TLB entries", () => {
    const a = setup(1);
    a.s2.map(0x4000_0000, 0x5000_0000, 0x1000);
    expect(a.mmu.translate(0, 0x4000_0000, Access.Read, 1)).toBe(0x5000_0000);
    // Same MMU, another VM: its own (empty) tables under VMID 2.
    const other = new Stage2Table(a.bus.ram, new PagePool("t2", 0x7800_0000, 16));
    a.regs.vttbrEl2Lo = other.root;
    a.regs.vttbrEl2Hi = 2 << 16;
    expect(a.mmu.translate(0, 0x4000_0000, Access.Read, 1)).toBe(-1);
    expect(a.mmu.cachedEntries(1)).toBe(1);
    expect(a.mmu.cachedEntries(2)).toBe(0);
  });
});
