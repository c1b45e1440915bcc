// The machine as the command line builds it: files named by paths, and the backend chosen by
// name, including the native Unicorn one (koffi), which only Node can load.
import { UnicornCpu, unicornAvailability } from "../cpu/unicorn/unicorn-cpu.ts";
import type { Config } from "../hyp/config.ts";
import { ConfigError } from "../hyp/errors.ts";
import { MAX_GUEST_RAM, roughSize, sizeText, type RamLayout } from "../hyp/guest-layout.ts";
import { createMachineFromBytes, type Machine, type MachineOptions } from "../machine.ts";
import { readMachineFiles } from "./files.ts";

export type { Machine } from "../machine.ts";

export interface NodeMachineOptions extends Omit<MachineOptions, "createCpu" | "checkGuestRam"> {
  cpu: "ts" | "unicorn";
}

/**
 * Guest RAM the Unicorn backend can mirror: it maps RAM into Unicorn in 2 MiB host chunks, and
 * Unicorn 2.0.1's QEMU memory map aborts the process (`phys_section_add` assertion) past about
 * a thousand sections. Measured with output.bin: --mem 1792M boots, 2G aborts; this keeps room
 * for the DTB, the shared window and the device regions.
 */
export const UNICORN_MAX_RAM = 0x6000_0000;

function checkUnicornRam(vmName: string, ram: RamLayout): void {
  if (ram.size <= UNICORN_MAX_RAM) return;
  throw new ConfigError(
    `--cpu unicorn: ${vmName} has ${roughSize(ram.size)} of RAM, at most ${sizeText(UNICORN_MAX_RAM)} fit this backend (Unicorn maps RAM in 2 MiB pieces and aborts past about a thousand); --cpu ts takes --mem up to ${sizeText(MAX_GUEST_RAM)}`,
  );
}

export function createMachine(config: Config, o: NodeMachineOptions): Machine {
  if (o.cpu === "unicorn") {
    const why = unicornAvailability();
    if (why !== null) throw new ConfigError(`--cpu unicorn: ${why}`);
  }
  const files = readMachineFiles(config);
  const unicorn = o.cpu === "unicorn";
  return createMachineFromBytes(config, files, {
    ...o,
    createCpu: unicorn ? (bus) => new UnicornCpu(bus) : undefined,
    checkGuestRam: unicorn ? checkUnicornRam : undefined,
  });
}
