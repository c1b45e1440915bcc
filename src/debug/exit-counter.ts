// VM exits by kind, for `monitor exits`: the debugger wraps each vCPU's run() (the Cpu
// interface is all it uses) and counts what comes back. The counts are plain fields, so a
// machine snapshot carries them and reverse execution rewinds them with the machine.
import { assertNever } from "../assert-never.ts";
import type { Cpu } from "../cpu/cpu-interface.ts";
import type { VmExit } from "../cpu/vm-exit.ts";
import { EC, esrEc } from "../arch/syndrome.ts";
import { hex } from "../arch/numbers.ts";

const EC_NAMES: Record<number, string> = {
  [EC.HVC64]: "hvc",
  [EC.SMC64]: "smc",
  [EC.DABT_LOWER]: "data abort (mmio)",
  [EC.IABT_LOWER]: "instruction abort",
  [EC.WFX]: "wfi/wfe trap",
  [EC.SYSREG]: "system register trap",
};

export function exitKind(e: VmExit): string | null {
  switch (e.kind) {
    case "sync":
      return EC_NAMES[esrEc(e.esr)] ?? `EC ${hex(esrEc(e.esr))}`;
    case "timer":
      return `timer (${e.timer})`;
    case "idle":
      return "wfi (nothing armed)";
    case "wait":
      return "wfi (wait for timer)";
    case "error":
      return "backend error";
    case "limit":
    case "stopped":
    case "debug":
      return null; // budget, host stop, debugger stop: not exits of the guest
    default:
      return assertNever(e, "VM exit");
  }
}

export class ExitCounter {
  counts: Record<string, number> = {};

  /** Count every exit `cpu.run` returns from now on, under `vm` ("vm0"). */
  observe(cpu: Cpu, vm: string): void {
    const run = cpu.run.bind(cpu);
    cpu.run = (n: number) => {
      const e = run(n);
      this.count(vm, e);
      return e;
    };
    // A device access the core completed without leaving run() is still the guest's data
    // abort, as it was before the fast device path.
    const complete = cpu.dataAbortCompleter;
    if (complete) {
      cpu.dataAbortCompleter = (e) => {
        const done = complete(e);
        if (done) this.count(vm, e);
        return done;
      };
    }
  }

  private count(vm: string, e: VmExit): void {
    const k = exitKind(e);
    if (k !== null) this.counts[`${vm} ${k}`] = (this.counts[`${vm} ${k}`] ?? 0) + 1;
  }

  report(): string {
    const rows = Object.entries(this.counts).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    if (rows.length === 0) return "no VM exits yet\n";
    const total = rows.reduce((s, [, n]) => s + n, 0);
    return `${rows.map(([k, n]) => `${String(n).padStart(10)}  ${k}\n`).join("")}${String(total).padStart(10)}  total\n`;
  }
}
