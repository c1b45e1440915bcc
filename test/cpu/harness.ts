// A bare machine for core tests: RAM, a TsCpu at EL1h with stage 1 and stage 2 off.
import { Bus } from "../../src/mmu/bus.ts";
import { TsCpu, type TsCpuOptions } from "../../src/cpu/cpu.ts";
import type { VmExit } from "../../src/cpu/vm-exit.ts";

export const CODE_BASE = 0x4000_0000;
export const RAM_SIZE = 0x0100_0000;

export interface TestMachine {
  cpu: TsCpu;
  bus: Bus;
  /** Write instruction words at `addr` (default CODE_BASE) and point PC there. */
  load(words: number[], addr?: number): void;
  /** Run until `count` instructions retired or an exit; returns the exit. */
  step(count?: number): VmExit;
}

export function makeMachine(ramBase = CODE_BASE, ramSize = RAM_SIZE, options: TsCpuOptions = {}): TestMachine {
  const bus = new Bus();
  bus.addRam("ram", ramBase, ramSize);
  const cpu = new TsCpu(bus, options);
  return {
    cpu,
    bus,
    load(words, addr = ramBase) {
      words.forEach((w, i) => bus.ram.write(addr + 4 * i, 4, w >>> 0));
      cpu.setPc(BigInt(addr));
    },
    step(count = 1) {
      return cpu.run(count);
    },
  };
}
