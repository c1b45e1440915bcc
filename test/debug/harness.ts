// Drives the real CLI with --gdb 0 -S, and either the real gdb-multiarch in batch mode or a
// minimal RSP client, for the debugger's end-to-end tests.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { connect, type Socket } from "node:net";
import { frame, PacketReader } from "../../src/debug/packet.ts";

export const HAS_GDB = spawnSync("gdb-multiarch", ["--version"]).status === 0;
export const NO_GDB = HAS_GDB ? "" : " (skipped: gdb-multiarch is not installed; apt-get install gdb-multiarch)";

export interface Avisor {
  proc: ChildProcess;
  port: number;
  stdout(): string;
  stderr(): string;
  /** The exit code once the process ended. */
  exited: Promise<number>;
}

export async function startAvisor(args: string[]): Promise<Avisor> {
  const proc = spawn(process.execPath, ["bin/avisor.js", ...args, "--gdb", "0", "-S"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  proc.stdout!.on("data", (d) => (out += d));
  const exited = new Promise<number>((r) => proc.on("exit", (code) => r(code ?? -1)));
  const port = await new Promise<number>((resolve, reject) => {
    proc.stderr!.on("data", (d) => {
      err += d;
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(err);
      if (m) resolve(Number(m[1]));
    });
    exited.then(() => reject(new Error(`avisor ended before listening: ${err}`)));
  });
  return { proc, port, stdout: () => out, stderr: () => err, exited };
}

/** gdb-multiarch -batch with one -ex per command; its stdout + stderr. */
export function runGdb(port: number, elf: string | null, commands: string[]): Promise<string> {
  // `directory images`: gdb finds the sources and prints their lines on stdout, instead of a
  // "No such file" on stderr that can land in the middle of a value it prints on stdout.
  const args = ["-batch", "-nx", "-ex", "directory images", ...(elf ? ["-ex", `file ${elf}`] : []), "-ex", `target remote :${port}`];
  for (const c of commands) args.push("-ex", c);
  return new Promise((resolve) => {
    const gdb = spawn("gdb-multiarch", args, { stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    gdb.stdout.on("data", (d) => (text += d));
    gdb.stderr.on("data", (d) => (text += d));
    gdb.on("exit", () => resolve(text));
  });
}

/** A bare RSP client: send a packet, get the next reply. */
export class RspClient {
  private readonly reader = new PacketReader();
  private replies: string[] = [];
  private waiting: ((p: string) => void) | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding("latin1");
    socket.on("data", (d: string) => {
      for (const ev of this.reader.push(d)) {
        if (ev.kind !== "packet") continue;
        socket.write("+");
        if (this.waiting) {
          const w = this.waiting;
          this.waiting = null;
          w(ev.payload);
        } else this.replies.push(ev.payload);
      }
    });
  }

  static connect(port: number): Promise<RspClient> {
    return new Promise((resolve) => {
      const s = connect(port, "127.0.0.1", () => resolve(new RspClient(s)));
    });
  }

  next(): Promise<string> {
    const r = this.replies.shift();
    if (r !== undefined) return Promise.resolve(r);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  send(payload: string): void {
    this.socket.write(frame(payload), "latin1");
  }

  async ask(payload: string): Promise<string> {
    this.send(payload);
    return this.next();
  }

  raw(bytes: string): void {
    this.socket.write(bytes, "latin1");
  }

  close(): void {
    this.socket.end();
  }
}
