// The Web Worker that runs one machine for the playground, so the page stays responsive: the
// machine runs in slices (library run()), and between slices this worker answers the page.
import { createAvisor, type AvisorMachine, type RunOutcome } from "../src/index.ts";
import type { FromWorker, RegistersView, Stage2View, ToWorker } from "./protocol.ts";

const TRACE_LENGTH = 200;
const STATS_MS = 250;
/** Bytes handed to the UART per feed: it has a 32-byte FIFO, so a paste goes in by parts. */
const FEED = 16;

let machine: AvisorMachine | null = null;
let running = false;
let ended = false;
const exits: Record<string, number> = {};
const trace: string[] = [];
const input: number[] = [];
let snapshots = 0;
let lastStats = { at: performance.now(), instructions: 0 };
/** When the boot message arrived: the boot time shown at power-off counts from here. */
let bootAt = 0;

const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);
const hex = (v: bigint | number) => `0x${v.toString(16)}`;

function describeOutcome(o: RunOutcome): string {
  switch (o.kind) {
    case "powered-off":
      return `powered off after ${o.instructions.toLocaleString("en-US")} instructions in ${Math.round(performance.now() - bootAt)} ms`;
    case "died":
      return `the guest died after ${o.instructions.toLocaleString("en-US")} instructions (see the log)`;
    default:
      return `${o.kind} after ${o.instructions} instructions`;
  }
}

function stage2Views(m: AvisorMachine): Stage2View[][] {
  return m.vms.map((vm) =>
    m
      .stage2(vm.id)
      .map((r) => ({ ipa: r.ipa, pa: r.pa, size: r.size, perms: `${r.read ? "r" : "-"}${r.write ? "w" : "-"}${r.exec ? "x" : "-"}`, what: r.what })),
  );
}

function postStats(): void {
  if (machine === null) return;
  const now = performance.now();
  const n = machine.instructions;
  const mips = (n - lastStats.instructions) / Math.max(1, now - lastStats.at) / 1000;
  lastStats = { at: now, instructions: n };
  post({
    type: "stats",
    running,
    stats: {
      instructions: n,
      mips: running ? mips : 0,
      exits: { ...exits },
      trace: trace.slice(-40),
      vms: machine.vms.map((v) => ({ id: v.id, name: v.name, state: v.state })),
      snapshots,
    },
  });
}

async function runLoop(): Promise<void> {
  if (machine === null || running || ended) return;
  running = true;
  lastStats = { at: performance.now(), instructions: machine.instructions };
  const outcome = await machine.run({ sliceMs: 15 });
  running = false;
  if (outcome.kind === "powered-off" || outcome.kind === "died") {
    ended = true;
    post({ type: "ended", outcome: describeOutcome(outcome) });
  }
  postStats();
}

function registers(m: AvisorMachine, vm: number, vcpu: number): RegistersView {
  const r = m.registers(vm, vcpu);
  const str = (o: Record<string, bigint | undefined>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, hex(v ?? 0n)]));
  // 12 instructions before the PC and 12 from it, as far as they are mapped.
  let codeVa = r.pc - 48n;
  let code: Uint8Array = new Uint8Array(0);
  for (const start of [r.pc - 48n, r.pc]) {
    try {
      code = m.readVirtual(start, Number(r.pc - start) + 48, vm, vcpu);
      codeVa = start;
      break;
    } catch {}
  }
  return { vm, vcpu, x: r.x.map(hex), pc: hex(r.pc), pstate: r.pstate, el1: str(r.el1), el2: str(r.el2), code, codeVa: hex(codeVa) };
}

function boot(msg: Extract<ToWorker, { type: "boot" }>): void {
  bootAt = performance.now();
  const m = createAvisor({
    vms: msg.vms.map((v) => ({ image: new Uint8Array(v.image), name: v.name, entry: v.entry, mem: v.mem })),
    dtb: msg.dtb ? new Uint8Array(msg.dtb) : null,
    gic: msg.gic,
  });
  machine = m;
  m.onUart((data) => post({ type: "uart", data }));
  m.onLog((l) => {
    if (/Create snapshot/.test(l.text)) snapshots++;
    post({ type: "log", line: l.text });
  });
  m.onExit((e) => {
    exits[e.kind] = (exits[e.kind] ?? 0) + 1;
    trace.push(`vm${e.vm}.${e.vcpu} pc ${hex(e.pc)}: ${e.text}`);
    if (trace.length > TRACE_LENGTH) trace.splice(0, trace.length - TRACE_LENGTH);
  });
  post({ type: "booted", vms: m.vms.map((v) => ({ id: v.id, name: v.name, entry: v.entry })), maps: stage2Views(m) });
  setInterval(postStats, STATS_MS);
  setInterval(() => {
    if (input.length > 0 && machine !== null) machine.sendInput(Uint8Array.from(input.splice(0, FEED)));
  }, 10);
  void runLoop();
}

/** Checkpoint, restore and restart change the machine between slices: pause, act, resume. */
async function between(act: (m: AvisorMachine) => void): Promise<void> {
  if (machine === null) return;
  const wasRunning = running;
  machine.stop();
  while (running) await new Promise((r) => setTimeout(r, 1));
  try {
    act(machine);
  } catch (e) {
    post({ type: "error", message: e instanceof Error ? e.message : String(e) });
  }
  post({ type: "booted", vms: machine.vms.map((v) => ({ id: v.id, name: v.name, entry: v.entry })), maps: stage2Views(machine) });
  postStats();
  if (wasRunning || ended) {
    ended = machine.vms.every((v) => v.state !== "running");
    void runLoop();
  }
}

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  try {
    switch (msg.type) {
      case "boot":
        return boot(msg);
      case "input":
        input.push(...msg.data);
        return;
      case "pause":
        machine?.stop();
        return;
      case "resume":
        void runLoop();
        return;
      case "inspect":
        if (machine !== null) post({ type: "registers", regs: registers(machine, msg.vm, msg.vcpu) });
        return;
      case "checkpoint":
        void between((m) => m.checkpoint(msg.vm));
        return;
      case "restore":
        void between((m) => m.restore(msg.vm));
        return;
      case "restart":
        void between((m) => {
          bootAt = performance.now();
          m.restart(msg.vm);
        });
        return;
    }
  } catch (e) {
    post({ type: "error", message: e instanceof Error ? e.message : String(e) });
  }
};
