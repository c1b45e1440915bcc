// The trace of a run: events of the enabled categories that pass the filter, as lines in
// words ("vm0 vcpu0 mmio read 4 B pl011 UARTFR -> 0x90 pc 0x40105a10"), collapsed when they
// repeat, written to a sink the caller gives (stderr or --trace-file in the CLI).
// When no trace is asked for, the hypervisor holds no Tracer at all: call sites test for
// null and do nothing else, so a plain run pays one comparison per event site.
import type { SymbolTable } from "../loader/symbols.ts";
import { RepeatCollapser } from "./collapse.ts";
import { NO_FILTER, passes, type TraceFilter } from "./filter.ts";

export interface TracerOptions {
  /** Enabled categories (CAT bits). */
  mask: number;
  filter?: TraceFilter;
  /** Names for addresses, per VM (an image's ELF symbols); null where a VM has none. */
  symbols?: readonly (SymbolTable | null)[];
  write: (line: string) => void;
  /** For `insn`: the instruction word at `address` in words (Capstone, loaded by the CLI). */
  disassemble?: (word: number, address: bigint) => string;
}

export class Tracer {
  readonly mask: number;
  private readonly filter: TraceFilter;
  private readonly collapser: RepeatCollapser;
  private readonly symbols: readonly (SymbolTable | null)[];
  readonly disassemble: (word: number, address: bigint) => string;

  constructor(o: TracerOptions) {
    this.mask = o.mask;
    this.filter = o.filter ?? NO_FILTER;
    this.symbols = o.symbols ?? [];
    this.collapser = new RepeatCollapser(o.write);
    const raw = o.disassemble ?? ((word: number) => `.word 0x${(word >>> 0).toString(16).padStart(8, "0")}`);
    // Code runs in loops: remember each address's word and text (a new word at an address,
    // self-modifying or reloaded code, is disassembled again).
    const seen = new Map<number, { word: number; text: string }>();
    this.disassemble = (word, address) => {
      const key = Number(address);
      const hit = seen.get(key);
      if (hit !== undefined && hit.word === word) return hit.text;
      const text = raw(word, address);
      if (seen.size < 1 << 20) seen.set(key, { word, text });
      return text;
    };
  }

  /** Is any of these categories on? */
  on(categories: number): boolean {
    return (this.mask & categories) !== 0;
  }

  /** Does an event of this VM/vCPU (and address) pass the filter? Lets a call site skip
   *  formatting a line nobody will see. */
  wants(categories: number, vm: number | null, vcpu: number | null, addr: number | null = null): boolean {
    return (this.mask & categories) !== 0 && passes(this.filter, vm, vcpu, addr);
  }

  /** One event: `vm0 vcpu0 ` + text (vm/vcpu null: the machine's or the VM's own). */
  event(categories: number, vm: number | null, vcpu: number | null, text: string, addr: number | null = null): void {
    if (!this.wants(categories, vm, vcpu, addr)) return;
    const who = vm === null ? "" : vcpu === null ? `vm${vm} ` : `vm${vm} vcpu${vcpu} `;
    this.collapser.push(who + text);
  }

  /** "pc 0x40105a10 <uart_putc+0x18>": a guest address with its symbol when known. */
  pc(vm: number, pc: bigint | number): string {
    return `pc ${this.address(vm, pc)}`;
  }

  address(vm: number, a: bigint | number): string {
    const n = Number(a);
    const name = this.symbols[vm]?.describe(n) ?? "";
    return name === "" ? `0x${n.toString(16)}` : `0x${n.toString(16)} ${name}`;
  }

  /** Write what the collapser holds back (at the end of a run). */
  close(): void {
    this.collapser.flush();
  }
}
