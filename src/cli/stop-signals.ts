// Signals that end a run the way Ctrl-C does: stop between slices, keep the guest's output,
// say where each vCPU was, and exit with 128 + the signal's number as shells report it.

export const STOP_SIGNALS = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof STOP_SIGNALS;

export class StopSignals {
  /** The first stop signal received, or null. */
  received: StopSignal | null = null;
  private readonly handlers = new Map<StopSignal, () => void>();

  /** `onStop` runs once, on the first signal (to end a wait for input or a timer). */
  constructor(onStop: () => void) {
    for (const sig of Object.keys(STOP_SIGNALS) as StopSignal[]) {
      const h = () => {
        if (this.received !== null) return;
        this.received = sig;
        onStop();
      };
      this.handlers.set(sig, h);
      process.on(sig, h);
    }
  }

  /** Give the signals back to Node's defaults. */
  dispose(): void {
    for (const [sig, h] of this.handlers) process.off(sig, h);
    this.handlers.clear();
  }
}
