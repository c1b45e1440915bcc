// `npm run boot -- <image> …`: the one command that replaces cross-build + config.c +
// qemu-system-aarch64. stdout carries the guest's UART bytes only; logs go to stderr.
import { parseCommandLine, USAGE, type RunOptions } from "./args.ts";
import { Log } from "../hyp/log.ts";
import { createMachine, type Machine } from "../machine.ts";
import { VIRT } from "../devices/platform.ts";
import { errorExitCode, oneLine } from "./errors.ts";

/** Exit codes of DESIGN §4. */
export const EXIT = { POWERED_OFF: 0, GUEST_DIED: 1, BAD_INPUT: 2, LIMIT: 3, INTERRUPTED: 130 } as const;

/** How long the run loop keeps the host thread before letting I/O through. */
const YIELD_MS = 20;

async function main(argv: string[]): Promise<number> {
  const cmd = parseCommandLine(argv);
  if (cmd.kind === "help") {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  const log = new Log(undefined, cmd.options.quiet);
  const out = new OutputBuffer();
  const machine = createMachine(cmd.config, {
    cpu: cmd.options.cpu,
    realtime: cmd.options.realtime,
    snapshotBudget: cmd.options.snapshotBudget ?? undefined,
    log,
    uartOut: (b: number) => out.push(b),
  });
  machine.hv.trace = cmd.options.trace;
  if (cmd.options.dumpStage2) for (const vm of machine.hv.vms) process.stderr.write(`vm${vm.id} stage 2:\n${vm.stage2.dump()}\n`);
  try {
    return await runMachine(machine, cmd.options, log, out);
  } finally {
    out.flush();
  }
}

class OutputBuffer {
  private chunks: number[] = [];
  push(b: number): void {
    this.chunks.push(b);
    if (this.chunks.length >= 4096) this.flush();
  }
  flush(): void {
    if (this.chunks.length === 0) return;
    process.stdout.write(Uint8Array.from(this.chunks));
    this.chunks = [];
  }
}

async function runMachine(m: Machine, o: RunOptions, log: Log, out: OutputBuffer): Promise<number> {
  const start = Date.now();
  const input = new StdinPump(m);
  // Ctrl-C: stop between slices, keep the guest's output, and say where each vCPU was (a
  // guest that hangs is the usual reason to press it).
  let interrupted = false;
  let wake = () => {};
  const interruption = new Promise<void>((r) => (wake = r)); // also ends a wait for input or a timer
  const onSigint = () => {
    interrupted = true;
    wake();
  };
  process.once("SIGINT", onSigint);
  try {
    for (;;) {
      if (interrupted) {
        const where = m.hv.vms.flatMap((vm) => vm.vcpus.map((v) => `vm${vm.id} vcpu${v.id} pc 0x${v.cpu.getPc().toString(16)}`));
        log.warning(`interrupted after ${m.hv.totalInstructions} instructions (${where.join(", ")})`);
        return EXIT.INTERRUPTED;
      }
      const sliceEnd = Date.now() + YIELD_MS;
      while (Date.now() < sliceEnd) {
        let budget = Number.MAX_SAFE_INTEGER;
        if (o.maxInsns !== null) {
          budget = o.maxInsns - m.hv.totalInstructions;
          if (budget <= 0) {
            log.warning(`stopped after ${m.hv.totalInstructions} instructions (--max-insns ${o.maxInsns})`);
            return EXIT.LIMIT;
          }
        }
        const r = m.hv.step(budget);
        m.platform.rtc.poll(); // the RTC's match interrupt follows virtual time
        if (r.kind === "finished") return r.exitCode;
        if (r.kind === "idle") {
          const ticks = m.hv.ticksUntilWake();
          if (ticks !== null) {
            // Real time: sleep until the earliest guest timer (or input) instead of spinning.
            out.flush();
            await Promise.race([new Promise((w) => setTimeout(w, (ticks * 1000) / VIRT.CNTFRQ)), input.open ? input.nextChunk() : interruption, interruption]);
            break;
          }
          if (!input.open) {
            log.error("every vCPU waits for an interrupt and nothing is left to raise one (WFI with no timer armed and no input)");
            return EXIT.GUEST_DIED;
          }
          out.flush();
          await Promise.race([input.nextChunk(), interruption]);
          break;
        }
      }
      if (o.timeoutSeconds !== null && Date.now() - start >= o.timeoutSeconds * 1000) {
        log.warning(`stopped after ${o.timeoutSeconds} s (--timeout), ${m.hv.totalInstructions} instructions`);
        return EXIT.LIMIT;
      }
      out.flush();
      await new Promise((r) => setImmediate(r));
    }
  } finally {
    process.off("SIGINT", onSigint);
    input.close();
  }
}

/** Feeds stdin into the UART's receive FIFO, when stdin is something that can send. */
class StdinPump {
  open: boolean;
  private waiters: (() => void)[] = [];
  private readonly onData = (d: Buffer) => {
    this.m.uartIn(d);
    this.m.hv.wake();
    this.release();
  };
  private readonly onEnd = () => {
    this.open = false;
    this.release();
  };

  constructor(private readonly m: Machine) {
    // Only a terminal or a pipe/file can deliver input; a closed or absent stdin cannot.
    this.open = process.stdin.isTTY === true || !process.stdin.readableEnded;
    process.stdin.on("data", this.onData);
    process.stdin.on("end", this.onEnd);
    process.stdin.on("error", this.onEnd);
  }

  private release(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  nextChunk(): Promise<void> {
    return new Promise((r) => this.waiters.push(r));
  }

  close(): void {
    process.stdin.off("data", this.onData);
    process.stdin.off("end", this.onEnd);
    process.stdin.off("error", this.onEnd);
    process.stdin.pause();
    process.stdin.unref?.();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`avisor: ${oneLine(e)}\n`);
    process.exitCode = errorExitCode(e);
  },
);
