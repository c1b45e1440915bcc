// gdb's `monitor …` commands (qRcmd): the hypervisor's view of the guest, which gdb itself
// cannot show. Each returns the text gdb prints.
import { hex } from "../hyp/log.ts";
import type { SysRegName } from "../cpu/cpu-interface.ts";
import type { RunControl } from "./run-control.ts";
import type { Thread } from "./threads.ts";

const EL2_REGISTERS: readonly SysRegName[] = ["HCR_EL2", "VTTBR_EL2", "VTCR_EL2", "ESR_EL2", "FAR_EL2", "HPFAR_EL2", "ELR_EL2", "SPSR_EL2"];

export const MONITOR_HELP = `avisor monitor commands (for the VM of the selected thread):
  monitor stage2                the VM's stage-2 translation table, as --dump-stage2 prints it
  monitor exits                 VM exits so far, by VM and kind
  monitor checkpoint            take a snapshot as the checkpoint hypercall (HVC #1) does
  monitor restore N             restore snapshot N (-1: the latest) as HVC #2 does
  monitor info registers el2    HCR_EL2, VTTBR_EL2, VTCR_EL2, ESR_EL2, FAR_EL2, HPFAR_EL2,
                                ELR_EL2, SPSR_EL2 as the hypervisor last saw them
  monitor history               reverse-execution snapshots: count, interval, memory
  monitor help                  this text
`;

export function runMonitor(command: string, rc: RunControl, thread: Thread): string {
  const words = command
    .trim()
    .split(/\s+/)
    .filter((w) => w !== "");
  const hv = rc.m.hv;
  const vm = thread.vm;
  switch (words.join(" ")) {
    case "":
    case "help":
      return MONITOR_HELP;
    case "stage2":
      return `vm${vm.id} stage 2:\n${vm.stage2.dump()}\n`;
    case "exits":
      return rc.exits.report();
    case "checkpoint": {
      const taken = hv.snapshots.checkpoint(vm, thread.cpu, `vm${vm.id}`, false);
      rc.history?.diverged();
      const s = hv.snapshots.latestOf(vm);
      return !taken || s === undefined
        ? "checkpoint refused: the snapshot budget is used up (--snapshot-budget)\n"
        : `snapshot ${s.id} taken for vm${vm.id} at pc ${hex(thread.cpu.getPc())}\n`;
    }
    case "info registers el2":
      return EL2_REGISTERS.map((r) => `${r.toLowerCase().padEnd(12)}${hex(thread.cpu.getSysreg(r))}\n`).join("");
    case "history": {
      const h = rc.history;
      if (h === null) return `reverse execution is off: ${rc.noReverse ?? "no debugger attached"}\n`;
      return (
        `${h.snapshotCount} snapshots held (${h.snapshotsTaken} taken), one every ${h.options.interval} instructions, ` +
        `${(h.memoryBytes / 1048576).toFixed(1)} MiB of ${(h.options.budget / 1048576).toFixed(0)} MiB; ` +
        `history from instruction ${h.start} to ${h.highWater}, now at ${h.position}\n`
      );
    }
  }
  if (words[0] === "restore" && words.length === 2) {
    const id = Number(words[1]);
    if (!Number.isInteger(id) || id < -1) return `restore: expected a snapshot id or -1, got ${words[1]}\n`;
    const ok = hv.snapshots.restore(vm, thread.cpu, id === -1 ? 0xffff_ffff_ffff_ffffn : BigInt(id));
    if (!ok) return `no snapshot ${id} for vm${vm.id}\n`;
    rc.history?.diverged();
    // gdb caches registers across a monitor command: say how to make it read them again.
    return `vm${vm.id} restored to snapshot ${id}, pc ${hex(thread.cpu.getPc())} (gdb: maintenance flush register-cache)\n`;
  }
  return `unknown monitor command "${command.trim()}" (monitor help lists them)\n`;
}
