// The core as instruction handlers (src/cpu/insn/*, decode-pattern's Op) and compiled code
// see it: everything an instruction may read, write or call, and nothing else. TsCpu
// implements it; the run loop, fetch, front TLB fills, timer deadlines and the host's view
// stay behind it. 64-bit values travel as (hi, lo) pairs of uint32 (no BigInt per step).
import type { Mmu } from "../mmu/mmu.ts";
import type { RamPage } from "../mmu/physical-memory.ts";
import type { TranslationRegs } from "../mmu/translation-regs.ts";
import type { Access } from "../mmu/translation.ts";
import type { GicCpuInterface } from "./cpu-interface.ts";
import type { SystemRegisters } from "./system-registers.ts";

export interface CoreContext {
  // ---- general-purpose registers and flags ---------------------------------------------
  /** X0–X30, XZR, SP, sink as (lo, hi) uint32 pairs; slots resolved at decode (register-file.ts). */
  readonly x: Uint32Array;
  /** PSTATE.N as 0 or 1. */
  n: number;
  /** PSTATE.Z as 0 or 1. */
  z: number;
  /** PSTATE.C as 0 or 1. */
  c: number;
  /** PSTATE.V as 0 or 1. */
  v: number;
  /** NZCV as a 4-bit value (N=8 … V=1), for MRS/MSR NZCV, CCMP and conditional selects. */
  nzcv: number;

  // ---- PSTATE beyond the flags ---------------------------------------------------------------
  /** PSTATE.{D,A,I,F} as a 4-bit value (D=8, A=4, I=2, F=1): MSR DAIFSet/DAIFClr, MRS DAIF. */
  daif: number;
  /** The current exception level (0 or 1 for a guest): privilege checks. */
  readonly el: number;
  /** PSTATE.SP: which stack pointer SP names at EL1 (MRS SPSel, SP_EL0 access checks). */
  readonly spSel: number;
  /** Change EL and SPSel together, moving SP to and from its banked register (MSR SPSel). */
  setElSp(el: number, spSel: number): void;
  /** Write PSTATE from an SPSR value (ERET); an illegal return sets PSTATE.IL instead. */
  setPstate(spsr: number): void;
  /** SP_EL0 or SP_EL1 (SR index) wherever it lives now, as [lo, hi] (MRS SP_EL0/SP_EL1). */
  getBankedSp(reg: number): [lo: number, hi: number];
  /** Write SP_EL0 or SP_EL1 (SR index) wherever it lives now (MSR SP_EL0/SP_EL1). */
  setBankedSp(reg: number, lo: number, hi: number): void;

  // ---- program counter ---------------------------------------------------------------------
  /** PC bits 31:0; inside an Op, the address of the instruction being executed. */
  pcLo: number;
  /** PC bits 63:32. */
  pcHi: number;
  /** Move PC forward (an Op that returns true has set PC itself). */
  advancePc(bytes: number): void;
  /** Set PC to (hi:lo) for a taken branch or ERET. */
  setPcParts(hi: number, lo: number): void;
  /** Step to the next instruction and end the block, so the run loop re-checks interrupts. */
  syncAfter(): true;

  // ---- SIMD and floating point ---------------------------------------------------------------
  /** V0–V31 and hidden scratch registers 32–37 as uint32 words ([4n] = bits 31:0). */
  readonly vreg: Uint32Array;
  /** The same registers byte by byte (V[n] byte k at 16n + k). */
  readonly vbytes: Uint8Array;
  /** FPCR: rounding mode, flush-to-zero, default NaN. */
  fpcr: number;
  /** FPSR: cumulative exception flags and QC. */
  fpsr: number;

  // ---- memory (virtual addresses as hi, lo; `iss`: data-abort syndrome bits, 0 if none) ------
  /** Load 1 byte at the current EL. */
  ld8(hi: number, lo: number, iss: number): number;
  /** Load 2 bytes (little-endian) at the current EL. */
  ld16(hi: number, lo: number, iss: number): number;
  /** Load 4 bytes at the current EL. */
  ld32(hi: number, lo: number, iss: number): number;
  /** Load 8 bytes: returns bits 31:0, leaves bits 63:32 in `hi32`. */
  ld64(hi: number, lo: number, iss: number): number;
  /** Bits 63:32 of the last 8-byte load. */
  readonly hi32: number;
  /** Store 1 byte at the current EL. */
  st8(hi: number, lo: number, value: number, iss: number): void;
  /** Store 2 bytes at the current EL. */
  st16(hi: number, lo: number, value: number, iss: number): void;
  /** Store 4 bytes at the current EL. */
  st32(hi: number, lo: number, value: number, iss: number): void;
  /** Store 8 bytes given as two 32-bit halves. */
  st64(hi: number, lo: number, valueLo: number, valueHi: number, iss: number): void;
  /** Load of `size` bytes as if at EL `el` (LDTR: unprivileged); 8 bytes leave bits 63:32 in hi32. */
  loadAs(el: number, hi: number, lo: number, size: number, iss: number): number;
  /** Store of `size` bytes as if at EL `el` (STTR: unprivileged). */
  storeAs(el: number, hi: number, lo: number, size: number, valueLo: number, valueHi: number, iss: number): void;
  /** Translate for an access the Op performs itself (exclusives, atomics, DC ZVA): the PA,
   *  after an alignment check to `align` bytes; aborts are raised, never returned. */
  translateData(hi: number, lo: number, access: Access, iss: number, align: number): number;
  /** The RAM page holding a PA from translateData; an external abort when it is a device. */
  ramPageFor(pa: number, hi: number, lo: number, write: boolean): RamPage;

  // ---- exclusive monitor and events ----------------------------------------------------------
  /** The PA the local exclusive monitor guards (LDXR sets it, STXR checks it); -1: open. */
  exclusivePa: number;
  /** The size in bytes of the guarded access. */
  exclusiveSize: number;
  /** The event register: SEV/SEVL set it, WFE consumes it. */
  eventRegister: boolean;
  /** WFI/WFE not trapped: wake on a pending interrupt or jump to the next timer deadline. */
  waitForInterrupt(): true;

  // ---- exceptions (all unwind the current Op) ------------------------------------------------
  /** Take a synchronous exception to EL1 with this EC and ISS; FAR_EL1 = (farHi:farLo) if given. */
  raise(ec: number, iss: number, farHi?: number, farLo?: number): never;
  /** Alignment fault on a data access at (hi:lo). */
  alignmentFault(hi: number, lo: number, write: boolean): never;
  /** UNDEFINED: EC 0 to EL1, ELR = this instruction. */
  undefinedInstruction(): never;
  /** A trap to EL2 (a VM exit) with its syndrome, FAR, HPFAR and return address. */
  trapToEl2(ec: number, iss: number, farHi: number, farLo: number, hpfar: number, elrHi: number, elrLo: number): never;
  /** A trap to EL2 whose return address is the next instruction (HVC, SMC, trapped WFx). */
  trapToEl2After(ec: number, iss: number): never;

  // ---- system registers and translation ------------------------------------------------------
  /** Storage of the system registers kept as 64-bit slots (indices in SR). */
  readonly sys: SystemRegisters;
  /** The translation-control registers the walkers read (SCTLR, TCR, TTBRs, MAIR, HCR, VTTBR, VTCR). */
  readonly tregs: TranslationRegs;
  /** The MMU: TLB invalidation (TLBI) and stage-1 walks for AT. */
  readonly mmu: Mmu;
  /** Drop every cached translation after a write to translation state. */
  flushTlb(): void;
  /** Drop the core's front TLB only (the architectural TLB is kept). */
  flushSoftTlb(): void;
  /** The GICv3 CPU interface behind ICC_* registers; null with a GICv2. */
  readonly gicCpuInterface: GicCpuInterface | null;
  /** The virtual IRQ line (ISR_EL1.I). */
  readonly irqLine: boolean;
  /** The virtual FIQ line (ISR_EL1.F). */
  readonly fiqLine: boolean;

  // ---- counter and timers --------------------------------------------------------------------
  /** CNTPCT_EL0, exact at the current instruction. */
  counter(): number;
  /** CNTVCT_EL0 as [lo, hi] (a buffer reused by the next call). */
  virtualCount(): Uint32Array;
  /** CNTx_CTL.ISTATUS of timer 0 (virtual) or 1 (physical). */
  timerStatus(t: 0 | 1): boolean;
  /** After writing CNTV_*, CNTP_* or CNTVOFF: re-arm the timer's edge and deadline. */
  timersChanged(which?: 0 | 1 | -1): void;
}
