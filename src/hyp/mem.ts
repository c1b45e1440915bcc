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

  /** Allocate `n` contiguous pages; returns the physical address of the first. */
  alloc(n: number, opts: AllocOptions = {}): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`pool ${this.name}: cannot allocate ${n} pages`);
    const step = Math.max(1, (opts.alignBytes ?? PAGE_SIZE) / PAGE_SIZE);
    const colourPages = Math.floor((opts.colour ?? 0) / PAGE_SIZE) % step;
    if (n <= this.free) {
      // Two passes: from the hint to the end, then from the start (the hint only speeds up).
      for (const [from, to] of [[this.hint, this.pageCount], [0, this.hint]]) {
        const start = this.firstFit(n, from, to, step, colourPages);
        if (start >= 0) {
          for (let i = start; i < start + n; i++) this.mark(i, true);
          this.free -= n;
          this.hint = start + n >= this.pageCount ? 0 : start + n;
          return this.base + start * PAGE_SIZE;
        }
      }
    }
    throw new ResourceError(
      `out of memory in pool ${this.name}: ${n} contiguous pages (${hex(n * PAGE_SIZE)} bytes) requested, ${this.free} pages free`,
    );
  }

  // Lowest candidate index i in [from, to) with i ≡ colour (mod step) whose n pages are free.
  private firstFit(n: number, from: number, to: number, step: number, colour: number): number {
    const basePage = this.base / PAGE_SIZE;
    let i = from + ((((colour - basePage - from) % step) + step) % step);
    while (i + n <= Math.min(to + n - 1, this.pageCount)) {
      let busy = -1;
      for (let k = i; k < i + n; k++) {
        if (this.test(k)) {
          busy = k;
          break;
        }
      }
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
