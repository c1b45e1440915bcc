// What the guest printed is printed once: when reverse execution replays instructions that
// already ran, their UART output and the hypervisor's log lines are held back. The CLI
// passes the guest's output and its log through this gate; the debugger closes it while it
// re-executes history.
export class OutputGate {
  open = true;

  /** Wrap a sink so that nothing reaches it while the gate is closed. */
  guard<T>(sink: (x: T) => void): (x: T) => void {
    return (x) => {
      if (this.open) sink(x);
    };
  }
}
