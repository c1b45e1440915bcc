// What the hypervisor prints when a guest dies: why, where, and the EL1 exception state that
// usually explains it. A guest whose vector table is missing (VBAR_EL1 = 0) "dies at 0x200"
// after taking an exception; these lines say which exception it took and from where.
import type { Cpu } from "../cpu/cpu-interface.ts";
import { describeEsr, vectorEntryName } from "../cpu/esr-decode.ts";
import { hex } from "./log.ts";

/** PSTATE.M[3:0] for AArch64 as a mode name. */
function modeName(pstate: number): string {
  const names: Record<number, string> = { 0x0: "EL0t", 0x4: "EL1t", 0x5: "EL1h", 0x8: "EL2t", 0x9: "EL2h" };
  return names[pstate & 0xf] ?? `M ${hex(pstate & 0xf)}`;
}

/**
 * The report's lines, without the "AVISOR ERROR: " the log adds to each. `who` names the vCPU
 * ("vm0 vcpu0"), `why` is the reason it cannot go on.
 */
export function deathReport(cpu: Cpu, who: string, why: string): string[] {
  const pc = cpu.getPc();
  const pstate = cpu.getPstate();
  const sys = (r: Parameters<Cpu["getSysreg"]>[0]) => cpu.getSysreg(r);
  const vbar = sys("VBAR_EL1");
  const esr = Number(sys("ESR_EL1") & 0xffff_ffffn);
  const lines = [`${who}: ${why}; pc ${hex(pc)}, pstate ${hex(pstate)} (${modeName(pstate)}), sp_el1 ${hex(sys("SP_EL1"))}`];
  const offset = pc - vbar;
  const entry = offset >= 0n && offset < 0x800n ? vectorEntryName(Number(offset)) : null;
  if (entry !== null) {
    const hint = vbar === 0n ? " (VBAR_EL1 is 0: the guest took an exception before installing a vector table)" : "";
    lines.push(`${who}: pc = VBAR_EL1 + ${hex(offset)}: ${entry}${hint}`);
  }
  lines.push(`${who}: ESR_EL1 ${hex(esr)}: ${describeEsr(esr, 1)}`);
  lines.push(`${who}: FAR_EL1 ${hex(sys("FAR_EL1"))}, ELR_EL1 ${hex(sys("ELR_EL1"))}, SPSR_EL1 ${hex(sys("SPSR_EL1"))}, VBAR_EL1 ${hex(vbar)}`);
  const regs: string[] = [];
  for (let n = 0; n <= 30; n++) regs.push(`x${n}=${hex(cpu.getX(n))}`);
  lines.push(`${who} registers: ${regs.join(" ")}`);
  return lines;
}
