// The TypeScript AArch64 core (backend "ts"): architectural state, the run loop over
// decoded pages, memory access through a front TLB, and exception entry. Everything that
// would be taken to EL2 leaves run() as a VmExit; EL1 exceptions are taken here.
import { Bus, BusError } from "../mmu/bus.ts";
import { Mmu } from "../mmu/mmu.ts";
import { PAGE_MASK, type RamPage } from "../mmu/physical-memory.ts";
import { newTranslationRegs, type TranslationRegs } from "../mmu/translation-regs.ts";
import { Access } from "../mmu/translation.ts";
import type { GicCpuInterface, Cpu, SysRegName } from "./cpu-interface.ts";
import { DebugTraps } from "./debug-traps.ts";
import { Jit, type JitOptions } from "./jit/jit.ts";
import type { Op } from "./decode-pattern.ts";
import { defaultDecoder, type Decoder } from "./decoder.ts";
import { GPR_SLOTS, SP_SLOT } from "./register-file.ts";
import { COUNTER_HORIZON, atLeast64, counterMinus, ticksUntil } from "./counter-math.ts";
import { SOFT_TLB_MASK, SoftTlb, SoftTlbSet } from "./soft-tlb.ts";
import { SR, SystemRegisters } from "./system-registers.ts";
import { EC, ESR_IL, SyncExitRecord, type VmExit } from "./vm-exit.ts";
import { EXCEPTION_TAKEN } from "./exception-taken.ts";

export { EXCEPTION_TAKEN };

const TWO32 = 4294967296;
const INSNS_PER_PAGE = 1024;

/** Vector offsets from VBAR_EL1 (ARM ARM D1.10.2). */
export const VECTOR = { SYNC: 0x000, IRQ: 0x080, FIQ: 0x100, SERROR: 0x180 } as const;

/** PSTATE bits kept verbatim across SPSR round trips besides NZCV, DAIF and M. */
const PSTATE_OTHER_MASK = (1 << 20) | (1 << 21) | (1 << 22) | (1 << 23) | (1 << 24); // IL, SS, PAN, UAO, DIT
const PSTATE_IL = 1 << 20;

export interface TsCpuOptions {
  /** Decoder override (tests); defaults to every instruction class the core knows. */
  decoder?: Decoder;
  /** Compile hot blocks to JavaScript (src/cpu/jit); default off. true: the default threshold
   *  (AVISOR_JIT_THRESHOLD overrides it); options set it and the block length (tests). */
  jit?: boolean | JitOptions;
}

export class TsCpu implements Cpu {
  readonly backend = "ts" as const;

  // ---- architectural state -------------------------------------------------------------
  /** X0–X30, XZR, SP, sink: see register-file.ts. [2n] = bits 31:0, [2n+1] = bits 63:32. */
  readonly x = new Uint32Array(GPR_SLOTS * 2);
  n = 0;
  z = 0;
  c = 0;
  v = 0;
  pcLo = 0;
  pcHi = 0;
  el = 1;
  spSel = 1;
  /** PSTATE.{D,A,I,F} as a 4-bit value (D=8, A=4, I=2, F=1). */
  daif = 0xf;
  /** PSTATE.{IL,SS,PAN,UAO,DIT} in their SPSR bit positions. */
  pstateOther = 0;
  /** V0–V31: [4n] = bits 31:0 … [4n+3] = bits 127:96. Registers 32–37 are hidden scratch
   *  registers: 32–34 for the scalar FP code, 35–37 to stage vector lanes for it. */
  readonly vreg = new Uint32Array(38 * 4);
  /** The same registers byte by byte (V[n] byte k at 16n + k: the host is little-endian). */
  readonly vbytes = new Uint8Array(this.vreg.buffer);
  fpcr = 0;
  fpsr = 0;
  readonly sys = new SystemRegisters();
  readonly tregs: TranslationRegs = newTranslationRegs();
  readonly mmu: Mmu;

  /** Local exclusive monitor (LDXR/STXR): the physical address and size it guards. */
  exclusivePa = -1;
  exclusiveSize = 0;
  /** The event register (SEV/SEVL set it, WFE consumes it). */
  eventRegister = false;

  /** High word of the last 64-bit load (ld64 returns the low word). */
  hi32 = 0;

  // ---- front TLB -----------------------------------------------------------------------
  private readonly tlbSets = [new SoftTlbSet(), new SoftTlbSet()];
  rt: SoftTlb;
  wt: SoftTlb;
  xt: SoftTlb;

  // ---- time and interrupts -------------------------------------------------------------
  /** Instructions retired before the current block. */
  icount = 0;
  /** PC of the first instruction of the current block: icount + (pc - blockPc)/4 is exact. */
  blockPcLo = 0;
  /** Counter ticks added by WFI jumping to the next deadline (DESIGN §6). */
  timeSkew = 0;
  /** icount at which the earliest enabled, unmasked timer fires (Infinity: none). */
  timerDeadline = Infinity;
  private timerSignalled = [false, false]; // [virtual, physical]
  irqLine = false;
  /** The GICv3 CPU interface (ICC_* registers); null with a GICv2. */
  gicCpuInterface: GicCpuInterface | null = null;
  fiqLine = false;
  /** Set by requestStop(); the run loop (and compiled loops, src/cpu/jit) leave on it. */
  stopRequested = false;
  /** A VM exit recorded by an Op; run() returns it. */
  exit: VmExit | null = null;

  // ---- debugger ----------------------------------------------------------------------------
  /** Breakpoints and watchpoints (null until a debugger asks: no cost without one). */
  traps: DebugTraps | null = null;
  /** The instruction count at which traps are ignored once (resuming from a stop). */
  private skipDebugAt = -1;
  /** The instruction count of the last breakpoint or watchpoint stop. */
  private trapStopAt = -1;
  readonly watchpoints = true;

  readonly decoder: Decoder;
  /** The block compiler, or null: interpret only. */
  readonly jit: Jit | null;

  constructor(
    readonly bus: Bus,
    options: TsCpuOptions = {},
  ) {
    this.mmu = new Mmu(bus, this.tregs);
    this.decoder = options.decoder ?? defaultDecoder(undefinedInstructionOp);
    const jit = options.jit ?? false;
    this.jit = jit === false ? null : new Jit(jit === true ? {} : jit);
    const s = this.tlbSets[1];
    this.rt = s.read;
    this.wt = s.write;
    this.xt = s.exec;
  }

  get instructionCount(): number {
    return this.icount;
  }

  // ---- run loop ------------------------------------------------------------------------

  /** The clock the counter follows, in counter ticks: the host's (`--realtime`) or the one
   *  several vCPUs share; null: this core's own virtual time (DESIGN §6). */
  clock: (() => number) | null = null;

  setClock(clock: () => number): void {
    this.clock = clock;
  }

  /** Move the counter up to the clock it follows (never back). */
  followClock(): void {
    if (this.clock === null) return;
    const behind = this.clock() - (this.icount + this.timeSkew);
    if (behind > 0) {
      this.timeSkew += behind;
      this.recomputeDeadline();
    }
  }

  run(maxInsns: number): VmExit {
    const end = this.icount + maxInsns;
    this.exit = null;
    this.followClock();
    for (;;) {
      if (this.stopRequested) {
        this.stopRequested = false;
        return { kind: "stopped" };
      }
      const fired = this.checkTimers();
      if (fired !== null) return fired;
      if (this.icount >= end) return { kind: "limit" };
      if (!this.takePendingInterrupt() && (this.pstateOther & PSTATE_IL) !== 0) this.illegalState();
      let nextBreak = -1;
      let stopAt = Infinity;
      if (this.traps !== null) {
        const t = this.traps;
        if (t.stopAtCount === this.icount) {
          t.stopAtCount = -1;
          return { kind: "debug", stop: { reason: "count" } };
        }
        if (t.stopAtCount > this.icount) stopAt = t.stopAtCount - this.icount;
        nextBreak = t.nextBreakpoint(this.pcHi, this.pcLo, (this.pcLo & PAGE_MASK) >>> 2);
        if (nextBreak === (this.pcLo & PAGE_MASK) >>> 2) {
          if (this.icount !== this.skipDebugAt) {
            this.trapStopAt = this.icount;
            return { kind: "debug", stop: { reason: "breakpoint" } };
          }
          nextBreak = t.nextBreakpoint(this.pcHi, this.pcLo, nextBreak + 1);
        }
      }

      let page: RamPage;
      try {
        page = this.fetchPage();
      } catch (e) {
        if (e !== EXCEPTION_TAKEN) throw e;
        // A fetch abort retires nothing, but counts as a step so that a guest whose
        // vectors fault too cannot spin forever inside one run().
        this.icount++;
        if (this.exit !== null) return this.exit;
        continue;
      }
      const code = (page.code ??= new Array<Op | undefined>(INSNS_PER_PAGE)) as (Op | undefined)[];
      const view = page.view;
      const startIdx = (this.pcLo & PAGE_MASK) >>> 2;
      const base = this.pcLo - (startIdx << 2);
      const budget = Math.min(end, this.timerDeadline) - this.icount;
      let limit = budget < INSNS_PER_PAGE - startIdx ? startIdx + Math.max(budget, 1) : INSNS_PER_PAGE;
      if (nextBreak > startIdx && nextBreak < limit) limit = nextBreak; // stop in front of it
      if (stopAt < limit - startIdx) limit = startIdx + stopAt;
      this.blockPcLo = this.pcLo;
      let idx = startIdx;
      // ---- block compiler (src/cpu/jit): a compiled block runs this span, or returns 0 ----
      if (this.jit !== null) idx += this.jit.run(this, page, startIdx, base, limit, end);
      if (idx === startIdx)
      try {
        for (;;) {
          if (idx >= limit) {
            const next = base + (idx << 2);
            if (next >= TWO32) {
              this.pcLo = next - TWO32;
              this.pcHi = (this.pcHi + 1) >>> 0;
            } else this.pcLo = next;
            break;
          }
          let op = code[idx];
          if (op === undefined) op = code[idx] = this.decoder.decode(view.getUint32(idx << 2, true));
          this.pcLo = base + (idx << 2);
          idx++;
          if (op(this) === true) break;
        }
      } catch (e) {
        if (e !== EXCEPTION_TAKEN) throw e;
      }
      this.icount += idx - startIdx;
      this.blockPcLo = this.pcLo;
      if (this.exit !== null) return this.exit;
    }
  }

  requestStop(): void {
    this.stopRequested = true;
  }

  debugTraps(): DebugTraps {
    if (this.traps === null) {
      this.traps = new DebugTraps();
      // Watched pages must leave the front TLB so every access to them is checked.
      this.traps.onChange = () => this.flushSoftTlb();
    }
    return this.traps;
  }

  /** Only a stop at a trap is passed over: after a single step or a Ctrl-C, the next
   *  instruction's breakpoint or watchpoint still fires. */
  resumeFromDebugStop(): void {
    this.skipDebugAt = this.trapStopAt === this.icount ? this.icount : -1;
  }

  /** A watchpoint hit by the access about to happen: leave before it retires (the PC stays
   *  on the instruction, which does not count as executed). */
  private checkWatch(hi: number, lo: number, size: number, write: boolean): void {
    const stop = this.traps!.watchHit(hi, lo, size, write);
    if (stop === null) return;
    const at = this.icount + ((this.pcLo - this.blockPcLo) >>> 2);
    if (at === this.skipDebugAt) return;
    this.trapStopAt = at;
    this.exit = { kind: "debug", stop };
    this.icount--; // run() counts the current instruction when it unwinds
    throw EXCEPTION_TAKEN;
  }

  /** Whether the front TLB may cache the page of (hi, lo): not while it is watched. */
  private cacheable(hi: number, lo: number, el: number): boolean {
    return el === this.el && (this.tregs.sctlrEl1 & 2) === 0 && (this.traps === null || !this.traps.pageWatched(hi, lo));
  }

  /** Set PC to the next instruction and end the block (for Ops that must be followed by an
   *  interrupt check: MSR DAIF, WFI, ISB ...). */
  syncAfter(): true {
    this.advancePc(4);
    return true;
  }

  advancePc(bytes: number): void {
    const lo = this.pcLo + bytes;
    if (lo >= TWO32) {
      this.pcLo = lo - TWO32;
      this.pcHi = (this.pcHi + 1) >>> 0;
    } else this.pcLo = lo;
  }

  setPcParts(hi: number, lo: number): void {
    this.pcHi = hi >>> 0;
    this.pcLo = lo >>> 0;
  }

  // ---- instruction fetch -----------------------------------------------------------------

  private fetchPage(): RamPage {
    const lo = this.pcLo;
    const hi = this.pcHi;
    if ((lo & 3) !== 0) this.raise(EC.PC_ALIGN, 0, hi, lo);
    const t = this.xt;
    const i = (lo >>> 12) & SOFT_TLB_MASK;
    if (t.tagLo[i] === (lo & -4096) && t.tagHi[i] === (hi | 0)) return t.pages[i]!;
    const pa = this.mmu.translate(hi, lo, Access.Exec, this.el);
    if (pa < 0) this.instructionAbort(hi, lo);
    const page = this.bus.isRam(pa) ? this.bus.ram.page(pa) : null;
    if (page === null) {
      // Executing from a device or from nothing: synchronous external abort on fetch.
      const ec = this.el === 0 ? EC.IABT_LOWER : EC.IABT_SAME;
      this.raise(ec, 0b010000, hi, lo);
    }
    t.fill(hi, lo, page!);
    return page!;
  }

  private instructionAbort(hi: number, lo: number): never {
    const f = this.mmu.fault;
    if (f.stage === 2) {
      const iss = (f.s1ptw ? 1 << 7 : 0) | f.fsc;
      this.trapToEl2(EC.IABT_LOWER, iss, hi, lo, hpfarOf(f.ipa), this.pcHi, this.pcLo);
    }
    this.raise(this.el === 0 ? EC.IABT_LOWER : EC.IABT_SAME, f.fsc, hi, lo);
  }

  // ---- data access ---------------------------------------------------------------------
  // `iss` is the instruction-specific part of a data-abort syndrome (ISV|SAS|SSE|SRT|SF|AR),
  // computed at decode time; 0 for accesses whose syndrome is not valid (pairs, SIMD, atomics).

  ld8(hi: number, lo: number, iss: number): number {
    const t = this.rt;
    const i = (lo >>> 12) & SOFT_TLB_MASK;
    if (t.tagLo[i] === (lo & -4096) && t.tagHi[i] === (hi | 0)) return t.pages[i]!.bytes[lo & PAGE_MASK];
    return this.loadSlow(hi, lo, 1, iss, this.el);
  }

  ld16(hi: number, lo: number, iss: number): number {
    const t = this.rt;
    const i = (lo >>> 12) & SOFT_TLB_MASK;
    const off = lo & PAGE_MASK;
    if (t.tagLo[i] === (lo & -4096) && t.tagHi[i] === (hi | 0) && off <= 4094) return t.pages[i]!.view.getUint16(off, true);
    return this.loadSlow(hi, lo, 2, iss, this.el);
  }

  ld32(hi: number, lo: number, iss: number): number {
    const t = this.rt;
    const i = (lo >>> 12) & SOFT_TLB_MASK;
    const off = lo & PAGE_MASK;
    if (t.tagLo[i] === (lo & -4096) && t.tagHi[i] === (hi | 0) && off <= 4092) return t.pages[i]!.view.getUint32(off, true);
    return this.loadSlow(hi, lo, 4, iss, this.el);
  }

  /** 64-bit load: returns bits 31:0, leaves bits 63:32 in `hi32`. */
  ld64(hi: number, lo: number, iss: number): number {
    const t = this.rt;
    const i = (lo >>> 12) & SOFT_TLB_MASK;
    const off = lo & PAGE_MASK;
    if (t.tagLo[i] === (lo & -4096) && t.tagHi[i] === (hi | 0) && off <= 4088) {
      const v = t.pages[i]!.view;
      this.hi32 = v.getUint32(off + 4, true);
      return v.getUint32(off, true);
    }
    return this.loadSlow(hi, lo, 8, iss, this.el);
  }

  st8(hi: number, lo: number, value: number, iss: number): void {
    const t = this.wt;
    const i = (lo >>> 12) & SOFT_TLB_MASK;
    if (t.tagLo[i] === (lo & -4096) && t.tagHi[i] === (hi | 0)) {
      const p = t.pages[i]!;
      if (p.code === null) {
        p.bytes[lo & PAGE_MASK] = value;
        return;
      }
    }
    this.storeSlow(hi, lo, 1, value, 0, iss, this.el);
  }

  st16(hi: number, lo: number, value: number, iss: number): void {
    const t = this.wt;
    const i = (lo >>> 12) & SOFT_TLB_MASK;
    const off = lo & PAGE_MASK;
    if (t.tagLo[i] === (lo & -4096) && t.tagHi[i] === (hi | 0) && off <= 4094) {
      const p = t.pages[i]!;
      if (p.code === null) {
        p.view.setUint16(off, value, true);
        return;
      }
    }
    this.storeSlow(hi, lo, 2, value, 0, iss, this.el);
  }

  st32(hi: number, lo: number, value: number, iss: number): void {
    const t = this.wt;
    const i = (lo >>> 12) & SOFT_TLB_MASK;
    const off = lo & PAGE_MASK;
    if (t.tagLo[i] === (lo & -4096) && t.tagHi[i] === (hi | 0) && off <= 4092) {
      const p = t.pages[i]!;
      if (p.code === null) {
        p.view.setUint32(off, value, true);
        return;
      }
    }
    this.storeSlow(hi, lo, 4, value, 0, iss, this.el);
  }

  st64(hi: number, lo: number, valueLo: number, valueHi: number, iss: number): void {
    const t = this.wt;
    const i = (lo >>> 12) & SOFT_TLB_MASK;
    const off = lo & PAGE_MASK;
    if (t.tagLo[i] === (lo & -4096) && t.tagHi[i] === (hi | 0) && off <= 4088) {
      const p = t.pages[i]!;
      if (p.code === null) {
        p.view.setUint32(off, valueLo, true);
        p.view.setUint32(off + 4, valueHi, true);
        return;
      }
    }
    this.storeSlow(hi, lo, 8, valueLo, valueHi, iss, this.el);
  }

  /** Unprivileged (LDTR/STTR) and other explicit-EL accesses: always the slow path. */
  loadAs(el: number, hi: number, lo: number, size: number, iss: number): number {
    return this.loadSlow(hi, lo, size, iss, el);
  }
  storeAs(el: number, hi: number, lo: number, size: number, valueLo: number, valueHi: number, iss: number): void {
    this.storeSlow(hi, lo, size, valueLo, valueHi, iss, el);
  }

  /** Translate a data address for an access the caller performs itself (exclusives,
   *  atomics, DC ZVA): returns the PA, raising the abort on a fault. Alignment to `align`
   *  bytes is checked first (alignment fault, DFSC 0b100001). */
  translateData(hi: number, lo: number, access: Access, iss: number, align: number): number {
    if ((lo & (align - 1)) !== 0) this.alignmentFault(hi, lo, access === Access.Write);
    if (this.traps !== null && this.traps.watching) this.checkWatch(hi, lo, align, access === Access.Write);
    const pa = this.mmu.translate(hi, lo, access, this.el);
    if (pa < 0) this.dataAbort(hi, lo, iss, access === Access.Write);
    return pa;
  }

  /** The RAM page at a PA from translateData, or a data abort when it is not RAM
   *  (atomics and exclusives on devices are not supported: external abort). */
  ramPageFor(pa: number, hi: number, lo: number, write: boolean): RamPage {
    if (this.bus.isRam(pa)) return this.bus.ram.page(pa);
    return this.externalAbort(hi, lo, write);
  }

  private loadSlow(hi: number, lo: number, size: number, iss: number, el: number): number {
    if ((lo & PAGE_MASK) + size > 4096) return this.loadCrossing(hi, lo, size, el);
    if (this.traps !== null && this.traps.watching) this.checkWatch(hi, lo, size, false);
    if ((this.tregs.sctlrEl1 & 2) !== 0 && (lo & (size - 1)) !== 0) this.alignmentFault(hi, lo, false);
    const pa = this.mmu.translate(hi, lo, Access.Read, el);
    if (pa < 0) this.dataAbort(hi, lo, iss, false);
    if (this.bus.isRam(pa, size)) {
      const page = this.bus.ram.page(pa);
      if (this.cacheable(hi, lo, el)) this.rt.fill(hi, lo, page);
      const off = pa & PAGE_MASK;
      const v = page.view;
      if (size === 8) {
        this.hi32 = v.getUint32(off + 4, true);
        return v.getUint32(off, true);
      }
      return size === 4 ? v.getUint32(off, true) : size === 2 ? v.getUint16(off, true) : v.getUint8(off);
    }
    try {
      if (size === 8) {
        const [l, h] = this.bus.read64(pa);
        this.hi32 = h;
        return l;
      }
      return this.bus.read(pa, size);
    } catch (e) {
      if (e instanceof BusError) this.externalAbort(hi, lo, false);
      throw e;
    }
  }

  private storeSlow(hi: number, lo: number, size: number, vLo: number, vHi: number, iss: number, el: number): void {
    if ((lo & PAGE_MASK) + size > 4096) return this.storeCrossing(hi, lo, size, vLo, vHi, el);
    if (this.traps !== null && this.traps.watching) this.checkWatch(hi, lo, size, true);
    if ((this.tregs.sctlrEl1 & 2) !== 0 && (lo & (size - 1)) !== 0) this.alignmentFault(hi, lo, true);
    const pa = this.mmu.translate(hi, lo, Access.Write, el);
    if (pa < 0) this.dataAbort(hi, lo, iss, true);
    if (this.bus.isRam(pa, size)) {
      const page = this.bus.ram.page(pa);
      const off = pa & PAGE_MASK;
      page.invalidateCode(off, size);
      if (this.cacheable(hi, lo, el)) this.wt.fill(hi, lo, page);
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
      if (size === 8) this.bus.write64(pa, vLo, vHi);
      else this.bus.write(pa, size, vLo);
    } catch (e) {
      if (e instanceof BusError) this.externalAbort(hi, lo, true);
      throw e;
    }
  }

  // An access that straddles a page: byte by byte, each byte translated on its own.
  private loadCrossing(hi: number, lo: number, size: number, el: number): number {
    let rLo = 0;
    let rHi = 0;
    for (let k = 0; k < size; k++) {
      const a = lo + k;
      const b = this.loadSlow(a >= TWO32 ? (hi + 1) >>> 0 : hi, a >>> 0, 1, 0, el);
      if (k < 4) rLo += b * 2 ** (8 * k);
      else rHi += b * 2 ** (8 * (k - 4));
    }
    this.hi32 = rHi;
    return rLo;
  }

  private storeCrossing(hi: number, lo: number, size: number, vLo: number, vHi: number, el: number): void {
    for (let k = 0; k < size; k++) {
      const a = lo + k;
      const b = k < 4 ? (vLo >>> (8 * k)) & 0xff : (vHi >>> (8 * (k - 4))) & 0xff;
      this.storeSlow(a >= TWO32 ? (hi + 1) >>> 0 : hi, a >>> 0, 1, b, 0, 0, el);
    }
  }

  // ---- aborts and exceptions -------------------------------------------------------------

  /** A translation fault described by mmu.fault: stage 2 → VM exit, stage 1 → EL1. */
  private dataAbort(hi: number, lo: number, iss: number, write: boolean): never {
    const f = this.mmu.fault;
    const wnr = write ? 1 << 6 : 0;
    if (f.stage === 2) {
      // A stage-2 fault on the stage-1 walk carries no instruction syndrome (ISV=0).
      const syn = f.s1ptw ? (1 << 7) | wnr | f.fsc : iss | wnr | f.fsc;
      this.trapToEl2(EC.DABT_LOWER, syn, hi, lo, hpfarOf(f.ipa), this.pcHi, this.pcLo);
    }
    this.raise(this.el === 0 ? EC.DABT_LOWER : EC.DABT_SAME, wnr | f.fsc, hi, lo);
  }

  alignmentFault(hi: number, lo: number, write: boolean): never {
    this.raise(this.el === 0 ? EC.DABT_LOWER : EC.DABT_SAME, (write ? 1 << 6 : 0) | 0b100001, hi, lo);
  }

  private externalAbort(hi: number, lo: number, write: boolean): never {
    this.raise(this.el === 0 ? EC.DABT_LOWER : EC.DABT_SAME, (write ? 1 << 6 : 0) | 0b010000, hi, lo);
  }

  /** Take a synchronous exception to EL1 and unwind the current Op. FAR_EL1 is written
   *  for aborts (farHi/farLo given), left alone otherwise. */
  raise(ec: number, iss: number, farHi = -1, farLo = 0): never {
    this.enterEl1(VECTOR.SYNC, ((ec << 26) | ESR_IL | iss) >>> 0);
    if (farHi >= 0) this.sys.set(SR.FAR_EL1, farLo, farHi);
    throw EXCEPTION_TAKEN;
  }

  /** The Op for an UNDEFINED encoding: EC 0x00 to EL1, ELR = this instruction. */
  undefinedInstruction(): never {
    this.raise(EC.UNKNOWN, 0);
  }

  /** Record a synchronous exception to EL2 and unwind: ELR_EL2 = (elrHi:elrLo). */
  trapToEl2(ec: number, iss: number, farHi: number, farLo: number, hpfar: number, elrHi: number, elrLo: number): never {
    const esr = ((ec << 26) | ESR_IL | iss) >>> 0;
    const spsr = this.getPstate();
    this.sys.set(SR.ESR_EL2, esr, 0);
    this.sys.set(SR.FAR_EL2, farLo >>> 0, farHi >>> 0);
    this.sys.set(SR.HPFAR_EL2, hpfar % TWO32, Math.floor(hpfar / TWO32));
    this.sys.set(SR.ELR_EL2, elrLo >>> 0, elrHi >>> 0);
    this.sys.set(SR.SPSR_EL2, spsr, 0);
    this.pcHi = elrHi >>> 0;
    this.pcLo = elrLo >>> 0;
    this.exit = new SyncExitRecord(esr, farHi >>> 0, farLo >>> 0, hpfar, elrHi >>> 0, elrLo >>> 0, spsr);
    throw EXCEPTION_TAKEN;
  }

  /** HVC/SMC and other traps whose preferred return is the next instruction. */
  trapToEl2After(ec: number, iss: number): never {
    const lo = this.pcLo + 4;
    const hi = lo >= TWO32 ? (this.pcHi + 1) >>> 0 : this.pcHi;
    this.trapToEl2(ec, iss, 0, 0, 0, hi, lo >>> 0);
  }

  /** Take an unmasked IRQ or FIQ from the lines into the EL1 vector (also the Unicorn
   *  backend's interrupt entry, so both follow one definition). */
  takePendingInterrupt(): boolean {
    if (this.irqLine && (this.daif & 2) === 0) this.enterEl1(VECTOR.IRQ, -1);
    else if (this.fiqLine && (this.daif & 1) === 0) this.enterEl1(VECTOR.FIQ, -1);
    else return false;
    return true;
  }

  private illegalState(): void {
    this.enterEl1(VECTOR.SYNC, ((EC.ILLEGAL_STATE << 26) | ESR_IL) >>> 0);
  }

  /** Exception entry to EL1 (ARM ARM D1.10): save PC/PSTATE, mask DAIF, EL1h, jump. */
  enterEl1(offset: number, esr: number): void {
    const spsr = this.getPstate();
    const base = this.el === 0 ? 0x400 : this.spSel === 1 ? 0x200 : 0;
    this.sys.set(SR.ELR_EL1, this.pcLo, this.pcHi);
    this.sys.set(SR.SPSR_EL1, spsr, 0);
    if (esr >= 0) this.sys.set(SR.ESR_EL1, esr, 0);
    this.setElSp(1, 1);
    this.daif = 0xf;
    this.pstateOther &= ~(PSTATE_IL | (1 << 21)); // IL and SS clear on entry
    this.pcLo = ((this.sys.lo(SR.VBAR_EL1) & ~0x7ff) | (base + offset)) >>> 0;
    this.pcHi = this.sys.hi(SR.VBAR_EL1);
    this.exclusivePa = -1;
  }

  // ---- PSTATE and stack pointers ---------------------------------------------------------

  getPstate(): number {
    return (
      ((this.n << 31) | (this.z << 30) | (this.c << 29) | (this.v << 28) | this.pstateOther | (this.daif << 6) | (this.el << 2) | this.spSel) >>> 0
    );
  }

  /** Write PSTATE from an SPSR value (ERET, exception return by the host). An illegal
   *  target (EL2/EL3, AArch32, EL0 with SPSel=1) sets PSTATE.IL instead (ARM ARM D1.11.1). */
  setPstate(spsr: number): void {
    this.n = (spsr >>> 31) & 1;
    this.z = (spsr >>> 30) & 1;
    this.c = (spsr >>> 29) & 1;
    this.v = (spsr >>> 28) & 1;
    this.daif = (spsr >>> 6) & 0xf;
    this.pstateOther = spsr & PSTATE_OTHER_MASK;
    const m = spsr & 0x1f;
    const el = (m >>> 2) & 3;
    if ((m & 0x10) !== 0 || el > 1 || (m & 2) !== 0 || (el === 0 && (m & 1) !== 0)) {
      this.pstateOther |= PSTATE_IL;
      return;
    }
    this.setElSp(el, m & 1);
  }

  private spOwner(el: number, spSel: number): number {
    return el === 0 || spSel === 0 ? SR.SP_EL0 : SR.SP_EL1;
  }

  /** Change EL and SPSel, moving SP between the live slot and its banked register. */
  setElSp(el: number, spSel: number): void {
    const from = this.spOwner(this.el, this.spSel);
    const to = this.spOwner(el, spSel);
    if (from !== to) {
      const x = this.x;
      this.sys.set(from, x[SP_SLOT * 2], x[SP_SLOT * 2 + 1]);
      x[SP_SLOT * 2] = this.sys.lo(to);
      x[SP_SLOT * 2 + 1] = this.sys.hi(to);
    }
    if (el !== this.el) {
      const s = this.tlbSets[el];
      this.rt = s.read;
      this.wt = s.write;
      this.xt = s.exec;
    }
    this.el = el;
    this.spSel = spSel;
  }

  /** SP_EL0 / SP_EL1 as MRS/MSR and the host see them, wherever they currently live. */
  getBankedSp(reg: number): [lo: number, hi: number] {
    if (reg === this.spOwner(this.el, this.spSel)) return [this.x[SP_SLOT * 2], this.x[SP_SLOT * 2 + 1]];
    return [this.sys.lo(reg), this.sys.hi(reg)];
  }
  setBankedSp(reg: number, lo: number, hi: number): void {
    if (reg === this.spOwner(this.el, this.spSel)) {
      this.x[SP_SLOT * 2] = lo;
      this.x[SP_SLOT * 2 + 1] = hi;
    } else this.sys.set(reg, lo, hi);
  }

  get nzcv(): number {
    return (this.n << 3) | (this.z << 2) | (this.c << 1) | this.v;
  }
  set nzcv(bits: number) {
    this.n = (bits >>> 3) & 1;
    this.z = (bits >>> 2) & 1;
    this.c = (bits >>> 1) & 1;
    this.v = bits & 1;
  }

  // ---- translation state changes ---------------------------------------------------------

  /** Call after any write that changes translation (TLBI, SCTLR/TCR/TTBR/MAIR/HCR/VTTBR/VTCR). */
  flushSoftTlb(): void {
    this.tlbSets[0].flush();
    this.tlbSets[1].flush();
  }

  flushTlb(): void {
    this.mmu.flushAll();
    this.flushSoftTlb();
  }

  // ---- time --------------------------------------------------------------------------------

  /** CNTPCT_EL0: one tick per retired instruction plus WFI skips (DESIGN §6). Exact inside
   *  an Op: counts the instructions of the current block before this one. */
  counter(): number {
    return this.icount + ((this.pcLo - this.blockPcLo) >>> 2) + this.timeSkew;
  }

  /** CNTVCT_EL0 = CNTPCT_EL0 - CNTVOFF_EL2 (mod 2^64), exact, as halves in `timerCount`. */
  virtualCount(): Uint32Array {
    counterMinus(this.counter(), this.sys.lo(SR.CNTVOFF_EL2), this.sys.hi(SR.CNTVOFF_EL2), this.timerCount);
    return this.timerCount;
  }

  /** The count timer t compares with (virtual: CNTVCT, physical: CNTPCT), as 32-bit halves. */
  private readonly timerCount = new Uint32Array(2);

  private countFor(t: number): Uint32Array {
    if (t === 0) return this.virtualCount();
    counterMinus(this.counter(), 0, 0, this.timerCount);
    return this.timerCount;
  }

  private timerCtl(t: number): number {
    return this.sys.lo(t === 0 ? SR.CNTV_CTL_EL0 : SR.CNTP_CTL_EL0);
  }

  /** The timer condition of the ARM ARM (D11.2.4): count >= CVAL, unsigned 64-bit, exactly. */
  private conditionMet(t: number): boolean {
    const cval = t === 0 ? SR.CNTV_CVAL_EL0 : SR.CNTP_CVAL_EL0;
    const n = this.countFor(t);
    return atLeast64(n[0], n[1], this.sys.lo(cval), this.sys.hi(cval));
  }

  /** Counter ticks until timer t's condition holds (0: it holds now); Infinity when that
   *  lies past COUNTER_HORIZON, which the counter never reaches (CVAL = 2^64 - 1). */
  private ticksToCondition(t: number): number {
    const cval = t === 0 ? SR.CNTV_CVAL_EL0 : SR.CNTP_CVAL_EL0;
    const n = this.countFor(t);
    const ahead = ticksUntil(n[0], n[1], this.sys.lo(cval), this.sys.hi(cval));
    return this.counter() + ahead > COUNTER_HORIZON ? Infinity : ahead;
  }

  timerLevel(timer: "virtual" | "physical"): boolean {
    const t = timer === "virtual" ? 0 : 1;
    return (this.timerCtl(t) & 3) === 1 && this.conditionMet(t);
  }

  /** CNTx_CTL.ISTATUS as the guest reads it. */
  timerStatus(t: 0 | 1): boolean {
    return (this.timerCtl(t) & 1) === 1 && this.conditionMet(t);
  }

  /** Call after writing CNTV_*, CNTP_* or CNTVOFF_EL2: re-arms the edge and the deadline. */
  timersChanged(which: 0 | 1 | -1 = -1): void {
    if (which !== 1) this.timerSignalled[0] = false;
    if (which !== 0) this.timerSignalled[1] = false;
    this.recomputeDeadline();
  }

  private recomputeDeadline(): void {
    let d = Infinity;
    for (let t = 0; t < 2; t++) {
      if ((this.timerCtl(t) & 3) !== 1 || this.timerSignalled[t]) continue;
      // In icount units; a deadline the counter cannot reach wakes nothing.
      const at = this.counter() + this.ticksToCondition(t) - this.timeSkew;
      if (at < d) d = at;
    }
    this.timerDeadline = d;
  }

  /** The timer exit due at the current icount, if any (also used by the Unicorn backend). */
  checkTimers(): VmExit | null {
    if (this.icount < this.timerDeadline) return null;
    for (let t = 0; t < 2; t++) {
      if (this.timerSignalled[t] || (this.timerCtl(t) & 3) !== 1) continue;
      if (this.conditionMet(t)) {
        this.timerSignalled[t] = true;
        this.recomputeDeadline();
        return { kind: "timer", timer: t === 0 ? "virtual" : "physical" };
      }
    }
    this.recomputeDeadline();
    return null;
  }

  /** WFI/WFE not trapped to EL2: wake at once on a pending interrupt, otherwise jump virtual
   *  time to the next timer deadline; with no deadline the vCPU is idle (VM exit). */
  waitForInterrupt(): true {
    this.advancePc(4);
    if (this.irqLine || this.fiqLine) return true;
    const now = this.icount + ((this.pcLo - 4 - this.blockPcLo) >>> 2) + 1;
    this.exit = this.waitOutcome(now);
    return true;
  }

  /** What a WFI with nothing pending at icount `now` leads to: null (virtual time jumped to the
   *  next deadline: go on), a wait for the deadline on the followed clock, or idle (nothing armed). */
  waitOutcome(now: number): VmExit | null {
    if (this.clock !== null && this.timerDeadline !== Infinity) return { kind: "wait", until: this.timerDeadline + this.timeSkew };
    return this.sleepUntilDeadline(now) ? null : { kind: "idle" };
  }

  /** WFI with nothing pending at icount `now`: move virtual time to the next timer deadline.
   *  False when no timer is armed (nothing can wake the vCPU). */
  sleepUntilDeadline(now: number): boolean {
    if (this.timerDeadline === Infinity) return false;
    if (this.timerDeadline > now) this.timeSkew += this.timerDeadline - now;
    this.recomputeDeadline();
    return true;
  }

  // ---- the host's view (Cpu interface) -------------------------------------------------------

  getX(n: number): bigint {
    return (BigInt(this.x[2 * n + 1]) << 32n) | BigInt(this.x[2 * n]);
  }
  setX(n: number, value: bigint): void {
    if (n < 0 || n > 30) throw new RangeError(`X${n} is not a general-purpose register`);
    this.x[2 * n] = Number(value & 0xffffffffn);
    this.x[2 * n + 1] = Number((value >> 32n) & 0xffffffffn);
  }
  getPc(): bigint {
    return (BigInt(this.pcHi) << 32n) | BigInt(this.pcLo);
  }
  setPc(value: bigint): void {
    this.pcLo = Number(value & 0xffffffffn);
    this.pcHi = Number((value >> 32n) & 0xffffffffn);
    this.blockPcLo = this.pcLo; // between runs: the counter is icount + skew, wherever PC goes
  }
  getV(n: number): bigint {
    let r = 0n;
    for (let k = 3; k >= 0; k--) r = (r << 32n) | BigInt(this.vreg[4 * n + k]);
    return r;
  }
  setV(n: number, value: bigint): void {
    for (let k = 0; k < 4; k++) this.vreg[4 * n + k] = Number((value >> BigInt(32 * k)) & 0xffffffffn);
  }

  setIrqLine(level: boolean): void {
    this.irqLine = level;
  }
  setFiqLine(level: boolean): void {
    this.fiqLine = level;
  }

  attachGicCpuInterface(icc: GicCpuInterface): void {
    this.gicCpuInterface = icc;
  }

  translate(va: bigint, access: Access): number | null {
    const pa = this.mmu.translate(Number((va >> 32n) & 0xffffffffn), Number(va & 0xffffffffn), access, 1);
    return pa < 0 ? null : pa;
  }

  captureState(): unknown {
    const state: TsCpuState = {
      x: this.x.slice(), vreg: this.vreg.slice(), sys: this.sys.v.slice(), tregs: { ...this.tregs },
      scalars: CAPTURED_SCALARS.map((k) => this[k] as number | boolean),
      timerSignalled: [...this.timerSignalled],
    };
    return state;
  }

  restoreState(state: unknown): void {
    const s = state as TsCpuState;
    this.x.set(s.x);
    this.vreg.set(s.vreg);
    this.sys.v.set(s.sys);
    Object.assign(this.tregs, s.tregs);
    const el = this.el;
    CAPTURED_SCALARS.forEach((k, i) => ((this as Record<string, unknown>)[k] = s.scalars[i]));
    if (this.el !== el) {
      const t = this.tlbSets[this.el];
      this.rt = t.read;
      this.wt = t.write;
      this.xt = t.exec;
    }
    this.timerSignalled = [...s.timerSignalled];
    this.exit = null;
    this.stopRequested = false;
    this.flushTlb();
  }

  getSysreg(name: SysRegName): bigint {
    const r = HOST_SYSREGS[name];
    return r.get(this);
  }
  setSysreg(name: SysRegName, value: bigint): void {
    HOST_SYSREGS[name].set(this, value);
  }
}

/** The scalar fields of TsCpu that make up its state (with the arrays in TsCpuState). */
const CAPTURED_SCALARS = [
  "n", "z", "c", "v", "pcLo", "pcHi", "el", "spSel", "daif", "pstateOther", "fpcr", "fpsr",
  "exclusivePa", "exclusiveSize", "eventRegister", "icount", "blockPcLo", "timeSkew", "timerDeadline",
  "irqLine", "fiqLine",
] as const satisfies readonly (keyof TsCpu)[];

interface TsCpuState {
  x: Uint32Array;
  vreg: Uint32Array;
  sys: Uint32Array;
  tregs: TranslationRegs;
  scalars: (number | boolean)[];
  timerSignalled: boolean[];
}

function hpfarOf(ipa: number): number {
  return Math.floor(ipa / 4096) * 16;
}

function undefinedInstructionOp(): Op {
  return (c) => c.undefinedInstruction();
}

// ---- host access to system registers by name ----------------------------------------------

type Accessor = { get(c: TsCpu): bigint; set(c: TsCpu, v: bigint): void };
type TregPair = [keyof TranslationRegs, keyof TranslationRegs | null];

const lo32 = (v: bigint) => Number(v & 0xffffffffn);
const hi32 = (v: bigint) => Number((v >> 32n) & 0xffffffffn);
const join = (lo: number, hi: number) => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);

function slot(i: number, onWrite?: (c: TsCpu) => void): Accessor {
  return {
    get: (c) => c.sys.get64(i),
    set: (c, v) => {
      c.sys.set64(i, v);
      onWrite?.(c);
    },
  };
}
function treg([lo, hi]: TregPair): Accessor {
  return {
    get: (c) => join(c.tregs[lo], hi ? c.tregs[hi] : 0),
    set: (c, v) => {
      c.tregs[lo] = lo32(v);
      if (hi) c.tregs[hi] = hi32(v);
      c.flushTlb();
    },
  };
}
function bankedSp(i: number): Accessor {
  return {
    get: (c) => join(...c.getBankedSp(i)),
    set: (c, v) => c.setBankedSp(i, lo32(v), hi32(v)),
  };
}

const HOST_SYSREGS: Record<SysRegName, Accessor> = {
  SCTLR_EL1: treg(["sctlrEl1", null]),
  TCR_EL1: treg(["tcrEl1Lo", "tcrEl1Hi"]),
  TTBR0_EL1: treg(["ttbr0El1Lo", "ttbr0El1Hi"]),
  TTBR1_EL1: treg(["ttbr1El1Lo", "ttbr1El1Hi"]),
  MAIR_EL1: treg(["mairEl1Lo", "mairEl1Hi"]),
  HCR_EL2: treg(["hcrEl2Lo", "hcrEl2Hi"]),
  VTTBR_EL2: treg(["vttbrEl2Lo", "vttbrEl2Hi"]),
  VTCR_EL2: treg(["vtcrEl2", null]),
  VBAR_EL1: slot(SR.VBAR_EL1),
  ELR_EL1: slot(SR.ELR_EL1),
  SPSR_EL1: slot(SR.SPSR_EL1),
  ESR_EL1: slot(SR.ESR_EL1),
  FAR_EL1: slot(SR.FAR_EL1),
  SP_EL0: bankedSp(SR.SP_EL0),
  SP_EL1: bankedSp(SR.SP_EL1),
  TPIDR_EL0: slot(SR.TPIDR_EL0),
  TPIDRRO_EL0: slot(SR.TPIDRRO_EL0),
  TPIDR_EL1: slot(SR.TPIDR_EL1),
  CONTEXTIDR_EL1: slot(SR.CONTEXTIDR_EL1),
  CPACR_EL1: slot(SR.CPACR_EL1),
  CNTKCTL_EL1: slot(SR.CNTKCTL_EL1),
  CNTV_CTL_EL0: slot(SR.CNTV_CTL_EL0, (c) => c.timersChanged(0)),
  CNTV_CVAL_EL0: slot(SR.CNTV_CVAL_EL0, (c) => c.timersChanged(0)),
  CNTP_CTL_EL0: slot(SR.CNTP_CTL_EL0, (c) => c.timersChanged(1)),
  CNTP_CVAL_EL0: slot(SR.CNTP_CVAL_EL0, (c) => c.timersChanged(1)),
  PAR_EL1: slot(SR.PAR_EL1),
  PMCR_EL0: slot(SR.PMCR_EL0),
  VMPIDR_EL2: slot(SR.VMPIDR_EL2),
  VPIDR_EL2: slot(SR.VPIDR_EL2),
  CNTVOFF_EL2: slot(SR.CNTVOFF_EL2, (c) => c.timersChanged()),
  ELR_EL2: slot(SR.ELR_EL2),
  SPSR_EL2: slot(SR.SPSR_EL2),
  ESR_EL2: slot(SR.ESR_EL2),
  FAR_EL2: slot(SR.FAR_EL2),
  HPFAR_EL2: slot(SR.HPFAR_EL2),
  FPCR: { get: (c) => BigInt(c.fpcr), set: (c, v) => void (c.fpcr = lo32(v)) },
  FPSR: { get: (c) => BigInt(c.fpsr), set: (c, v) => void (c.fpsr = lo32(v)) },
};
