// The TypeScript AArch64 core (backend "ts"): its architectural state, the host's view of it
// (the Cpu interface) and the instructions' view (CoreContext). The work is done by one file
// per concern, free functions taking the core first: run-loop.ts, memory-access.ts,
// exceptions.ts, pstate.ts, timers.ts; the methods here delegate to them. Everything that
// would be taken to EL2 leaves run() as a VmExit; EL1 exceptions are taken here.
import type { Bus } from "../mmu/bus.ts";
import { Mmu } from "../mmu/mmu.ts";
import type { RamPage } from "../mmu/physical-memory.ts";
import { newTranslationRegs, type TranslationRegs } from "../mmu/translation-regs.ts";
import type { Access } from "../mmu/translation.ts";
import type { DataAbortCompleter, GicCpuInterface, Cpu, SysRegName } from "./cpu-interface.ts";
import { DebugTraps } from "./debug-traps.ts";
import { Jit, type JitOptions } from "./jit/jit.ts";
import type { CoreContext } from "./core-context.ts";
import { defaultDecoder, type Decoder } from "./decoder.ts";
import { DOUBLE_ZERO } from "../double-field.ts";
import * as exceptions from "./exceptions.ts";
import * as memory from "./memory-access.ts";
import * as pstate from "./pstate.ts";
import { GPR_SLOTS } from "./register-file.ts";
import * as runLoop from "./run-loop.ts";
import { type SoftTlb, SoftTlbSet } from "./soft-tlb.ts";
import { SR, SystemRegisters } from "./system-registers.ts";
import { sysRegRows, type SysRegRow } from "./system-register-table.ts";
import * as timers from "./timers.ts";
import type { VmExit } from "./vm-exit.ts";

import { TWO32 } from "../arch/numbers.ts";

export interface TsCpuOptions {
  /** Decoder override (tests); defaults to every instruction class the core knows. */
  decoder?: Decoder;
  /** Compile hot blocks to JavaScript (src/cpu/jit); default off. true: the default threshold
   *  (AVISOR_JIT_THRESHOLD overrides it); options set it and the block length (tests). */
  jit?: boolean | JitOptions;
}

export class TsCpu implements Cpu, CoreContext {
  readonly backend = "ts" as const;

  // ---- architectural state -------------------------------------------------------------
  /** X0–X30, XZR, SP, sink: see register-file.ts. [2n] = bits 31:0, [2n+1] = bits 63:32. */
  readonly x = new Uint32Array(GPR_SLOTS * 2);
  n = 0;
  z = 0;
  c = 0;
  v = 0;
  // Number fields that may hold uint32 words or counts past 2^31 start double (double-field.ts).
  pcLo = DOUBLE_ZERO;
  pcHi = DOUBLE_ZERO;
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
  exclusivePa = DOUBLE_ZERO;
  exclusiveSize = 0;
  /** The event register (SEV/SEVL set it, WFE consumes it). */
  eventRegister = false;

  /** High word of the last 64-bit load (ld64 returns the low word). */
  hi32 = DOUBLE_ZERO;

  // ---- front TLB -----------------------------------------------------------------------
  /** The front TLBs of EL0 and EL1; rt/wt/xt point into the current EL's set. */
  readonly tlbSets = [new SoftTlbSet(), new SoftTlbSet()];
  rt: SoftTlb;
  wt: SoftTlb;
  xt: SoftTlb;

  // ---- time and interrupts -------------------------------------------------------------
  /** Instructions retired before the current block. */
  icount = DOUBLE_ZERO;
  /** PC of the first instruction of the current block: icount + (pc - blockPc)/4 is exact. */
  blockPcLo = DOUBLE_ZERO;
  /** Counter ticks added by WFI jumping to the next deadline (DESIGN §6). */
  timeSkew = DOUBLE_ZERO;
  /** icount at which the earliest enabled, unmasked timer fires (Infinity: none). */
  timerDeadline = Infinity;
  /** Whether each timer's interrupt edge was already signalled: [virtual, physical]. */
  timerSignalled = [false, false];
  irqLine = false;
  /** The GICv3 CPU interface (ICC_* registers); null with a GICv2. */
  gicCpuInterface: GicCpuInterface | null = null;
  fiqLine = false;
  /** requestStop() was called: run() returns at the next block boundary. */
  stopRequested = false;
  /** A VM exit recorded by an Op; run() returns it. */
  exit: VmExit | null = null;
  /** Completes device data aborts without leaving run() (set by the hypervisor). */
  dataAbortCompleter: DataAbortCompleter | null = null;

  // ---- debugger ----------------------------------------------------------------------------
  /** Breakpoints and watchpoints (null until a debugger asks: no cost without one). */
  traps: DebugTraps | null = null;
  /** The instruction count at which traps are ignored once (resuming from a stop). */
  skipDebugAt = DOUBLE_ZERO;
  /** The instruction count of the last breakpoint or watchpoint stop. */
  trapStopAt = DOUBLE_ZERO;
  readonly watchpoints = true;

  readonly decoder: Decoder;
  /** The block compiler, or null: interpret only. */
  readonly jit: Jit | null;

  constructor(
    readonly bus: Bus,
    options: TsCpuOptions = {},
  ) {
    // The initial values of the fields that start double (see their initialisers).
    this.pcLo = this.pcHi = this.blockPcLo = this.icount = this.timeSkew = this.hi32 = 0;
    this.exclusivePa = this.skipDebugAt = this.trapStopAt = -1;
    this.mmu = new Mmu(bus, this.tregs);
    this.decoder = options.decoder ?? defaultDecoder();
    const jit = options.jit ?? false;
    this.jit = jit === false ? null : new Jit(jit === true ? {} : jit);
    // A page that starts holding code may sit in a write TLB without CODE_MARK (soft-tlb.ts).
    bus.ram.onCodeStarted(() => {
      for (const t of this.tlbSets) t.write.flush();
    });
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
    timers.followClock(this);
  }

  run(maxInsns: number): VmExit {
    return runLoop.run(this, maxInsns);
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

  // ---- data access (memory-access.ts) ------------------------------------------------------

  ld8(hi: number, lo: number, iss: number): number {
    return memory.ld8(this, hi, lo, iss);
  }
  ld16(hi: number, lo: number, iss: number): number {
    return memory.ld16(this, hi, lo, iss);
  }
  ld32(hi: number, lo: number, iss: number): number {
    return memory.ld32(this, hi, lo, iss);
  }
  /** 64-bit load: returns bits 31:0, leaves bits 63:32 in `hi32`. */
  ld64(hi: number, lo: number, iss: number): number {
    return memory.ld64(this, hi, lo, iss);
  }
  st8(hi: number, lo: number, value: number, iss: number): void {
    memory.st8(this, hi, lo, value, iss);
  }
  st16(hi: number, lo: number, value: number, iss: number): void {
    memory.st16(this, hi, lo, value, iss);
  }
  st32(hi: number, lo: number, value: number, iss: number): void {
    memory.st32(this, hi, lo, value, iss);
  }
  st64(hi: number, lo: number, valueLo: number, valueHi: number, iss: number): void {
    memory.st64(this, hi, lo, valueLo, valueHi, iss);
  }
  loadAs(el: number, hi: number, lo: number, size: number, iss: number): number {
    return memory.loadAs(this, el, hi, lo, size, iss);
  }
  storeAs(el: number, hi: number, lo: number, size: number, valueLo: number, valueHi: number, iss: number): void {
    memory.storeAs(this, el, hi, lo, size, valueLo, valueHi, iss);
  }
  translateData(hi: number, lo: number, access: Access, iss: number, align: number): number {
    return memory.translateData(this, hi, lo, access, iss, align);
  }
  ramPageFor(pa: number, hi: number, lo: number, write: boolean): RamPage {
    return memory.ramPageFor(this, pa, hi, lo, write);
  }

  // ---- exceptions (exceptions.ts) -----------------------------------------------------------

  alignmentFault(hi: number, lo: number, write: boolean): never {
    return exceptions.alignmentFault(this, hi, lo, write);
  }
  raise(ec: number, iss: number, farHi = -1, farLo = 0): never {
    return exceptions.raise(this, ec, iss, farHi, farLo);
  }
  undefinedInstruction(): never {
    return exceptions.undefinedInstruction(this);
  }
  trapToEl2(ec: number, iss: number, farHi: number, farLo: number, hpfar: number, elrHi: number, elrLo: number): never {
    return exceptions.trapToEl2(this, ec, iss, farHi, farLo, hpfar, elrHi, elrLo);
  }
  trapToEl2After(ec: number, iss: number): never {
    return exceptions.trapToEl2After(this, ec, iss);
  }
  /** Take an unmasked IRQ or FIQ (also the Unicorn backend's interrupt entry). */
  takePendingInterrupt(): boolean {
    return exceptions.takePendingInterrupt(this);
  }
  enterEl1(offset: number, esr: number): void {
    exceptions.enterEl1(this, offset, esr);
  }

  // ---- PSTATE and stack pointers (pstate.ts) -------------------------------------------------

  getPstate(): number {
    return pstate.getPstate(this);
  }
  setPstate(spsr: number): void {
    pstate.setPstate(this, spsr);
  }
  setElSp(el: number, spSel: number): void {
    pstate.setElSp(this, el, spSel);
  }
  getBankedSp(reg: number): [lo: number, hi: number] {
    return pstate.getBankedSp(this, reg);
  }
  setBankedSp(reg: number, lo: number, hi: number): void {
    pstate.setBankedSp(this, reg, lo, hi);
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
    memory.flushSoftTlb(this);
  }

  flushTlb(): void {
    this.mmu.flushAll();
    this.flushSoftTlb();
  }

  // ---- time (timers.ts) ----------------------------------------------------------------------

  counter(): number {
    return timers.counter(this);
  }
  virtualCount(): Uint32Array {
    return timers.virtualCount(this);
  }
  timerLevel(timer: "virtual" | "physical"): boolean {
    return timers.timerLevel(this, timer);
  }
  timerStatus(t: 0 | 1): boolean {
    return timers.timerStatus(this, t);
  }
  timersChanged(which: 0 | 1 | -1 = -1): void {
    timers.timersChanged(this, which);
  }
  /** The timer exit due at the current icount, if any (also used by the Unicorn backend). */
  checkTimers(): VmExit | null {
    return timers.checkTimers(this);
  }
  waitForInterrupt(): true {
    return timers.waitForInterrupt(this);
  }
  waitOutcome(now: number): VmExit | null {
    return timers.waitOutcome(this, now);
  }
  sleepUntilDeadline(now: number): boolean {
    return timers.sleepUntilDeadline(this, now);
  }

  /** The count a timer compares with (virtual: CNTVCT, physical: CNTPCT), as 32-bit halves. */
  readonly timerCount = new Uint32Array(2);

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
      x: this.x.slice(),
      vreg: this.vreg.slice(),
      sys: this.sys.v.slice(),
      tregs: { ...this.tregs },
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
  "n",
  "z",
  "c",
  "v",
  "pcLo",
  "pcHi",
  "el",
  "spSel",
  "daif",
  "pstateOther",
  "fpcr",
  "fpsr",
  "exclusivePa",
  "exclusiveSize",
  "eventRegister",
  "icount",
  "blockPcLo",
  "timeSkew",
  "timerDeadline",
  "irqLine",
  "fiqLine",
] as const satisfies readonly (keyof TsCpu)[];

interface TsCpuState {
  x: Uint32Array;
  vreg: Uint32Array;
  sys: Uint32Array;
  tregs: TranslationRegs;
  scalars: (number | boolean)[];
  timerSignalled: boolean[];
}

// ---- host access to system registers by name ----------------------------------------------
// Derived from the system-register table: each "host" row's storage says how to reach it.

type Accessor = { get(c: TsCpu): bigint; set(c: TsCpu, v: bigint): void };
type TregPair = readonly [keyof TranslationRegs, keyof TranslationRegs | null];

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

function hostAccessor(r: SysRegRow): Accessor {
  const index = (SR as Record<string, number>)[r.name];
  switch (r.storage) {
    case "slot": {
      const t = r.timers;
      return slot(index, t === undefined ? undefined : t === "both" ? (c) => c.timersChanged() : (c) => c.timersChanged(t));
    }
    case "stack":
      return bankedSp(index);
    case "translation":
      return treg(r.tregs!);
    case "fpcr":
      return { get: (c) => BigInt(c.fpcr), set: (c, v) => void (c.fpcr = lo32(v)) };
    case "fpsr":
      return { get: (c) => BigInt(c.fpsr), set: (c, v) => void (c.fpsr = lo32(v)) };
    default:
      throw new Error(`system register ${r.name}: the host cannot reach ${r.storage} storage by name`);
  }
}

const HOST_SYSREGS = Object.fromEntries(sysRegRows((r) => r.host === true).map((r) => [r.name, hostAccessor(r)])) as Record<SysRegName, Accessor>;
