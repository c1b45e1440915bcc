// The loader, the config and the layout planner fuzzed in-process, as the CLI drives them
// (parseCommandLine, then createMachine, then a short run): whatever the bytes and options,
// only typed errors escape — bad input (ImageError, ConfigError, InputError, DtbError) or,
// once the guest runs, a GuestFault — never a RangeError, a TypeError or a host crash.
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../../src/cli/args.ts";
import { errorExitCode, oneLine } from "../../src/cli/errors.ts";
import { GuestFault, InputError } from "../../src/hyp/errors.ts";
import { Log } from "../../src/hyp/log.ts";
import { createMachine } from "../../src/cli/node-machine.ts";
import { fuzzCase, materialise } from "./fuzz-inputs.ts";

const BAD_INPUT = new Set(["ImageError", "ConfigError", "InputError", "DtbError"]);
/** Fixed so that a failure is reproducible; AVISOR_FUZZ_SEED explores other cases. */
const SEED = Number(process.env.AVISOR_FUZZ_SEED ?? 20261129);
const RUN_INSNS = 20_000;

const tmp = mkdtempSync(join(tmpdir(), "avisor-fuzz-loader-"));
let n = 0;

/** What escaped, if anything, classified as the CLI would. */
function runInProcess(argv: string[]): { outcome: string; error: unknown } {
  try {
    const cmd = parseCommandLine(argv);
    if (cmd.kind !== "run") return { outcome: "help", error: null };
    const m = createMachine(cmd.config, { cpu: "ts", log: new Log(() => {}), uartOut: () => {} });
    for (let steps = 0; steps < 2000 && m.hv.totalInstructions < RUN_INSNS; steps++) {
      const r = m.hv.step(RUN_INSNS);
      if (r.kind !== "running") return { outcome: r.kind, error: null };
    }
    return { outcome: "ran", error: null };
  } catch (e) {
    return { outcome: "threw", error: e };
  }
}

describe("loader and config fuzzing (in-process)", () => {
  it(`only typed errors escape (seed ${SEED})`, () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(fuzzCase, (c) => {
        const dir = join(tmp, String(n++));
        mkdirSync(dir);
        const argv = materialise(c, dir);
        const { outcome, error } = runInProcess(argv);
        const kind = error instanceof InputError && error.name === "Error" ? "InputError" : error instanceof Error ? error.name : outcome;
        seen.set(kind, (seen.get(kind) ?? 0) + 1);
        if (error === null) return;
        const typed = error instanceof InputError || (error instanceof Error && BAD_INPUT.has(error.name)) || error instanceof GuestFault;
        expect(typed, `${oneLine(error)}\nargv: ${argv.join(" ")}\n${(error as Error).stack}`).toBe(true);
        expect(oneLine(error)).not.toMatch(/internal error/);
        expect([1, 2]).toContain(errorExitCode(error));
      }),
      { numRuns: 250, seed: SEED, endOnFailure: true },
    );
    if (process.env.AVISOR_FUZZ_VERBOSE) console.log(Object.fromEntries(seen));
    // The generator reaches both outcomes: refused input, and guests that run.
    expect(seen.get("ConfigError") ?? 0).toBeGreaterThan(0);
    expect(seen.get("ImageError") ?? 0).toBeGreaterThan(0);
    expect((seen.get("ran") ?? 0) + (seen.get("finished") ?? 0)).toBeGreaterThan(0);
  });
});
