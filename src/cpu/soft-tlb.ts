// The core's front cache of translations: VA page → RAM page, direct-mapped, one per
// (privilege, access kind). It only ever holds RAM pages, so a hit is a plain typed-array
// access. Any change to translation state (TLBI, SCTLR/TCR/TTBR/MAIR/HCR/VTTBR/VTCR writes)
// flushes it; the architectural TLB behind it lives in src/mmu.
import type { RamPage } from "../mmu/physical-memory.ts";

// 4096 entries reach 16 MiB: a guest walking that much memory (bench-ptrchase) ran at 20 MIPS
// with 256 entries and 26 with 4096; the others did not move, nor did a Unikraft boot.
export const SOFT_TLB_BITS = 12;
export const SOFT_TLB_SIZE = 1 << SOFT_TLB_BITS;
export const SOFT_TLB_MASK = SOFT_TLB_SIZE - 1;
const INVALID_TAG = 1; // a page tag always has its low 12 bits clear
/** Added to a write TLB's offset when the page held decoded code at the fill: a store there
 *  must drop what it overwrites (RamPage.invalidateCode). A page that gets its decode cache
 *  later flushes every write TLB (TsCpu), so no entry lacks the mark. Offsets stay below 2^21;
 *  the mark spares a store the page object's load (a host cache miss on random stores:
 *  bench-ptrchase's shuffle). */
export const CODE_MARK = 1 << 30;
const NO_VIEW = new DataView(new ArrayBuffer(0)); // an empty entry's chunk (keeps the array's kind)

export class SoftTlb {
  readonly tagLo = new Int32Array(SOFT_TLB_SIZE).fill(INVALID_TAG);
  readonly tagHi = new Int32Array(SOFT_TLB_SIZE);
  readonly pages: (RamPage | null)[] = new Array<RamPage | null>(SOFT_TLB_SIZE).fill(null);
  /** Each entry's page as its chunk and offset in it (RamPage.chunkView/chunkOffset). */
  readonly views: DataView[] = new Array<DataView>(SOFT_TLB_SIZE).fill(NO_VIEW);
  readonly offsets = new Int32Array(SOFT_TLB_SIZE);

  /** `marksCode`: a write TLB, whose offsets carry CODE_MARK. */
  constructor(readonly marksCode = false) {}

  fill(vaHi: number, vaLo: number, page: RamPage): void {
    const i = (vaLo >>> 12) & SOFT_TLB_MASK;
    this.tagLo[i] = vaLo & -4096;
    this.tagHi[i] = vaHi | 0;
    this.pages[i] = page;
    this.views[i] = page.chunkView;
    this.offsets[i] = this.marksCode && page.code !== null ? page.chunkOffset + CODE_MARK : page.chunkOffset;
  }

  flush(): void {
    this.tagLo.fill(INVALID_TAG);
    this.pages.fill(null);
    this.views.fill(NO_VIEW);
  }
}

/** The three caches (read, write, execute) for one privilege level. */
export class SoftTlbSet {
  readonly read = new SoftTlb();
  readonly write = new SoftTlb(true);
  readonly exec = new SoftTlb();
  flush(): void {
    this.read.flush();
    this.write.flush();
    this.exec.flush();
  }
}
