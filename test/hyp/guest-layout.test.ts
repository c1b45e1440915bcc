// A VM's guest-physical layout: RAM split around Avisor's shared window, and every collision
// (window, PCIe ECAM, IPA space, devices, DTB) refused as a ConfigError that says what fits.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/hyp/errors.ts";
import {
  baseProblem,
  checkDeviceWindows,
  dmemSizeProblem,
  dtbBaseProblem,
  deviceVaProblem,
  ECAM_WINDOW,
  IPA_LIMIT,
  MAX_GUEST_RAM,
  planDtb,
  planGuestRam,
  ramRanges,
  SHARED_WINDOW,
  sizeText,
} from "../../src/hyp/guest-layout.ts";
import type { LoadedImage } from "../../src/loader/image.ts";

const G = 0x4000_0000;
const M = 0x10_0000;
const BASE = 0x4010_0000;

function flatImage(base: number, bytes: number): LoadedImage {
  return { format: "flat", segments: [{ addr: base, data: new Uint8Array(bytes), memsz: bytes }], entry: base, entryFrom: "base" };
}

function elfImage(...segs: [number, number][]): LoadedImage {
  return { format: "elf", segments: segs.map(([addr, memsz]) => ({ addr, data: new Uint8Array(0), memsz })), entry: segs[0][0], entryFrom: "elf" };
}

const plan = (base: number, dmem: number, image: LoadedImage = flatImage(base, 0x1000)) =>
  planGuestRam("vm0", { baseAddr: base, dmemSize: dmem }, image, "x.bin");

describe("guest RAM layout", () => {
  it("128M from 0x40100000 is one range, as before", () => {
    const r = plan(BASE, 128 * M);
    expect(r.ranges).toEqual([{ base: BASE, size: 128 * M + 0x1000 }]);
    expect(r).toMatchObject({ base: BASE, end: BASE + 128 * M + 0x1000, imageSize: 0x1000 });
  });

  for (const dmem of [768 * M, G, 2 * G]) {
    it(`--mem ${sizeText(dmem)} is split around the shared window and keeps every byte`, () => {
      const r = plan(BASE, dmem);
      const [lo, hi] = r.ranges;
      expect(lo).toEqual({ base: BASE, size: SHARED_WINDOW.base - BASE });
      expect(hi.base).toBe(SHARED_WINDOW.base + SHARED_WINDOW.size);
      expect(lo.size + hi.size).toBe(dmem + 0x1000);
      expect(r.end).toBe(hi.base + hi.size);
    });
  }

  it("--base 0x6ff00000 leaves 1 MiB below the window and the rest above", () => {
    const r = plan(0x6ff0_0000, 128 * M);
    expect(r.ranges[0]).toEqual({ base: 0x6ff0_0000, size: M });
    expect(r.ranges[1]).toEqual({ base: 0x7100_0000, size: 128 * M + 0x1000 - M });
  });

  it("RAM entirely above the window is one range", () => {
    expect(plan(0x8000_0000, G).ranges).toEqual([{ base: 0x8000_0000, size: G + 0x1000 }]);
  });

  it("property: ranges never touch the shared window or each other and hold exactly the RAM asked for", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0x4000_0, max: 0x6fff_f }), fc.integer({ min: 1, max: 0x40_0000 }), (basePage, pages) => {
        const base = basePage * 0x1000;
        const bytes = pages * 0x1000;
        const rs = ramRanges(base, bytes);
        expect(rs.reduce((n, r) => n + r.size, 0)).toBe(bytes);
        for (const r of rs) expect(r.base + r.size <= SHARED_WINDOW.base || r.base >= SHARED_WINDOW.base + SHARED_WINDOW.size).toBe(true);
        if (rs.length === 2) expect(rs[0].base + rs[0].size).toBeLessThanOrEqual(rs[1].base);
      }),
      { numRuns: 200 },
    );
  });

  const refused: [string, () => unknown, RegExp][] = [
    [
      "an ELF segment at 0x70000000",
      () => plan(BASE, 128 * M, elfImage([0x7000_0000, 0x1000])),
      /x\.bin: ELF segment at 0x70000000\.\.0x70001000 overlaps Avisor's shared-memory window 0x70000000\.\.0x71000000 \(mapped in every VM\): link it to end by 0x70000000 or to start at 0x71000000 or above$/,
    ],
    [
      "an ELF segment with p_memsz 8 GiB",
      () => plan(BASE, 128 * M, elfImage([BASE, 8 * G])),
      /ELF segment at 0x40100000\.\.0x240100000 overlaps Avisor's shared-memory window/,
    ],
    [
      "a flat image running into the window",
      () => plan(0x6ff0_0000, 128 * M, flatImage(0x6ff0_0000, 2 * M)),
      /the flat image at 0x6ff00000\.\.0x70100000 runs into Avisor's shared-memory window 0x70000000\.\.0x71000000 \(mapped in every VM\): a --base of at most 0x6fe00000, or from 0x71000000, fits it$/,
    ],
    [
      "a flat image too big to fit below the window",
      () => plan(BASE, 128 * M, flatImage(BASE, G)),
      /the flat image at 0x40100000\.\.0x80100000 runs into Avisor's shared-memory window 0x70000000\.\.0x71000000 \(mapped in every VM\): a --base from 0x71000000 fits it$/,
    ],
    [
      "an ELF segment below the base (p_vaddr 0x1000)",
      () => plan(BASE, 128 * M, elfImage([0x1000, 0x100])),
      /ELF segment at 0x1000\.\.0x1100 lies below guest RAM, which starts at 0x40000000 \(flash and devices are below it\): link the image at 0x40100000 or above$/,
    ],
    [
      "an ELF segment between RAM and the base",
      () => plan(BASE, 128 * M, elfImage([0x4008_0000, 0x100])),
      /ELF segment at 0x40080000\.\.0x40080100 lies below the load base 0x40100000 \(--base, base_addr\): a base of 0x40080000 would hold it$/,
    ],
    [
      "an ELF segment at 0x50000000000",
      () => plan(BASE, 128 * M, elfImage([0x500_0000_0000, 0x1000])),
      /ELF segment at 0x50000000000\.\.0x50000001000 lies beyond guest RAM, which ends at 0x4010000000 where the PCIe ECAM window 0x4010000000\.\.0x4020000000 begins \(and past the end of the 39-bit guest-physical space, 0x8000000000\)$/,
    ],
    [
      "RAM running into the PCIe ECAM",
      () => plan(0x3f_0000_0000, 8 * G),
      /vm0: guest RAM 0x3f00000000\.\.0x4100001000 would run into the PCIe ECAM window 0x4010000000\.\.0x4020000000; at base 0x3f00000000 at most --mem 4351M fits$/,
    ],
  ];
  for (const [what, f, msg] of refused) {
    it(`refuses ${what} in one line`, () => {
      expect(f).toThrow(ConfigError);
      expect(f).toThrow(msg);
    });
  }

  it("the --mem that the ECAM message offers does fit", () => {
    const fits = 4351 * M;
    expect(plan(0x3f_0000_0000, fits).end).toBeLessThanOrEqual(ECAM_WINDOW.base);
  });

  it("checks on a base, a dmem_size, a DTB base and a device va that need no image", () => {
    expect(baseProblem(BASE)).toBeNull();
    expect(baseProblem(0x7080_0000)).toMatch(/lies in Avisor's shared-memory window .*; a base below 0x70000000 or from 0x71000000 fits/);
    expect(baseProblem(ECAM_WINDOW.base)).toMatch(/at or beyond 0x4010000000, where guest RAM ends/);
    expect(dmemSizeProblem(MAX_GUEST_RAM)).toBeNull();
    expect(dmemSizeProblem(MAX_GUEST_RAM + 0x1000)).toMatch(/^at most 64G of guest RAM per VM/);
    expect(dtbBaseProblem(0x4000_0000)).toBeNull();
    expect(dtbBaseProblem(0x80_0000_0000)).toMatch(/beyond the 39-bit guest-physical space \(0x8000000000\)/);
    expect(dtbBaseProblem(0x7000_0000)).toMatch(/shared-memory window/);
    expect(dtbBaseProblem(ECAM_WINDOW.base + 0x1000)).toMatch(/PCIe ECAM window/);
    expect(deviceVaProblem(IPA_LIMIT - 0x1000, 0x2000)).toMatch(/beyond the 39-bit/);
    expect(deviceVaProblem(0x6fff_f000, 0x2000)).toMatch(/shared-memory window/);
    expect(deviceVaProblem(0x0900_0000, 0x1000)).toBeNull();
  });
});

describe("DTB and device windows", () => {
  const ram = plan(BASE, G);
  it("the default DTB place below the image is free", () => {
    expect(planDtb("vm0", ram, 0x4000_0000, 0x10_0000)).toEqual({ base: 0x4000_0000, size: 0x10_0000 });
  });
  it("a DTB in the upper RAM range is refused, naming the range and what is free", () => {
    expect(() => planDtb("vm0", ram, 0x7200_0000, 0x2000)).toThrow(
      /vm0: the DTB at 0x72000000\.\.0x72002000 \(dtb\.base_addr\) overlaps guest RAM 0x71000000\.\.0x81101000; put it below base_addr 0x40100000 or from 0x81101000/,
    );
  });
  it("a DTB that would end past the IPA space is refused", () => {
    expect(() => planDtb("vm0", ram, IPA_LIMIT - 0x1000, 0x2000)).toThrow(/ends beyond the 39-bit guest-physical space/);
  });
  it("a device va over RAM or the DTB is refused", () => {
    const dtb = { base: 0x4000_0000, size: 0x10_0000 };
    expect(() => checkDeviceWindows(0, [{ va: 0x7200_0000, size: 0x1000 }], ram, dtb)).toThrow(
      /vm\[0\]\.devs\[0\]: va 0x72000000\.\.0x72001000 overlaps the VM's RAM 0x71000000\.\.0x81101000/,
    );
    expect(() => checkDeviceWindows(0, [{ va: 0x4000_0000, size: 0x1000 }], ram, dtb)).toThrow(/overlaps the VM's DTB/);
    expect(() =>
      checkDeviceWindows(
        0,
        [
          { va: null, size: 0 },
          { va: 0x0c00_0000, size: 0x1000 },
        ],
        ram,
        dtb,
      ),
    ).not.toThrow();
  });
});
