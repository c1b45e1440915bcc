// The command line of DESIGN §4, parsed into a Config plus run options. The options
// themselves are data (option-table.ts); this file gives their values meaning.
import { defaultConfig, validateConfig, type Config } from "../hyp/config.ts";
import { parseConfigFile } from "./files.ts";
import { OPTIONS } from "./option-table.ts";
import { optionsHelp, parseOptions, UsageError } from "./option-parser.ts";
import { MAX_CONFIG_BYTES, readInputFile } from "./read-input.ts";
import { InputError } from "../hyp/errors.ts";
import { dmemSizeProblem, sizeText } from "../hyp/guest-layout.ts";
import { entryAlignmentProblem } from "../loader/entry-alignment.ts";
import { parseCategories } from "../trace/categories.ts";
import { parseTraceFilter, type TraceFilter } from "../trace/filter.ts";

export interface RunOptions {
  cpu: "ts" | "unicorn";
  /** --jit: the ts core's block compiler ("auto": after the first AUTO_JIT_START instructions). */
  jit: boolean | "auto";
  maxInsns: number | null;
  timeoutSeconds: number | null;
  /** --trace categories (CAT bits); 0 when off. */
  trace: number;
  traceFile: string | null;
  traceFilter: TraceFilter;
  /** --stats (text) or --stats=json; null: the summary only on a limit, Ctrl-C or death. */
  stats: "text" | "json" | null;
  /** --symbols ELF: names for a flat image's addresses. */
  symbols: string | null;
  quiet: boolean;
  dumpStage2: boolean;
  realtime: boolean;
  /** GDB stub: TCP port on 127.0.0.1 (0: any free one), or null; wait for gdb before running. */
  gdbPort: number | null;
  waitGdb: boolean;
  /** Host memory all snapshots may hold together, in bytes (null: the default). */
  snapshotBudget: number | null;
}

export type Command =
  | { kind: "help" }
  | { kind: "version" }
  /** notes: AVISOR INFO lines about how the command line was read (e.g. which image won). */
  | { kind: "run"; config: Config; options: RunOptions; notes: string[] };

/** The command as the user ran it, for the usage line: npm's script, npx, or the bin. */
export function commandName(env: NodeJS.ProcessEnv = process.env): string {
  if (env.npm_lifecycle_event === "boot") return "npm run boot --";
  // npx sets these for everything below it (a test runner too): check it ran us.
  if (env.npm_lifecycle_event === "npx" && /^'?avisor'?(\s|$)/.test(env.npm_lifecycle_script ?? "")) return "npx avisor";
  return "avisor";
}

export function usage(cmd = commandName()): string {
  return `usage: ${cmd} <image> [options]
       ${cmd} <image> <image> … [options]     one VM per image, each on its own CPU
       ${cmd} --config FILE [options]

Boots a guest image (ELF64 or flat binary) on an emulated QEMU virt board under the
Avisor hypervisor. The guest's UART output goes to stdout, hypervisor logs to stderr.

${optionsHelp(OPTIONS)}

Exit codes: 0 guest powered off, 1 guest died, 2 bad input, 3 limit reached (also when
stdout is closed), 130 Ctrl-C (SIGINT), 143 SIGTERM, 129 SIGHUP.`;
}

export function parseCommandLine(argv: string[]): Command {
  const { values, positionals } = parseOptions(argv, OPTIONS);
  const v = {
    entry: values.number("entry"),
    base: values.number("base"),
    mem: values.number("mem"),
    dtb: values.string("dtb"),
    gic: values.string("gic"),
    cpu: values.string("cpu") as "ts" | "unicorn" | undefined, // the table's choices
    jit: values.string("jit") as "auto" | "on" | "off" | undefined, // the table's choices
    config: values.string("config"),
    maxInsns: values.number("max-insns"),
    timeout: values.number("timeout"),
    trace: values.string("trace"),
  };
  if (values.flag("help")) return { kind: "help" };
  if (values.flag("version")) return { kind: "version" };
  const notes: string[] = [];

  let config: Config;
  if (v.config !== undefined) {
    if (positionals.length > 1) throw new UsageError(`with --config, expected at most one image (it replaces vm[0]'s), got ${positionals.length}`);
    const text = new TextDecoder().decode(readInputFile(v.config, "config", MAX_CONFIG_BYTES));
    config = parseConfigFile(text, v.config);
    if (positionals.length === 1) {
      notes.push(`image ${positionals[0]} from the command line replaces vm[0]'s image ${config.vms[0].image} from ${v.config}`);
      config.vms[0].image = positionals[0];
    }
  } else {
    if (positionals.length === 0) throw new UsageError(`no image given (usage: ${commandName()} <image> [options]; see --help)`);
    // Several images: one VM each, on a physical CPU each, as Avisor's two-VM scene runs them.
    config = defaultConfig(positionals[0]);
    for (const image of positionals.slice(1)) config.vms.push({ ...config.vms[0], image, devices: [] });
    config.hyp.nrCpus = config.vms.length;
  }
  const vms = v.config !== undefined ? [config.vms[0]] : config.vms;
  const entryWhy = v.entry === undefined ? null : entryAlignmentProblem(v.entry);
  if (entryWhy !== null) throw new InputError(`--entry ${entryWhy}`);
  const memWhy = v.mem === undefined ? null : dmemSizeProblem(v.mem);
  if (memWhy !== null) throw new InputError(`--mem ${sizeText(v.mem!)}: ${memWhy}`);
  for (const vm of vms) {
    if (v.base !== undefined) vm.baseAddr = v.base;
    if (v.entry !== undefined) vm.entry = v.entry;
    if (v.mem !== undefined) vm.dmemSize = v.mem;
  }
  if (v.dtb !== undefined) config.dtb.image = v.dtb;
  if (v.gic !== undefined) {
    config.gicVersion = v.gic === "2" ? 2 : 3;
    config.gicChosen = true;
  }
  validateConfig(config);

  let gdbPort: number | null = values.flag("gdb-default") || values.flag("wait-gdb") ? 1234 : null;
  const gdb = values.string("gdb");
  if (gdb !== undefined) {
    gdbPort = Number(gdb);
    if (gdbPort > 65535) throw new InputError(`--gdb: expected a TCP port (0-65535), got "${gdb}"`);
  }
  return {
    kind: "run",
    config,
    notes,
    options: {
      cpu: v.cpu ?? "ts",
      jit: v.jit === "on" ? true : v.jit === "off" ? false : "auto",
      maxInsns: v.maxInsns ?? null,
      timeoutSeconds: v.timeout ?? null,
      trace: v.trace === undefined ? 0 : parseCategories(v.trace),
      traceFile: values.string("trace-file") ?? null,
      traceFilter: parseTraceFilter(values.string("trace-filter")?.split(",") ?? []),
      stats: (values.string("stats") ?? null) as "text" | "json" | null, // the table's choices
      symbols: values.string("symbols") ?? null,
      quiet: values.flag("quiet"),
      dumpStage2: values.flag("dump-stage2"),
      realtime: values.flag("realtime"),
      gdbPort,
      waitGdb: values.flag("wait-gdb"),
      snapshotBudget: values.number("snapshot-budget") ?? null,
    },
  };
}
