// Every leaf of a stage-2 table, read from the descriptors in memory (VTTBR_EL2/VTCR_EL2,
// 4 KiB granule): what a backend that cannot walk stage 2 itself (Unicorn) maps as the
// guest's physical address space. Adjacent leaves with contiguous output and the same
// permissions are merged into one run.
import type { PhysicalMemory } from "./physical-memory.ts";
import { DESC_AF, DESC_TABLE, DESC_VALID, S2AP_READ, S2AP_WRITE, S2_XN_HI, levelSize, outputAddress } from "./descriptors.ts";

export interface Stage2Run {
  ipa: number;
  pa: number;
  size: number;
  read: boolean;
  write: boolean;
  exec: boolean;
}

/** The mapped runs of the stage-2 table described by `vttbr`/`vtcr`, in IPA order. */
export function enumerateStage2(mem: PhysicalMemory, vttbr: bigint, vtcr: bigint): Stage2Run[] {
  const v = Number(vtcr & 0xffffffffn);
  const t0sz = v & 0x3f;
  const sl0 = (v >>> 6) & 3;
  if (((v >>> 14) & 3) !== 0 || sl0 === 3) return []; // only the 4 KiB granule
  const startLevel = 2 - sl0;
  const rootEntries = Math.max(1, 2 ** (64 - t0sz) / levelSize(startLevel));
  const root = Number(vttbr & 0xffff_ffff_f000n);
  const runs: Stage2Run[] = [];

  const emit = (ipa: number, pa: number, size: number, lo: number, hi: number): void => {
    const read = (lo & S2AP_READ) !== 0;
    const write = (lo & S2AP_WRITE) !== 0;
    const exec = (hi & S2_XN_HI) === 0;
    const last = runs[runs.length - 1];
    if (last && last.ipa + last.size === ipa && last.pa + last.size === pa && last.read === read && last.write === write && last.exec === exec) {
      last.size += size;
    } else runs.push({ ipa, pa, size, read, write, exec });
  };

  const walk = (table: number, level: number, entries: number, ipaBase: number): void => {
    const span = levelSize(level);
    for (let i = 0; i < entries; i++) {
      const lo = mem.read(table + i * 8, 4);
      const hi = mem.read(table + i * 8 + 4, 4);
      if ((lo & DESC_VALID) === 0) continue;
      const ipa = ipaBase + i * span;
      if (level < 3 && (lo & DESC_TABLE) !== 0) walk(outputAddress(lo, hi), level + 1, 512, ipa);
      else if (level === 3 ? (lo & DESC_TABLE) !== 0 : level > 0) {
        if ((lo & DESC_AF) === 0) continue; // would fault: leave it unmapped
        const out = outputAddress(lo, hi);
        emit(ipa, out - (out % span), span, lo, hi);
      }
    }
  };
  walk(root, startLevel, rootEntries, 0);
  return runs;
}
