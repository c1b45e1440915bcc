// The GDB stub's TCP side and its hold on the run: listens on 127.0.0.1 only, one gdb at a
// time. While gdb is attached the machine runs only when gdb says so; the CLI's run loop
// asks `stopped` and calls step() instead of Hypervisor.step, so Ctrl-C from gdb, stops
// and the end of the run reach gdb as stop replies.
import { assertNever } from "../assert-never.ts";
import { createServer, type Server, type Socket } from "node:net";
import type { StepResult } from "../hyp/hypervisor.ts";
import { InputError } from "../hyp/errors.ts";
import type { Log } from "../hyp/log.ts";
import type { Machine } from "../machine.ts";
import type { HistoryOptions } from "./history.ts";
import type { OutputGate } from "./output-gate.ts";
import { frame, PacketReader } from "./packet.ts";
import { RunControl, type RunEvent } from "./run-control.ts";
import { GdbSession } from "./session.ts";

export interface GdbServerOptions {
  port: number;
  /** Stop before the first instruction until gdb connects (`--wait-gdb`, `-S`). */
  waitForGdb: boolean;
  log: Log;
  /** One line on stderr (what gdb asked for that this backend cannot do). */
  complain: (line: string) => void;
  history?: HistoryOptions;
}

/** How gdb ended the run: `kill` (exit code 130, as an interrupted run). */
export type GdbVerdict = "run" | "kill";

export class GdbServer {
  readonly rc: RunControl;
  private server: Server | null = null;
  private socket: Socket | null = null;
  private session: GdbSession | null = null;
  private readonly reader = new PacketReader();
  /** The machine may not run (gdb is attached and has it stopped, or -S before gdb came). */
  stopped: boolean;
  private interruptRequested = false;
  private killed = false;
  private wakeups: ((v: GdbVerdict) => void)[] = [];

  private constructor(
    m: Machine,
    gate: OutputGate,
    private readonly o: GdbServerOptions,
  ) {
    const cpu = m.hv.vms[0].vcpus[0].cpu;
    const noReverse =
      cpu.captureState === undefined
        ? `reverse execution is not on the ${cpu.backend} backend (use --cpu ts)`
        : m.hv.hostClock !== null
          ? "reverse execution needs virtual time (not with --realtime)"
          : null;
    this.rc = new RunControl(m, gate, noReverse, o.history);
    this.stopped = o.waitForGdb;
  }

  /** Start listening; rejects with a one-line InputError when the port cannot be had. */
  static async listen(m: Machine, gate: OutputGate, o: GdbServerOptions): Promise<GdbServer> {
    const s = new GdbServer(m, gate, o);
    const server = createServer((socket) => s.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once("error", (e: NodeJS.ErrnoException) =>
        reject(new InputError(`--gdb ${o.port}: cannot listen on 127.0.0.1:${o.port} (${e.code ?? e.message})`)),
      );
      server.listen(o.port, "127.0.0.1", () => resolve());
    });
    s.server = server;
    const port = (server.address() as { port: number }).port;
    o.log.info(`gdb: listening on 127.0.0.1:${port}${o.waitForGdb ? ", the guest waits for it" : ""} (gdb-multiarch -ex 'target remote :${port}')`);
    return s;
  }

  get port(): number {
    return (this.server?.address() as { port: number } | null)?.port ?? this.o.port;
  }

  get attached(): boolean {
    return this.socket !== null;
  }

  private accept(socket: Socket): void {
    if (this.socket !== null) {
      socket.end(); // one debugger at a time
      return;
    }
    socket.setNoDelay(true);
    socket.setEncoding("latin1");
    this.socket = socket;
    this.rc.attach();
    this.session = new GdbSession(this.rc, this.o.complain);
    this.stopped = true; // gdb expects a stopped target when it connects
    socket.on("data", (d: string) => this.receive(d));
    socket.on("close", () => this.gone());
    socket.on("error", () => this.gone());
  }

  private gone(): void {
    if (this.socket === null) return;
    this.socket = null;
    this.session = null;
    this.rc.detach();
    this.resumeMachine("run");
  }

  private send(payload: string): void {
    this.socket?.write(frame(payload, true), "latin1");
  }

  private receive(data: string): void {
    for (const ev of this.reader.push(data)) {
      const session = this.session;
      if (session === null) return;
      if (ev.kind === "interrupt") {
        if (!this.stopped) this.interruptRequested = true;
        continue;
      }
      if (ev.kind === "bad-packet") {
        if (!session.noAck) this.socket?.write("-");
        continue;
      }
      if (ev.kind !== "packet") continue;
      if (!session.noAck) this.socket?.write("+");
      if (!this.stopped) continue; // all-stop: nothing but Ctrl-C while running
      let action;
      try {
        action = session.handle(ev.payload);
      } catch (e) {
        // A bug of ours must not take the guest down with a stack trace: gdb gets an error.
        this.o.complain(`gdb: internal error on packet ${JSON.stringify(ev.payload.slice(0, 40))}: ${(e as Error).message} (please report this)`);
        action = { kind: "reply", payload: "E01" } as const;
      }
      switch (action.kind) {
        case "reply":
          this.send(action.payload);
          break;
        case "continue":
          this.resumeMachine("run");
          break;
        case "detach":
          this.send("OK");
          this.socket?.end();
          this.gone();
          break;
        case "kill":
          this.killed = true;
          this.rc.detach();
          this.socket?.end();
          this.resumeMachine("kill");
          break;
        default:
          assertNever(action, "gdb session action");
      }
    }
  }

  private resumeMachine(v: GdbVerdict): void {
    this.stopped = false;
    const w = this.wakeups;
    this.wakeups = [];
    for (const f of w) f(v);
  }

  private report(e: RunEvent): void {
    this.stopped = e.kind === "stopped";
    if (this.session !== null) this.send(this.session.stopReply(e));
  }

  /** Resolves when the machine may run again ("run") or gdb killed it ("kill"); at once
   *  when it is not stopped. `interrupt` (the user's Ctrl-C) also ends the wait. */
  waitWhileStopped(interrupt: Promise<void>): Promise<GdbVerdict> {
    if (this.killed) return Promise.resolve("kill");
    if (!this.stopped) return Promise.resolve("run");
    return Promise.race([new Promise<GdbVerdict>((r) => this.wakeups.push(r)), interrupt.then((): GdbVerdict => "run")]);
  }

  /** Hypervisor.step for the CLI's run loop, with the debugger's stops. */
  step(budget: number): StepResult {
    if (!this.attached) return this.rc.m.hv.step(budget);
    if (this.interruptRequested) {
      this.interruptRequested = false;
      this.report({ kind: "stopped", thread: this.rc.defaultThread(), why: { reason: "interrupt" } });
      return { kind: "running" };
    }
    const { result, event } = this.rc.forward(budget);
    if (event !== null) this.report(event);
    return result.kind === "debug" ? { kind: "running" } : result;
  }

  close(): void {
    this.socket?.end();
    this.server?.close();
  }
}
