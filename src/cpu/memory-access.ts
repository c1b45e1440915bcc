// Data accesses of the ts core: loads and stores through the front TLB (soft-tlb.ts), whose
// hit is a typed-array access, and the slow path behind it (translation, alignment,
// watchpoints, devices, accesses across a page). 64-bit values travel as (lo, hi) halves.
// `iss` is the instruction-specific part of a data-abort syndrome (ISV|SAS|SSE|SRT|SF|AR),
// computed at decode time; 0 for accesses whose syndrome is not valid (pairs, SIMD, atomics).
import { BusError } from "../mmu/bus.ts";
import { PAGE_MASK, type RamPage } from "../mmu/physical-memory.ts";
import { Access } from "../mmu/translation.ts";
import type { TsCpu } from "./cpu.ts";
import { EXCEPTION_TAKEN, alignmentFault, dataAbort, externalAbort } from "./exceptions.ts";
import { SOFT_TLB_MASK } from "./soft-tlb.ts";
import { completeDeviceAccess } from "./device-fast-path.ts";

import { TWO32 } from "../arch/numbers.ts";

export function ld8(c: TsCpu, hi: number, lo: number, iss: number): number {
  const t = c.rt;
  const i = (lo >>> 12) & SOFT_TLB_MASK;
  if (t.tagLo[i] === (lo & -4096) && t.tagHi[i] === (hi | 0)) return t.pages[i]!.bytes[lo & PAGE_MASK];
  return loadSlow(c, hi, lo, 1, iss, c.el);
}

export function ld16(c: TsCpu, hi: number, lo: number, iss: number): number {
  const t = c.rt;
  const i = (lo >>> 12) & SOFT_TLB_MASK;
  const off = lo & PAGE_MASK;
  if (t.tagLo[i] === (lo & -4096) && t.tagHi[i] === (hi | 0) && off <= 4094) return t.pages[i]!.view.getUint16(off, true);
  return loadSlow(c, hi, lo, 2, iss, c.el);
}

export function ld32(c: TsCpu, hi: number, lo: number, iss: number): number {
  const t = c.rt;
  const i = (lo >>> 12) & SOFT_TLB_MASK;
  const off = lo & PAGE_MASK;
  if (t.tagLo[i] === (lo & -4096) && t.tagHi[i] === (hi | 0) && off <= 4092) return t.pages[i]!.view.getUint32(off, true);
  return loadSlow(c, hi, lo, 4, iss, c.el);
}

/** 64-bit load: returns bits 31:0, leaves bits 63:32 in `hi32`. */
export function ld64(c: TsCpu, hi: number, lo: number, iss: number): number {
  const t = c.rt;
  const i = (lo >>> 12) & SOFT_TLB_MASK;
  const off = lo & PAGE_MASK;
  if (t.tagLo[i] === (lo & -4096) && t.tagHi[i] === (hi | 0) && off <= 4088) {
    const v = t.pages[i]!.view;
    c.hi32 = v.getUint32(off + 4, true);
    return v.getUint32(off, true);
  }
  return loadSlow(c, hi, lo, 8, iss, c.el);
}

export function st8(c: TsCpu, hi: number, lo: number, value: number, iss: number): void {
  const t = c.wt;
  const i = (lo >>> 12) & SOFT_TLB_MASK;
  if (t.tagLo[i] === (lo & -4096) && t.tagHi[i] === (hi | 0)) {
    const p = t.pages[i]!;
    if (p.code !== null) p.invalidateCode(lo & PAGE_MASK, 1);
    p.bytes[lo & PAGE_MASK] = value;
    return;
  }
  storeSlow(c, hi, lo, 1, value, 0, iss, c.el);
}

export function st16(c: TsCpu, hi: number, lo: number, value: number, iss: number): void {
  const t = c.wt;
  const i = (lo >>> 12) & SOFT_TLB_MASK;
  const off = lo & PAGE_MASK;
  if (t.tagLo[i] === (lo & -4096) && t.tagHi[i] === (hi | 0) && off <= 4094) {
    const p = t.pages[i]!;
    if (p.code !== null) p.invalidateCode(off, 2);
    p.view.setUint16(off, value, true);
    return;
  }
  storeSlow(c, hi, lo, 2, value, 0, iss, c.el);
}

export function st32(c: TsCpu, hi: number, lo: number, value: number, iss: number): void {
  const t = c.wt;
  const i = (lo >>> 12) & SOFT_TLB_MASK;
  const off = lo & PAGE_MASK;
  if (t.tagLo[i] === (lo & -4096) && t.tagHi[i] === (hi | 0) && off <= 4092) {
    const p = t.pages[i]!;
    if (p.code !== null) p.invalidateCode(off, 4);
    p.view.setUint32(off, value, true);
    return;
  }
  storeSlow(c, hi, lo, 4, value, 0, iss, c.el);
}

export function st64(c: TsCpu, hi: number, lo: number, valueLo: number, valueHi: number, iss: number): void {
  const t = c.wt;
  const i = (lo >>> 12) & SOFT_TLB_MASK;
  const off = lo & PAGE_MASK;
  if (t.tagLo[i] === (lo & -4096) && t.tagHi[i] === (hi | 0) && off <= 4088) {
    const p = t.pages[i]!;
    if (p.code !== null) p.invalidateCode(off, 8);
    p.view.setUint32(off, valueLo, true);
    p.view.setUint32(off + 4, valueHi, true);
    return;
  }
  storeSlow(c, hi, lo, 8, valueLo, valueHi, iss, c.el);
}

/** Unprivileged (LDTR/STTR) and other explicit-EL accesses: always the slow path. */
export function loadAs(c: TsCpu, el: number, hi: number, lo: number, size: number, iss: number): number {
  return loadSlow(c, hi, lo, size, iss, el);
}

export function storeAs(c: TsCpu, el: number, hi: number, lo: number, size: number, valueLo: number, valueHi: number, iss: number): void {
  storeSlow(c, hi, lo, size, valueLo, valueHi, iss, el);
}

/** Translate a data address for an access the caller performs itself (exclusives,
 *  atomics, DC ZVA): returns the PA, raising the abort on a fault. Alignment to `align`
 *  bytes is checked first (alignment fault, FSC.ALIGNMENT). */
export function translateData(c: TsCpu, hi: number, lo: number, access: Access, iss: number, align: number): number {
  if ((lo & (align - 1)) !== 0) alignmentFault(c, hi, lo, access === Access.Write);
  if (c.traps?.watching) checkWatch(c, hi, lo, align, access === Access.Write);
  const pa = c.mmu.translate(hi, lo, access, c.el);
  if (pa < 0) dataAbort(c, hi, lo, iss, access === Access.Write);
  return pa;
}

/** The RAM page at a PA from translateData, or a data abort when it is not RAM
 *  (atomics and exclusives on devices are not supported: external abort). */
export function ramPageFor(c: TsCpu, pa: number, hi: number, lo: number, write: boolean): RamPage {
  if (c.bus.isRam(pa)) return c.bus.ram.page(pa);
  return externalAbort(c, hi, lo, write);
}

/** What a load the hypervisor completed returns: the destination register (ISS.SRT) as the
 *  completer wrote it, already extended as the instruction's own extension would leave it. */
function completedLoad(c: TsCpu, iss: number, size: number): number {
  const srt = (iss >>> 16) & 31;
  if (srt === 31) return 0;
  if (size === 8) c.hi32 = c.x[2 * srt + 1];
  return c.x[2 * srt];
}

function loadSlow(c: TsCpu, hi: number, lo: number, size: number, iss: number, el: number): number {
  if ((lo & PAGE_MASK) + size > 4096) return loadCrossing(c, hi, lo, size, el);
  if (c.traps?.watching) checkWatch(c, hi, lo, size, false);
  if ((c.tregs.sctlrEl1 & 2) !== 0 && (lo & (size - 1)) !== 0) alignmentFault(c, hi, lo, false);
  const pa = c.mmu.translate(hi, lo, Access.Read, el);
  if (pa < 0) {
    if (completeDeviceAccess(c, hi, lo, iss, false)) return completedLoad(c, iss, size);
    dataAbort(c, hi, lo, iss, false);
  }
  if (c.bus.isRam(pa, size)) {
    const page = c.bus.ram.page(pa);
    if (cacheable(c, hi, lo, el)) c.rt.fill(hi, lo, page);
    const off = pa & PAGE_MASK;
    const v = page.view;
    if (size === 8) {
      c.hi32 = v.getUint32(off + 4, true);
      return v.getUint32(off, true);
    }
    return size === 4 ? v.getUint32(off, true) : size === 2 ? v.getUint16(off, true) : v.getUint8(off);
  }
  try {
    if (size === 8) {
      const [l, h] = c.bus.read64(pa);
      c.hi32 = h;
      return l;
    }
    return c.bus.read(pa, size);
  } catch (e) {
    if (e instanceof BusError) externalAbort(c, hi, lo, false);
    throw e;
  }
}

function storeSlow(c: TsCpu, hi: number, lo: number, size: number, vLo: number, vHi: number, iss: number, el: number): void {
  if ((lo & PAGE_MASK) + size > 4096) return storeCrossing(c, hi, lo, size, vLo, vHi, el);
  if (c.traps?.watching) checkWatch(c, hi, lo, size, true);
  if ((c.tregs.sctlrEl1 & 2) !== 0 && (lo & (size - 1)) !== 0) alignmentFault(c, hi, lo, true);
  const pa = c.mmu.translate(hi, lo, Access.Write, el);
  if (pa < 0) {
    if (completeDeviceAccess(c, hi, lo, iss, true)) return;
    dataAbort(c, hi, lo, iss, true);
  }
  if (c.bus.isRam(pa, size)) {
    const page = c.bus.ram.page(pa);
    const off = pa & PAGE_MASK;
    page.invalidateCode(off, size);
    if (cacheable(c, hi, lo, el)) c.wt.fill(hi, lo, page);
    const v = page.view;
    if (size === 8) {
      v.setUint32(off, vLo, true);
      v.setUint32(off + 4, vHi, true);
    } else if (size === 4) v.setUint32(off, vLo, true);
    else if (size === 2) v.setUint16(off, vLo, true);
    else v.setUint8(off, vLo);
    return;
  }
  try {
    if (size === 8) c.bus.write64(pa, vLo, vHi);
    else c.bus.write(pa, size, vLo);
  } catch (e) {
    if (e instanceof BusError) externalAbort(c, hi, lo, true);
    throw e;
  }
}

// An access that straddles a page: byte by byte, each byte translated on its own.
function loadCrossing(c: TsCpu, hi: number, lo: number, size: number, el: number): number {
  let rLo = 0;
  let rHi = 0;
  for (let k = 0; k < size; k++) {
    const a = lo + k;
    const b = loadSlow(c, a >= TWO32 ? (hi + 1) >>> 0 : hi, a >>> 0, 1, 0, el);
    if (k < 4) rLo += b * 2 ** (8 * k);
    else rHi += b * 2 ** (8 * (k - 4));
  }
  c.hi32 = rHi;
  return rLo;
}

function storeCrossing(c: TsCpu, hi: number, lo: number, size: number, vLo: number, vHi: number, el: number): void {
  for (let k = 0; k < size; k++) {
    const a = lo + k;
    const b = k < 4 ? (vLo >>> (8 * k)) & 0xff : (vHi >>> (8 * (k - 4))) & 0xff;
    storeSlow(c, a >= TWO32 ? (hi + 1) >>> 0 : hi, a >>> 0, 1, b, 0, 0, el);
  }
}

/** A watchpoint hit by the access about to happen: leave before it retires (the PC stays
 *  on the instruction, which does not count as executed). */
function checkWatch(c: TsCpu, hi: number, lo: number, size: number, write: boolean): void {
  const stop = c.traps!.watchHit(hi, lo, size, write);
  if (stop === null) return;
  const at = c.icount + ((c.pcLo - c.blockPcLo) >>> 2);
  if (at === c.skipDebugAt) return;
  c.trapStopAt = at;
  c.exit = { kind: "debug", stop };
  c.icount--; // run() counts the current instruction when it unwinds
  throw EXCEPTION_TAKEN;
}

/** Whether the front TLB may cache the page of (hi, lo): not while it is watched. */
function cacheable(c: TsCpu, hi: number, lo: number, el: number): boolean {
  return el === c.el && (c.tregs.sctlrEl1 & 2) === 0 && (c.traps === null || !c.traps.pageWatched(hi, lo));
}

/** Call after any write that changes translation (TLBI, SCTLR/TCR/TTBR/MAIR/HCR/VTTBR/VTCR). */
export function flushSoftTlb(c: TsCpu): void {
  c.tlbSets[0].flush();
  c.tlbSets[1].flush();
}
