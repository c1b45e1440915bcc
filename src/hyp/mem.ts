// Avisor's page allocator: a pool of physical pages tracked by a bitmap. Two defects of the
// original are designed out: the bitmap lives in the hypervisor's own (host) memory, never
// inside the pages it hands out, and exhaustion is an error, never an endless search.
import { PAGE_SIZE } from "../mmu/physical-memory.ts";
import { ResourceError } from "./errors.ts";
import { hex } from "./log.ts";

export interface AllocOptions {
  /** Place the run so that (pa mod alignBytes) == (colour mod alignBytes): lets a VM's
   *  RAM share 2 MiB alignment with its IPAs, so stage 2 can use block mappings. */
  alignBytes?: number;
  colour?: number;
}

export class PagePool {
  private readonly bits: Uint32Array;
  private free: number;
  private hint = 0;

  constructor(
    readonly name: string,
    readonly base: number,
    readonly pageCount: number,
  ) {
    if (base % PAGE_SIZE !== 0) throw new RangeError(`pool ${name}: base ${hex(base)} is not page aligned`);
    this.bits = new Uint32Array(Math.ceil(pageCount / 32));
    this.free = pageCount;
  }

  get freePages(): number {
    return this.free;
  }

  contains(pa: number): boolean {
    return pa >= this.base && pa < this.base + this.pageCount * PAGE_SIZE;
  }

  isAllocated(pa: number): boolean {
    const i = (pa - this.base) / PAGE_SIZE;
    return (this.bits[i >>> 5] & (1 << (i & 31))) !== 0;
  }

  private test(i: number): boolean {
    return (this.bits[i >>> 5] & (1 << (i & 31))) !== 0;
  }
  private mark(i: number, used: boolean): void {
    if (used) this.bits[i >>> 5] |= 1 << (i & 31);
    else this.bits[i >>> 5] &= ~(1 << (i & 31));
  }

  /** The first allocated page in [from, to), or -1: a word of the bitmap at a time. */
  private firstUsed(from: number, to: number): number {
    let k = from;
    while (k < to) {
      if ((k & 31) === 0 && k + 32 <= to) {
        const w = this.bits[k >>> 5];
        if (w === 0) {
          k += 32;
          continue;
        }
        return k + (31 - Math.clz32(w & -w));
      }
      if (this.test(k)) return k;
      k++;
    }
    return -1;
  }

  /** Mark [start, start+n) used or free, whole words at once where possible. */
  private markRange(start: number, n: number, used: boolean): void {
    let k = start;
    const end = start + n;
    while (k < end) {
      if ((k & 31) === 0 && k + 32 <= end) {
        this.bits[k >>> 5] = used ? 0xffff_ffff : 0;
        k += 32;
      } else this.mark(k++, used);
    }
  }

  /** Allocate `n` contiguous pages; returns the physical address of the first. */
  alloc(n: number, opts: AllocOptions = {}): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`pool ${this.name}: cannot allocate ${n} pages`);
    const step = Math.max(1, (opts.alignBytes ?? PAGE_SIZE) / PAGE_SIZE);
    const colourPages = Math.floor((opts.colour ?? 0) / PAGE_SIZE) % step;
    if (n <= this.free) {
      // Two passes: from the hint to the end, then from the start (the hint only speeds up).
      for (const [from, to] of [
        [this.hint, this.pageCount],
        [0, this.hint],
      ]) {
        const start = this.firstFit(n, from, to, step, colourPages);
        if (start >= 0) {
          this.markRange(start, n, true);
          this.free -= n;
          this.hint = start + n >= this.pageCount ? 0 : start + n;
          return this.base + start * PAGE_SIZE;
        }
      }
    }
    throw new ResourceError(`out of memory in pool ${this.name}: ${n} contiguous pages (${hex(n * PAGE_SIZE)} bytes) requested, ${this.free} pages free`);
  }

  // Lowest candidate index i in [from, to) with i ≡ colour (mod step) whose n pages are free.
  private firstFit(n: number, from: number, to: number, step: number, colour: number): number {
    const basePage = this.base / PAGE_SIZE;
    let i = from + ((((colour - basePage - from) % step) + step) % step);
    while (i + n <= Math.min(to + n - 1, this.pageCount)) {
      const busy = this.firstUsed(i, i + n);
      if (busy < 0) return i;
      i = busy + 1;
      i += (((colour - basePage - i) % step) + step) % step;
    }
    return -1;
  }

  allocPage(): number {
    return this.alloc(1);
  }

  freePage(pa: number): void {
    this.release(pa, 1);
  }

  release(pa: number, n: number): void {
    if (!this.contains(pa) || (pa - this.base) % PAGE_SIZE !== 0 || !this.contains(pa + (n - 1) * PAGE_SIZE)) {
      throw new RangeError(`pool ${this.name}: ${hex(pa)} (+${n} pages) is not a page of this pool`);
    }
    const first = (pa - this.base) / PAGE_SIZE;
    for (let i = first; i < first + n; i++) {
      if (!this.test(i)) throw new RangeError(`pool ${this.name}: double free of ${hex(this.base + i * PAGE_SIZE)}`);
      this.mark(i, false);
    }
    this.free += n;
  }
}
