// The interface both CPU backends (ts, unicorn) implement; the hypervisor only sees this.
import type { Bus } from "../mmu/bus.ts";
import type { Access } from "../mmu/translation.ts";
import type { DebugTraps } from "./debug-traps.ts";
import type { IccRegister, SysRegName } from "./system-register-table.ts";
import type { SyncExit, VmExit } from "./vm-exit.ts";

/** System registers reachable by name from the host (hypervisor, tests, lockstep): the
 *  table's rows marked `host`. */
export type { SysRegName } from "./system-register-table.ts";

/** Guest-physical device windows and the hypervisor's handler for them, for a backend
 *  that completes device accesses inside the core (Unicorn cannot stop before one). */
export interface DeviceWindows {
  readonly regions: readonly { base: number; size: number }[];
  /** Carry out the guest's access of `size` bytes at `ipa` (`value`: what a write stores;
   *  `pc`: the accessing instruction) as the hypervisor does for the data abort the ts core
   *  takes for it: the raw value read or written, or null when no device is at `ipa`. */
  access(ipa: number, size: 1 | 2 | 4 | 8, write: boolean, value: bigint, pc: bigint): bigint | null;
}

/** The GICv3 CPU interface registers a guest reaches as ICC_* system registers (the table's
 *  "gic" rows). */
export type { IccRegister } from "./system-register-table.ts";
/** Completes a stage-2 data abort inside the core (the fast device path). Given the exit the
 *  core would leave run() with, in the state the hypervisor would see it in (PC on the
 *  access, the instruction counted), it either carries the access out, updates the
 *  registers and the PC as the hypervisor would after the exit, and returns true (the core
 *  then goes on as at the start of the next run()), or returns false (the core leaves with
 *  the exit). Set by the hypervisor; the core knows nothing of what it does. */
export type DataAbortCompleter = (exit: SyncExit) => boolean;

/** A vCPU's GICv3 CPU interface, provided by the hypervisor's vGICv3. */
export interface GicCpuInterface {
  read(reg: IccRegister): bigint;
  write(reg: IccRegister, value: bigint): void;
}

export interface Cpu {
  readonly backend: "ts" | "unicorn";
  readonly bus: Bus;
  /** Execute until something traps to EL2, `maxInsns` instructions ran, or stop(). */
  run(maxInsns: number): VmExit;
  /** Ask a running core to return { kind: "stopped" } at its next block boundary. */
  requestStop(): void;
  /** Instructions executed since creation (deterministic virtual time is derived from it). */
  readonly instructionCount: number;

  getX(n: number): bigint;
  setX(n: number, value: bigint): void;
  getPc(): bigint;
  setPc(value: bigint): void;
  /** PSTATE in SPSR format (NZCV, DAIF, M[3:0]). */
  getPstate(): number;
  setPstate(spsr: number): void;
  getSysreg(name: SysRegName): bigint;
  setSysreg(name: SysRegName, value: bigint): void;
  getV(n: number): bigint; // 128-bit SIMD&FP register
  setV(n: number, value: bigint): void;

  /** The virtual IRQ/FIQ lines (HCR_EL2.VI/VF or the vGIC's output). */
  setIrqLine(level: boolean): void;
  setFiqLine(level: boolean): void;
  /** The physical counter (CNTPCT_EL0) now. */
  counter(): number;
  /** Output level of a guest timer: enabled, not masked, condition met. */
  timerLevel(timer: "virtual" | "physical"): boolean;
  /** Translate a guest VA through stage 1 and stage 2 as the guest's EL1 would: PA or null. */
  translate(va: bigint, access: Access): number | null;
  /** Drop every cached translation (after the hypervisor edits stage-2 tables or rewrites
   *  guest memory). */
  flushTlb(): void;
  /** Backends that stop before a device access (ts) call this where they would return a
   *  stage-2 data-abort exit; null (or absent): they return it. */
  dataAbortCompleter?: DataAbortCompleter | null;
  /** Only backends that cannot leave on a device access take this (see DeviceWindows). */
  attachDevices?(windows: DeviceWindows): void;
  /** With a GICv3, the ICC_* system registers reach this interface; without one they are
   *  UNDEFINED, as on a core whose GIC has no system-register interface. */
  attachGicCpuInterface?(icc: GicCpuInterface): void;
  /** A clock the counter follows (in counter ticks: the host's with `--realtime`, or the
   *  virtual clock several vCPUs share) instead of advancing only with this core's
   *  instructions; WFI then waits for it (a "wait" exit) instead of jumping ahead. */
  setClock?(clock: () => number): void;
  /** The breakpoints and watchpoints of an attached debugger (src/debug), created on first
   *  use; a hit leaves run() as a "debug" exit before the instruction or access. Absent on a
   *  backend without them; a backend may support breakpoints only (`watchpoints` false). */
  debugTraps?(): DebugTraps;
  readonly watchpoints?: boolean;
  /** Ignore breakpoints and watchpoints for the next instruction (resuming from a stop). */
  resumeFromDebugStop?(): void;
  /** The core's whole state (registers, system registers, timers, interrupt lines, the
   *  instruction count) as an opaque value, and back: for a debugger's reverse execution. */
  captureState?(): unknown;
  restoreState?(state: unknown): void;
  /** Release native resources (Unicorn). */
  close?(): void;
}
