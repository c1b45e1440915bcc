// One gdb connection's conversation: each RSP packet from gdb becomes a reply, a stop to
// report, or "the machine runs now". The session knows the protocol; RunControl and
// History do the running, guest-memory and registers the reading and writing.
import type { WatchKind } from "../cpu/debug-traps.ts";
import { readGuest, writeGuest } from "./guest-memory.ts";
import { runMonitor } from "./monitor.ts";
import { escapeBinary, fromHex, fromLeHex, leHex, textToHex, toHex, unescapeBinary } from "./packet.ts";
import { REGISTERS } from "./registers.ts";
import type { RunControl, RunEvent } from "./run-control.ts";
import { targetXml } from "./target-xml.ts";
import { threadDescription, type Thread } from "./threads.ts";

export type SessionAction =
  | { kind: "reply"; payload: string }
  /** The machine runs until a stop (the server reports it). */
  | { kind: "continue" }
  | { kind: "detach" }
  | { kind: "kill" };

const WATCH_KINDS: Record<string, WatchKind> = { "2": "write", "3": "read", "4": "access" };
const WATCH_STOP_NAMES: Record<WatchKind, string> = { write: "watch", read: "rwatch", access: "awatch" };

const reply = (payload: string): SessionAction => ({ kind: "reply", payload });
const OK = reply("OK");
/** EFAULT, EINVAL, ENOSYS-like error replies. */
const E_FAULT = reply("E0e");
const E_INVAL = reply("E16");

export class GdbSession {
  noAck = false;
  private generalThread: Thread;
  private continueThread: Thread;
  private lastEvent: RunEvent;
  private readonly hardwareBreaks = new Set<bigint>();
  private readonly xml = targetXml();

  constructor(
    private readonly rc: RunControl,
    /** One line on the avisor side (stderr) for what this backend cannot do. */
    private readonly complain: (line: string) => void,
  ) {
    this.generalThread = this.continueThread = rc.defaultThread();
    this.lastEvent = { kind: "stopped", thread: this.generalThread, why: { reason: "interrupt" } };
  }

  /** The stop reply for an event, remembered for `?`. */
  stopReply(e: RunEvent): string {
    this.lastEvent = e;
    if (e.kind === "exited") return `W${e.code.toString(16).padStart(2, "0")}`;
    this.generalThread = this.continueThread = e.thread;
    const why = e.why;
    let info = "";
    if (why.reason === "breakpoint") info = this.hardwareBreaks.has(e.thread.cpu.getPc()) ? "hwbreak:;" : "swbreak:;";
    else if (why.reason === "watch") info = `${WATCH_STOP_NAMES[why.watch]}:${why.addr.toString(16)};`;
    else if (why.reason === "history-begin") info = "replaylog:begin;";
    const signal = why.reason === "interrupt" ? "02" : "05";
    return `T${signal}${info}thread:${e.thread.id.toString(16)};`;
  }

  handle(p: string): SessionAction {
    try {
      return this.dispatch(p);
    } catch (e) {
      if (e instanceof RangeError) return E_INVAL; // malformed numbers or hex
      throw e;
    }
  }

  private dispatch(p: string): SessionAction {
    const rc = this.rc;
    switch (p[0]) {
      case "?":
        return reply(this.stopReply(this.lastEvent));
      case "g":
        return reply(REGISTERS.map((r) => leHex(r.get(this.generalThread.cpu), r.bits / 8)).join(""));
      case "G":
        return this.writeAllRegisters(p.slice(1));
      case "p": {
        const r = REGISTERS[parseInt(p.slice(1), 16)];
        return r === undefined ? E_INVAL : reply(leHex(r.get(this.generalThread.cpu), r.bits / 8));
      }
      case "P": {
        const [n, v] = p.slice(1).split("=");
        const r = REGISTERS[parseInt(n, 16)];
        if (r === undefined || v === undefined) return E_INVAL;
        r.set(this.generalThread.cpu, fromLeHex(v));
        rc.history?.diverged();
        return OK;
      }
      case "m": {
        const [addr, len] = p.slice(1).split(",").map(parseHex);
        const bytes = readGuest(this.generalThread.cpu, addr, Number(len));
        return bytes === null ? E_FAULT : reply(toHex(bytes));
      }
      case "M": {
        const [where, data] = p.slice(1).split(":");
        const [addr] = where.split(",").map(parseHex);
        return this.write(addr, fromHex(data));
      }
      case "X": {
        const colon = p.indexOf(":");
        const [addr, len] = p.slice(1, colon).split(",").map(parseHex);
        if (len === 0n) return OK; // gdb probing for X support
        const raw = unescapeBinary(p.slice(colon + 1));
        return this.write(
          addr,
          Uint8Array.from(raw, (c) => c.charCodeAt(0)),
        );
      }
      case "Z":
      case "z":
        return this.breakOrWatch(p[0] === "Z", p.slice(1));
      case "H": {
        const t = this.threadById(p.slice(2));
        if (t === null) return E_INVAL;
        if (t !== "any") {
          if (p[1] === "g") this.generalThread = t;
          else this.continueThread = t;
        }
        return OK;
      }
      case "T":
        return this.threadById(p.slice(1)) === null ? E_INVAL : OK;
      case "c":
      case "C":
        return this.resume(null);
      case "s":
      case "S":
        return this.resume(this.continueThread);
      case "b":
        if (p === "bs" || p === "bc") return this.reverse(p === "bs");
        return reply("");
      case "D":
        return { kind: "detach" };
      case "k":
        return { kind: "kill" };
      case "v":
        return this.vPacket(p);
      case "q":
      case "Q":
        return this.query(p);
    }
    return reply("");
  }

  private query(p: string): SessionAction {
    if (p.startsWith("qSupported")) {
      return reply("PacketSize=4000;qXfer:features:read+;vContSupported+;swbreak+;hwbreak+;ReverseStep+;ReverseContinue+;QStartNoAckMode+");
    }
    if (p === "QStartNoAckMode") {
      this.noAck = true;
      return OK;
    }
    if (p.startsWith("qXfer:features:read:target.xml:")) {
      const [off, len] = p
        .slice("qXfer:features:read:target.xml:".length)
        .split(",")
        .map((x) => parseInt(x, 16));
      const part = this.xml.slice(off, off + len);
      return reply((off + len >= this.xml.length ? "l" : "m") + escapeBinary(part));
    }
    if (p.startsWith("qXfer:")) return E_INVAL; // other annexes: none here
    if (p === "qAttached") return reply("1"); // gdb detaches, not kills, on quit
    if (p === "qC") return reply(`QC${this.generalThread.id.toString(16)}`);
    if (p === "qfThreadInfo") return reply(`m${this.rc.threads.map((t) => t.id.toString(16)).join(",")}`);
    if (p === "qsThreadInfo") return reply("l");
    if (p.startsWith("qThreadExtraInfo,")) {
      const t = this.threadById(p.slice("qThreadExtraInfo,".length));
      return t === null || t === "any" ? E_INVAL : reply(textToHex(threadDescription(t)));
    }
    if (p.startsWith("qRcmd,")) {
      const text = new TextDecoder().decode(fromHex(p.slice(6)));
      const out = runMonitor(text, this.rc, this.generalThread);
      return reply(out === "" ? "OK" : textToHex(out));
    }
    if (p === "qSymbol::") return OK;
    return reply("");
  }

  private vPacket(p: string): SessionAction {
    if (p === "vCont?") return reply("vCont;c;C;s;S");
    if (p === "vMustReplyEmpty") return reply("");
    if (p.startsWith("vCont;")) {
      // In all-stop mode one action at most steps a thread; the others continue.
      for (const action of p.slice(6).split(";")) {
        const [op, tid] = action.split(":");
        if (op[0] === "s" || op[0] === "S") {
          const t = tid === undefined ? this.continueThread : this.threadById(tid);
          return this.resume(t === null || t === "any" ? this.continueThread : t);
        }
      }
      return this.resume(null);
    }
    return reply("");
  }

  /** Continue (thread null) or single-step `thread`. */
  private resume(thread: Thread | null): SessionAction {
    if (thread === null) {
      this.rc.resume();
      return { kind: "continue" };
    }
    return reply(this.stopReply(this.rc.step(thread)));
  }

  private reverse(step: boolean): SessionAction {
    const h = this.rc.history;
    if (h === null) {
      this.complain(`gdb: ${step ? "reverse-stepi" : "reverse-continue"} refused: ${this.rc.noReverse ?? "reverse execution is off"}`);
      return reply("E01");
    }
    const r = step ? h.reverseStep(this.continueThread) : h.reverseContinue(this.continueThread);
    if (r.kind === "history-begin") return reply(this.stopReply({ kind: "stopped", thread: r.thread, why: { reason: "history-begin" } }));
    return reply(this.stopReply({ kind: "stopped", thread: r.thread, why: r.stop }));
  }

  private write(addr: bigint, data: Uint8Array): SessionAction {
    if (!writeGuest(this.generalThread.cpu, addr, data)) return E_FAULT;
    this.rc.history?.diverged();
    return OK;
  }

  private writeAllRegisters(hex: string): SessionAction {
    let at = 0;
    const cpu = this.generalThread.cpu;
    for (const r of REGISTERS) {
      const n = (r.bits / 8) * 2;
      if (at + n > hex.length) break;
      const chunk = hex.slice(at, at + n);
      if (!/^x+$/.test(chunk)) r.set(cpu, fromLeHex(chunk)); // "xx": unavailable, leave it
      at += n;
    }
    this.rc.history?.diverged();
    return OK;
  }

  private breakOrWatch(insert: boolean, args: string): SessionAction {
    const [type, addrHex, kindHex] = args.split(",");
    const addr = parseHex(addrHex);
    const len = parseInt(kindHex ?? "4", 16);
    const all = this.rc.threads.map((t) => t.cpu);
    if (all.some((c) => c.debugTraps === undefined)) return reply("");
    if (type === "0" || type === "1") {
      for (const c of all) {
        if (insert) c.debugTraps!().addBreakpoint(addr);
        else c.debugTraps!().removeBreakpoint(addr);
      }
      if (type === "1") {
        if (insert) this.hardwareBreaks.add(addr);
        else this.hardwareBreaks.delete(addr);
      }
      return OK;
    }
    const kind = WATCH_KINDS[type];
    if (kind === undefined) return reply("");
    if (all.some((c) => c.watchpoints !== true)) {
      this.complain(`gdb: watchpoints are not on the ${all[0].backend} backend (use --cpu ts)`);
      return reply("E01");
    }
    for (const c of all) {
      if (insert) c.debugTraps!().addWatch(addr, len, kind);
      else c.debugTraps!().removeWatch(addr, len, kind);
    }
    return OK;
  }

  /** A thread id of a packet: hex, "0" (any), "-1" (all): "any" for the last two. */
  private threadById(s: string): Thread | "any" | null {
    if (s === "0" || s === "-1") return "any";
    const id = parseInt(s, 16);
    return this.rc.threads.find((t) => t.id === id) ?? null;
  }
}

function parseHex(s: string | undefined): bigint {
  if (s === undefined || !/^[0-9a-fA-F]+$/.test(s)) throw new RangeError(`not a hex number: ${s}`);
  return BigInt(`0x${s}`);
}
