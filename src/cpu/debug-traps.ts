// Breakpoints and watchpoints a debugger places in a core. The core consults them itself
// (so a hit stops before the instruction runs, or before the access retires), by guest
// virtual address, as a hardware debug unit would. Addresses are kept as 32-bit halves so
// the core's checks need no BigInt.
import { TWO32 } from "../arch/numbers.ts";

export type WatchKind = "write" | "read" | "access";

/** Why a core stopped for its debugger (the `debug` VM exit). */
export type DebugStop =
  | { reason: "breakpoint" }
  /** The core reached `stopAtCount` (single step, or landing at a point of a replay). */
  | { reason: "count" }
  | { reason: "watch"; watch: WatchKind; addr: bigint };

interface Watch {
  va: bigint;
  len: number;
  kind: WatchKind;
}

/** A key for the 4 KiB page of a VA given as halves: exact for every 64-bit VA (< 2^53). */
export function pageKey(hi: number, lo: number): number {
  return hi * 1048576 + (lo >>> 12);
}

function keyOf(va: bigint): number {
  return pageKey(Number((va >> 32n) & 0xffff_ffffn), Number(va & 0xffff_ffffn));
}

export class DebugTraps {
  /** Breakpoint instruction indices (0..1023) by page key, sorted. */
  private readonly breakpoints = new Map<number, number[]>();
  private readonly watches: Watch[] = [];
  /** Pages holding a watched byte: the core keeps them out of its fast paths. */
  private readonly watchedPages = new Set<number>();
  /** Called after any change (the core drops its cached translations). */
  onChange: () => void = () => {};
  /** Stop when the core's instruction count is this, before its next instruction (after
   *  any interrupt it takes there); -1: never. Cleared when it fires. */
  stopAtCount = -1;
  private isSuspended = false;

  /** Breakpoints and watchpoints kept but not checked (a replay lands somewhere). */
  get suspended(): boolean {
    return this.isSuspended;
  }
  set suspended(v: boolean) {
    this.isSuspended = v;
    this.onChange();
  }

  get breakpointCount(): number {
    let n = 0;
    for (const l of this.breakpoints.values()) n += l.length;
    return n;
  }

  get watching(): boolean {
    return this.watches.length > 0 && !this.isSuspended;
  }

  addBreakpoint(va: bigint): void {
    const key = keyOf(va);
    const idx = Number((va & 0xfffn) >> 2n);
    const list = this.breakpoints.get(key) ?? [];
    if (!list.includes(idx)) {
      list.push(idx);
      list.sort((a, b) => a - b);
    }
    this.breakpoints.set(key, list);
    this.onChange();
  }

  removeBreakpoint(va: bigint): boolean {
    const key = keyOf(va);
    const list = this.breakpoints.get(key);
    const idx = Number((va & 0xfffn) >> 2n);
    if (list === undefined || !list.includes(idx)) return false;
    list.splice(list.indexOf(idx), 1);
    if (list.length === 0) this.breakpoints.delete(key);
    this.onChange();
    return true;
  }

  hasBreakpoint(va: bigint): boolean {
    return this.breakpoints.get(keyOf(va))?.includes(Number((va & 0xfffn) >> 2n)) ?? false;
  }

  /** All breakpoint addresses (for backends that place them natively). */
  breakpointAddresses(): bigint[] {
    const out: bigint[] = [];
    for (const [key, list] of this.breakpoints) {
      const page = BigInt(Math.floor(key / 1048576)) * BigInt(TWO32) + BigInt((key % 1048576) * 4096);
      for (const idx of list) out.push(page + BigInt(idx * 4));
    }
    return out;
  }

  /** The index of the first breakpoint at or after instruction `from` on the page of
   *  (hi, lo), or -1. */
  nextBreakpoint(hi: number, lo: number, from: number): number {
    const list = this.breakpoints.get(pageKey(hi, lo));
    if (list === undefined || this.isSuspended) return -1;
    for (const idx of list) if (idx >= from) return idx;
    return -1;
  }

  addWatch(va: bigint, len: number, kind: WatchKind): void {
    if (len < 1) len = 1;
    this.watches.push({ va, len, kind });
    this.rebuildPages();
  }

  removeWatch(va: bigint, len: number, kind: WatchKind): boolean {
    const i = this.watches.findIndex((w) => w.va === va && w.len === Math.max(1, len) && w.kind === kind);
    if (i < 0) return false;
    this.watches.splice(i, 1);
    this.rebuildPages();
    return true;
  }

  clear(): void {
    this.stopAtCount = -1;
    this.isSuspended = false;
    this.breakpoints.clear();
    this.watches.length = 0;
    this.rebuildPages();
  }

  pageWatched(hi: number, lo: number): boolean {
    return !this.isSuspended && this.watchedPages.has(pageKey(hi, lo));
  }

  /** The watchpoint an access of `size` bytes at (hi, lo) triggers, as a stop; null if none. */
  watchHit(hi: number, lo: number, size: number, write: boolean): DebugStop | null {
    if (!this.watchedPages.has(pageKey(hi, lo)) && !this.watchedPages.has(pageKey(hi, (lo + size - 1) >>> 0))) return null;
    const start = BigInt(hi) * BigInt(TWO32) + BigInt(lo);
    const end = start + BigInt(size);
    for (const w of this.watches) {
      if (w.kind === "write" && !write) continue;
      if (w.kind === "read" && write) continue;
      if (start < w.va + BigInt(w.len) && w.va < end) {
        // Report the first watched byte the access touches (gdb matches it to a watchpoint).
        return { reason: "watch", watch: w.kind, addr: start > w.va ? start : w.va };
      }
    }
    return null;
  }

  private rebuildPages(): void {
    this.watchedPages.clear();
    for (const w of this.watches) {
      for (let a = w.va & ~0xfffn; a < w.va + BigInt(w.len); a += 0x1000n) this.watchedPages.add(keyOf(a));
    }
    this.onChange();
  }
}
