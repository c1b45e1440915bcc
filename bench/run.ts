// npm run bench: every benchmark, a table on stdout and bench/results/latest.json.
import { writeFileSync } from "node:fs";
import { runCpuBench } from "./cpu.ts";

const cpu = runCpuBench();
const rows = [["cpu (images/loop)", `${cpu.instructions}`, `${cpu.seconds.toFixed(3)} s`, `${cpu.mips.toFixed(1)} MIPS`]];
console.log(["benchmark", "guest instructions", "wall time", "speed"].join(" | "));
for (const r of rows) console.log(r.join(" | "));
writeFileSync("bench/results/latest.json", JSON.stringify({ date: new Date().toISOString(), node: process.version, cpu }, null, 2) + "\n");
