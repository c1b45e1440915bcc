// Hypervisor log lines in Avisor's style ("AVISOR INFO: …") on a sink the caller gives: the
// CLI's writes stderr (stdout belongs to the guest's UART alone), the library's its listeners.

export type LogLevel = "INFO" | "WARNING" | "ERROR";

export class Log {
  readonly lines: string[] = [];

  constructor(
    private readonly sink: (line: string) => void,
    private readonly quiet = false,
    /** Keep the lines in `lines` too (tests, the library API). */
    private readonly record = false,
  ) {}

  private emit(level: LogLevel, msg: string): void {
    const line = `AVISOR ${level}: ${msg}`;
    if (this.record) this.lines.push(line);
    // --quiet hides INFO only: warnings and errors always reach the user.
    if (this.quiet && level === "INFO") return;
    this.sink(line);
  }

  info(msg: string): void {
    this.emit("INFO", msg);
  }
  warning(msg: string): void {
    this.emit("WARNING", msg);
  }
  error(msg: string): void {
    this.emit("ERROR", msg);
  }
}

/** Avisor's way of writing a value; one definition for every layer. */
export { hex } from "../arch/numbers.ts";
