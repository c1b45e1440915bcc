// Lockstep: the same image on the ts core and on the Unicorn backend (or on the ts core with
// its block compiler and the ts core interpreting only), each under its own
// hypervisor and board, advanced by the same number of guest instructions and compared
// (registers after every window, guest RAM every so often). Both machines are
// deterministic, so a divergence inside a window is pinned down to one instruction by
// replaying both to the window's start and single-stepping.
import { diffArchState, readArchState, type ArchState } from "../cpu/arch-state.ts";
import type { Config } from "../hyp/config.ts";
import { Log } from "../hyp/log.ts";
import { Access } from "../mmu/translation.ts";
import { createMachine, type Machine } from "../cli/node-machine.ts";
import { firstDifferentPage } from "./memory-compare.ts";
import type { Disassembler } from "./disassembler.ts";

export interface LockstepOptions {
  /** Instructions between full register comparisons (1: after every instruction). */
  window: number;
  /** Stop (in agreement) after this many instructions. */
  maxInsns: number;
  /** Instructions between comparisons of every VM's RAM. */
  ramEvery: number;
  disassembler: Disassembler;
  progress?: (instructions: number) => void;
  /** What the ts core (with the block compiler as `jit` says) is compared against: the
   *  Unicorn backend (default), or the ts core interpreting only. */
  against?: "unicorn" | "interpreter";
  /** The block compiler of the first (ts) machine; default on against the interpreter, off
   *  against Unicorn. */
  jit?: boolean;
  /** Change the ts machine once it has retired `at` instructions (in every replay too): the
   *  tests prove with it that a divergence is found at the instruction it affects. */
  inject?: { at: number; apply(ts: Machine): void };
}

export interface Divergence {
  /** Instructions both backends retired in agreement before the divergent one. */
  instructions: number;
  pc: bigint;
  /** The instruction word at pc (null when the pc does not translate). */
  word: number | null;
  disassembly: string;
  /** What differs after that instruction, one line each ("x3: ts vs unicorn"). */
  differences: string[];
  ts: ArchState;
  unicorn: ArchState;
}

export type LockstepResult =
  | {
      kind: "agree";
      instructions: number;
      why: "finished" | "limit" | "idle";
      exitCode: number | null;
      output: string;
      /** Of them, instructions the ts side ran in compiled blocks (0 without --jit). */
      compiled: number;
    }
  | { kind: "diverged"; divergence: Divergence; output: string };

interface Pair {
  ts: Machine;
  uc: Machine;
  out: [number[], number[]];
  /** Output bytes already known to agree. */
  outChecked: number;
  inject?: LockstepOptions["inject"];
  injected: boolean;
}

/** The second machine is Unicorn, or the ts core interpreting only (`against`). */
function build(config: Config, o: Pick<LockstepOptions, "inject" | "against" | "jit">): Pair {
  const out: [number[], number[]] = [[], []];
  const vsInterpreter = o.against === "interpreter";
  const make = (cpu: "ts" | "unicorn", jit: boolean, sink: number[]) =>
    createMachine(config, { cpu, jit, log: new Log(() => {}, true, true), uartOut: (b) => sink.push(b) });
  const ts = make("ts", o.jit ?? vsInterpreter, out[0]);
  const other = vsInterpreter ? make("ts", false, out[1]) : make("unicorn", false, out[1]);
  return { ts, uc: other, out, outChecked: 0, inject: o.inject, injected: false };
}

/** Instructions the ts machine's cores retired inside compiled blocks. */
function compiledInstructions(p: Pair): number {
  let n = 0;
  for (const vm of p.ts.hv.vms) for (const v of vm.vcpus) n += (v.cpu as { jit?: { stats: { retired: number } } | null }).jit?.stats.retired ?? 0;
  return n;
}

function close(p: Pair): void {
  for (const vm of p.uc.hv.vms) for (const v of vm.vcpus) v.cpu.close?.();
}

type StepKind = "running" | "finished" | "idle" | "limit" | "debug"; // debug: never, no debugger here

/** Run one machine until it has retired `target` instructions or stops. The backends leave
 *  to the hypervisor at different points (the ts core on every device access, Unicorn
 *  not), so the machines are aligned on instruction counts, not on hypervisor steps. */
function advanceOne(m: Machine, target: number): { kind: StepKind; exitCode?: number } {
  while (m.hv.totalInstructions < target) {
    const r = m.hv.step(target - m.hv.totalInstructions);
    m.platform.rtc.poll();
    if (r.kind !== "running") return r;
  }
  return { kind: "running" };
}

function advance(p: Pair, target: number) {
  const j = p.inject;
  if (j !== undefined && !p.injected && target > j.at) {
    // Stop both exactly at the injection point, apply it, then go on.
    const [a, b] = [advanceOne(p.ts, j.at), advanceOne(p.uc, j.at)];
    if (a.kind !== "running" || b.kind !== "running") return [a, b] as const;
    j.apply(p.ts);
    p.injected = true;
  }
  return [advanceOne(p.ts, target), advanceOne(p.uc, target)] as const;
}

/** Differences between the two machines' vCPU states, exits and output (empty: agree). */
function compare(p: Pair): string[] {
  const d: string[] = [];
  const ti = p.ts.hv.totalInstructions;
  const ui = p.uc.hv.totalInstructions;
  if (ti !== ui) d.push(`instructions retired: ${ti} vs ${ui} (one backend left to the hypervisor at a different instruction)`);
  p.ts.hv.vms.forEach((vm, i) => {
    const other = p.uc.hv.vms[i];
    if (vm.state !== other.state) d.push(`vm${i} state: ${vm.state} vs ${other.state}`);
    vm.vcpus.forEach((v, j) => {
      const w = other.vcpus[j];
      if (v.state !== w.state) d.push(`vm${i} vcpu${j} state: ${v.state} vs ${w.state}`);
      if (v.state !== "on") return;
      for (const line of diffArchState(readArchState(v.cpu), readArchState(w.cpu))) d.push(`vm${i} vcpu${j} ${line}`);
    });
  });
  const [a, b] = p.out;
  // Only the bytes written since the last comparison can differ.
  let k = p.outChecked;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  p.outChecked = k;
  if (k < Math.max(a.length, b.length)) d.push(`UART output differs after ${k} common bytes`);
  return d;
}

function compareRam(p: Pair, only?: { pa: number }): { lines: string[]; page: number | null } {
  for (const vm of p.ts.hv.vms) {
    for (const r of [vm.ram, vm.dtbRegion]) {
      const from = only ? Math.max(r.pa, only.pa) : r.pa;
      const size = only ? Math.min(r.pa + r.size, only.pa + 4096) - from : r.size;
      if (size <= 0) continue;
      const page = firstDifferentPage(p.ts.hv.board.bus.ram, p.uc.hv.board.bus.ram, from, size);
      if (page !== null)
        return { page, lines: [`vm${vm.id} RAM differs in the page at PA 0x${page.toString(16)} (IPA 0x${(page - r.pa + r.ipa).toString(16)})`] };
    }
  }
  return { lines: [], page: null };
}

function describeInsn(m: Machine, dis: Disassembler): { pc: bigint; word: number | null; text: string } {
  const vcpu = m.hv.vms.flatMap((vm) => vm.vcpus).find((v) => v.state === "on");
  if (vcpu === undefined) return { pc: 0n, word: null, text: "(no vCPU running)" };
  const pc = vcpu.cpu.getPc();
  const pa = vcpu.cpu.translate(pc, Access.Exec);
  if (pa === null || !m.hv.board.bus.isRam(pa, 4)) return { pc, word: null, text: "(the PC does not translate to RAM)" };
  const word = m.hv.board.bus.read(pa, 4);
  return { pc, word, text: dis.disassemble(word, pc) };
}

/** Replay to `from` and single-step until the machines differ; null if they never do. */
function pinpoint(config: Config, from: number, until: number, ramPage: number | null, o: LockstepOptions): Divergence | null {
  const dis = o.disassembler;
  const p = build(config, o);
  try {
    advance(p, from);
    while (p.ts.hv.totalInstructions <= until) {
      const before = p.ts.hv.totalInstructions;
      const { pc, word, text } = describeInsn(p.ts, dis);
      const [a, b] = advance(p, before + 1);
      const diffs = compare(p);
      if (ramPage !== null) diffs.push(...compareRam(p, { pa: ramPage }).lines);
      if (diffs.length > 0) {
        const vcpu = (m: Machine) => m.hv.vms.flatMap((vm) => vm.vcpus).find((v) => v.state === "on") ?? m.hv.vms[0].vcpus[0];
        return {
          instructions: before,
          pc,
          word,
          disassembly: text,
          differences: diffs,
          ts: readArchState(vcpu(p.ts).cpu),
          unicorn: readArchState(vcpu(p.uc).cpu),
        };
      }
      if (a.kind !== "running" || b.kind !== "running") break;
    }
    return null;
  } finally {
    close(p);
  }
}

export function runLockstep(config: Config, o: LockstepOptions): LockstepResult {
  const p = build(config, o);
  const output = () => Buffer.from(p.out[0]).toString("latin1");
  try {
    let lastGood = 0;
    let lastRamCheck = 0;
    for (;;) {
      const total = p.ts.hv.totalInstructions;
      if (total >= o.maxInsns) return { kind: "agree", instructions: total, why: "limit", exitCode: null, output: output(), compiled: compiledInstructions(p) };
      const [a, b] = advance(p, Math.min(total + o.window, o.maxInsns));
      let diffs = compare(p);
      let ramPage: number | null = null;
      const now = p.ts.hv.totalInstructions;
      const finished = a.kind !== "running" || b.kind !== "running";
      if (diffs.length === 0 && (now - lastRamCheck >= o.ramEvery || finished)) {
        const ram = compareRam(p);
        if (ram.page !== null) {
          diffs = ram.lines;
          ramPage = ram.page;
        } else lastRamCheck = now;
      }
      if (a.kind !== b.kind) diffs.push(`hypervisor step: ${a.kind} vs ${b.kind}`);
      if (diffs.length > 0) {
        const from = ramPage !== null ? lastRamCheck : lastGood;
        const d = pinpoint(config, from, now, ramPage, o);
        const fallback = describeInsn(p.ts, o.disassembler);
        return {
          kind: "diverged",
          output: output(),
          divergence: d ?? {
            instructions: from,
            pc: fallback.pc,
            word: fallback.word,
            disassembly: `${fallback.text} (replay did not reproduce it: within instructions ${from}..${now})`,
            differences: diffs,
            ts: readArchState(p.ts.hv.vms[0].vcpus[0].cpu),
            unicorn: readArchState(p.uc.hv.vms[0].vcpus[0].cpu),
          },
        };
      }
      lastGood = now;
      o.progress?.(now);
      if (a.kind === "finished")
        return { kind: "agree", instructions: now, why: "finished", exitCode: a.exitCode ?? null, output: output(), compiled: compiledInstructions(p) };
      if (a.kind === "idle") return { kind: "agree", instructions: now, why: "idle", exitCode: null, output: output(), compiled: compiledInstructions(p) };
      if (a.kind === "limit") return { kind: "agree", instructions: now, why: "limit", exitCode: null, output: output(), compiled: compiledInstructions(p) };
    }
  } finally {
    close(p);
  }
}
