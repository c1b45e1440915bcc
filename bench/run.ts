// npm run bench: every benchmark guest on the ts core, side by side with our Unicorn backend
// (--cpu unicorn) and qemu-system-aarch64 (TCG) when they are installed, each figure twice:
// cold (a fresh process, its first run, Node or QEMU start included: what a user waits for)
// and warm (in one process after an untimed run of the same guest, board set-up excluded).
// Also: the course's Unikraft helloworld boot to its "Hello World!" (AVISOR_COMPAT_IMAGES),
// beside QEMU 7.2 + the C Avisor when AVISOR_REFERENCE_ELF names a build of it; UART
// throughput; boot-to-first-output; exit round trips; MMU translation rates. Prints a table,
// writes bench/results/latest.json and an SVG chart.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import type { CpuBench } from "./cpu.ts";
import { runMmuBench } from "./mmu.ts";
import { printBrowserBench, runBrowserBench } from "./browser.ts";
import { chromiumMissing } from "../web/chromium.ts";
import { unicornAvailability } from "../src/cpu/unicorn/unicorn-cpu.ts";

const RUNS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const repeat = (n: number, f: () => number) => median(Array.from({ length: n }, f));

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
const QEMU_VERSION = QEMU ? execFileSync("qemu-system-aarch64", ["--version"], { encoding: "utf8" }).split("\n")[0] : null;
const UNICORN = unicornAvailability() === null;
if (!UNICORN) console.log(`unicorn: ${unicornAvailability()}`);
// Unicorn without a hypervisor or exact instruction counting, for scale: the shared tool.
const UC_TOOL = "../shared/tools/uc-reference.py";
const UC_RAW = existsSync(UC_TOOL) && have("/usr/bin/python3", ["-c", "import unicorn"]);
const QEMU_ARGS = ["-M", "virt", "-cpu", "cortex-a57", "-m", "256", "-nographic", "-kernel"];

// Cold runs go through the bundle, as a user runs them: make sure it is current. Warm runs
// too: bench/cpu.ts bundled the same way (tsx's on-the-fly transform runs slower).
execFileSync("npm", ["run", "--silent", "build"], { stdio: "ignore" });
execFileSync(
  "npx",
  [
    "esbuild",
    "bench/cpu.ts",
    "--bundle",
    "--platform=node",
    "--format=esm",
    "--outfile=dist/bench-cpu.mjs",
    "--external:koffi",
    "--external:@alexaltea/capstone-js",
    "--log-level=warning",
  ],
  { stdio: "inherit" },
);

/** runCpuBench in a fresh process from the bundle: median of `runs`, after an untimed run when
 *  `warm`; `jit`: the block compiler on. */
function runCpuBench(image: string, runs: number, cpu: "ts" | "unicorn" = "ts", warm = false, jit = false): CpuBench {
  const flags = [...(warm ? ["--warm"] : []), ...(jit ? ["--jit"] : []), "--json"];
  const out = execFileSync(process.execPath, ["dist/bench-cpu.mjs", image, cpu, String(runs), ...flags], { encoding: "utf8", timeout: 600_000 });
  return JSON.parse(out.trim().split("\n").pop()!) as CpuBench;
}

/** Wall time of a whole command (including the emulator's own start-up), checking its output. */
function timeCommand(cmd: string, args: string[], expect: string): number {
  const t0 = process.hrtime.bigint();
  const out = execFileSync(cmd, args, { encoding: "latin1", stdio: ["ignore", "pipe", "ignore"], timeout: 120_000 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (!out.replace(/\r/g, "").includes(expect.trim())) throw new Error(`${cmd}: unexpected output ${JSON.stringify(out.slice(0, 200))}`);
  return s;
}

/** Seconds from starting a command to `needle` on its stdout; the command is then stopped
 *  (QEMU + Avisor never powers off) and waited for, so runs never overlap. */
function timeToOutput(cmd: string, args: string[], needle: string, timeoutS = 120): Promise<number> {
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    let seconds: number | null = null;
    const timer = setTimeout(() => p.kill("SIGKILL"), timeoutS * 1000);
    p.stdout.setEncoding("latin1");
    p.stdout.on("data", (d: string) => {
      if (seconds !== null) return;
      out += d;
      if (out.includes(needle)) {
        seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        p.kill("SIGTERM");
      }
    });
    p.on("close", () => {
      clearTimeout(timer);
      if (seconds !== null) resolve(seconds);
      else reject(new Error(`${cmd} ${args.join(" ")}: no ${JSON.stringify(needle)} on stdout (${JSON.stringify(out.slice(-200))})`));
    });
  });
}

/** A figure for one guest on one emulator: seconds and the MIPS they mean. */
interface Timing {
  seconds: number;
  mips: number;
}
const timing = (instructions: number, seconds: number): Timing => ({ seconds, mips: instructions / seconds / 1e6 });

interface Row {
  name: string;
  instructions: number;
  /** Warm: in-process after an untimed run, board set-up excluded; block compiler on. */
  ts: Timing;
  /** The same, interpreting only (--jit off). */
  tsInterp: Timing;
  /** Cold: `node bin/avisor.js <guest>` in a fresh process, Node start included. */
  tsCold: Timing;
  /** Warm estimate: the median of (guest command − hello command), runs alternated; absent
   *  when start-up noise swamps the guest (the median difference is not positive). */
  qemu?: Timing;
  /** Cold: the whole `qemu-system-aarch64 ... -kernel <guest>.elf` command. */
  qemuCold?: Timing;
  unicorn?: Timing;
  unicornCold?: Timing;
  unicornRaw?: Timing;
}

// QEMU has no warm state to keep between runs; its warm figure takes away what a guest of
// next to no instructions costs (images/hello: one line, then power-off), in alternated pairs
// of runs so that drift on a shared machine hits both.
const QEMU_RUNS = 7;
const qemuHello = () => timeCommand("qemu-system-aarch64", [...QEMU_ARGS, "images/hello/hello.elf"], "Hello");
const qemuStart = QEMU ? repeat(RUNS, qemuHello) : 0;
const rows: Row[] = [];
for (const g of guests) {
  process.stderr.write(`bench: ${g.name}\n`); // progress: a run takes minutes
  const ts = runCpuBench(g.bin, RUNS, "ts", true, true);
  const n = ts.instructions;
  const interp = runCpuBench(g.bin, RUNS, "ts", true, false);
  if (interp.instructions !== n) throw new Error(`${g.name}: ${interp.instructions} instructions interpreted, ${n} compiled`);
  const tsCold = repeat(RUNS, () => timeCommand(process.execPath, ["bin/avisor.js", g.bin, "--quiet"], g.stdout));
  const row: Row = { name: g.name, instructions: n, ts: timing(n, ts.seconds), tsInterp: timing(n, interp.seconds), tsCold: timing(n, tsCold) };
  // The same program runs on the others; its instruction count is the ts core's (equal to
  // Unicorn's for these guests: they do no time-dependent work).
  if (QEMU) {
    const whole: number[] = [];
    const diffs: number[] = [];
    for (let k = 0; k < QEMU_RUNS; k++) {
      const s = timeCommand("qemu-system-aarch64", [...QEMU_ARGS, g.elf], g.stdout);
      whole.push(s);
      diffs.push(s - qemuHello());
    }
    row.qemuCold = timing(n, median(whole));
    if (median(diffs) > 0) row.qemu = timing(n, median(diffs));
  }
  if (UNICORN) {
    const uc = runCpuBench(g.bin, RUNS, "unicorn", true);
    if (uc.instructions !== n) throw new Error(`${g.name}: ${uc.instructions} instructions on unicorn, ${n} on ts`);
    row.unicorn = timing(n, uc.seconds);
    row.unicornCold = timing(
      n,
      repeat(RUNS, () => timeCommand(process.execPath, ["bin/avisor.js", g.bin, "--cpu", "unicorn", "--quiet"], g.stdout)),
    );
  }
  if (UC_RAW)
    row.unicornRaw = timing(
      n,
      repeat(RUNS, () => timeCommand("/usr/bin/python3", [UC_TOOL, g.bin, "--entry", "0x40100000", "--max-seconds", "120"], g.stdout)),
    );
  rows.push(row);
}

// The course's Unikraft helloworld, cold, from the command to the first "Hello World!" byte,
// and the same guest on QEMU 7.2 + the C Avisor when a build of it is named.
const JIT_MODES = ["auto", "off", "on"] as const;
type JitMode = (typeof JIT_MODES)[number];

interface HelloRow {
  image: string;
  /** Median seconds to "Hello World!" with --jit auto (the default), off and on (alternated). */
  tsSeconds: Record<JitMode, number>;
  reference?: { elf: string; qemu: string; seconds: number; ratio: Record<JitMode, number> };
}
let hello: HelloRow | null = null;
const helloNote: string[] = [];
const COMPAT = process.env.AVISOR_COMPAT_IMAGES;
const REFERENCE = process.env.AVISOR_REFERENCE_ELF;
const HELLO_RUNS = 5;
if (COMPAT === undefined || !existsSync(`${COMPAT}/app-helloworld_kvm-arm64`)) {
  helloNote.push(`helloworld row skipped: AVISOR_COMPAT_IMAGES ${COMPAT === undefined ? "is not set" : `(${COMPAT}) holds no app-helloworld_kvm-arm64`}`);
} else {
  const image = `${COMPAT}/app-helloworld_kvm-arm64`;
  let reference: string[] | null = null;
  if (REFERENCE === undefined) helloNote.push("QEMU + Avisor row skipped: AVISOR_REFERENCE_ELF is not set");
  else if (!existsSync(REFERENCE)) helloNote.push(`QEMU + Avisor row skipped: AVISOR_REFERENCE_ELF (${REFERENCE}) does not exist`);
  else if (!QEMU) helloNote.push("QEMU + Avisor row skipped: qemu-system-aarch64 is not installed");
  // The course Makefile's machine (GICv2, EL2, Cortex-A57, 4 GiB), with one CPU as our board.
  else reference = ["-M", "virt,virtualization=on,gic-version=2", "-cpu", "cortex-a57", "-smp", "1", "-m", "4g", "-nographic", "-kernel", REFERENCE];
  const times: Record<JitMode | "qemu", number[]> = { auto: [], off: [], on: [], qemu: [] };
  // The order turns each round, so that no command always runs right after the same one:
  // with a fixed order `--jit auto`, always just after QEMU, came out 10-12% slower than
  // `--jit off` in three runs, and 2% slower (1.070 against 1.052 s) alternated on its own.
  const commands: (JitMode | "qemu")[] = reference === null ? [...JIT_MODES] : [...JIT_MODES, "qemu"];
  for (let k = 0; k < HELLO_RUNS; k++) {
    for (let j = 0; j < commands.length; j++) {
      const which = commands[(j + k) % commands.length];
      if (which === "qemu") times.qemu.push(await timeToOutput("qemu-system-aarch64", reference!, "Hello World!"));
      else times[which].push(await timeToOutput(process.execPath, ["bin/avisor.js", image, "--jit", which], "Hello World!"));
    }
  }
  const tsSeconds = { auto: median(times.auto), off: median(times.off), on: median(times.on) };
  hello = { image, tsSeconds };
  if (reference !== null) {
    const seconds = median(times.qemu);
    const ratio = { auto: tsSeconds.auto / seconds, off: tsSeconds.off / seconds, on: tsSeconds.on / seconds };
    hello.reference = { elf: REFERENCE!, qemu: QEMU_VERSION!, seconds, ratio };
  }
}

// UART throughput: bytes of guest output per second (warm, board set-up excluded).
const floodMeta = JSON.parse(readFileSync("images/uart-flood/uart-flood.json", "utf8"));
const floodBytes: number = floodMeta.expect.stdout_bytes;
const uart: Record<string, number> = {
  ts: floodBytes / runCpuBench(`images/${floodMeta.bin}`, RUNS, "ts", true, true).seconds,
  "ts interpreted": floodBytes / runCpuBench(`images/${floodMeta.bin}`, RUNS, "ts", true, false).seconds,
};
if (UNICORN) uart.unicorn = floodBytes / runCpuBench(`images/${floodMeta.bin}`, RUNS, "unicorn", true).seconds;

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
const ratio = (a: Timing | undefined, b: Timing | undefined) => (a && b ? f(a.mips / b.mips, 2) : "-");
console.log("cold: fresh process, first run, start-up included (seconds); warm: same process after a warm-up run (MIPS)");
console.log(
  "benchmark | instructions | ts cold s | ts warm MIPS | ts interpreted warm MIPS | unicorn cold s | unicorn warm MIPS | qemu cold s | qemu warm MIPS | ts/qemu cold | ts/qemu warm | ts/unicorn cold | ts/unicorn warm | raw unicorn MIPS",
);
for (const r of rows) {
  console.log(
    [
      r.name,
      r.instructions,
      f(r.tsCold.seconds, 3),
      f(r.ts.mips),
      f(r.tsInterp.mips),
      f(r.unicornCold?.seconds, 3),
      f(r.unicorn?.mips),
      f(r.qemuCold?.seconds, 3),
      f(r.qemu?.mips),
      ratio(r.tsCold, r.qemuCold),
      ratio(r.ts, r.qemu),
      ratio(r.tsCold, r.unicornCold),
      ratio(r.ts, r.unicorn),
      f(r.unicornRaw?.mips),
    ].join(" | "),
  );
}
const tsGeo = geomean(rows.map((r) => r.ts.mips));
const interpGeo = geomean(rows.map((r) => r.tsInterp.mips));
const withQemu = rows.filter((r) => r.qemu !== undefined);
const ratioGeo = withQemu.length === 0 ? undefined : geomean(withQemu.map((r) => r.ts.mips / r.qemu!.mips));
console.log(`ts geometric mean (warm): ${tsGeo.toFixed(1)} MIPS compiled, ${interpGeo.toFixed(1)} MIPS interpreted`);
if (ratioGeo !== undefined) console.log(`ts/qemu warm, geometric mean over ${withQemu.length} guests: ${ratioGeo.toFixed(2)}`);
if (QEMU)
  console.log(
    `qemu warm = median over ${QEMU_RUNS} alternated pairs of (guest command − images/hello's command, ~${(qemuStart * 1e3).toFixed(0)} ms); "-" when not resolvable`,
  );
if (hello !== null) {
  const t = hello.tsSeconds;
  console.log(
    `helloworld (${hello.image}), command to first "Hello World!", cold, median of ${HELLO_RUNS} alternated: ts ${t.auto.toFixed(3)} s (--jit auto, the default), --jit off ${t.off.toFixed(3)} s, --jit on ${t.on.toFixed(3)} s`,
  );
  if (hello.reference)
    console.log(
      `  ${hello.reference.qemu} + Avisor (${hello.reference.elf}): ${hello.reference.seconds.toFixed(3)} s; ts / (QEMU+Avisor) = ${hello.reference.ratio.auto.toFixed(2)} (default), ${hello.reference.ratio.off.toFixed(2)} (jit off), ${hello.reference.ratio.on.toFixed(2)} (jit on)`,
    );
}
for (const line of helloNote) console.log(line);
console.log(
  `UART throughput (images/uart-flood, ${floodBytes} bytes, warm): ts ${(uart.ts / 1e3).toFixed(1)} kB/s (interpreted ${(uart["ts interpreted"] / 1e3).toFixed(1)})${uart.unicorn === undefined ? "" : `, unicorn ${(uart.unicorn / 1e3).toFixed(1)} kB/s (ts/unicorn ${(uart.ts / uart.unicorn).toFixed(2)})`}`,
);
console.log(`boot of images/output.bin to first output: ${bootMs.toFixed(0)} ms (median of 5, Node start included)`);
for (const [k, v] of Object.entries(roundTrips))
  console.log(`${k.replace("bench-hvc", "HVC round trips").replace("bench-mmio", "MMIO (PL011 FR) round trips")}: ${(v / 1e3).toFixed(0)} k/s`);
console.log(
  `mmu: ${(mmu.tlbHitsPerSecond / 1e6).toFixed(1)} M TLB hits/s, ${(mmu.twoStageWalksPerSecond / 1e6).toFixed(2)} M two-stage walks/s (all flushed), ${(mmu.stage1WalksPerSecond / 1e6).toFixed(2)} M stage-1 walks/s after TLBI VMALLE1`,
);
if (browser !== null) printBrowserBench(browser);
else console.log(`playground row skipped: ${chromiumMissing}`);
console.log("raw unicorn (../shared/tools/uc-reference.py): no hypervisor, no instruction counting, whole command.");

writeFileSync(
  "bench/results/latest.json",
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      qemu: QEMU_VERSION,
      runs: RUNS,
      rows,
      tsGeomeanMips: tsGeo,
      tsInterpretedGeomeanMips: interpGeo,
      tsOverQemuWarmGeomean: ratioGeo,
      qemuStartSeconds: qemuStart,
      helloworld: hello,
      uartBytesPerSecond: uart,
      bootToFirstOutputMs: bootMs,
      roundTripsPerSecond: roundTrips,
      mmu,
      browser,
    },
    null,
    2,
  )}\n`,
);
writeFileSync("bench/results/latest.svg", chart(rows, footer()));

/** The rows that are not per benchmark guest, as lines under the chart. */
function footer(): string[] {
  const lines: string[] = [];
  if (hello !== null) {
    const ref = hello.reference;
    lines.push(
      `helloworld to "Hello World!", cold: ts ${hello.tsSeconds.auto.toFixed(2)} s` +
        (ref ? `, QEMU + Avisor ${ref.seconds.toFixed(2)} s (ts / QEMU+Avisor ${ref.ratio.auto.toFixed(2)})` : ""),
    );
  }
  lines.push(`UART output: ts ${(uart.ts / 1e3).toFixed(0)} kB/s${uart.unicorn === undefined ? "" : `, unicorn ${(uart.unicorn / 1e3).toFixed(0)} kB/s`}`);
  return lines;
}

/** Per benchmark, bars of the ts core's speed relative to qemu and to unicorn, warm (dark)
 *  and cold (light); 1.0 = as fast. */
function chart(rs: Row[], notes: string[]): string {
  const W = 680,
    rowH = 50,
    left = 110,
    scale = 440;
  const rel = (a: Timing, b: Timing | undefined) => (b ? a.mips / b.mips : 0);
  const bars: [string, string, (r: Row) => number][] = [
    ["#4c78a8", "vs qemu, warm", (r) => rel(r.ts, r.qemu)],
    ["#f58518", "vs unicorn, warm", (r) => rel(r.ts, r.unicorn)],
    ["#9ecae9", "vs qemu, cold", (r) => rel(r.tsCold, r.qemuCold)],
    ["#ffbf79", "vs unicorn, cold", (r) => rel(r.tsCold, r.unicornCold)],
  ];
  const max = Math.max(1, ...rs.flatMap((r) => bars.map(([, , v]) => v(r))));
  const body = rs
    .map((r, i) => {
      const y = 44 + i * rowH;
      const label = `<text x="${left - 8}" y="${y + 24}" text-anchor="end" font-size="12">${r.name}</text>`;
      return (
        label +
        bars
          .map(([color, , v], k) => {
            const x = v(r);
            const w = (x / max) * scale;
            return `<rect x="${left}" y="${y + k * 11}" width="${w.toFixed(1)}" height="10" fill="${color}"/><text x="${(left + w + 4).toFixed(1)}" y="${y + k * 11 + 9}" font-size="9">${x ? x.toFixed(2) : "n/a"}</text>`;
          })
          .join("")
      );
    })
    .join("\n");
  const legend = bars
    .map(
      ([color, name], k) =>
        `<rect x="${10 + k * 160}" y="24" width="10" height="10" fill="${color}"/><text x="${24 + k * 160}" y="33" font-size="11">${name}</text>`,
    )
    .join("");
  const top = 44 + rs.length * rowH;
  const foot = notes.map((l, k) => `<text x="10" y="${top + 16 + k * 16}" font-size="11">${l.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</text>`).join("\n");
  const h = top + 16 * notes.length + 12;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${h}" font-family="sans-serif">
<text x="10" y="16" font-size="13">ts core speed relative to qemu and unicorn (1.0 = as fast; cold: fresh process, start-up included)</text>
${legend}
<line x1="${left + scale / max}" y1="40" x2="${left + scale / max}" y2="${top}" stroke="#999" stroke-dasharray="3"/>
${body}
${foot}
</svg>
`;
}
