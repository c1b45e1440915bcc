// Scheduling of vCPUs on the host thread: round robin over every runnable vCPU of every
// running VM, one slice at a time, in a fixed order so runs are deterministic.

export interface Schedulable {
  state: "off" | "on";
  waiting: boolean;
}

export class RoundRobin<V extends Schedulable> {
  private next = 0;

  /** The next vCPU to run among `candidates` (in a stable order), or null if none can run. */
  pick(candidates: readonly V[]): V | null {
    const runnable = candidates.filter((v) => v.state === "on" && !v.waiting);
    if (runnable.length === 0) return null;
    return runnable[this.next++ % runnable.length];
  }
}
