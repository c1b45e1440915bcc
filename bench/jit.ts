// npm run bench:jit [-- image …]: the ts core with the block compiler off and on, runs
// alternated in one process (timings on a shared machine drift), per guest: instructions
// (must match), guest output (must match), MIPS median of RUNS. Default guests: every image
// with "benchmark": true.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { defaultConfig } from "../src/hyp/config.ts";
import { Log } from "../src/hyp/log.ts";
import { createMachine } from "../src/cli/node-machine.ts";

const RUNS = Number(process.env.AVISOR_BENCH_RUNS ?? 3);

function runOnce(image: string, jit: boolean): { instructions: number; seconds: number; out: string } {
  const bytes: number[] = [];
  const m = createMachine(defaultConfig(image), { cpu: "ts", jit, log: new Log(() => {}), uartOut: (b) => bytes.push(b) });
  const t0 = process.hrtime.bigint();
  for (;;) if (m.hv.step().kind !== "running") break;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { instructions: m.hv.totalInstructions, seconds, out: String.fromCharCode(...bytes) };
}

const images =
  process.argv.slice(2).length > 0
    ? process.argv.slice(2)
    : readdirSync("images", { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(`images/${d.name}/${d.name}.json`))
        .map((d) => JSON.parse(readFileSync(`images/${d.name}/${d.name}.json`, "utf8")))
        .filter((m) => m.benchmark === true)
        .map((m) => `images/${m.bin}`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ratios: number[] = [];
const mipsOn: number[] = [];
const mipsOff: number[] = [];
for (const image of images) {
  const off: number[] = [];
  const on: number[] = [];
  let ref: { instructions: number; out: string } | null = null;
  for (let i = 0; i < RUNS; i++) {
    for (const jit of [false, true]) {
      const r = runOnce(image, jit);
      ref ??= r;
      if (r.instructions !== ref.instructions || r.out !== ref.out)
        throw new Error(`${image}: jit ${jit} differs (${r.instructions} vs ${ref.instructions} instructions)`);
      (jit ? on : off).push(r.instructions / r.seconds / 1e6);
    }
  }
  const a = median(off);
  const b = median(on);
  ratios.push(b / a);
  mipsOff.push(a);
  mipsOn.push(b);
  console.log(`${image}: ${ref!.instructions} insns, off ${a.toFixed(1)} MIPS, on ${b.toFixed(1)} MIPS (x${(b / a).toFixed(2)})`);
}
const geo = (xs: number[]) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
console.log(`geomean: off ${geo(mipsOff).toFixed(1)} MIPS, on ${geo(mipsOn).toFixed(1)} MIPS (x${geo(ratios).toFixed(2)})`);
