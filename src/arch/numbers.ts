// Numbers every layer shares: the core keeps 64-bit values as two 32-bit halves, so 2^32 is
// how a double splits into (and is rebuilt from) them; hex() is how every log line and
// report writes a value. Imports nothing, so the core, the MMU, devices and the hypervisor
// all may use it.

/** 2^32: a 64-bit value below 2^53 is hi * TWO32 + lo. */
export const TWO32 = 4294967296;

/** A value as `0x…` in lower-case hex, no padding (the form Avisor's logs use). */
export function hex(v: number | bigint): string {
  return `0x${v.toString(16)}`;
}
