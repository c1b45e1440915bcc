import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ResourceError } from "../../src/hyp/errors.ts";
import { PagePool } from "../../src/hyp/mem.ts";

const BASE = 0x4000_0000;

describe("PagePool", () => {
  it("hands out contiguous runs and reports exhaustion as an error, not a hang", () => {
    const p = new PagePool("t", BASE, 8);
    expect(p.alloc(3)).toBe(BASE);
    expect(p.alloc(5)).toBe(BASE + 3 * 4096);
    expect(p.freePages).toBe(0);
    expect(() => p.alloc(1)).toThrow(ResourceError);
    expect(() => p.alloc(1)).toThrow(/out of memory in pool t: 1 contiguous pages/);
  });

  it("honours a 2 MiB colour so IPAs and PAs share block alignment", () => {
    const p = new PagePool("t", BASE, 4096);
    p.alloc(1);
    const pa = p.alloc(600, { alignBytes: 0x20_0000, colour: 0x4010_0000 });
    expect(pa % 0x20_0000).toBe(0x4010_0000 % 0x20_0000);
  });

  it("rejects double frees and foreign pages", () => {
    const p = new PagePool("t", BASE, 4);
    const a = p.allocPage();
    p.freePage(a);
    expect(() => p.freePage(a)).toThrow(/double free/);
    expect(() => p.freePage(0x1000)).toThrow(/not a page of this pool/);
  });

  it("never hands a page out twice; frees restore the count (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 9 })), { maxLength: 60 }), (ops) => {
        const p = new PagePool("t", BASE, 64);
        const live = new Map<number, number>(); // pa → pages
        const owned = new Set<number>();
        for (const [doAlloc, n] of ops) {
          if (doAlloc || live.size === 0) {
            let pa: number;
            try {
              pa = p.alloc(n);
            } catch (e) {
              expect(e).toBeInstanceOf(ResourceError);
              continue;
            }
            for (let k = 0; k < n; k++) {
              const page = pa + k * 4096;
              expect(owned.has(page)).toBe(false);
              expect(p.contains(page)).toBe(true);
              owned.add(page);
            }
            live.set(pa, n);
          } else {
            const [pa, cnt] = live.entries().next().value as [number, number];
            p.release(pa, cnt);
            live.delete(pa);
            for (let k = 0; k < cnt; k++) owned.delete(pa + k * 4096);
          }
          expect(p.freePages).toBe(64 - owned.size);
        }
      }),
    );
  });
});
