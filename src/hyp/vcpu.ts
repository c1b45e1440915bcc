// A virtual CPU: one CPU backend instance plus what Avisor's struct vcpu keeps.
import type { Cpu } from "../cpu/cpu-interface.ts";

/** SPSR_EL1h with D, A, I and F masked: how Avisor's vcpu_arch_reset enters the guest. */
export const SPSR_EL1H_DAIF_MASKED = 0x3c5;
/** SCTLR_EL1's RES1 bits (ARMv8.0: 29, 28, 23, 22, 20, 11), Avisor's SCTLR_RES1. */
export const SCTLR_EL1_RES1 = 0x30d0_0800n;
/** HCR_EL2 as Avisor sets it: VM (stage 2 on), RW (EL1 is AArch64), IMO and FMO (route
 *  physical IRQ/FIQ to EL2, enabling the virtual interrupt lines); plus TSC, as Bao sets
 *  it, so that a guest calling PSCI through SMC reaches the hypervisor instead of UNDEF. */
export const HCR_EL2_GUEST = (1n << 0n) | (1n << 31n) | (1n << 4n) | (1n << 3n) | (1n << 19n);
const MPIDR_RES1 = 1n << 31n;
const MPIDR_U = 1n << 30n;

export type VcpuState = "off" | "on";

export class Vcpu {
  state: VcpuState = "off";
  /** In WFI with nothing that could wake it (an idle exit); cleared by an interrupt. */
  waiting = false;
  /** The counter value at which a waiting vCPU's timer fires (real time, or the shared clock). */
  wakeAt = Infinity;

  constructor(
    /** Index within its VM (vcpu->id). */
    readonly id: number,
    readonly cpu: Cpu,
  ) {}
}

/** vcpu_arch_init: the vCPU's identity as the guest reads MPIDR_EL1. */
export function vcpuArchInit(vcpu: Vcpu, nrCpusInVm: number): void {
  let mpidr = BigInt(vcpu.id) | MPIDR_RES1;
  if (nrCpusInVm === 1) mpidr |= MPIDR_U; // a uniprocessor system says so
  vcpu.cpu.setSysreg("VMPIDR_EL2", mpidr);
  vcpu.cpu.setSysreg("VPIDR_EL2", 0x411f_d070n); // Cortex-A57 r1p0, as QEMU's virt reports
}

/** vcpu_arch_reset: registers zeroed, EL1h with DAIF masked, PC = entry, and the system
 *  registers that ARMv8-A requires in a known state at reset. */
export function vcpuArchReset(vcpu: Vcpu, entry: bigint): void {
  const cpu = vcpu.cpu;
  for (let n = 0; n <= 30; n++) cpu.setX(n, 0n);
  cpu.setPstate(SPSR_EL1H_DAIF_MASKED);
  cpu.setSysreg("SP_EL0", 0n);
  cpu.setSysreg("SP_EL1", 0n);
  cpu.setPc(entry);
  cpu.setSysreg("CNTVOFF_EL2", 0n);
  cpu.setSysreg("SCTLR_EL1", SCTLR_EL1_RES1);
  cpu.setSysreg("CNTKCTL_EL1", 0n);
  cpu.setSysreg("PMCR_EL0", 0n);
  cpu.setIrqLine(false);
  cpu.setFiqLine(false);
  vcpu.state = "on";
}
