// Reading guest memory the way the guest sees it: every guest pointer is translated
// stage 1 then stage 2 before the hypervisor touches a byte. Never dereference a guest
// address as a host (physical) one.
import type { Cpu } from "../cpu/cpu-interface.ts";
import { Access } from "../mmu/translation.ts";

export const MAX_GUEST_STRING = 4096;

/** The guest's bytes as they are: show them through guestText() (src/hyp/guest-text.ts). */
export type GuestString = { ok: true; bytes: Uint8Array; truncated: boolean } | { ok: false; faultVa: bigint };

/** A NUL-terminated string at guest VA `va`: its bytes before the NUL, at most `max`
 *  (`truncated` when no NUL came within them). */
export function readGuestString(cpu: Cpu, va: bigint, max = MAX_GUEST_STRING): GuestString {
  const bytes: number[] = [];
  let pagePa = -1;
  for (let i = 0; i < max; i++) {
    const a = (va + BigInt(i)) & 0xffff_ffff_ffff_ffffn;
    if (pagePa < 0 || (a & 0xfffn) === 0n) {
      const pa = cpu.translate(a, Access.Read);
      if (pa === null || !cpu.bus.isRam(pa)) return { ok: false, faultVa: a };
      pagePa = pa - Number(a & 0xfffn);
    }
    const b = cpu.bus.ram.readU8(pagePa + Number(a & 0xfffn));
    if (b === 0) return { ok: true, bytes: Uint8Array.from(bytes), truncated: false };
    bytes.push(b);
  }
  return { ok: true, bytes: Uint8Array.from(bytes), truncated: true };
}
