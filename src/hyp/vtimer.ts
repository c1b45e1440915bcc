// The virtual timer as the hypervisor sees it: a guest timer's output becomes a PPI on the
// VM's vGIC (virtual → 27, physical → 30, as QEMU virt wires them). The CPU reports the
// rising edge as a VM exit; the level is re-sampled after every exit, so an EOI of a still
// firing timer re-pends it and a re-programmed timer lowers the line.
import type { Cpu } from "../cpu/cpu-interface.ts";
import { VIRT } from "../devices/platform.ts";

export const TIMER_PPI = { virtual: VIRT.TIMER_PPIS.virtual, physical: VIRT.TIMER_PPIS.physical } as const;

export interface TimerLineSink {
  setLevel(intid: number, level: boolean, vcpu: number): void;
}

/** A timer exit: raise its PPI for that vCPU. */
export function timerFired(gic: TimerLineSink, vcpu: number, timer: "virtual" | "physical"): void {
  gic.setLevel(TIMER_PPI[timer], true, vcpu);
}

/** Copy every vCPU's timer output levels to its PPIs. */
export function syncTimerLines(gic: TimerLineSink, vcpus: readonly { id: number; cpu: Cpu }[]): void {
  for (const v of vcpus) {
    gic.setLevel(TIMER_PPI.virtual, v.cpu.timerLevel("virtual"), v.id);
    gic.setLevel(TIMER_PPI.physical, v.cpu.timerLevel("physical"), v.id);
  }
}
