// Avisor's hypercall ABI (DESIGN §5): the HVC immediate selects the call, x0–x2 carry the
// arguments. This file decides what a call means; the hypervisor carries it out.
import type { Cpu } from "../cpu/cpu-interface.ts";
import { readGuestString } from "./guest-access.ts";
import { GUEST_TEXT_MAX_BYTES, guestText } from "./guest-text.ts";
import { hex, type Log } from "./log.ts";
import { handlePsci, isPsciFunction, type PsciAction, type PsciVcpuView } from "./psci.ts";

export const HYPERCALL = {
  HALT: 0,
  CHECKPOINT: 1,
  RESTORE: 2,
  PRINT_MESSAGE: 3,
  RESTART: 4,
} as const;

export type HypercallAction =
  | PsciAction
  | { kind: "halt"; reason: bigint }
  | { kind: "checkpoint" }
  | { kind: "restore"; id: bigint }
  | { kind: "restart" }
  | { kind: "continue" }
  | { kind: "fault"; message: string };

/** x0 = -1 asks RESTORE for the latest snapshot. */
export const LATEST_SNAPSHOT = 0xffff_ffff_ffff_ffffn;

/** `who` names the caller in log lines ("vm0 vcpu0"). */
export function dispatchHypercall(imm: number, cpu: Cpu, log: Log, vcpus: PsciVcpuView, who: string): HypercallAction {
  const x0 = cpu.getX(0);
  switch (imm) {
    case HYPERCALL.HALT:
      if (isPsciFunction(x0)) return handlePsci(x0, cpu.getX(1), cpu.getX(2), cpu.getX(3), vcpus);
      return { kind: "halt", reason: x0 };
    case HYPERCALL.CHECKPOINT:
      return { kind: "checkpoint" };
    case HYPERCALL.RESTORE:
      return { kind: "restore", id: x0 };
    case HYPERCALL.PRINT_MESSAGE: {
      log.info(`Hypercall message, arg0: ${x0}, arg1: ${cpu.getX(1)}, arg2: ${cpu.getX(2)}`);
      // One byte past what is shown, so that a string of exactly the limit is not marked cut.
      const s = readGuestString(cpu, x0, GUEST_TEXT_MAX_BYTES + 1);
      if (!s.ok)
        return {
          kind: "fault",
          message: `print hypercall: guest string at 0x${x0.toString(16)} is not in guest memory (unmapped at 0x${s.faultVa.toString(16)})`,
        };
      log.info(`Hypercall message: ${guestText(s.bytes, s.truncated)}`);
      return { kind: "continue" };
    }
    case HYPERCALL.RESTART:
      return { kind: "restart" };
    default:
      // Avisor logs and ignores it; a warning, since the guest surely meant something else.
      log.warning(`${who}: unknown hypercall #${imm} (x0 = ${hex(x0)}), ignored`);
      return { kind: "continue" };
  }
}
