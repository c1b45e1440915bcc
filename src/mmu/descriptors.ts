// VMSAv8-64 translation-table descriptors with the 4 KiB granule (ARM ARM D8.3), as the
// walkers and the stage-2 builder read and write them. Descriptors are 64-bit; the halves
// are handled separately so nothing here needs BigInt.
import { TWO32 } from "../arch/numbers.ts";

export const GRANULE_SHIFT = 12;
export const ENTRIES = 512;

/** Bytes mapped by one entry at each level (level 0: 512 GiB … level 3: 4 KiB), computed
 *  once: the walkers ask for it at every level of every walk. */
const LEVEL_SIZES = [0, 1, 2, 3].map((level) => 2 ** (GRANULE_SHIFT + 9 * (3 - level)));

export function levelSize(level: number): number {
  return LEVEL_SIZES[level];
}

/** 2^n for n in 0..64 (input-size limits of the walkers), without a power per walk. */
export const POW2: readonly number[] = Array.from({ length: 65 }, (_, n) => 2 ** n);

/** Table index of `addr` at `level`. */
export function levelIndex(addr: number, level: number): number {
  return Math.floor(addr / levelSize(level)) % ENTRIES;
}

/** Output address bits [47:12] of a descriptor (lo, hi halves). */
export function outputAddress(lo: number, hi: number): number {
  return (hi & 0xffff) * TWO32 + ((lo & 0xfffff000) >>> 0);
}

export const DESC_VALID = 1;
export const DESC_TABLE = 2; // bit 1: table (levels 0–2) or page (level 3); 0 means block
export const DESC_AF = 1 << 10;

/** Stage-2 lower attributes. */
export const S2_MEMATTR_NORMAL_WB = 0b1111 << 2;
export const S2_MEMATTR_DEVICE_NGNRE = 0b0001 << 2;
export const S2AP_READ = 1 << 6;
export const S2AP_WRITE = 1 << 7;
export const SH_INNER = 0b11 << 8;
/** Stage-2 XN is bit 54: bit 22 of the high word. */
export const S2_XN_HI = 1 << 22;

/** Stage-1 attributes. */
export const S1_AP_EL0 = 1 << 6; // AP[1]: EL0 may access
export const S1_AP_RO = 1 << 7; // AP[2]: read-only
export const S1_NG = 1 << 11;
export const S1_PXN_HI = 1 << 21; // bit 53
export const S1_UXN_HI = 1 << 22; // bit 54
export const S1_PXNTABLE_HI = 1 << 27; // bit 59
export const S1_UXNTABLE_HI = 1 << 28; // bit 60
export const S1_APTABLE0_HI = 1 << 29; // bit 61: no EL0 access below
export const S1_APTABLE1_HI = 1 << 30; // bit 62: read-only below
