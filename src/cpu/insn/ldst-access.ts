// The register-transfer half of general-purpose loads and stores: given an address,
// move 1/2/4/8 bytes between memory and a register slot with the right extension.
// Also the data-abort syndrome (ISS) a load or store reports if it faults at stage 2.
import type { CoreContext } from "../core-context.ts";

/** ISS for a single general-register load/store: ISV, SAS, SSE, SRT, SF, AR. */
export { dataAbortInstructionIss as dataAbortIss } from "../../arch/syndrome.ts";

/** Loads into register slot index t (a write index: 31 is the sink). */
export type LoadFn = (c: CoreContext, hi: number, lo: number, t: number, iss: number) => void;
/** Stores from register slot index t (a read index: 31 is zero). */
export type StoreFn = (c: CoreContext, hi: number, lo: number, t: number, iss: number) => void;

/** The load for a size (0–3), sign extension, and destination width. */
export function loadFn(size: number, signed: boolean, to64: boolean): LoadFn {
  switch (size) {
    case 0:
      if (!signed)
        return (c, hi, lo, t, iss) => {
          c.x[t] = c.ld8(hi, lo, iss);
          c.x[t + 1] = 0;
        };
      return (c, hi, lo, t, iss) => {
        const v = (c.ld8(hi, lo, iss) << 24) >> 24;
        c.x[t] = to64 ? v : v & 0xffffffff;
        c.x[t + 1] = to64 ? v >> 31 : 0;
      };
    case 1:
      if (!signed)
        return (c, hi, lo, t, iss) => {
          c.x[t] = c.ld16(hi, lo, iss);
          c.x[t + 1] = 0;
        };
      return (c, hi, lo, t, iss) => {
        const v = (c.ld16(hi, lo, iss) << 16) >> 16;
        c.x[t] = v;
        c.x[t + 1] = to64 ? v >> 31 : 0;
      };
    case 2:
      if (!signed)
        return (c, hi, lo, t, iss) => {
          c.x[t] = c.ld32(hi, lo, iss);
          c.x[t + 1] = 0;
        };
      return (c, hi, lo, t, iss) => {
        const v = c.ld32(hi, lo, iss) | 0;
        c.x[t] = v;
        c.x[t + 1] = v >> 31;
      };
    default:
      return (c, hi, lo, t, iss) => {
        const v = c.ld64(hi, lo, iss);
        c.x[t] = v;
        c.x[t + 1] = c.hi32;
      };
  }
}

export function storeFn(size: number): StoreFn {
  switch (size) {
    case 0:
      return (c, hi, lo, t, iss) => c.st8(hi, lo, c.x[t] & 0xff, iss);
    case 1:
      return (c, hi, lo, t, iss) => c.st16(hi, lo, c.x[t] & 0xffff, iss);
    case 2:
      return (c, hi, lo, t, iss) => c.st32(hi, lo, c.x[t], iss);
    default:
      return (c, hi, lo, t, iss) => c.st64(hi, lo, c.x[t], c.x[t + 1], iss);
  }
}

/** The same transfers for unprivileged LDTR/STTR (EL0 permissions when run at EL1). */
export function unprivilegedLoadFn(size: number, signed: boolean, to64: boolean): LoadFn {
  const bytes = 1 << size;
  return (c, hi, lo, t, iss) => {
    const el = c.el === 1 ? 0 : c.el;
    let v = c.loadAs(el, hi, lo, bytes, iss);
    if (size === 3) {
      c.x[t] = v;
      c.x[t + 1] = c.hi32;
      return;
    }
    if (signed) {
      const s = 32 - 8 * bytes;
      v = (v << s) >> s;
      c.x[t] = v;
      c.x[t + 1] = to64 ? v >> 31 : 0;
    } else {
      c.x[t] = v;
      c.x[t + 1] = 0;
    }
  };
}

export function unprivilegedStoreFn(size: number): StoreFn {
  const bytes = 1 << size;
  const mask = size >= 2 ? 0xffffffff : (1 << (8 * bytes)) - 1;
  return (c, hi, lo, t, iss) => {
    const el = c.el === 1 ? 0 : c.el;
    c.storeAs(el, hi, lo, bytes, (c.x[t] & mask) >>> 0, size === 3 ? c.x[t + 1] : 0, iss);
  };
}
