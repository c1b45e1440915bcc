// `npm run lockstep -- <image> [boot options] [--window N] [--ram-every N] [--against W]`:
// run the image on both CPU backends (or on the ts core compiled and interpreted) and report
// the first instruction after which they disagree.
// Exit codes: 0 no divergence, 1 divergence, 2 bad input or no Unicorn.
import { GUEST_SYSREGS, type ArchState } from "../cpu/arch-state.ts";
import { unicornAvailability } from "../cpu/unicorn/unicorn-cpu.ts";
import { loadDisassembler } from "../lockstep/disassembler.ts";
import { runLockstep, type Divergence } from "../lockstep/lockstep.ts";
import { parseCommandLine } from "./args.ts";
import { OPTIONS } from "./option-table.ts";
import { optionsHelp } from "./option-parser.ts";
import { errorExitCode, oneLine } from "./errors.ts";
import { configFileReader } from "./input-files.ts";
import { hex } from "../arch/numbers.ts";

const HELP = `usage: npm run lockstep -- <image> [boot options] [--window N] [--ram-every N]
                            [--against unicorn|interpreter]

Runs the image on --cpu ts (--jit on: with its block compiler) and --cpu unicorn side by
side (each under its own hypervisor); --against interpreter compares the ts core with its
block compiler (src/cpu/jit) against the ts core interpreting only, and needs no Unicorn. It
and compares registers every N instructions (--window, default 1000; 1 compares after
every instruction) and guest RAM every --ram-every instructions (default 1000000). On a
difference both machines are replayed and single-stepped to the first instruction after
which they disagree, printed with its disassembly and both register files (single steps
run no compiled block, so a divergence of the compiled core may not replay: a window of
1 then shows none; compare with larger windows and AVISOR_JIT_THRESHOLD=1).
--max-insns defaults to 200000000. Exit codes: 0 agree, 1 diverged, 2 bad input.

Boot options (see npm run boot -- --help):
${optionsHelp(OPTIONS.filter((o) => !["cpu", "version", "help"].includes(o.name)))}`;

function takeNumber(argv: string[], flag: string, fallback: number): number {
  const i = argv.indexOf(flag);
  if (i < 0) return fallback;
  const v = Number(argv[i + 1]);
  if (!Number.isInteger(v) || v < 1) throw new LockstepInputError(`${flag} needs a positive integer, got ${JSON.stringify(argv[i + 1] ?? "")}`);
  argv.splice(i, 2);
  return v;
}

class LockstepInputError extends Error {
  override name = "InputError";
}

const takeChoice = (argv: string[], flag: string, choices: string[]): string => {
  const i = argv.indexOf(flag);
  if (i < 0) return choices[0];
  const v = argv[i + 1] ?? "";
  if (!choices.includes(v)) throw new LockstepInputError(`${flag} needs one of ${choices.join(", ")}, got ${JSON.stringify(v)}`);
  argv.splice(i, 2);
  return v;
};

/** The two sides' names in reports. */
let sides = ["ts", "unicorn"];

function registerTable(ts: ArchState, uc: ArchState): string {
  const rows: [string, bigint | number, bigint | number][] = [
    ["pc", ts.pc, uc.pc],
    ["pstate", ts.pstate, uc.pstate],
    ...ts.x.map((v, n) => [`x${n}`, v, uc.x[n]] as [string, bigint, bigint]),
    ...GUEST_SYSREGS.map((r) => [r, ts.sys.get(r)!, uc.sys.get(r)!] as [string, bigint, bigint]),
    ...ts.v.map((v, n) => [`v${n}`, v, uc.v[n]] as [string, bigint, bigint]),
  ];
  const w = Math.max(...rows.map(([, a]) => hex(a).length));
  return rows.map(([name, a, b]) => `  ${name.padEnd(14)} ${hex(a).padEnd(w)}  ${hex(b)}${a !== b ? "   <-- differs" : ""}`).join("\n");
}

function report(d: Divergence): string {
  return [
    `lockstep: the backends diverge at instruction ${d.instructions + 1} (after ${d.instructions} in agreement), pc ${hex(d.pc)}: ${d.disassembly}`,
    ...d.differences.map((l) => `  ${l}`),
    `registers after it (${sides.join(", ")}):`,
    registerTable(d.ts, d.unicorn),
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const rest = [...argv];
  const window = takeNumber(rest, "--window", 1000);
  const ramEvery = takeNumber(rest, "--ram-every", 1_000_000);
  const against = takeChoice(rest, "--against", ["unicorn", "interpreter"]) as "unicorn" | "interpreter";
  const cmd = parseCommandLine(rest);
  if (cmd.kind !== "run") {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  // The same checks as a boot (regular files, bounded), before each machine reads them again.
  const read = configFileReader(cmd.config);
  for (const vm of cmd.config.vms) read(vm.image, "image");
  if (cmd.config.dtb.image !== null) read(cmd.config.dtb.image, "DTB");
  const missing = against === "unicorn" ? unicornAvailability() : null;
  if (missing !== null) throw new LockstepInputError(`lockstep needs the Unicorn backend: ${missing}`);
  // Lockstep compares the compiled core from the first instruction (--jit on) or not at all.
  const jit = against === "interpreter" || cmd.options.jit === true;
  sides = against === "unicorn" ? [jit ? "ts compiled" : "ts", "unicorn"] : ["ts compiled", "ts interpreted"];
  const disassembler = await loadDisassembler();
  const maxInsns = cmd.options.maxInsns ?? 200_000_000;
  const started = Date.now();
  let lastShown = 0;
  const tty = process.stderr.isTTY;
  const r = runLockstep(cmd.config, {
    against,
    jit,
    window,
    maxInsns,
    ramEvery,
    disassembler,
    progress: (n) => {
      if (tty && n - lastShown >= 1_000_000) {
        lastShown = n;
        process.stderr.write(`\rlockstep: ${(n / 1e6).toFixed(0)}M instructions in agreement`);
      }
    },
  });
  if (tty && lastShown > 0) process.stderr.write("\n");
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.kind === "diverged") {
    process.stdout.write(`${report(r.divergence)}\n`);
    return 1;
  }
  const why =
    r.why === "finished" ? `the guest finished (exit ${r.exitCode})` : r.why === "idle" ? "every vCPU waits for input" : `--max-insns ${maxInsns} reached`;
  process.stdout.write(
    `lockstep: no divergence in ${r.instructions} instructions (${why}${jit ? `; ${r.compiled} of them run compiled` : ""}); registers compared every ${window}, RAM every ${ramEvery}; ${r.output.length} bytes of identical UART output; ${secs} s; disassembler: ${disassembler.source}; ${sides.join(" vs ")}\n`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`lockstep: ${oneLine(e)}\n`);
    process.exitCode = errorExitCode(e);
  },
);
