// Guest memory as the debugger sees it: virtual addresses of one vCPU, translated through its
// current stage 1 and stage 2 exactly as the guest's own EL1 access would be. Only RAM is
// reached; an address that does not translate, or lands on a device (whose registers a read
// would disturb), is an error, never a host access.
import type { Cpu } from "../cpu/cpu-interface.ts";
import { Access } from "../mmu/translation.ts";
import { PAGE_SIZE } from "../mmu/physical-memory.ts";

/** The guest RAM page behind each page of [va, va+length): PA and length, or null at the
 *  first page that is not mapped RAM. */
function pieces(cpu: Cpu, va: bigint, length: number): { pa: number; n: number }[] | { failedAt: number; done: { pa: number; n: number }[] } {
  const out: { pa: number; n: number }[] = [];
  let done = 0;
  while (done < length) {
    const a = (va + BigInt(done)) & 0xffff_ffff_ffff_ffffn;
    const off = Number(a & BigInt(PAGE_SIZE - 1));
    const n = Math.min(length - done, PAGE_SIZE - off);
    const pa = cpu.translate(a, Access.Read);
    if (pa === null || !cpu.bus.isRam(pa, n)) return { failedAt: done, done: out };
    out.push({ pa, n });
    done += n;
  }
  return out;
}

/** The bytes at `va`, or as many as are readable from its start (null if none are). */
export function readGuest(cpu: Cpu, va: bigint, length: number): Uint8Array | null {
  const p = pieces(cpu, va, length);
  const list = Array.isArray(p) ? p : p.done;
  if (list.length === 0 && length > 0) return null;
  const parts = list.map(({ pa, n }) => cpu.bus.ram.readBytes(pa, n));
  const out = new Uint8Array(parts.reduce((s, b) => s + b.length, 0));
  let at = 0;
  for (const b of parts) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** Write all of `data` at `va`, or nothing (false) when any of it is not mapped RAM. */
export function writeGuest(cpu: Cpu, va: bigint, data: Uint8Array): boolean {
  const p = pieces(cpu, va, data.length);
  if (!Array.isArray(p)) return false;
  let at = 0;
  for (const { pa, n } of p) {
    cpu.bus.ram.writeBytes(pa, data.subarray(at, at + n)); // drops decoded code it overwrites
    at += n;
  }
  // Translations and decoded blocks may depend on what was written (page tables, code).
  cpu.flushTlb();
  return true;
}
