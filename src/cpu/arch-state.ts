// The architectural state of a vCPU as the Cpu interface exposes it: read, written and
// compared the same way for both backends (the Unicorn backend's exception model, lockstep).
import type { Cpu, SysRegName } from "./cpu-interface.ts";
import { sysRegRows } from "./system-register-table.ts";
import { hex } from "../arch/numbers.ts";

/** The EL0/EL1 system registers that make up a guest's state: the table's "guest" rows
 *  (timers excluded: both backends take them from the same virtual clock). */
export const GUEST_SYSREGS = sysRegRows((r) => r.state === "guest").map((r) => r.name as SysRegName);
/** The guest's timer registers, which a checkpoint saves beside its state. */
export const TIMER_SYSREGS = sysRegRows((r) => r.state === "timer").map((r) => r.name as SysRegName);

export interface ArchState {
  x: bigint[];
  pc: bigint;
  pstate: number;
  v: bigint[];
  sys: Map<SysRegName, bigint>;
}

export function readArchState(cpu: Cpu): ArchState {
  const x: bigint[] = [];
  for (let n = 0; n <= 30; n++) x.push(cpu.getX(n));
  const v: bigint[] = [];
  for (let n = 0; n < 32; n++) v.push(cpu.getV(n));
  const sys = new Map<SysRegName, bigint>();
  for (const r of GUEST_SYSREGS) sys.set(r, cpu.getSysreg(r));
  return { x, pc: cpu.getPc(), pstate: cpu.getPstate(), v, sys };
}

/** PSTATE first, so that SP_EL0/SP_EL1 land in the right bank. */
export function writeArchState(cpu: Cpu, s: ArchState): void {
  cpu.setPstate(s.pstate);
  for (const [r, value] of s.sys) cpu.setSysreg(r, value);
  s.x.forEach((value, n) => cpu.setX(n, value));
  s.v.forEach((value, n) => cpu.setV(n, value));
  cpu.setPc(s.pc);
}

/** Every difference between two states, one line each ("x3: 0x1 vs 0x2"). */
export function diffArchState(a: ArchState, b: ArchState): string[] {
  const out: string[] = [];
  if (a.pc !== b.pc) out.push(`pc: ${hex(a.pc)} vs ${hex(b.pc)}`);
  if (a.pstate !== b.pstate) out.push(`pstate: ${hex(a.pstate)} vs ${hex(b.pstate)}`);
  a.x.forEach((v, n) => v !== b.x[n] && out.push(`x${n}: ${hex(v)} vs ${hex(b.x[n])}`));
  a.v.forEach((v, n) => v !== b.v[n] && out.push(`v${n}: ${hex(v)} vs ${hex(b.v[n])}`));
  for (const [r, v] of a.sys) if (v !== b.sys.get(r)) out.push(`${r}: ${hex(v)} vs ${hex(b.sys.get(r)!)}`);
  return out;
}
