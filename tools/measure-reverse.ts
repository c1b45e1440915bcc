// What reverse execution costs, measured (README "Debugging a guest"): for snapshot intervals
// N, the forward speed with the debugger recording, the ring's memory, and the time to go back
// 1, 1,000 and 1,000,000 instructions.
//   npx tsx tools/measure-reverse.ts [image] [instructions]
import { defaultConfig } from "../src/hyp/config.ts";
import { Log } from "../src/hyp/log.ts";
import { createMachine } from "../src/cli/node-machine.ts";
import { OutputGate } from "../src/debug/output-gate.ts";
import { RunControl } from "../src/debug/run-control.ts";

const image = process.argv[2] ?? "images/bench-sha256/bench-sha256.elf";
const total = Number(process.argv[3] ?? 20_000_000);

function boot() {
  const gate = new OutputGate();
  const m = createMachine(defaultConfig(image), { cpu: "ts", log: new Log(() => {}, true), uartOut: () => {} });
  return { m, gate };
}

function runPlain(): number {
  const { m } = boot();
  const t0 = performance.now();
  while (m.hv.totalInstructions < total) if (m.hv.step(total - m.hv.totalInstructions).kind !== "running") break;
  return performance.now() - t0;
}

runPlain(); // warm up the JIT first
const plainMs = runPlain();
console.log(`${image}: ${total} instructions without a debugger: ${plainMs.toFixed(0)} ms (${(total / plainMs / 1000).toFixed(1)} MIPS)`);

for (const interval of [100_000, 1_000_000, 10_000_000]) {
  const { m, gate } = boot();
  const rc = new RunControl(m, gate, null, { interval, budget: 256 * 1024 * 1024 });
  rc.attach();
  const h0 = rc.history!;
  let captureMs = 0;
  const take = h0.take.bind(h0);
  h0.take = () => {
    const s = performance.now();
    take();
    captureMs += performance.now() - s;
  };
  const t0 = performance.now();
  while (m.hv.totalInstructions < total) if (rc.forward(total - m.hv.totalInstructions).result.kind !== "running") break;
  const fwd = performance.now() - t0;
  const h = rc.history!;
  const t = rc.threads[0];
  const times: string[] = [];
  for (const n of [1, 1, 1000, 1_000_000]) {
    const start = t.cpu.instructionCount;
    const s = performance.now();
    const r = h.goBack(t, n);
    const ms = performance.now() - s;
    if (r.kind !== "stopped" || t.cpu.instructionCount !== start - n) throw new Error(`went back to ${t.cpu.instructionCount}, not ${start - n}`);
    times.push(`${n}: ${ms.toFixed(1)} ms`);
    h.afterStep();
  }
  console.log(
    `interval ${interval}: forward ${fwd.toFixed(0)} ms (${(total / fwd / 1000).toFixed(1)} MIPS, ${((fwd / plainMs - 1) * 100).toFixed(0)}% slower), ` +
      `${h.snapshotCount} snapshots (${(captureMs / h.snapshotsTaken).toFixed(2)} ms each), ${(h.memoryBytes / 1048576).toFixed(1)} MiB; back ${times.join(", ")}`,
  );
}
