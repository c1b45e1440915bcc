// Where a VM's RAM, image and DTB sit in its guest-physical (IPA) space, checked against what
// else lives there: the devices below RAM, Avisor's shared-memory window at 0x70000000, the
// PCIe ECAM window that ends RAM at 0x4010000000, and the end of the 39-bit IPA space.
// RAM that runs across the shared window is split around it (QEMU would not put a hole there;
// Avisor puts its window there): the part above starts at the window's end, so a VM gets all
// the RAM it asked for. Every collision is bad input, said in one line with what would fit.
import { VIRT } from "../devices/platform.ts";
import type { LoadedImage } from "../loader/image.ts";
import { PAGE_SIZE } from "../mmu/physical-memory.ts";
import { IPA_BITS } from "../mmu/stage2-table.ts";
import { ConfigError } from "./errors.ts";
import { hex } from "./log.ts";
import { SHARED_MEM } from "./shared-memory.ts";

export interface IpaRange {
  base: number;
  size: number;
}

const GiB = 0x4000_0000;

/** The end of the guest-physical space stage 2 translates (39 bits: 512 GiB). */
export const IPA_LIMIT = 2 ** IPA_BITS;
/** Lowest guest RAM address: the virt board has flash and devices below it. */
export const RAM_START = VIRT.RAM.base;
/** Guest RAM ends where the PCIe ECAM window begins (QEMU's virt board, without highmem RAM). */
export const ECAM_WINDOW: IpaRange = { base: VIRT.PCIE_ECAM.base, size: VIRT.PCIE_ECAM.size };
export const SHARED_WINDOW: IpaRange = { base: SHARED_MEM.ipa, size: SHARED_MEM.size };
/**
 * Most RAM one VM may have after its image (dmem_size, --mem). RAM is sparse, but not free:
 * the page pool's bitmap, the stage-2 tables and the snapshot ranges grow with it, and the
 * Unicorn backend maps all of it as host buffers (see README, "Guest memory").
 */
export const MAX_GUEST_RAM = 64 * GiB;

const end = (r: IpaRange) => r.base + r.size;
const overlaps = (a0: number, a1: number, r: IpaRange) => a0 < end(r) && r.base < a1;
const span = (a0: number, a1: number) => `${hex(a0)}..${hex(a1)}`;
const roundUp = (n: number, to: number) => Math.ceil(n / to) * to;

/** A size as --mem takes it: 64G, 768M, 4K, or hex when it is none of those. */
export function sizeText(n: number): string {
  for (const [unit, bytes] of [
    ["G", GiB],
    ["M", 0x10_0000],
    ["K", 0x400],
  ] as const) {
    if (n >= bytes && n % bytes === 0) return `${n / bytes}${unit}`;
  }
  return hex(n);
}

/** A size for reading, not for typing: 2.00 GiB, 768.0 MiB. */
export function roughSize(n: number): string {
  return n >= GiB ? `${(n / GiB).toFixed(2)} GiB` : `${(n / 0x10_0000).toFixed(1)} MiB`;
}

const windowText = `Avisor's shared-memory window ${span(SHARED_WINDOW.base, end(SHARED_WINDOW))} (mapped in every VM)`;
const ecamText = `the PCIe ECAM window ${span(ECAM_WINDOW.base, end(ECAM_WINDOW))}`;

/** RAM of `bytes` from `base`, split around the shared window when it runs into it. */
export function ramRanges(base: number, bytes: number): IpaRange[] {
  const w = SHARED_WINDOW;
  if (base < w.base && base + bytes > w.base) {
    return [
      { base, size: w.base - base },
      { base: end(w), size: bytes - (w.base - base) },
    ];
  }
  return [{ base, size: bytes }];
}

/** Why a --mem / dmem_size of this many bytes cannot be, or null. */
export function dmemSizeProblem(bytes: number): string | null {
  return bytes <= MAX_GUEST_RAM ? null : MAX_RAM_TEXT;
}

const MAX_RAM_TEXT = `at most ${sizeText(MAX_GUEST_RAM)} of guest RAM per VM after its image (the page pool, stage-2 tables and snapshots grow with it; see README, "Guest memory")`;

/** Why a VM's RAM cannot start at `base`, or null (checked before any image is read). */
export function baseProblem(base: number): string | null {
  if (base < RAM_START) return `is below RAM (${hex(RAM_START)}): it would overlap the devices`;
  if (overlaps(base, base + 1, SHARED_WINDOW)) return `lies in ${windowText}; a base below ${hex(SHARED_WINDOW.base)} or from ${hex(end(SHARED_WINDOW))} fits`;
  if (base >= ECAM_WINDOW.base) return `is at or beyond ${hex(ECAM_WINDOW.base)}, where guest RAM ends on this board (${ecamText} begins there)`;
  return null;
}

export interface RamLayout {
  /** First RAM byte (base_addr) and one past the last; the shared window lies between when split. */
  base: number;
  end: number;
  /** RAM as stage 2 maps it and the memory node lists it: one range, or two around the window. */
  ranges: IpaRange[];
  /** RAM bytes: the image's span from base_addr plus dmem_size, page-rounded. */
  size: number;
  /** Bytes from base_addr to the end of the image's last segment, the window not counted. */
  imageSize: number;
}

/** Where the image's bytes end up, as the user named them. */
function segmentText(image: LoadedImage, s: { addr: number; memsz: number }): string {
  return `${image.format === "elf" ? "ELF segment" : "the flat image"} at ${span(s.addr, s.addr + s.memsz)}`;
}

/**
 * Plan a VM's RAM: from base_addr, the image's span, then dmem_size bytes, skipping the shared
 * window. Throws a ConfigError naming what collides and what would fit.
 */
export function planGuestRam(vmName: string, cfg: { baseAddr: number; dmemSize: number }, image: LoadedImage, imageName: string): RamLayout {
  const base = cfg.baseAddr;
  const fail = (why: string): never => {
    throw new ConfigError(why);
  };
  let imageEnd = base;
  for (const s of image.segments) {
    const sEnd = s.addr + s.memsz;
    const what = `${imageName}: ${segmentText(image, s)}`;
    if (s.addr < RAM_START)
      fail(`${what} lies below guest RAM, which starts at ${hex(RAM_START)} (flash and devices are below it): link the image at ${hex(base)} or above`);
    if (s.addr < base) fail(`${what} lies below the load base ${hex(base)} (--base, base_addr): a base of ${hex(s.addr - (s.addr % PAGE_SIZE))} would hold it`);
    if (sEnd > ECAM_WINDOW.base) {
      const ipa = sEnd > IPA_LIMIT ? ` (and past the end of the ${IPA_BITS}-bit guest-physical space, ${hex(IPA_LIMIT)})` : "";
      fail(`${what} lies beyond guest RAM, which ends at ${hex(ECAM_WINDOW.base)} where ${ecamText} begins${ipa}`);
    }
    if (overlaps(s.addr, sEnd, SHARED_WINDOW)) {
      if (image.format === "flat") {
        const below = Math.floor((SHARED_WINDOW.base - s.memsz) / PAGE_SIZE) * PAGE_SIZE;
        const fits = below >= RAM_START ? `a --base of at most ${hex(below)}, or from ${hex(end(SHARED_WINDOW))},` : `a --base from ${hex(end(SHARED_WINDOW))}`;
        fail(`${what} runs into ${windowText}: ${fits} fits it`);
      }
      fail(`${what} overlaps ${windowText}: link it to end by ${hex(SHARED_WINDOW.base)} or to start at ${hex(end(SHARED_WINDOW))} or above`);
    }
    imageEnd = Math.max(imageEnd, sEnd);
  }
  const acrossWindow = base < SHARED_WINDOW.base && imageEnd > SHARED_WINDOW.base;
  const imageSize = imageEnd - base - (acrossWindow ? SHARED_WINDOW.size : 0);
  const size = roundUp(imageSize + cfg.dmemSize, PAGE_SIZE);
  const ranges = ramRanges(base, size);
  const ramEnd = end(ranges[ranges.length - 1]);
  if (ramEnd > ECAM_WINDOW.base) {
    const room = ECAM_WINDOW.base - base - imageSize - (base < SHARED_WINDOW.base ? SHARED_WINDOW.size : 0);
    const fits = Math.floor(room / 0x10_0000) * 0x10_0000;
    fail(
      `${vmName}: guest RAM ${span(base, ramEnd)} would run into ${ecamText}; at base ${hex(base)}${fits > 0 ? ` at most --mem ${sizeText(fits)} fits` : " no RAM fits after this image"}`,
    );
  }
  return { base, end: ramEnd, ranges, size, imageSize };
}

/** The entry point must lie in the VM's RAM (in one of its ranges, not in the shared window). */
export function checkEntry(vmName: string, ram: RamLayout, entry: number): void {
  if (ram.ranges.some((r) => entry >= r.base && entry < end(r))) return;
  throw new ConfigError(`${vmName}: entry ${hex(entry)} is outside the VM's RAM ${ram.ranges.map((r) => span(r.base, end(r))).join(" and ")}`);
}

/** The IPA range the DTB is mapped at, checked against RAM, the shared window and the ends of
 *  the IPA space. `mapSize` covers the gap up to base_addr when the memory node includes it. */
export function planDtb(vmName: string, ram: RamLayout, dtbBase: number, mapSize: number): IpaRange {
  const dtb = { base: dtbBase, size: roundUp(Math.max(mapSize, 1), PAGE_SIZE) };
  const where = `the DTB at ${span(dtb.base, end(dtb))} (dtb.base_addr)`;
  if (end(dtb) > IPA_LIMIT) throw new ConfigError(`${where} ends beyond the ${IPA_BITS}-bit guest-physical space (${hex(IPA_LIMIT)})`);
  if (overlaps(dtb.base, end(dtb), ECAM_WINDOW)) throw new ConfigError(`${where} overlaps ${ecamText}`);
  if (overlaps(dtb.base, end(dtb), SHARED_WINDOW)) throw new ConfigError(`${where} overlaps ${windowText}; the default ${hex(VIRT.RAM.base)} is free`);
  for (const r of ram.ranges) {
    if (overlaps(dtb.base, end(dtb), r)) {
      throw new ConfigError(`${vmName}: ${where} overlaps guest RAM ${span(r.base, end(r))}; put it below base_addr ${hex(ram.base)} or from ${hex(ram.end)}`);
    }
  }
  return dtb;
}

/** Device regions remapped by the config (`va`) must not hide RAM, the DTB or the shared window. */
export function checkDeviceWindows(vmIndex: number, devices: { va: number | null; size: number }[], ram: RamLayout, dtb: IpaRange): void {
  devices.forEach((d, k) => {
    if (d.va === null) return;
    const what = `vm[${vmIndex}].devs[${k}]: va ${span(d.va, d.va + d.size)}`;
    for (const r of ram.ranges) if (overlaps(d.va, d.va + d.size, r)) throw new ConfigError(`${what} overlaps the VM's RAM ${span(r.base, end(r))}`);
    if (overlaps(d.va, d.va + d.size, dtb)) throw new ConfigError(`${what} overlaps the VM's DTB ${span(dtb.base, end(dtb))}`);
  });
}

/** Checks on a device `va` that need no image: the shared window and the IPA space. */
export function deviceVaProblem(va: number, size: number): string | null {
  if (va + size > IPA_LIMIT) return `ends beyond the ${IPA_BITS}-bit guest-physical space (${hex(IPA_LIMIT)})`;
  if (overlaps(va, va + size, SHARED_WINDOW)) return `overlaps ${windowText}`;
  return null;
}

/** Checks on dtb.base_addr that need no DTB: the IPA space, the ECAM and the shared window. */
export function dtbBaseProblem(base: number): string | null {
  if (base >= IPA_LIMIT) return `lies beyond the ${IPA_BITS}-bit guest-physical space (${hex(IPA_LIMIT)})`;
  if (overlaps(base, base + 1, ECAM_WINDOW)) return `lies in ${ecamText}`;
  if (overlaps(base, base + 1, SHARED_WINDOW)) return `lies in ${windowText}; the default ${hex(VIRT.RAM.base)} is free`;
  return null;
}
