// Reverse execution. While a debugger is attached the machine is snapshotted (machine-state)
// every `interval` instructions into a ring bounded by `budget` bytes of host memory. Time is
// virtual and the scheduler deterministic, so re-running from a snapshot reproduces the
// machine exactly; stepping back is "restore the nearest earlier snapshot, re-run to the
// instruction before". A point is named by a vCPU and its instruction count: the core stops
// there (before that instruction, after any interrupt it takes first) by its stopAtCount.
import type { DebugStop } from "../cpu/debug-traps.ts";
import type { Machine } from "../machine.ts";
import { captureMachine, restoreMachine, sharedBytes, type MachineState } from "./machine-state.ts";
import type { OutputGate } from "./output-gate.ts";
import type { Thread } from "./threads.ts";

/** Where a reverse operation left the machine. */
export type ReverseStop =
  | { kind: "stopped"; thread: Thread; stop: DebugStop }
  /** The start of the recorded history was reached (gdb's `replaylog:begin`). */
  | { kind: "history-begin"; thread: Thread };

interface Hit {
  thread: Thread;
  count: number;
  stop: DebugStop;
}

export interface HistoryOptions {
  /** Instructions between snapshots. */
  interval: number;
  /** Host bytes the ring may hold (the oldest snapshots go first). */
  budget: number;
}

/** Measured (README "Debugging a guest"): a snapshot takes 5-15 ms whatever the interval (it
 *  compares the touched pages), and a first step back re-runs up to one interval: at 100,000
 *  the snapshots cost over half the run, at 10,000,000 a step back takes seconds. */
/** How close before a point it lands on a replay leaves an extra snapshot. */
const FINE_STEP = 10_000;

export const DEFAULT_HISTORY: HistoryOptions = { interval: 1_000_000, budget: 256 * 1024 * 1024 };

export class History {
  private readonly ring: MachineState[] = [];
  private bytes = 0;
  /** The furthest position ever reached: output up to it has been shown already. */
  highWater = 0;
  snapshotsTaken = 0;

  constructor(
    private readonly m: Machine,
    private readonly threads: Thread[],
    private readonly gate: OutputGate,
    readonly options: HistoryOptions = DEFAULT_HISTORY,
    /** Debugger-side objects whose fields follow the machine's history (exit counts). */
    private readonly extra: object[] = [],
  ) {}

  get position(): number {
    return this.m.hv.totalInstructions;
  }

  get snapshotCount(): number {
    return this.ring.length;
  }

  get memoryBytes(): number {
    return this.bytes;
  }

  /** The position of the oldest point one can go back to. */
  get start(): number {
    return this.ring.length > 0 ? this.ring[0].position : this.position;
  }

  /** Call between forward steps: takes a snapshot when one is due. */
  afterStep(): void {
    const p = this.position;
    if (p > this.highWater) this.highWater = p;
    const last = this.ring[this.ring.length - 1];
    if (last === undefined || p >= last.position + this.options.interval) this.take();
  }

  /** Instructions until the next snapshot is due (a forward step stops there). */
  untilSnapshot(): number {
    const last = this.ring[this.ring.length - 1];
    return last === undefined ? 0 : Math.max(1, last.position + this.options.interval - this.position);
  }

  /** How far a forward step may go before it would cross from replayed history into new
   *  execution (so the gate can open exactly there); Infinity when already past it. */
  replayLimit(): number {
    const p = this.position;
    this.gate.open = p >= this.highWater;
    return p < this.highWater ? this.highWater - p : Infinity;
  }

  take(): void {
    const p = this.position;
    let at = this.ring.length;
    while (at > 0 && this.ring[at - 1].position > p) at--;
    if (at > 0 && this.ring[at - 1].position === p) return; // this point is held already
    const s = captureMachine(this.m, this.ring[at - 1] ?? null, this.extra);
    this.ring.splice(at, 0, s);
    this.bytes += s.ownBytes;
    this.snapshotsTaken++;
    while (this.bytes > this.options.budget && this.ring.length > 1) {
      const old = this.ring.shift()!;
      const shared = sharedBytes(old, this.ring[0]);
      this.ring[0].ownBytes += shared;
      this.bytes -= old.ownBytes - shared;
    }
  }

  /** The state was changed by hand (registers, memory, a restore): the recorded future is no
   *  longer this machine's. Keep the past, and start again from here. */
  diverged(): void {
    const p = this.position;
    while (this.ring.length > 0 && this.ring[this.ring.length - 1].position >= p) this.bytes -= this.ring.pop()!.ownBytes;
    this.highWater = p;
    this.take();
  }

  /** Back to just before `thread`'s previous instruction. */
  reverseStep(thread: Thread): ReverseStop {
    return this.goBack(thread, 1);
  }

  /** Back to just before the instruction `thread` executed `n` instructions ago. */
  goBack(thread: Thread, n: number): ReverseStop {
    const count = thread.cpu.instructionCount - n;
    const p = this.position;
    const from = this.latest((s) => s.position <= p && s.counts[thread.index] <= count);
    if (count < 0 || from < 0) return this.toBeginning(thread);
    this.land(from, thread, count);
    return { kind: "stopped", thread, stop: { reason: "count" } };
  }

  /** Back to the last breakpoint or watchpoint hit before now, or to the beginning. */
  reverseContinue(current: Thread): ReverseStop {
    const p = this.position;
    for (let i = this.latest((s) => s.position < p); i >= 0; i--) {
      const end = Math.min(this.ring[i + 1]?.position ?? p, p);
      const hits = this.scan(i, end);
      if (hits.length > 0) {
        const h = hits[hits.length - 1];
        this.land(i, h.thread, h.count);
        return { kind: "stopped", thread: h.thread, stop: h.stop };
      }
    }
    return this.toBeginning(current);
  }

  private toBeginning(thread: Thread): ReverseStop {
    if (this.ring.length > 0) this.restore(0);
    return { kind: "history-begin", thread };
  }

  private latest(ok: (s: MachineState) => boolean): number {
    for (let i = this.ring.length - 1; i >= 0; i--) if (ok(this.ring[i])) return i;
    return -1;
  }

  private restore(i: number): void {
    restoreMachine(this.m, this.ring[i]);
    this.gate.open = false;
  }

  /** Re-run from snapshot i up to position `end`, collecting every breakpoint and watchpoint
   *  hit on the way (each passed over, as if the user had continued). */
  private scan(i: number, end: number): Hit[] {
    this.restore(i);
    const hits: Hit[] = [];
    const hv = this.m.hv;
    while (hv.totalInstructions < end) {
      const r = hv.step(end - hv.totalInstructions);
      this.m.platform.rtc.poll();
      if (r.kind === "debug") {
        const t = this.threads.find((x) => x.vcpu === r.vcpu)!;
        if (r.stop.reason !== "count") hits.push({ thread: t, count: t.cpu.instructionCount, stop: r.stop });
        t.cpu.resumeFromDebugStop!();
      } else if (r.kind !== "running") break;
    }
    return hits;
  }

  /** Restore snapshot i and run until `thread` is about to execute its instruction `count`.
   *  A snapshot is taken FINE_STEP instructions before it on the way, so that stepping back
   *  again (gdb's `reverse-stepi N` is N of these) replays a few thousand instructions, not
   *  up to a whole interval. */
  private land(i: number, thread: Thread, count: number): void {
    this.restore(i);
    if (count - FINE_STEP > this.ring[i].counts[thread.index]) {
      this.runTo(thread, count - FINE_STEP);
      this.take();
    }
    this.runTo(thread, count);
  }

  private runTo(thread: Thread, count: number): void {
    const traps = this.threads.map((t) => t.cpu.debugTraps!());
    for (const t of traps) t.suspended = true;
    const mine = thread.cpu.debugTraps!();
    mine.stopAtCount = count;
    const hv = this.m.hv;
    try {
      for (let guard = 0; ; guard++) {
        const r = hv.step();
        this.m.platform.rtc.poll();
        if (r.kind === "debug" && r.vcpu === thread.vcpu && r.stop.reason === "count") return;
        if (r.kind === "finished" || r.kind === "idle" || guard > 10_000_000) throw new Error(`replay did not reach ${thread.name} instruction ${count}`);
      }
    } finally {
      mine.stopAtCount = -1;
      for (const t of traps) t.suspended = false;
    }
  }
}
