// "pc 0x40101234 <main+0x14>: ldr x0, [x1] (f9400020)": the instruction a vCPU stopped on,
// for the guest-death report (null when the PC is not in memory: the report says why). Reads it
// the way the guest fetches it (stage 1 + stage 2).
import type { Cpu } from "../cpu/cpu-interface.ts";
import type { SymbolTable } from "../loader/symbols.ts";
import { Access } from "../mmu/translation.ts";
import type { Disassembler } from "./disassembler.ts";

export function describeInstructionAt(cpu: Cpu, dis: Disassembler | null, symbols: SymbolTable | null): string | null {
  const pc = cpu.getPc();
  const name = symbols?.describe(Number(pc)) ?? "";
  const where = `pc 0x${pc.toString(16)}${name === "" ? "" : ` ${name}`}`;
  const pa = cpu.translate(pc, Access.Exec);
  if (pa === null || !cpu.bus.isRam(pa, 4)) return null; // the death report already says why
  const word = cpu.bus.ram.read(pa, 4);
  const hexWord = (word >>> 0).toString(16).padStart(8, "0");
  return dis === null ? `${where}: ${hexWord}` : `${where}: ${dis.disassemble(word, pc)} (${hexWord})`;
}
