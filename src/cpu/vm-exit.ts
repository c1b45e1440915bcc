// What leaves the core: everything that would be taken to EL2, plus host-side stops.
import type { DebugStop } from "./debug-traps.ts";

// The syndrome's definitions live in src/arch/syndrome.ts; these names stay importable from
// here, where the exits that carry them are defined.
export { EC, ESR_IL, ISS_ISV, esrEc, esrIss } from "../arch/syndrome.ts";

/** A synchronous exception taken to EL2, with the registers EL2 would see. */
export interface SyncExit {
  kind: "sync";
  esr: number; // ESR_EL2
  far: bigint; // FAR_EL2 (data/instruction aborts)
  hpfar: number; // HPFAR_EL2 (stage-2 aborts): IPA[47:12] in bits [39:4]
  elr: bigint; // ELR_EL2: the preferred return address
  spsr: number; // SPSR_EL2: the guest's PSTATE
}

/** The ts core's SyncExit: FAR and ELR kept as 32-bit halves and made BigInts only when read
 *  (most exits, HVCs and device accesses, never read FAR, and an HVC never reads ELR). */
export class SyncExitRecord implements SyncExit {
  readonly kind = "sync";
  constructor(
    readonly esr: number,
    private readonly farHi: number,
    private readonly farLo: number,
    readonly hpfar: number,
    private readonly elrHi: number,
    private readonly elrLo: number,
    readonly spsr: number,
  ) {}
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
