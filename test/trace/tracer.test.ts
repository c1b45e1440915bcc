// The Tracer: categories, filters and symbols decide what reaches the sink, and how a pc reads.
import { describe, expect, it } from "vitest";
import { CAT } from "../../src/trace/categories.ts";
import { parseTraceFilter } from "../../src/trace/filter.ts";
import { Tracer } from "../../src/trace/tracer.ts";
import { SymbolTable } from "../../src/loader/symbols.ts";
import { traceMmio, traceIrq, interruptSource } from "../../src/trace/hyp-events.ts";

function tracer(mask: number, filter: string[] = []) {
  const lines: string[] = [];
  const t = new Tracer({
    mask,
    filter: parseTraceFilter(filter),
    symbols: [new SymbolTable([{ name: "uart_puts", addr: 0x4010_0074, size: 0x34 }])],
    write: (l) => lines.push(l),
  });
  return { t, lines };
}

describe("Tracer", () => {
  it("writes an event when any of its categories is on, prefixed with its VM and vCPU", () => {
    const { t, lines } = tracer(CAT.exits);
    traceMmio(t, 0, 0, "pl011", 0x18, 0x900_0018, 4, false, 0x90n, 0x4010_0090n);
    traceIrq(t, 0, 0, 27); // irq is off
    t.event(CAT.snapshot, 1, null, "snapshot take 0"); // off too
    t.close();
    expect(lines).toEqual(["vm0 vcpu0 mmio read 4 B pl011 UARTFR -> 0x90 pc 0x40100090 <uart_puts+0x1c>"]);
  });

  it("a write to UARTDR shows the character; a VM without symbols shows the bare address", () => {
    const { t, lines } = tracer(CAT.mmio);
    traceMmio(t, 1, 0, "pl011", 0, 0x900_0000, 1, true, 0x41n, 0x4010_0098n);
    expect(lines).toEqual(["vm1 vcpu0 mmio write 1 B pl011 UARTDR <- 0x41 'A' pc 0x40100098"]);
  });

  it("filters by VM and address before formatting", () => {
    const { t, lines } = tracer(CAT.mmio | CAT.irq, ["vm=0", "addr=0x9000000-0x9001000"]);
    traceMmio(t, 0, 0, "pl031", 0, 0x901_0000, 4, false, 1n, 0n); // outside the range
    traceMmio(t, 1, 0, "pl011", 0, 0x900_0000, 4, false, 1n, 0n); // another VM
    traceIrq(t, 0, 0, 27); // no address: dropped by an address filter
    traceMmio(t, 0, 0, "pl011", 0, 0x900_0000, 4, false, 1n, 0n);
    expect(lines).toEqual(["vm0 vcpu0 mmio read 4 B pl011 UARTDR -> 0x1 pc 0x0"]);
  });

  it("disassembles an address once while its word stays the same", () => {
    const calls: number[] = [];
    const t = new Tracer({
      mask: CAT.insn,
      write: () => {},
      disassemble: (w) => {
        calls.push(w);
        return `insn ${w}`;
      },
    });
    expect(t.disassemble(1, 0x100n)).toBe("insn 1");
    expect(t.disassemble(1, 0x100n)).toBe("insn 1");
    expect(t.disassemble(2, 0x100n)).toBe("insn 2"); // new code at that address
    expect(calls).toEqual([1, 2]);
  });

  it("names interrupt sources of the virt board", () => {
    expect([27, 30, 26, 33, 34, 48, 5].map(interruptSource)).toEqual(["vtimer", "ptimer", "hyp timer", "pl011", "pl031", "virtio-mmio 0", "sgi"]);
  });
});
