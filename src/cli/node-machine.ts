// The machine as the command line builds it: files named by paths, and the backend chosen by
// name, including the native Unicorn one (koffi), which only Node can load.
import { UnicornCpu, unicornAvailability } from "../cpu/unicorn/unicorn-cpu.ts";
import type { Config } from "../hyp/config.ts";
import { ConfigError } from "../hyp/errors.ts";
import { createMachineFromBytes, type Machine, type MachineOptions } from "../machine.ts";
import { readMachineFiles } from "./files.ts";

export type { Machine } from "../machine.ts";

export interface NodeMachineOptions extends Omit<MachineOptions, "createCpu"> {
  cpu: "ts" | "unicorn";
}

export function createMachine(config: Config, o: NodeMachineOptions): Machine {
  if (o.cpu === "unicorn") {
    const why = unicornAvailability();
    if (why !== null) throw new ConfigError(`--cpu unicorn: ${why}`);
  }
  const files = readMachineFiles(config);
  return createMachineFromBytes(config, files, { ...o, createCpu: o.cpu === "unicorn" ? (bus) => new UnicornCpu(bus) : undefined });
}
