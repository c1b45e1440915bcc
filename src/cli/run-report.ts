// The Node side of traces, symbols and the run summary: reads ELF symbol tables, opens the
// trace file, writes the summary and the faulting instruction of a dead guest to stderr.
import { closeSync, openSync, writeSync } from "node:fs";
import type { Config } from "../hyp/config.ts";
import { InputError } from "../hyp/errors.ts";
import type { Hypervisor } from "../hyp/hypervisor.ts";
import { summaryJson, summaryLines } from "../hyp/run-summary.ts";
import { isElf } from "../loader/elf.ts";
import { configFileReader } from "./input-files.ts";
import { MAX_SYMBOLS_BYTES, readInputFile } from "./read-input.ts";
import { readElfSymbols, type SymbolTable } from "../loader/symbols.ts";
import { decodeStatistics } from "../cpu/decode-statistics.ts";
import { loadDisassembler } from "../debug/disassembler.ts";
import { describeInstructionAt } from "../debug/instruction-at.ts";

/** Per VM: its ELF image's symbols; `--symbols ELF` gives the first VM's (a flat image). */
export function loadRunSymbols(config: Config, symbolsFile: string | null): (SymbolTable | null)[] {
  const read = configFileReader(config);
  return config.vms.map((vm, i) => {
    if (i === 0 && symbolsFile !== null) return readElfSymbols(readInputFile(symbolsFile, "symbols file", MAX_SYMBOLS_BYTES), symbolsFile);
    const bytes = read(vm.image, "image");
    return isElf(bytes) ? readElfSymbols(bytes, vm.image) : null;
  });
}

/** For the summary at the end of a run: symbols where they can still be read, never an
 *  error that would replace the run's own exit code. */
export function loadRunSymbolsOrNone(config: Config): (SymbolTable | null)[] {
  try {
    return loadRunSymbols(config, null);
  } catch {
    return [];
  }
}

/** Lines to stderr, or to a file written through a 64 KiB buffer (a trace can be GBs). */
export function openTraceSink(file: string | null): { write(line: string): void; close(): void } {
  if (file === null) return { write: (l) => process.stderr.write(`${l}\n`), close: () => {} };
  let fd: number;
  try {
    fd = openSync(file, "w");
  } catch (e) {
    throw new InputError(`--trace-file: cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let buf: string[] = [];
  let bytes = 0;
  const flush = () => {
    if (buf.length > 0) writeSync(fd, buf.join(""));
    buf = [];
    bytes = 0;
  };
  return {
    write(line) {
      buf.push(line, "\n");
      bytes += line.length + 1;
      if (bytes >= 65536) flush();
    },
    close() {
      flush();
      closeSync(fd);
    },
  };
}

const OUTCOMES: Record<number, string> = { 0: "powered off", 1: "guest died", 3: "limit reached", 130: "interrupted" };

/** `--stats` (text or json), or the summary every limit, Ctrl-C or death prints anyway.
 *  Text lines carry the `AVISOR INFO: ` prefix; json is one line on stderr that starts
 *  with `{`. Explicitly asked for, it shows under --quiet too. */
export function writeSummary(
  hv: Hypervisor,
  exitCode: number,
  hostSeconds: number,
  mode: "text" | "json" | null,
  quiet: boolean,
  symbols: readonly (SymbolTable | null)[],
): void {
  if (mode === null && (exitCode === 0 || quiet)) return;
  const cpu0 = hv.vms[0]?.vcpus[0]?.cpu;
  const input = {
    stats: hv.stats,
    hostSeconds,
    outcome: OUTCOMES[exitCode] ?? `exit code ${exitCode}`,
    symbols,
    // Asked for explicitly: what the guest's code is made of (the ts core keeps decode caches).
    decoded: mode !== null && cpu0?.backend === "ts" ? decodeStatistics(cpu0.bus.ram) : undefined,
    vms: hv.vms.map((vm) => ({
      id: vm.id,
      state: vm.state,
      vcpus: vm.vcpus.map((v) => ({ id: v.id, instructions: v.cpu.instructionCount, pc: v.cpu.getPc() })),
    })),
  };
  if (mode === "json") process.stderr.write(`${JSON.stringify(summaryJson(input))}\n`);
  else for (const l of summaryLines(input)) process.stderr.write(`AVISOR INFO: ${l}\n`);
}

/** A dead guest: the instruction each of its vCPUs that ran stopped on, disassembled. */
export async function writeDeathInstructions(hv: Hypervisor, symbols: readonly (SymbolTable | null)[]): Promise<void> {
  const dead = hv.vms.filter((vm) => vm.state === "dead");
  if (dead.length === 0) return;
  const dis = await loadDisassembler().catch(() => null);
  for (const vm of dead) {
    for (const v of vm.vcpus) {
      if (v.cpu.instructionCount === 0 && v.id !== 0) continue;
      const at = describeInstructionAt(v.cpu, dis, symbols[vm.id] ?? null);
      if (at !== null) process.stderr.write(`AVISOR ERROR: vm${vm.id} vcpu${v.id} stopped at ${at}\n`);
    }
  }
}
