// The command line of DESIGN §4, parsed into a Config plus run options.
import { parseArgs } from "node:util";
import { defaultConfig, loadConfigFile, parseNumber, parseSize, validateConfig, type Config } from "../hyp/config.ts";
import { InputError } from "../hyp/errors.ts";

export interface RunOptions {
  cpu: "ts" | "unicorn";
  maxInsns: number | null;
  timeoutSeconds: number | null;
  trace: boolean;
  quiet: boolean;
  dumpStage2: boolean;
  realtime: boolean;
  /** Host memory all snapshots may hold together, in bytes (null: the default). */
  snapshotBudget: number | null;
}

export type Command = { kind: "help" } | { kind: "run"; config: Config; options: RunOptions };

export const USAGE = `usage: npm run boot -- <image> [options]
       npm run boot -- <image> <image> … [options]     one VM per image, each on its own CPU
       npm run boot -- --config FILE [options]

Boots a guest image (ELF64 or flat binary) on an emulated QEMU virt board under the
Avisor hypervisor. The guest's UART output goes to stdout, hypervisor logs to stderr.

  --entry ADDR      entry point (default: the ELF's e_entry; for a flat binary, Unikraft's
                    kvm-arm64 entry when the image has one, else --base)
  --base ADDR       load address of a flat binary and start of guest RAM (default 0x40100000)
  --mem SIZE        guest RAM (dmem_size) e.g. 128M, 1G, 0x8000000 (default 128M)
  --dtb FILE        device tree blob to give the guest (default: generated for the VM)
  --gic 2|3         interrupt controller version (default 2)
  --cpu ts|unicorn  CPU backend (default ts; unicorn needs Debian's libunicorn2)
  --config FILE     JSON with the fields of Avisor's struct config (see README)
  --max-insns N     stop after N guest instructions (exit code 3)
  --timeout SECONDS stop after this much host time (exit code 3)
  --realtime        guest timers follow the host clock instead of instruction counts
  --snapshot-budget SIZE
                    host memory all checkpoints may hold together (default 1G); past
                    it a checkpoint is refused (x0 = -1), none is ever dropped
  --dump-stage2     print each VM's stage-2 page table to stderr before booting
  --trace           log every VM exit to stderr
  --quiet           hide AVISOR INFO lines
  --help            this text

Exit codes: 0 guest powered off, 1 guest died, 2 bad input, 3 limit reached, 130 Ctrl-C.`;

function addr(v: string | undefined, flag: string): number | undefined {
  return v === undefined ? undefined : parseNumber(v, flag);
}

export function parseCommandLine(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        entry: { type: "string" },
        base: { type: "string" },
        mem: { type: "string" },
        dtb: { type: "string" },
        gic: { type: "string" },
        cpu: { type: "string" },
        config: { type: "string" },
        "max-insns": { type: "string" },
        timeout: { type: "string" },
        realtime: { type: "boolean" },
        "snapshot-budget": { type: "string" },
        "dump-stage2": { type: "boolean" },
        trace: { type: "boolean" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    throw new InputError(`${(e as Error).message.split("\n")[0]} (see --help)`);
  }
  const { values: v, positionals } = parsed;
  if (v.help) return { kind: "help" };

  let config: Config;
  if (v.config !== undefined) {
    if (positionals.length > 1) throw new InputError(`with --config, expected at most one image (it replaces vm[0]'s), got ${positionals.length}`);
    config = loadConfigFile(v.config);
    if (positionals.length === 1) config.vms[0].image = positionals[0];
  } else {
    if (positionals.length === 0) throw new InputError("no image given (usage: npm run boot -- <image> [options]; see --help)");
    // Several images: one VM each, on a physical CPU each, as Avisor's two-VM scene runs them.
    config = defaultConfig(positionals[0]);
    for (const image of positionals.slice(1)) config.vms.push({ ...config.vms[0], image, devices: [] });
    config.hyp.nrCpus = config.vms.length;
  }
  const vms = v.config !== undefined ? [config.vms[0]] : config.vms;
  const base = addr(v.base, "--base");
  const entry = addr(v.entry, "--entry");
  for (const vm of vms) {
    if (base !== undefined) vm.baseAddr = base;
    if (entry !== undefined) vm.entry = entry;
    if (v.mem !== undefined) vm.dmemSize = parseSize(v.mem, "--mem");
  }
  if (v.dtb !== undefined) config.dtb.image = v.dtb;
  if (v.gic !== undefined) {
    if (v.gic !== "2" && v.gic !== "3") throw new InputError(`--gic: expected 2 or 3, got ${v.gic}`);
    config.gicVersion = v.gic === "2" ? 2 : 3;
  }
  validateConfig(config);

  const cpu = v.cpu ?? "ts";
  if (cpu !== "ts" && cpu !== "unicorn") throw new InputError(`--cpu: expected ts or unicorn, got ${cpu}`);
  let maxInsns: number | null = null;
  if (v["max-insns"] !== undefined) {
    maxInsns = parseNumber(v["max-insns"], "--max-insns");
    if (maxInsns === 0) throw new InputError("--max-insns must be at least 1");
  }
  let timeoutSeconds: number | null = null;
  if (v.timeout !== undefined) {
    timeoutSeconds = Number(v.timeout);
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new InputError(`--timeout: expected a positive number of seconds, got ${v.timeout}`);
  }
  return {
    kind: "run",
    config,
    options: {
      cpu,
      maxInsns,
      timeoutSeconds,
      trace: v.trace ?? false,
      quiet: v.quiet ?? false,
      dumpStage2: v["dump-stage2"] ?? false,
      realtime: v.realtime ?? false,
      snapshotBudget: v["snapshot-budget"] === undefined ? null : parseSize(v["snapshot-budget"], "--snapshot-budget"),
    },
  };
}
