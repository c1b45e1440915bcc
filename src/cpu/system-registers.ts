// Storage for the 64-bit system registers the core keeps outside TranslationRegs: one slot
// per "slot"/"stack" row of the system-register table, in table order. Slot i holds its
// value at [2i] (bits 31:0) and [2i+1] (bits 63:32).
import { TWO32 } from "../arch/numbers.ts";
import { sysRegRows, type SlotName } from "./system-register-table.ts";

const SLOT_ROWS = sysRegRows((r) => r.storage === "slot" || r.storage === "stack");

/** Slot index by register name, and COUNT, the number of slots. */
export const SR = Object.freeze({
  ...(Object.fromEntries(SLOT_ROWS.map((r, i) => [r.name, i])) as Record<SlotName, number>),
  COUNT: SLOT_ROWS.length,
});

export type SysRegIndex = number;

export class SystemRegisters {
  readonly v = new Uint32Array(SR.COUNT * 2);

  constructor() {
    SLOT_ROWS.forEach((r, i) => r.reset !== undefined && this.set64(i, r.reset));
  }

  lo(i: SysRegIndex): number {
    return this.v[2 * i];
  }
  hi(i: SysRegIndex): number {
    return this.v[2 * i + 1];
  }
  set(i: SysRegIndex, lo: number, hi: number): void {
    this.v[2 * i] = lo;
    this.v[2 * i + 1] = hi;
  }
  get64(i: SysRegIndex): bigint {
    return BigInt(this.v[2 * i]) | (BigInt(this.v[2 * i + 1]) << 32n);
  }
  set64(i: SysRegIndex, value: bigint): void {
    this.set(i, Number(value & 0xffffffffn), Number((value >> 32n) & 0xffffffffn));
  }
  /** As a double: exact below 2^53, close enough above for deadline comparisons. */
  num(i: SysRegIndex): number {
    return this.v[2 * i + 1] * TWO32 + this.v[2 * i];
  }
}
