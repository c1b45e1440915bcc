// The run summary (`--stats`, and always on a limit, Ctrl-C or guest death): instructions,
// host time, guest MIPS, and per VM and vCPU the counts RunStats kept, where each vCPU
// stopped (with its function when symbols are known); as lines or as one JSON object.
import type { DecodeStatistics } from "../cpu/decode-statistics.ts";
import type { SymbolTable } from "../loader/symbols.ts";
import { accessesByDevice, exitsByKind, inCoreByKind, type RunStats } from "./stats.ts";
import { HYPERCALL } from "./hypercall.ts";

export interface SummaryInput {
  stats: RunStats;
  /** Per VM: state and per vCPU its instruction count and PC. */
  vms: readonly { id: number; state: string; vcpus: readonly { id: number; instructions: number; pc: bigint }[] }[];
  hostSeconds: number;
  /** Why the run ended, in words ("powered off", "--max-insns limit", …). */
  outcome: string;
  symbols?: readonly (SymbolTable | null)[];
  /** The decoded code per instruction (ts core, when asked for with --stats). */
  decoded?: DecodeStatistics;
}

export interface SummaryJson {
  outcome: string;
  instructions: number;
  hostSeconds: number;
  mips: number;
  decoded?: { words: number; instructions: Record<string, number> };
  vms: {
    id: number;
    state: string;
    snapshots: { taken: number; restored: number };
    vcpus: {
      id: number;
      instructions: number;
      pc: string;
      symbol: string | null;
      exits: Record<string, number>;
      /** Of `exits`, those completed inside the core (device accesses). */
      exitsInCore: Record<string, number>;
      devices: Record<string, number>;
      hypercalls: Record<string, number>;
      interruptsInjected: number;
      /** Device accesses no register answered, by device and what: `pl011: read of unknown register at offset 0x50`. */
      guestErrors: Record<string, number>;
    }[];
  }[];
}

// #0 is halt, or PSCI when x0 holds a PSCI function (SYSTEM_OFF, CPU_ON, …).
const CALL_NAMES = new Map<number, string>(
  Object.entries(HYPERCALL).map(([k, v]) => [v, v === HYPERCALL.HALT ? "halt/psci" : k.toLowerCase().replace("_", " ")]),
);

function sorted(m: Map<string, number>): [string, number][] {
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

export function summaryJson(i: SummaryInput): SummaryJson {
  const instructions = i.vms.reduce((n, vm) => n + vm.vcpus.reduce((m, v) => m + v.instructions, 0), 0);
  return {
    outcome: i.outcome,
    instructions,
    hostSeconds: Math.round(i.hostSeconds * 1000) / 1000,
    mips: i.hostSeconds > 0 ? Math.round(instructions / i.hostSeconds / 1e4) / 100 : 0,
    ...(i.decoded !== undefined && i.decoded.words > 0
      ? { decoded: { words: i.decoded.words, instructions: Object.fromEntries(i.decoded.instructions) } }
      : {}),
    vms: i.vms.map((vm) => {
      const counts = i.stats.vms[vm.id];
      return {
        id: vm.id,
        state: vm.state,
        snapshots: { taken: counts?.snapshotsTaken ?? 0, restored: counts?.snapshotsRestored ?? 0 },
        vcpus: vm.vcpus.map((v) => {
          const c = i.stats.vcpu(vm.id, v.id);
          const sym = i.symbols?.[vm.id]?.describe(Number(v.pc)) ?? "";
          return {
            id: v.id,
            instructions: v.instructions,
            pc: `0x${v.pc.toString(16)}`,
            symbol: sym === "" ? null : sym.slice(1, -1),
            exits: Object.fromEntries(sorted(exitsByKind(c))),
            exitsInCore: Object.fromEntries(sorted(inCoreByKind(c))),
            devices: Object.fromEntries(sorted(accessesByDevice(c))),
            hypercalls: Object.fromEntries([...c.hypercalls].sort((a, b) => a[0] - b[0]).map(([n, k]) => [`#${n}`, k])),
            interruptsInjected: c.interrupts,
            guestErrors: Object.fromEntries(sorted(c.guestErrors)),
          };
        }),
      };
    }),
  };
}

function list(entries: [string, number][]): string {
  return entries.length === 0 ? "none" : entries.map(([k, n]) => `${n} ${k}`).join(", ");
}

/** The summary as log lines (without the `AVISOR INFO: ` prefix). */
export function summaryLines(i: SummaryInput): string[] {
  const j = summaryJson(i);
  const out = [`run summary (${j.outcome}): ${j.instructions} instructions in ${j.hostSeconds.toFixed(3)} s host time, ${j.mips.toFixed(2)} guest MIPS`];
  const d = i.decoded;
  if (d !== undefined && d.words > 0) {
    const top = d.instructions.slice(0, 8).map(([id, n]) => `${id} ${n}`);
    out.push(`decoded ${d.words} instruction words as ${d.instructions.length} distinct instructions; most: ${top.join(", ")}`);
  }
  for (const vm of j.vms) {
    out.push(`vm${vm.id} (${vm.state}): snapshots ${vm.snapshots.taken} taken, ${vm.snapshots.restored} restored`);
    for (const v of vm.vcpus) {
      const who = `vm${vm.id} vcpu${v.id}`;
      out.push(`${who}: ${v.instructions} instructions, pc ${v.pc}${v.symbol === null ? "" : ` <${v.symbol}>`}, ${v.interruptsInjected} interrupts injected`);
      const exits = Object.entries(v.exits).map(([k, n]): [string, number] => [v.exitsInCore[k] === undefined ? k : `${k} (${v.exitsInCore[k]} in core)`, n]);
      out.push(`${who} exits: ${list(exits)}`);
      out.push(`${who} exits by device: ${list(Object.entries(v.devices))}`);
      out.push(`${who} hypercalls: ${list(Object.entries(v.hypercalls).map(([n, k]) => [`${n} ${CALL_NAMES.get(Number(n.slice(1))) ?? "unknown"}`, k]))}`);
      const errors = Object.entries(v.guestErrors);
      if (errors.length > 0) out.push(`${who} guest errors: ${errors.map(([what, n]) => `${n} ${what}`).join("; ")}`);
    }
  }
  return out;
}
