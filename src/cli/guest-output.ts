// The guest's UART bytes on their way to stdout, batched. A stdout that stops taking them
// (the reader of a pipe went away: `avisor x.bin | head -c 3`, or a descriptor that cannot be
// written) ends the run quietly instead of with Node's EPIPE stack trace.

export interface OutputSink {
  write(bytes: Uint8Array): void;
  /** Called once with the error that closed the sink, whether thrown or emitted later. */
  onError(listener: (e: NodeJS.ErrnoException) => void): void;
}

export const stdoutSink: OutputSink = {
  write: (bytes) => void process.stdout.write(bytes),
  onError: (listener) => process.stdout.on("error", listener),
};

export class GuestOutput {
  private chunks: number[] = [];
  /** The error code that closed the output (EPIPE, EBADF, …), or null while it is open. */
  closedBy: string | null = null;
  private listeners: (() => void)[] = [];

  constructor(private readonly sink: OutputSink = stdoutSink) {
    sink.onError((e) => this.close(e));
  }

  /** Register a callback for when the output closes (to end a wait early). */
  onClose(f: () => void): void {
    this.listeners.push(f);
  }

  push(b: number): void {
    if (this.closedBy !== null) return;
    this.chunks.push(b);
    if (this.chunks.length >= 4096) this.flush();
  }

  flush(): void {
    if (this.chunks.length === 0 || this.closedBy !== null) return;
    const bytes = Uint8Array.from(this.chunks);
    this.chunks = [];
    try {
      // A file descriptor stream writes synchronously and throws; a pipe reports later.
      this.sink.write(bytes);
    } catch (e) {
      this.close(e as NodeJS.ErrnoException);
    }
  }

  private close(e: NodeJS.ErrnoException): void {
    if (this.closedBy !== null) return;
    this.closedBy = e.code ?? e.message;
    this.chunks = [];
    for (const f of this.listeners) f();
  }
}
