// Layout of the general-purpose register file: 34 slots of (lo, hi) uint32 pairs.
// Decoders resolve register 31 once, at decode time, to the zero register, the current
// stack pointer or a write sink, so executing an instruction never tests for it.

export const ZR_SLOT = 31; // always reads 0; nothing is ever written here
export const SP_SLOT = 32; // the stack pointer of the current EL/SPSel
export const SINK_SLOT = 33; // writes to XZR land here and are never read

export const GPR_SLOTS = 34;

/** Array index (of the lo word) of register n where 31 means XZR, for reading. */
export function rZr(n: number): number {
  return n * 2;
}
/** Array index of register n where 31 means SP. */
export function rSp(n: number): number {
  return (n === 31 ? SP_SLOT : n) * 2;
}
/** Array index of register n where 31 means XZR, for writing (lands in the sink). */
export function wZr(n: number): number {
  return (n === 31 ? SINK_SLOT : n) * 2;
}
/** Array index of register n where 31 means SP, for writing. */
export const wSp = rSp;
