// A VM exit said in words, for people watching a guest (the playground's exit trace, the
// library's exit events): what kind of exit it is, and what the guest was asking for.
import { assertNever } from "../assert-never.ts";
import type { VmExit } from "../cpu/vm-exit.ts";
import { EC, esrEc, esrIss, issImmediate } from "../arch/syndrome.ts";
import { decodeDataAbort, describeAccess } from "./aborts.ts";
import { HYPERCALL } from "./hypercall.ts";
import { hex } from "./log.ts";
import { isPsciFunction, PSCI_FN } from "./psci.ts";
import type { Vm } from "./vm.ts";

/** The kinds exits are counted by. */
export type ExitKind =
  | "mmio"
  | "hvc"
  | "smc"
  | "wfx"
  | "instruction-abort"
  | "other-sync"
  | "timer"
  | "wfi-idle"
  | "wfi-wait"
  | "limit"
  | "stopped"
  | "debug"
  | "error";

const HYPERCALL_NAMES = new Map<number, string>(Object.entries(HYPERCALL).map(([k, v]) => [v, k.toLowerCase().replace("_", " ")]));
const PSCI_NAMES = new Map<number, string>(Object.entries(PSCI_FN).map(([k, v]) => [v, k]));

export function exitKind(exit: VmExit): ExitKind {
  switch (exit.kind) {
    case "sync":
      switch (esrEc(exit.esr)) {
        case EC.DABT_LOWER:
          return "mmio";
        case EC.HVC64:
          return "hvc";
        case EC.SMC64:
          return "smc";
        case EC.WFX:
          return "wfx";
        case EC.IABT_LOWER:
          return "instruction-abort";
        default:
          return "other-sync";
      }
    case "idle":
      return "wfi-idle";
    case "wait":
      return "wfi-wait";
    default:
      return exit.kind;
  }
}

/** One line saying what the exit asks of the hypervisor; `x0` is the vCPU's x0 at the exit. */
export function describeExit(vm: Vm, exit: VmExit, x0: bigint): string {
  switch (exit.kind) {
    case "sync": {
      const ec = esrEc(exit.esr);
      if (ec === EC.DABT_LOWER) {
        const a = decodeDataAbort(exit);
        const dev = vm.findDevice(a.ipa);
        return `MMIO ${describeAccess(a)} (${dev === null ? "no device: the guest dies" : dev.name})`;
      }
      if (ec === EC.HVC64 || ec === EC.SMC64) {
        const imm = issImmediate(esrIss(exit.esr));
        const insn = ec === EC.HVC64 ? `HVC #${imm}` : "SMC";
        if ((ec === EC.SMC64 || imm === HYPERCALL.HALT) && isPsciFunction(x0)) return `${insn}: PSCI ${PSCI_NAMES.get(Number(x0)) ?? hex(x0)}`;
        if (ec === EC.SMC64) return `SMC: not a PSCI call (x0 ${hex(x0)})`;
        return `HVC #${imm}: ${HYPERCALL_NAMES.get(imm) ?? "unknown hypercall"} (x0 ${hex(x0)})`;
      }
      if (ec === EC.WFX) return "WFI/WFE trapped";
      if (ec === EC.IABT_LOWER) return `instruction fetch outside the VM's memory at ${hex(exit.far)}`;
      return `exception class ${hex(ec)} (ESR_EL2 ${hex(exit.esr)})`;
    }
    case "timer":
      return `${exit.timer} timer fired`;
    case "idle":
      return "WFI with nothing armed to wake it";
    case "wait":
      return `WFI until counter ${exit.until}`;
    case "limit":
      return "slice of instructions used up";
    case "stopped":
      return "stopped by the host";
    case "debug":
      return exit.stop.reason === "watch" ? `debugger watchpoint (${exit.stop.watch}) at ${hex(exit.stop.addr)}` : `debugger stop (${exit.stop.reason})`;
    case "error":
      return `backend error: ${exit.message}`;
    default:
      return assertNever(exit, "VM exit");
  }
}
