// The register numbering gdb uses for AArch64 (its org.gnu.gdb.aarch64.core and .fpu
// features: x0-x30, sp, pc, cpsr, then v0-v31, fpsr, fpcr), followed by our feature of EL1
// system registers. Every register is read and written through the Cpu interface.
import type { Cpu, SysRegName } from "../cpu/cpu-interface.ts";
import { sysRegRows } from "../cpu/system-register-table.ts";

export interface RegisterDef {
  name: string;
  bits: 32 | 64 | 128;
  feature: "core" | "fpu" | "sysregs";
  /** gdb's type name in the target description. */
  type: string;
  get(cpu: Cpu): bigint;
  set(cpu: Cpu, v: bigint): void;
}

/** The SP the guest sees now: SP_EL0 at EL0 or with SPSel clear, else SP_EL1. */
function currentSp(cpu: Cpu): SysRegName {
  const p = cpu.getPstate();
  return ((p >>> 2) & 3) === 0 || (p & 1) === 0 ? "SP_EL0" : "SP_EL1";
}

function sysreg(name: SysRegName): RegisterDef {
  return { name: name.toLowerCase(), bits: 64, feature: "sysregs", type: "uint64", get: (c) => c.getSysreg(name), set: (c, v) => c.setSysreg(name, v) };
}

/** The EL1 system registers gdb shows (`info registers sctlr_el1`): the system-register
 *  table's rows with a `gdb` position, in that order (gdb numbers registers by it). */
export const SYSREG_NAMES: readonly SysRegName[] = sysRegRows((r) => r.gdb !== undefined)
  .slice()
  .sort((a, b) => a.gdb! - b.gdb!)
  .map((r) => r.name as SysRegName);

export const REGISTERS: readonly RegisterDef[] = [
  ...Array.from(
    { length: 31 },
    (_, n): RegisterDef => ({
      name: `x${n}`,
      bits: 64,
      feature: "core",
      type: "int",
      get: (c) => c.getX(n),
      set: (c, v) => c.setX(n, v),
    }),
  ),
  { name: "sp", bits: 64, feature: "core", type: "data_ptr", get: (c) => c.getSysreg(currentSp(c)), set: (c, v) => c.setSysreg(currentSp(c), v) },
  { name: "pc", bits: 64, feature: "core", type: "code_ptr", get: (c) => c.getPc(), set: (c, v) => c.setPc(v) },
  { name: "cpsr", bits: 32, feature: "core", type: "cpsr_flags", get: (c) => BigInt(c.getPstate()), set: (c, v) => c.setPstate(Number(v & 0xffff_ffffn)) },
  ...Array.from(
    { length: 32 },
    (_, n): RegisterDef => ({
      name: `v${n}`,
      bits: 128,
      feature: "fpu",
      type: "aarch64v",
      get: (c) => c.getV(n),
      set: (c, v) => c.setV(n, v),
    }),
  ),
  { name: "fpsr", bits: 32, feature: "fpu", type: "int", get: (c) => c.getSysreg("FPSR"), set: (c, v) => c.setSysreg("FPSR", v) },
  { name: "fpcr", bits: 32, feature: "fpu", type: "int", get: (c) => c.getSysreg("FPCR"), set: (c, v) => c.setSysreg("FPCR", v) },
  ...SYSREG_NAMES.map(sysreg),
];

export const PC_REGNUM = 32;
