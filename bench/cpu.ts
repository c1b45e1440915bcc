// Guest instructions per second of a CPU backend (default: the ts core on the CPU-bound loop
// guest, images/loop: arithmetic, loads/stores, branches), run under the hypervisor exactly as
// `npm run boot` runs it, board set-up excluded. Prints the median of several runs; `warmUp`
// runs the guest once first, untimed, so the figure is the warm one (code compiled by V8).
import { defaultConfig } from "../src/hyp/config.ts";
import { Log } from "../src/hyp/log.ts";
import { createMachine } from "../src/cli/node-machine.ts";

export interface CpuBench {
  name: string;
  instructions: number;
  seconds: number;
  mips: number;
}

export function runCpuBench(image = "images/loop/loop.bin", runs = 3, cpu: "ts" | "unicorn" = "ts", warmUp = false, jit = false): CpuBench {
  const results: CpuBench[] = [];
  for (let i = warmUp ? -1 : 0; i < runs; i++) {
    const m = createMachine(defaultConfig(image), { cpu, jit, log: new Log(() => {}), uartOut: () => {} });
    const t0 = process.hrtime.bigint();
    for (;;) {
      const r = m.hv.step();
      if (r.kind !== "running") break;
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const n = m.hv.totalInstructions;
    for (const vm of m.hv.vms) for (const v of vm.vcpus) v.cpu.close?.();
    if (i >= 0) results.push({ name: image, instructions: n, seconds, mips: n / seconds / 1e6 });
  }
  results.sort((a, b) => a.mips - b.mips);
  return results[Math.floor(results.length / 2)];
}

// Standalone: `tsx bench/cpu.ts [image] [ts|unicorn]`, or as the bundle npm run bench builds
// (the code users run, not tsx's transform of it): `node dist/bench-cpu.mjs image cpu runs
// --warm --jit --json`, printing one JSON CpuBench.
const self = process.argv[1] ?? "";
if (import.meta.url === `file://${self}` || self.endsWith("bench-cpu.mjs")) {
  const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  const cpu = args[1] === "unicorn" ? "unicorn" : "ts";
  const runs = Number(args[2] ?? 3);
  const r = runCpuBench(args[0], runs, cpu, process.argv.includes("--warm"), process.argv.includes("--jit"));
  if (process.argv.includes("--json")) console.log(JSON.stringify(r));
  else console.log(`cpu ${cpu}: ${r.name}: ${r.instructions} guest instructions in ${r.seconds.toFixed(3)} s = ${r.mips.toFixed(1)} MIPS (median of ${runs})`);
}
