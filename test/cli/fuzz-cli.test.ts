// The real command line fuzzed: mutated ELF headers and program headers, flat binaries, files
// that are not images, config JSON and random option combinations (test/loader/fuzz-inputs.ts),
// each run as a user would run it (the esbuild bundle, spawned, with small limits). Whatever the
// input: an exit code of DESIGN §4 (0-3), no stack trace, every stderr line in the log/error
// format, and the run ends within its limit. The loader fuzz (test/loader/fuzz-loader.test.ts)
// covers many more cases in-process; this one holds the process boundary.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { unicornAvailability } from "../../src/cpu/unicorn/unicorn-cpu.ts";
import { fuzzCase, materialise } from "../loader/fuzz-inputs.ts";

const SEED = Number(process.env.AVISOR_FUZZ_SEED ?? 20261129);
const CASES = Number(process.env.AVISOR_FUZZ_CASES ?? 100);
const CONCURRENCY = 3;
/** Host time one run may take before it counts as a hang (limits below are far smaller). */
const RUN_LIMIT_MS = 20_000;
const STDERR_LINE = /^(AVISOR (INFO|WARNING|ERROR): |avisor: )/;

const tmp = mkdtempSync(join(tmpdir(), "avisor-fuzz-cli-"));
const bundle = join(tmp, "avisor.mjs");
const unicorn = unicornAvailability() === null;

interface Run {
  argv: string[];
  code: number | null;
  signal: string | null;
  stderr: string;
  ms: number;
}

function run(argv: string[]): Promise<Run> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bundle, ...argv], { stdio: ["pipe", "pipe", "pipe"], timeout: RUN_LIMIT_MS, killSignal: "SIGKILL" });
    let stderr = "";
    p.stdout.resume(); // the guest's bytes: anything goes
    p.stderr.on("data", (d) => (stderr += d));
    p.stdin.end();
    p.on("close", (code, signal) => resolve({ argv, code, signal, stderr, ms: Date.now() - t0 }));
  });
}

/** What is wrong with a run, or null. */
function problem(r: Run): string | null {
  if (r.signal !== null) return `killed by ${r.signal} after ${r.ms} ms`;
  if (r.code === null || ![0, 1, 2, 3].includes(r.code)) return `exit code ${r.code}`;
  const lines = r.stderr.split("\n").filter((l) => l !== "");
  if (lines.some((l) => /^\s+at /.test(l))) return "a stack trace on stderr";
  const odd = lines.find((l) => !STDERR_LINE.test(l));
  if (odd !== undefined) return `stderr line not in the log format: ${JSON.stringify(odd.slice(0, 200))}`;
  const said = lines.filter((l) => !l.startsWith("AVISOR INFO: "));
  if (r.code === 2 && (said.length !== 1 || !said[0].startsWith("avisor: "))) return `bad input said in ${said.length} lines`;
  if (/internal error/.test(r.stderr)) return "an internal error";
  return null;
}

describe("command-line fuzzing (spawned)", () => {
  beforeAll(async () => {
    await build({
      entryPoints: ["src/cli/main.ts"],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      outfile: bundle,
      logLevel: "warning",
      external: ["koffi"],
    });
  }, 120_000);

  it(`${CASES} runs: exit code 0-3, no stack trace, one-line errors, no hang (seed ${SEED}${unicorn ? "" : "; --cpu unicorn cases run on ts: libunicorn missing"})`, async () => {
    const cases = fc.sample(fc.record({ c: fuzzCase, insns: fc.integer({ min: 1_000, max: 100_000 }), onUnicorn: fc.nat(7) }), { numRuns: CASES, seed: SEED });
    const argvs = cases.map(({ c, insns, onUnicorn }, i) => {
      const dir = join(tmp, `case-${i}`);
      mkdirSync(dir);
      const cpu = unicorn && onUnicorn === 0 ? ["--cpu", "unicorn"] : [];
      return [...materialise(c, dir), ...cpu, "--max-insns", String(insns), "--timeout", "3"];
    });
    const failures: string[] = [];
    const codes = new Map<number | null, number>();
    let next = 0;
    const worker = async () => {
      while (next < argvs.length) {
        const r = await run(argvs[next++]);
        codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
        const why = problem(r);
        if (why !== null) failures.push(`${why}\n  argv: ${r.argv.join(" ")}\n  stderr: ${r.stderr.split("\n").slice(0, 6).join("\n          ")}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(failures, failures.join("\n")).toEqual([]);
    // The cases reach bad input, guests that run to a limit, and guests that end by themselves.
    expect(codes.get(2) ?? 0).toBeGreaterThan(0);
    expect((codes.get(0) ?? 0) + (codes.get(1) ?? 0) + (codes.get(3) ?? 0)).toBeGreaterThan(0);
  }, 180_000);
});
