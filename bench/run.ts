// npm run bench: every benchmark guest on the ts core, side by side with our Unicorn backend
// (--cpu unicorn) and qemu-system-aarch64 (TCG) when they are installed, medians of several
// runs; boot-to-first-output; exit round trips; MMU translation rates. Prints a table, writes
// bench/results/latest.json and an SVG chart.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { runCpuBench } from "./cpu.ts";
import { runMmuBench } from "./mmu.ts";
import { printBrowserBench, runBrowserBench } from "./browser.ts";
import { chromiumMissing } from "../web/chromium.ts";
import { unicornAvailability } from "../src/cpu/unicorn/unicorn-cpu.ts";

const RUNS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Guest {
  name: string;
  elf: string;
  bin: string;
  stdout: string;
}

const guests: Guest[] = readdirSync("images", { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`images/${d.name}/${d.name}.json`))
  .map((d) => JSON.parse(readFileSync(`images/${d.name}/${d.name}.json`, "utf8")))
  .filter((m) => m.benchmark === true || m.name === "loop")
  .map((m) => ({ name: m.name, elf: `images/${m.elf}`, bin: `images/${m.bin}`, stdout: m.expect.stdout }));

function have(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: "ignore" }).status === 0;
}
const QEMU = have("qemu-system-aarch64", ["--version"]);
const UNICORN = unicornAvailability() === null;
if (!UNICORN) console.log(`unicorn: ${unicornAvailability()}`);
// Unicorn without a hypervisor or exact instruction counting, for scale: the shared tool.
const UC_TOOL = "../shared/tools/uc-reference.py";
const UC_RAW = existsSync(UC_TOOL) && have("/usr/bin/python3", ["-c", "import unicorn"]);

/** Wall time of a whole command (including the emulator's own start-up), checking its output. */
function timeCommand(cmd: string, args: string[], expect: string): number {
  const t0 = process.hrtime.bigint();
  const out = execFileSync(cmd, args, { encoding: "latin1", stdio: ["ignore", "pipe", "ignore"], timeout: 120_000 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (!out.replace(/\r/g, "").includes(expect.trim())) throw new Error(`${cmd}: unexpected output ${JSON.stringify(out.slice(0, 200))}`);
  return s;
}

interface Row {
  name: string;
  instructions: number;
  ts: { seconds: number; mips: number };
  qemu?: { seconds: number; mips: number };
  unicorn?: { seconds: number; mips: number };
  unicornRaw?: { seconds: number; mips: number };
}

const rows: Row[] = [];
for (const g of guests) {
  const ts = runCpuBench(g.bin, RUNS);
  const row: Row = { name: g.name, instructions: ts.instructions, ts: { seconds: ts.seconds, mips: ts.mips } };
  // The same program runs on the others; its instruction count is the ts core's (equal to
  // Unicorn's for these guests: they do no time-dependent work).
  if (QEMU) {
    const s = median(Array.from({ length: RUNS }, () => timeCommand("qemu-system-aarch64", ["-M", "virt", "-cpu", "cortex-a57", "-m", "256", "-nographic", "-kernel", g.elf], g.stdout)));
    row.qemu = { seconds: s, mips: ts.instructions / s / 1e6 };
  }
  if (UNICORN) {
    const uc = runCpuBench(g.bin, RUNS, "unicorn");
    if (uc.instructions !== ts.instructions) throw new Error(`${g.name}: ${uc.instructions} instructions on unicorn, ${ts.instructions} on ts`);
    row.unicorn = { seconds: uc.seconds, mips: uc.mips };
  }
  if (UC_RAW) {
    const s = median(Array.from({ length: RUNS }, () => timeCommand("/usr/bin/python3", [UC_TOOL, g.bin, "--entry", "0x40100000", "--max-seconds", "120"], g.stdout)));
    row.unicornRaw = { seconds: s, mips: ts.instructions / s / 1e6 };
  }
  rows.push(row);
}

// Boot is measured as a user runs it: through the bundle, so make sure it is current.
execFileSync("npm", ["run", "--silent", "build"], { stdio: "ignore" });

/** Time from starting `node bin/avisor.js images/output.bin` to its first stdout byte. */
async function bootToFirstOutput(): Promise<number> {
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["bin/avisor.js", "images/output.bin", "--quiet"], { stdio: ["ignore", "pipe", "ignore"] });
    let done = false;
    p.stdout.on("data", () => {
      if (!done) {
        done = true;
        resolve(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    });
    p.on("exit", () => done || reject(new Error("no output")));
  });
}
const boots: number[] = [];
for (let i = 0; i < 5; i++) boots.push(await bootToFirstOutput());
const bootMs = median(boots);

/** Exit round trips per second: guests that do 100,000 HVCs or PL011 reads. */
const roundTrips: Record<string, number> = {};
for (const name of ["bench-hvc", "bench-mmio"]) {
  const meta = JSON.parse(readFileSync(`images/${name}/${name}.json`, "utf8"));
  roundTrips[name] = meta.roundtrips / runCpuBench(`images/${meta.bin}`, RUNS).seconds;
  if (UNICORN) roundTrips[`${name} (unicorn)`] = meta.roundtrips / runCpuBench(`images/${meta.bin}`, RUNS, "unicorn").seconds;
}
const mmu = runMmuBench();
// The playground in Chromium against Node, same guests, same run (when Chromium is here).
const browser = chromiumMissing === null ? await runBrowserBench(RUNS) : null;

const geomean = (xs: number[]) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
const f = (n: number | undefined, d = 1) => (n === undefined ? "-" : n.toFixed(d));
console.log("benchmark | instructions | ts s | ts MIPS | qemu s | qemu MIPS | ts/qemu | unicorn s | unicorn MIPS | ts/unicorn | raw unicorn MIPS");
for (const r of rows) {
  console.log(
    [r.name, r.instructions, f(r.ts.seconds, 3), f(r.ts.mips), f(r.qemu?.seconds, 3), f(r.qemu?.mips), f(r.qemu && r.ts.mips / r.qemu.mips, 2), f(r.unicorn?.seconds, 3), f(r.unicorn?.mips), f(r.unicorn && r.ts.mips / r.unicorn.mips, 2), f(r.unicornRaw?.mips)].join(" | "),
  );
}
const tsGeo = geomean(rows.map((r) => r.ts.mips));
console.log(`ts geometric mean: ${tsGeo.toFixed(1)} MIPS`);
console.log(`boot of images/output.bin to first output: ${bootMs.toFixed(0)} ms (median of 5, Node start included)`);
for (const [k, v] of Object.entries(roundTrips)) console.log(`${k.replace("bench-hvc", "HVC round trips").replace("bench-mmio", "MMIO (PL011 FR) round trips")}: ${(v / 1e3).toFixed(0)} k/s`);
console.log(`mmu: ${(mmu.tlbHitsPerSecond / 1e6).toFixed(1)} M TLB hits/s, ${(mmu.twoStageWalksPerSecond / 1e6).toFixed(2)} M two-stage walks/s (all flushed), ${(mmu.stage1WalksPerSecond / 1e6).toFixed(2)} M stage-1 walks/s after TLBI VMALLE1`);
if (browser !== null) printBrowserBench(browser);
else console.log(`playground row skipped: ${chromiumMissing}`);
console.log("ts and unicorn: our backends under the hypervisor, board set-up excluded; qemu and raw unicorn (../shared/tools/uc-reference.py, no hypervisor, no instruction counting): whole commands, start-up included.");

writeFileSync(
  "bench/results/latest.json",
  JSON.stringify({ date: new Date().toISOString(), node: process.version, runs: RUNS, rows, tsGeomeanMips: tsGeo, bootToFirstOutputMs: bootMs, roundTripsPerSecond: roundTrips, mmu, browser }, null, 2) + "\n",
);
writeFileSync("bench/results/latest.svg", chart(rows));

/** Bars of ts/qemu and ts/unicorn speed ratios per benchmark (1.0 = as fast). */
function chart(rs: Row[]): string {
  const W = 640, rowH = 28, left = 110, scale = 400;
  const ratios = rs.map((r) => [r.qemu ? r.ts.mips / r.qemu.mips : 0, r.unicorn ? r.ts.mips / r.unicorn.mips : 0]);
  const max = Math.max(1, ...ratios.flat());
  const bars = rs
    .map((r, i) => {
      const y = 30 + i * rowH;
      const [q, u] = ratios[i];
      return [
        `<text x="${left - 8}" y="${y + 14}" text-anchor="end" font-size="12">${r.name}</text>`,
        `<rect x="${left}" y="${y}" width="${((q / max) * scale).toFixed(1)}" height="10" fill="#4c78a8"/>`,
        `<text x="${left + (q / max) * scale + 4}" y="${y + 9}" font-size="10">${q ? q.toFixed(2) : "n/a"}</text>`,
        `<rect x="${left}" y="${y + 12}" width="${((u / max) * scale).toFixed(1)}" height="10" fill="#f58518"/>`,
        `<text x="${left + (u / max) * scale + 4}" y="${y + 21}" font-size="10">${u ? u.toFixed(2) : "n/a"}</text>`,
      ].join("");
    })
    .join("\n");
  const h = 40 + rs.length * rowH;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${h}" font-family="sans-serif">
<text x="10" y="16" font-size="13">ts speed relative to qemu (blue) and unicorn (orange); 1.0 = as fast</text>
<line x1="${left + scale / max}" y1="24" x2="${left + scale / max}" y2="${h}" stroke="#999" stroke-dasharray="3"/>
${bars}
</svg>
`;
}
