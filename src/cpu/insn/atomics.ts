// Exclusives (LDXR/STXR and pairs) with a local exclusive monitor, load-acquire /
// store-release, and the ARMv8.1 LSE atomics (LD<op>, SWP, CAS, CASP).
// All need natural alignment; they operate on RAM only (a device gets an external abort).
import type { CoreContext } from "../core-context.ts";
import { pattern, type Op, type Pattern } from "../decode-pattern.ts";
import { Access } from "../../mmu/translation.ts";
import { rSp, rZr, wZr } from "../register-file.ts";
import { dataAbortIss, loadFn, storeFn } from "./ldst-access.ts";
import type { RamPage } from "../../mmu/physical-memory.ts";
import { TWO32 } from "../../arch/numbers.ts";
import { DOUBLE_ZERO } from "../../double-field.ts";

type F = Record<string, number>;

/** The RAM page and offset of an aligned atomic access at Xn (written into `loc`). */
const loc = { page: null as RamPage | null, off: 0, pa: DOUBLE_ZERO };

function locate(c: CoreContext, n: number, bytes: number, write: boolean): void {
  const hi = c.x[n + 1];
  const lo = c.x[n];
  const pa = c.translateData(hi, lo, write ? Access.Write : Access.Read, 0, bytes);
  loc.page = c.ramPageFor(pa, hi, lo, write);
  loc.off = pa & 0xfff;
  loc.pa = pa;
}

function readMem(bytes: number): [number, number] {
  const v = loc.page!.view;
  const o = loc.off;
  switch (bytes) {
    case 1:
      return [v.getUint8(o), 0];
    case 2:
      return [v.getUint16(o, true), 0];
    case 4:
      return [v.getUint32(o, true), 0];
    default:
      return [v.getUint32(o, true), v.getUint32(o + 4, true)];
  }
}

function writeMem(bytes: number, lo: number, hi: number, at = 0): void {
  const p = loc.page!;
  const v = p.view;
  const o = loc.off + at;
  switch (bytes) {
    case 1:
      v.setUint8(o, lo);
      break;
    case 2:
      v.setUint16(o, lo, true);
      break;
    case 4:
      v.setUint32(o, lo, true);
      break;
    default:
      v.setUint32(o, lo, true);
      v.setUint32(o + 4, hi, true);
  }
  p.invalidateCode(o, bytes);
}

// ---- exclusives and acquire/release ------------------------------------------------------

function exclusive(f: F): Op | null {
  if (f.o2 === 1) return f.o1 === 1 ? cas(f) : acquireRelease(f);
  const pairForm = f.o1 === 1;
  if (pairForm && f.size < 2) return casp(f);
  const load = f.L === 1;
  const n = rSp(f.rn);
  const elem = 1 << f.size; // element size
  const bytes = pairForm ? elem * 2 : elem;
  if (load) {
    const t = wZr(f.rt);
    const t2 = wZr(f.rt2);
    return (c) => {
      locate(c, n, bytes, false);
      const x = c.x;
      if (pairForm && elem === 8) {
        const v = loc.page!.view;
        const aLo = v.getUint32(loc.off, true), aHi = v.getUint32(loc.off + 4, true);
        const bLo = v.getUint32(loc.off + 8, true), bHi = v.getUint32(loc.off + 12, true);
        x[t] = aLo;
        x[t + 1] = aHi;
        x[t2] = bLo;
        x[t2 + 1] = bHi;
      } else if (pairForm) {
        const [lo, hi] = readMem(8);
        x[t] = lo;
        x[t + 1] = 0;
        x[t2] = hi;
        x[t2 + 1] = 0;
      } else {
        const [lo, hi] = readMem(bytes);
        x[t] = lo;
        x[t + 1] = hi;
      }
      c.exclusivePa = loc.pa;
      c.exclusiveSize = bytes;
    };
  }
  const s = wZr(f.rs);
  const t = rZr(f.rt);
  const t2 = rZr(f.rt2);
  return (c) => {
    const x = c.x;
    // Read the data first: Rs may alias Rt or Rn (CONSTRAINED UNPREDICTABLE).
    const aLo = x[t], aHi = x[t + 1], bLo = x[t2], bHi = x[t2 + 1];
    if (c.exclusivePa === -1) {
      // The monitor is open: the store fails. Whether a memory abort is detected first is
      // IMPLEMENTATION DEFINED (AArch64.ExclusiveMonitorsPass); like QEMU we do not
      // translate, but the alignment check comes before the monitor in the ARM ARM.
      if ((x[n] & (bytes - 1)) !== 0) c.alignmentFault(x[n + 1], x[n], true);
      x[s] = 1;
      x[s + 1] = 0;
      return;
    }
    locate(c, n, bytes, true);
    // The monitor marks an address: a store-exclusive of another size to it succeeds, as on
    // QEMU and real cores (a size mismatch is CONSTRAINED UNPREDICTABLE in the ARM ARM), and
    // Unikraft's spinlock (LDAXR W / STXR X) depends on it.
    const ok = c.exclusivePa === loc.pa;
    c.exclusivePa = -1;
    if (ok) {
      if (pairForm && elem === 8) {
        writeMem(8, aLo, aHi);
        writeMem(8, bLo, bHi, 8);
      } else if (pairForm) writeMem(8, aLo, bLo);
      else writeMem(bytes, aLo, aHi);
    }
    x[s] = ok ? 0 : 1;
    x[s + 1] = 0;
  };
}

function acquireRelease(f: F): Op | null {
  const load = f.L === 1;
  const n = rSp(f.rn);
  const bytes = 1 << f.size;
  const iss = dataAbortIss(f.size, false, f.rt, f.size === 3, true);
  if (load) {
    const fn = loadFn(f.size, false, f.size === 3);
    const t = wZr(f.rt);
    return (c) => {
      const x = c.x;
      if ((x[n] & (bytes - 1)) !== 0) c.alignmentFault(x[n + 1], x[n], false);
      fn(c, x[n + 1], x[n], t, iss);
    };
  }
  const fn = storeFn(f.size);
  const t = rZr(f.rt);
  return (c) => {
    const x = c.x;
    if ((x[n] & (bytes - 1)) !== 0) c.alignmentFault(x[n + 1], x[n], true);
    fn(c, x[n + 1], x[n], t, iss);
  };
}

function cas(f: F): Op | null {
  if (f.rt2 !== 31) return null;
  const bytes = 1 << f.size;
  const n = rSp(f.rn);
  const s = f.rs * 2; // compare value (read), also written with the old value
  const sW = wZr(f.rs);
  const t = rZr(f.rt);
  const mask = bytes >= 4 ? 0xffffffff : (1 << (8 * bytes)) - 1;
  return (c) => {
    const x = c.x;
    const cmpLo = (x[s] & mask) >>> 0;
    const cmpHi = bytes === 8 ? x[s + 1] : 0;
    const newLo = (x[t] & mask) >>> 0;
    const newHi = bytes === 8 ? x[t + 1] : 0;
    locate(c, n, bytes, true);
    const [oldLo, oldHi] = readMem(bytes);
    if (oldLo === cmpLo && oldHi === cmpHi) writeMem(bytes, newLo, newHi);
    x[sW] = oldLo;
    x[sW + 1] = oldHi;
  };
}

function casp(f: F): Op | null {
  if (f.rt2 !== 31 || (f.rs & 1) !== 0 || (f.rt & 1) !== 0) return null;
  const sixtyFour = (f.size & 1) === 1;
  const elem = sixtyFour ? 8 : 4;
  const n = rSp(f.rn);
  const s = f.rs * 2;
  const t = f.rt * 2;
  const sW = wZr(f.rs);
  const sW2 = wZr(f.rs + 1);
  return (c) => {
    const x = c.x;
    const c1Lo = x[s], c1Hi = sixtyFour ? x[s + 1] : 0, c2Lo = x[s + 2], c2Hi = sixtyFour ? x[s + 3] : 0;
    const n1Lo = x[t], n1Hi = sixtyFour ? x[t + 1] : 0, n2Lo = x[t + 2], n2Hi = sixtyFour ? x[t + 3] : 0;
    locate(c, n, elem * 2, true);
    const v = loc.page!.view;
    const o = loc.off;
    const o1Lo = v.getUint32(o, true);
    const o1Hi = sixtyFour ? v.getUint32(o + 4, true) : 0;
    const o2Lo = v.getUint32(o + elem, true);
    const o2Hi = sixtyFour ? v.getUint32(o + elem + 4, true) : 0;
    if (o1Lo === c1Lo && o1Hi === c1Hi && o2Lo === c2Lo && o2Hi === c2Hi) {
      writeMem(elem, n1Lo, n1Hi);
      writeMem(elem, n2Lo, n2Hi, elem);
    }
    x[sW] = o1Lo;
    x[sW + 1] = o1Hi;
    x[sW2] = o2Lo;
    x[sW2 + 1] = o2Hi;
  };
}

// ---- LSE atomic memory operations ----------------------------------------------------------

/** Combine old (memory) and operand (register) per LD<op>; results as [lo, hi]. */
function combine(opc: number, bytes: number, aLo: number, aHi: number, bLo: number, bHi: number): [number, number] {
  const bits = bytes * 8;
  switch (opc) {
    case 0: {
      // ADD
      const s = aLo + bLo;
      return [s >>> 0, (aHi + bHi + (s >= TWO32 ? 1 : 0)) >>> 0];
    }
    case 1:
      return [(aLo & ~bLo) >>> 0, (aHi & ~bHi) >>> 0]; // CLR
    case 2:
      return [(aLo ^ bLo) >>> 0, (aHi ^ bHi) >>> 0]; // EOR
    case 3:
      return [(aLo | bLo) >>> 0, (aHi | bHi) >>> 0]; // SET
    default: {
      // SMAX, SMIN, UMAX, UMIN: compare as signed/unsigned values of the access size
      const signed = opc === 4 || opc === 5;
      const max = opc === 4 || opc === 6;
      const key = (lo: number, hi: number) => {
        if (bits === 64) return signed ? [(hi | 0), lo] : [hi, lo];
        const sh = 32 - bits;
        return [signed ? (lo << sh) >> sh : lo, 0];
      };
      const ka = key(aLo, aHi);
      const kb = key(bLo, bHi);
      const aGreater = ka[0] !== kb[0] ? ka[0] > kb[0] : ka[1] > kb[1];
      const pickA = max ? aGreater : !aGreater;
      return pickA ? [aLo, aHi] : [bLo, bHi];
    }
  }
}

function atomicOp(f: F): Op | null {
  if (f.V) return null;
  const bytes = 1 << f.size;
  const mask = bytes >= 4 ? 0xffffffff : (1 << (8 * bytes)) - 1;
  const n = rSp(f.rn);
  const s = rZr(f.rs);
  const t = wZr(f.rt);
  const swap = f.o3 === 1 && f.opc === 0;
  if (f.o3 === 1 && !swap) {
    if (f.opc === 4 && f.A === 1 && f.R === 0 && f.rs === 31) {
      // LDAPR: a load-acquire (RCpc)
      const fn = loadFn(f.size, false, f.size === 3);
      const iss = dataAbortIss(f.size, false, f.rt, f.size === 3, true);
      return (c) => fn(c, c.x[n + 1], c.x[n], t, iss);
    }
    return null;
  }
  const opc = f.opc;
  return (c) => {
    const x = c.x;
    const bLo = (x[s] & mask) >>> 0;
    const bHi = bytes === 8 ? x[s + 1] : 0;
    locate(c, n, bytes, true);
    const [oLo, oHi] = readMem(bytes);
    const [rLo, rHi] = swap ? [bLo, bHi] : combine(opc, bytes, oLo, oHi, bLo, bHi);
    writeMem(bytes, (rLo & mask) >>> 0, rHi);
    x[t] = oLo;
    x[t + 1] = oHi;
  };
}

export const PATTERNS: Pattern[] = [
  pattern("Load/store exclusive, acquire/release, CAS", "size:2 001000 o2:1 L:1 o1:1 rs:5 o0:1 rt2:5 rn:5 rt:5", exclusive),
  pattern("Atomic memory operations", "size:2 111 V:1 00 A:1 R:1 1 rs:5 o3:1 opc:3 00 rn:5 rt:5", atomicOp),
];
