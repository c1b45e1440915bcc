// What leaves the core: everything that would be taken to EL2, plus host-side stops.
import { DOUBLE_ZERO } from "../double-field.ts";
import type { DebugStop } from "./debug-traps.ts";

// The syndrome's definitions live in src/arch/syndrome.ts; these names stay importable from
// here, where the exits that carry them are defined.
export { EC, ESR_IL, ISS_ISV, esrEc, esrIss } from "../arch/syndrome.ts";

/** A synchronous exception taken to EL2, with the registers EL2 would see. */
export interface SyncExit {
  kind: "sync";
  esr: number; // ESR_EL2
  far: bigint; // FAR_EL2 (data/instruction aborts)
  /** FAR_EL2 bits 31:0 as a number, where the backend keeps it so (no BigInt to read). */
  readonly farLo?: number;
  hpfar: number; // HPFAR_EL2 (stage-2 aborts): IPA[47:12] in bits [39:4]
  elr: bigint; // ELR_EL2: the preferred return address
  spsr: number; // SPSR_EL2: the guest's PSTATE
}

/** The ts core's SyncExit: FAR and ELR kept as 32-bit halves and made BigInts only when read
 *  (most exits, HVCs and device accesses, never read FAR, and an HVC never reads ELR). */
export class SyncExitRecord implements SyncExit {
  readonly kind = "sync";
  // All uint32 words (or an HPFAR past 2^31): double from the start (double-field.ts).
  readonly esr: number = DOUBLE_ZERO;
  private readonly farHi: number = DOUBLE_ZERO;
  readonly farLo: number = DOUBLE_ZERO;
  readonly hpfar: number = DOUBLE_ZERO;
  private readonly elrHi: number = DOUBLE_ZERO;
  private readonly elrLo: number = DOUBLE_ZERO;
  readonly spsr: number = DOUBLE_ZERO;
  constructor(esr: number, farHi: number, farLo: number, hpfar: number, elrHi: number, elrLo: number, spsr: number) {
    this.esr = esr;
    this.farHi = farHi;
    this.farLo = farLo;
    this.hpfar = hpfar;
    this.elrHi = elrHi;
    this.elrLo = elrLo;
    this.spsr = spsr;
  }
  get far(): bigint {
    return (BigInt(this.farHi) << 32n) | BigInt(this.farLo);
  }
  get elr(): bigint {
    return (BigInt(this.elrHi) << 32n) | BigInt(this.elrLo);
  }
}

export type VmExit =
  | SyncExit
  /** A guest timer's interrupt output went high (physical IRQ routed to EL2). */
  | { kind: "timer"; timer: "virtual" | "physical" }
  /** WFI with no interrupt pending and no timer deadline: nothing can wake the vCPU. */
  | { kind: "idle" }
  /** WFI with a timer armed while following a clock (real or shared): wake when the counter reaches `until`. */
  | { kind: "wait"; until: number }
  /** The instruction budget given to run() was used up. */
  | { kind: "limit" }
  /** The host asked the core to stop (stop()). */
  | { kind: "stopped" }
  /** A breakpoint or watchpoint of an attached debugger: the instruction has not run. */
  | { kind: "debug"; stop: DebugStop }
  /** The backend could not go on (a native core in a state it cannot model): one line. */
  | { kind: "error"; message: string };

// The exits that carry nothing of their own, made once: run() returns them without
// allocating (a "limit" ends every scheduling slice). Frozen, since every run shares them.
export const EXIT_LIMIT: VmExit = Object.freeze({ kind: "limit" });
export const EXIT_STOPPED: VmExit = Object.freeze({ kind: "stopped" });
export const EXIT_IDLE: VmExit = Object.freeze({ kind: "idle" });
export const EXIT_TIMER_VIRTUAL: VmExit = Object.freeze({ kind: "timer", timer: "virtual" });
export const EXIT_TIMER_PHYSICAL: VmExit = Object.freeze({ kind: "timer", timer: "physical" });
export const EXIT_DEBUG_COUNT: VmExit = Object.freeze({ kind: "debug", stop: Object.freeze({ reason: "count" }) });
export const EXIT_DEBUG_BREAKPOINT: VmExit = Object.freeze({ kind: "debug", stop: Object.freeze({ reason: "breakpoint" }) });
