// Sparse guest-physical RAM: 2 MiB chunks allocated on first touch, so a 4 GiB address
// space costs only what the guest actually uses. A chunk is one contiguous host buffer
// that never moves or goes away, so a native CPU backend (Unicorn) can map it directly;
// the ts core sees it as 4 KiB RamPage views.

import { DOUBLE_ZERO } from "../double-field.ts";

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const PAGE_MASK = PAGE_SIZE - 1;
export const CHUNK_SIZE = 0x20_0000;

/** One 4 KiB page of RAM. `code` is owned by the CPU: its decoded-instruction cache for
 *  this page, which writes to the page must invalidate (see `invalidateCode`). */
export class RamPage {
  /** Double from the start (double-field.ts): PAs reach past 2^31. */
  readonly pa: number = DOUBLE_ZERO;
  readonly bytes: Uint8Array;
  readonly view: DataView;
  /** The whole 2 MiB chunk holding the page, and where the page starts in it: the front TLB
   *  keeps these so that a hit reads the chunk (a few hot objects) rather than the page. */
  readonly chunkView: DataView;
  readonly chunkOffset: number;
  code: unknown[] | null = null;
  private readonly memory: PhysicalMemory;
  constructor(pa: number, bytes: Uint8Array, chunkView: DataView, memory: PhysicalMemory) {
    this.pa = pa;
    this.memory = memory;
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, PAGE_SIZE);
    this.chunkView = chunkView;
    this.chunkOffset = bytes.byteOffset - chunkView.byteOffset;
  }

  /** The page's decode cache, made on first use; making it tells the memory's watchers
   *  (each core's write TLBs mark the pages that hold code, soft-tlb.ts). */
  decodeCache(): unknown[] {
    let code = this.code;
    if (code === null) {
      code = this.code = new Array(PAGE_SIZE / 4);
      this.memory.codeStarted();
    }
    return code;
  }

  /** Drop decoded instructions overlapping [offset, offset+size). Past the page's 1024
   *  decoded instructions the CPU may keep an object with `invalidate()` (its compiled
   *  blocks, src/cpu/jit): overwriting a decoded instruction drops that object too. */
  invalidateCode(offset: number, size: number): void {
    const code = this.code;
    if (code === null) return;
    const first = offset >>> 2;
    const last = Math.min((offset + size - 1) >>> 2, PAGE_SIZE / 4 - 1, code.length - 1);
    let decoded = false;
    for (let i = first; i <= last; i++) {
      if (code[i] !== undefined) decoded = true;
      code[i] = undefined;
    }
    const compiled = code.length > PAGE_SIZE / 4 ? (code[PAGE_SIZE / 4] as { invalidate(): void } | undefined) : undefined;
    if (decoded && compiled !== undefined) {
      compiled.invalidate();
      code[PAGE_SIZE / 4] = undefined;
    }
  }
}

export class PhysicalMemory {
  private readonly pages = new Map<number, RamPage>();
  private readonly chunks = new Map<number, Uint8Array>();
  /** Called whenever a page gets a decode cache (RamPage.decodeCache). */
  private readonly codeWatchers: (() => void)[] = [];

  onCodeStarted(watcher: () => void): void {
    this.codeWatchers.push(watcher);
  }

  codeStarted(): void {
    for (const w of this.codeWatchers) w();
  }

  /** A DataView over each chunk, made with it (RamPage.chunkView). */
  private readonly chunkViews = new Map<number, DataView>();

  /** Chunks whose memory was handed out whole (to a native backend, to snapshots): any of
   *  their bytes may have been written without a RamPage. */
  private readonly exposed = new Set<number>();

  /** The 2 MiB host buffer holding `pa` (CHUNK_SIZE-aligned), allocated zeroed on first touch.
   *  Whoever takes it may write it directly. */
  chunk(pa: number): Uint8Array {
    this.exposed.add(Math.floor(pa / CHUNK_SIZE));
    return this.chunkOf(pa);
  }

  private chunkOf(pa: number): Uint8Array {
    const n = Math.floor(pa / CHUNK_SIZE);
    let c = this.chunks.get(n);
    if (c === undefined) {
      c = new Uint8Array(CHUNK_SIZE);
      this.chunks.set(n, c);
      this.chunkViews.set(n, new DataView(c.buffer, c.byteOffset, CHUNK_SIZE));
    }
    return c;
  }

  /** Whether the chunk holding `pa` was ever touched (an untouched chunk reads as zeros). */
  hasChunk(pa: number): boolean {
    return this.chunks.has(Math.floor(pa / CHUNK_SIZE));
  }

  /** The page containing `pa`, allocated (zeroed) on first touch. */
  page(pa: number): RamPage {
    const pfn = Math.floor(pa / PAGE_SIZE);
    let p = this.pages.get(pfn);
    if (p === undefined) {
      const base = pfn * PAGE_SIZE;
      const off = base % CHUNK_SIZE;
      const chunk = this.chunkOf(base);
      p = new RamPage(base, chunk.subarray(off, off + PAGE_SIZE), this.chunkViews.get(Math.floor(base / CHUNK_SIZE))!, this);
      this.pages.set(pfn, p);
    }
    return p;
  }

  /** The page containing `pa` if it was ever touched. */
  peek(pa: number): RamPage | undefined {
    return this.pages.get(Math.floor(pa / PAGE_SIZE));
  }

  /** Every page touched so far (for reports; not on any hot path). */
  touchedPages(): IterableIterator<RamPage> {
    return this.pages.values();
  }

  /** Host memory allocated so far, in bytes. */
  get allocatedBytes(): number {
    return this.chunks.size * CHUNK_SIZE;
  }

  readU8(pa: number): number {
    return this.page(pa).bytes[pa & PAGE_MASK];
  }
  writeU8(pa: number, v: number): void {
    const p = this.page(pa);
    p.bytes[pa & PAGE_MASK] = v;
    p.invalidateCode(pa & PAGE_MASK, 1);
  }

  /** Little-endian read of 1, 2 or 4 bytes (may cross a page). */
  read(pa: number, size: number): number {
    const off = pa & PAGE_MASK;
    if (off + size <= PAGE_SIZE) {
      const v = this.page(pa).view;
      return size === 4 ? v.getUint32(off, true) : size === 2 ? v.getUint16(off, true) : v.getUint8(off);
    }
    let r = 0;
    for (let i = size - 1; i >= 0; i--) r = r * 256 + this.readU8(pa + i);
    return r;
  }

  /** Little-endian write of 1, 2 or 4 bytes (may cross a page). */
  write(pa: number, size: number, value: number): void {
    const off = pa & PAGE_MASK;
    if (off + size <= PAGE_SIZE) {
      const p = this.page(pa);
      if (size === 4) p.view.setUint32(off, value, true);
      else if (size === 2) p.view.setUint16(off, value, true);
      else p.view.setUint8(off, value);
      p.invalidateCode(off, size);
      return;
    }
    for (let i = 0; i < size; i++) this.writeU8(pa + i, (value >>> (8 * i)) & 0xff);
  }

  /** 64-bit little-endian read as a BigInt (tests, hypervisor; never the CPU hot path). */
  read64(pa: number): bigint {
    return BigInt(this.read(pa, 4)) | (BigInt(this.read(pa + 4, 4)) << 32n);
  }
  write64(pa: number, v: bigint): void {
    this.write(pa, 4, Number(v & 0xffffffffn));
    this.write(pa + 4, 4, Number((v >> 32n) & 0xffffffffn));
  }

  readBytes(pa: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const a = pa + done;
      const off = a & PAGE_MASK;
      const n = Math.min(length - done, PAGE_SIZE - off);
      const p = this.peek(a);
      if (p) out.set(p.bytes.subarray(off, off + n), done);
      done += n;
    }
    return out;
  }

  writeBytes(pa: number, data: Uint8Array): void {
    let done = 0;
    while (done < data.length) {
      const a = pa + done;
      const off = a & PAGE_MASK;
      const n = Math.min(data.length - done, PAGE_SIZE - off);
      const p = this.page(a);
      p.bytes.set(data.subarray(done, done + n), off);
      p.invalidateCode(off, n);
      done += n;
    }
  }

  /** Zero a range. Chunks are never freed (a native backend may have mapped them). Memory
   *  nobody ever had a handle to is still zero and is not touched: a first write to a page
   *  costs a host page fault, which is a large part of a boot. */
  zero(pa: number, length: number): void {
    let done = 0;
    while (done < length) {
      const a = pa + done;
      const off = a % CHUNK_SIZE;
      const n = Math.min(length - done, CHUNK_SIZE - off);
      const key = Math.floor(a / CHUNK_SIZE);
      const c = this.chunks.get(key);
      if (c !== undefined && this.exposed.has(key)) c.fill(0, off, off + n);
      if (c !== undefined) {
        for (let p = a - (a & PAGE_MASK); p < a + n; p += PAGE_SIZE) {
          const page = this.peek(p);
          if (page === undefined) continue;
          const from = Math.max(p, a) & PAGE_MASK;
          const to = Math.min(p + PAGE_SIZE, a + n) - p;
          page.bytes.fill(0, from, to);
          page.invalidateCode(from, to - from);
        }
      }
      done += n;
    }
  }
}
