// Scheduling of vCPUs on the host thread: round robin over every runnable vCPU of every
// running VM, in a fixed order so runs are deterministic. A vCPU keeps the host for a whole
// slice of instructions, VM exits included, as it would keep a physical CPU of its own: two
// VMs printing at once then interleave by lines, as under Avisor on two CPUs, not by bytes.

export interface Schedulable {
  state: "off" | "on";
  waiting: boolean;
}

export class RoundRobin<V extends Schedulable> {
  private next = 0;
  private current: V | null = null;
  private left = 0;

  constructor(private readonly slice = Infinity) {}

  /** The vCPU to run now among `candidates` (in a stable order): the current one while it
   *  can run and has slice left, else the next runnable one in turn; null if none can run. */
  pick(candidates: readonly V[]): V | null {
    const runnable = candidates.filter((v) => v.state === "on" && !v.waiting);
    if (runnable.length === 0) return null;
    if (this.current !== null && this.left > 0 && runnable.includes(this.current)) return this.current;
    this.current = runnable[this.next++ % runnable.length];
    this.left = this.slice;
    return this.current;
  }

  /** Instructions the picked vCPU may still run in its slice. */
  get remaining(): number {
    return this.left;
  }

  /** The picked vCPU ran `instructions` (an exit with none still ends its slice, so that a
   *  vCPU that exits without progress cannot starve the others). */
  charge(instructions: number): void {
    this.left -= Math.max(instructions, 1);
  }
}
