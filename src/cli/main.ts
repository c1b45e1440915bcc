// `npm run boot -- <image> …`: the one command that replaces cross-build + config.c +
// qemu-system-aarch64. stdout carries the guest's UART bytes only; logs go to stderr.
import { parseCommandLine, usage, type RunOptions } from "./args.ts";
import { Log } from "../hyp/log.ts";
import { createMachine, type Machine } from "./node-machine.ts";
import { VIRT } from "../devices/platform.ts";
import { errorExitCode, oneLine } from "./errors.ts";
import { GuestOutput } from "./guest-output.ts";
import { waitForFirst } from "./host-wait.ts";
import { STOP_SIGNALS, StopSignals } from "./stop-signals.ts";
import { packageVersion } from "./version.ts";
import { GdbServer } from "../debug/server.ts";
import { OutputGate } from "../debug/output-gate.ts";
import { loadRunSymbols, loadRunSymbolsOrNone, openTraceSink, writeDeathInstructions, writeSummary } from "./run-report.ts";
import { Tracer } from "../trace/tracer.ts";
import { CAT } from "../trace/categories.ts";
import { loadDisassembler } from "../debug/disassembler.ts";

/** Exit codes of DESIGN §4; signals end in 128 + their number (stop-signals.ts). */
export const EXIT = { POWERED_OFF: 0, GUEST_DIED: 1, BAD_INPUT: 2, LIMIT: 3, INTERRUPTED: 130 } as const;

/** How long the run loop keeps the host thread before letting I/O through. */
const YIELD_MS = 20;

async function main(argv: string[]): Promise<number> {
  const cmd = parseCommandLine(argv);
  if (cmd.kind === "help") return printText(`${usage()}\n`);
  if (cmd.kind === "version") return printText(`avisor-ts ${packageVersion()}\n`);
  // Bad --symbols or --trace-file is bad input: found before anything boots. Symbols are
  // read up front only when a trace needs them; the summary reads them at the end.
  const o = cmd.options;
  const symbols = o.trace !== 0 || o.symbols !== null ? loadRunSymbols(cmd.config, o.symbols) : null;
  const sink = o.trace !== 0 ? openTraceSink(o.traceFile) : null;
  // Reverse execution re-runs history: what the guest and the hypervisor printed then (and
  // the trace of it) is held back by this gate instead of printed twice.
  const gate = new OutputGate();
  const log = new Log(
    gate.guard((l: string) => process.stderr.write(`${l}\n`)),
    o.quiet,
  );
  for (const note of cmd.notes) log.info(note);
  const out = new GuestOutput();
  const machine = createMachine(cmd.config, {
    cpu: cmd.options.cpu,
    jit: cmd.options.jit,
    realtime: cmd.options.realtime,
    snapshotBudget: cmd.options.snapshotBudget ?? undefined,
    log,
    uartOut: gate.guard((b: number) => out.push(b)),
  });
  if (sink !== null) {
    const dis = (o.trace & CAT.insn) !== 0 ? await loadDisassembler() : null;
    machine.hv.tracer = new Tracer({
      mask: o.trace,
      filter: o.traceFilter,
      symbols: symbols!,
      write: gate.guard(sink.write),
      disassemble: dis === null ? undefined : (w, a) => dis.disassemble(w, a),
    });
  }
  if (o.dumpStage2) for (const vm of machine.hv.vms) process.stderr.write(`vm${vm.id} stage 2:\n${vm.stage2.dump()}\n`);
  const gdb =
    o.gdbPort === null
      ? null
      : await GdbServer.listen(machine, gate, {
          port: o.gdbPort,
          waitForGdb: o.waitGdb,
          log,
          complain: (l) => process.stderr.write(`avisor: ${l}\n`),
        });
  const started = performance.now();
  let code: number | null = null;
  try {
    code = await runMachine(machine, o, log, out, gdb);
  } finally {
    out.flush();
    gdb?.close();
    machine.hv.tracer?.close();
    sink?.close();
    if (code !== null && (code !== EXIT.POWERED_OFF || o.stats !== null)) {
      const names = symbols ?? loadRunSymbolsOrNone(cmd.config);
      if (code === EXIT.GUEST_DIED) await writeDeathInstructions(machine.hv, names);
      writeSummary(machine.hv, code, (performance.now() - started) / 1000, o.stats, o.quiet, names);
    }
  }
  // A pipe reports a failed write a tick later. Output lost at the very end is still lost: a
  // run that "powered off" but could not deliver what the guest printed ends as a limit.
  await new Promise((r) => setImmediate(r));
  if (code === EXIT.POWERED_OFF && out.closedBy !== null) {
    log.warning(`stdout was closed (${out.closedBy}) before the guest's last output was written`);
    return EXIT.LIMIT;
  }
  return code;
}

/** --help and --version: exit 0, or 3 if stdout would not take the text (`--help | true`). */
async function printText(text: string): Promise<number> {
  const out = new GuestOutput();
  for (const b of Buffer.from(text)) out.push(b);
  out.flush();
  await new Promise((r) => setImmediate(r)); // a pipe reports a failed write a tick later
  return out.closedBy === null ? 0 : EXIT.LIMIT;
}

async function runMachine(m: Machine, o: RunOptions, log: Log, out: GuestOutput, gdb: GdbServer | null): Promise<number> {
  const start = Date.now();
  const deadline = o.timeoutSeconds === null ? null : start + o.timeoutSeconds * 1000;
  const input = new StdinPump(m);
  // Ctrl-C, SIGTERM, SIGHUP or a closed stdout: stop between slices, keep the guest's output,
  // and say where each vCPU was (a guest that hangs is the usual reason to press Ctrl-C).
  let wake = () => {};
  const stopRequested = new Promise<void>((r) => (wake = r)); // also ends a wait for input or a timer
  const signals = new StopSignals(() => wake());
  out.onClose(() => wake());
  const where = () => m.hv.vms.flatMap((vm) => vm.vcpus.map((v) => `vm${vm.id} vcpu${v.id} pc 0x${v.cpu.getPc().toString(16)}`)).join(", ");
  try {
    for (;;) {
      if (gdb !== null) {
        out.flush();
        if ((await gdb.waitWhileStopped(stopRequested)) === "kill") {
          log.warning(`killed by gdb after ${m.hv.totalInstructions} instructions`);
          return EXIT.INTERRUPTED;
        }
      }
      if (signals.received !== null) {
        log.warning(`interrupted after ${m.hv.totalInstructions} instructions (${where()}) by ${signals.received}`);
        return STOP_SIGNALS[signals.received];
      }
      if (out.closedBy !== null) {
        // Whoever read our stdout is gone: nothing the guest prints can reach anyone.
        log.warning(`stdout was closed (${out.closedBy}); stopped after ${m.hv.totalInstructions} instructions`);
        return EXIT.LIMIT;
      }
      const sliceEnd = Date.now() + YIELD_MS;
      while (Date.now() < sliceEnd && !(gdb?.stopped ?? false)) {
        let budget = Number.MAX_SAFE_INTEGER;
        if (o.maxInsns !== null) {
          budget = o.maxInsns - m.hv.totalInstructions;
          if (budget <= 0) {
            log.warning(`stopped after ${m.hv.totalInstructions} instructions (--max-insns ${o.maxInsns})`);
            return EXIT.LIMIT;
          }
        }
        const r = gdb !== null ? gdb.step(budget) : m.hv.step(budget);
        m.platform.rtc.poll(); // the RTC's match interrupt follows virtual time
        if (r.kind === "finished") return r.exitCode;
        if (r.kind === "idle") {
          // Every vCPU waits: sleep on the host until the earliest guest timer (real time),
          // input, a stop request or the --timeout deadline, whichever comes first.
          const ticks = m.hv.ticksUntilWake();
          if (ticks === null && !input.open) {
            log.error("every vCPU waits for an interrupt and nothing is left to raise one (WFI with no timer armed and no input)");
            return EXIT.GUEST_DIED;
          }
          out.flush();
          const timerMs = ticks === null ? Infinity : (ticks * 1000) / VIRT.CNTFRQ;
          const deadlineMs = deadline === null ? Infinity : deadline - Date.now();
          await waitForFirst(Math.min(timerMs, deadlineMs), input.open ? [input.nextChunk(), stopRequested] : [stopRequested]);
          break;
        }
      }
      // While a debugger is attached the run takes as long as the user does.
      if (deadline !== null && !(gdb?.attached ?? false) && Date.now() >= deadline) {
        log.warning(`stopped after ${o.timeoutSeconds} s (--timeout), ${m.hv.totalInstructions} instructions`);
        return EXIT.LIMIT;
      }
      out.flush();
      await new Promise((r) => setImmediate(r));
    }
  } finally {
    signals.dispose();
    input.close();
  }
}

/** Feeds stdin into the UART's receive FIFO, when stdin is something that can send. */
class StdinPump {
  open: boolean;
  /** One pending promise for the next chunk, shared by every wait until it comes (a waiter per
   *  idle wait would pile up while a timer-driven guest idles with stdin open). */
  private next: { promise: Promise<void>; resolve: () => void } | null = null;
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
    const n = this.next;
    this.next = null;
    n?.resolve();
  }

  nextChunk(): Promise<void> {
    if (this.next === null) {
      let resolve = () => {};
      const promise = new Promise<void>((r) => (resolve = r));
      this.next = { promise, resolve };
    }
    return this.next.promise;
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
