// Running the machine for the debugger, forward: one hypervisor step at a time (the CLI's
// run loop calls forward() while gdb has it continue), single steps of one vCPU, and the
// bookkeeping reverse execution needs (snapshots, the output gate). Everything goes through
// Hypervisor.step, so a run under the debugger is scheduled exactly like one without.
import type { DebugStop } from "../cpu/debug-traps.ts";
import type { StepResult } from "../hyp/hypervisor.ts";
import type { Machine } from "../machine.ts";
import { ExitCounter } from "./exit-counter.ts";
import { History, type HistoryOptions } from "./history.ts";
import type { OutputGate } from "./output-gate.ts";
import { threadList, type Thread } from "./threads.ts";

export type StopWhy =
  | DebugStop
  /** Ctrl-C from gdb. */
  | { reason: "interrupt" }
  /** Reverse execution reached the oldest recorded point. */
  | { reason: "history-begin" }
  /** Every vCPU waits for an interrupt that nothing will raise. */
  | { reason: "idle" };

export type RunEvent = { kind: "stopped"; thread: Thread; why: StopWhy } | { kind: "exited"; code: number };

/** Instructions a single step may spend on other vCPUs before it gives up and stops. */
const STEP_PATIENCE = 50_000_000;

export class RunControl {
  readonly threads: Thread[];
  readonly exits = new ExitCounter();
  /** Null when the backend cannot capture its state (then reverse execution is refused). */
  history: History | null = null;
  private attached = false;

  constructor(
    readonly m: Machine,
    private readonly gate: OutputGate,
    /** Why reverse execution is not available, or null when it is. */
    readonly noReverse: string | null,
    private readonly historyOptions?: HistoryOptions,
  ) {
    this.threads = threadList(m.hv);
    for (const t of this.threads) this.exits.observe(t.cpu, `vm${t.vm.id}`);
  }

  get isAttached(): boolean {
    return this.attached;
  }

  /** gdb connected: arm the cores' debug traps and start recording history here. */
  attach(): void {
    this.attached = true;
    for (const t of this.threads) t.cpu.debugTraps?.();
    if (this.noReverse === null) {
      this.history = new History(this.m, this.threads, this.gate, this.historyOptions, [this.exits]);
      this.history.take();
    }
  }

  /** gdb went away: no traps, no history; the guest runs on as if none had been there. */
  detach(): void {
    this.attached = false;
    for (const t of this.threads) t.cpu.debugTraps?.().clear();
    this.history = null;
    this.gate.open = true;
  }

  /** Leaving a stop: the instruction each vCPU stopped at runs without stopping again. */
  resume(): void {
    for (const t of this.threads) t.cpu.resumeFromDebugStop?.();
  }

  threadOf(vcpu: unknown): Thread {
    return this.threads.find((t) => t.vcpu === vcpu)!;
  }

  /** The first thread whose VM still runs (where a stop without a cause is reported). */
  defaultThread(): Thread {
    return this.threads.find((t) => t.vm.state === "running" && t.vcpu.state === "on") ?? this.threads[0];
  }

  /** One hypervisor step; the event when it ended in a stop or the end of the run. */
  forward(budget: number): { result: StepResult; event: RunEvent | null } {
    const h = this.history;
    const limit = h === null ? Infinity : Math.min(h.replayLimit(), h.untilSnapshot());
    const result = this.m.hv.step(Math.min(budget, limit));
    this.m.platform.rtc.poll();
    this.history?.afterStep();
    let event: RunEvent | null = null;
    if (result.kind === "debug") event = { kind: "stopped", thread: this.threadOf(result.vcpu), why: result.stop };
    else if (result.kind === "finished") event = { kind: "exited", code: result.exitCode };
    return { result, event };
  }

  /** Run until `thread` has executed one instruction (other vCPUs run on as scheduled; a
   *  breakpoint of theirs on the way stops there instead). */
  step(thread: Thread): RunEvent {
    const traps = thread.cpu.debugTraps!();
    traps.stopAtCount = thread.cpu.instructionCount + 1;
    this.resume();
    const start = this.m.hv.totalInstructions;
    try {
      for (;;) {
        const { result, event } = this.forward(Number.MAX_SAFE_INTEGER);
        if (event !== null) {
          if (event.kind === "stopped" && event.why.reason === "count") return { kind: "stopped", thread, why: { reason: "count" } };
          return event;
        }
        if (result.kind === "idle" || thread.vcpu.state === "off" || thread.vm.state !== "running" || this.m.hv.totalInstructions - start > STEP_PATIENCE) {
          return { kind: "stopped", thread, why: result.kind === "idle" ? { reason: "idle" } : { reason: "interrupt" } };
        }
      }
    } finally {
      traps.stopAtCount = -1;
    }
  }
}
