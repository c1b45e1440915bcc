// npm run bench: every benchmark, a table on stdout and bench/results/latest.json.
import { writeFileSync } from "node:fs";
import { runCpuBench } from "./cpu.ts";
import { runMmuBench } from "./mmu.ts";

const cpu = runCpuBench();
const mmu = runMmuBench();
const rows = [
  ["cpu (images/loop)", `${cpu.instructions}`, `${cpu.seconds.toFixed(3)} s`, `${cpu.mips.toFixed(1)} MIPS`],
  ["mmu: TLB hit", "-", "-", `${(mmu.tlbHitsPerSecond / 1e6).toFixed(1)} M/s`],
  ["mmu: two-stage walk", "-", "-", `${(mmu.twoStageWalksPerSecond / 1e6).toFixed(2)} M/s`],
];
console.log(["benchmark", "guest instructions", "wall time", "speed"].join(" | "));
for (const r of rows) console.log(r.join(" | "));
writeFileSync("bench/results/latest.json", JSON.stringify({ date: new Date().toISOString(), node: process.version, cpu, mmu }, null, 2) + "\n");
