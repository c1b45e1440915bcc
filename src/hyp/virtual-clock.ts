// One virtual clock for a machine with several vCPUs (DESIGN §6: deterministic time). A lone
// vCPU keeps its own clock: one tick per instruction, and a WFI jumps to its timer's deadline.
// With several, each would run ahead on its own jumps (a VM that sleeps would see its seconds
// fly by while another VM is still booting), so they share this one instead: a vCPU's counter
// moves up to it when its slice starts, the clock moves up to the vCPU's counter when the
// slice ends, a WFI waits for its deadline on this clock, and only when every vCPU waits does
// the clock jump, to the earliest deadline.

export class SharedVirtualClock {
  private t = 0;

  /** The machine's counter (CNTPCT) now, in ticks. */
  readonly read = (): number => this.t;

  /** Time never goes back: a vCPU that ran behind the others leaves the clock where it was. */
  advanceTo(ticks: number): void {
    if (ticks > this.t) this.t = ticks;
  }
}
