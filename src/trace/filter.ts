// `--trace-filter` keeps long traces readable: `vm=0`, `vcpu=1`, `addr=0x9000000-0x9001000`
// (comma-separated, or the flag given several times; every condition must hold). An address
// range keeps only events that have an address: the IPA of a device access or stage-2 fault,
// the PC of an instruction; the bounds are inclusive-exclusive, as a region's base-end.
import { InputError } from "../hyp/errors.ts";

export interface TraceFilter {
  vm: number | null;
  vcpu: number | null;
  /** [lo, hi) or null. */
  addr: { lo: number; hi: number } | null;
}

export const NO_FILTER: TraceFilter = { vm: null, vcpu: null, addr: null };

function number(s: string, what: string): number {
  const n = /^0x[0-9a-f]+$/i.test(s) ? parseInt(s.slice(2), 16) : /^[0-9]+$/.test(s) ? parseInt(s, 10) : NaN;
  if (!Number.isSafeInteger(n)) throw new InputError(`--trace-filter: ${what}: expected a number, got '${s}'`);
  return n;
}

export function parseTraceFilter(specs: readonly string[]): TraceFilter {
  const f: TraceFilter = { ...NO_FILTER };
  for (const part of specs.flatMap((s) => s.split(","))) {
    const m = /^\s*(vm|vcpu|addr)\s*=\s*(\S+)\s*$/.exec(part);
    if (m === null) throw new InputError(`--trace-filter: expected vm=N, vcpu=N or addr=LO-HI, got '${part}'`);
    const [, key, value] = m;
    if (key === "addr") {
      const r = /^([^-]+)-([^-]+)$/.exec(value);
      if (r === null) throw new InputError(`--trace-filter: addr: expected LO-HI (e.g. 0x9000000-0x9001000), got '${value}'`);
      const lo = number(r[1], "addr");
      const hi = number(r[2], "addr");
      if (hi <= lo) throw new InputError(`--trace-filter: addr: the range ${value} is empty (HI must be above LO)`);
      f.addr = { lo, hi };
    } else f[key as "vm" | "vcpu"] = number(value, key);
  }
  return f;
}

/** Does an event of (vm, vcpu, address or null) pass? vm/vcpu null: an event of the machine. */
export function passes(f: TraceFilter, vm: number | null, vcpu: number | null, addr: number | null): boolean {
  if (f.vm !== null && vm !== null && vm !== f.vm) return false;
  if (f.vcpu !== null && vcpu !== null && vcpu !== f.vcpu) return false;
  if (f.addr !== null && (addr === null || addr < f.addr.lo || addr >= f.addr.hi)) return false;
  return true;
}
