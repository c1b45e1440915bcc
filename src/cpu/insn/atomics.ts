// Exclusives (LDXR/STXR and pairs) with a local exclusive monitor, load-acquire /
// store-release, and the ARMv8.1 LSE atomics (LD<op>, SWP, CAS, CASP).
// All need natural alignment; they operate on RAM only (a device gets an external abort).
import type { CoreContext } from "../core-context.ts";
import { insn, type InsnEntry, type Op } from "../decode-pattern.ts";
import { Access } from "../../mmu/translation.ts";
import { rSp, rZr, wZr } from "../register-file.ts";
import { dataAbortIss, loadFn, storeFn } from "./ldst-access.ts";
import type { RamPage } from "../../mmu/physical-memory.ts";
import { TWO32 } from "../../arch/numbers.ts";
import { DOUBLE_ZERO } from "../../double-field.ts";

/** The register fields of the exclusive and compare-and-swap encodings. */
interface ExclusiveFields {
  readonly rs: number;
  readonly rt2: number;
  readonly rn: number;
  readonly rt: number;
}

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

/** LDXR/LDAXR/STXR/STLXR (size 0-3) and the pair forms LDXP/LDAXP/STXP/STLXP (size 2-3:
 *  two elements). Acquire/release ordering has no effect on this single core. */
function exclusive(f: ExclusiveFields, size: number, pairForm: boolean, load: boolean): Op {
  const n = rSp(f.rn);
  const elem = 1 << size; // element size
  const bytes = pairForm ? elem * 2 : elem;
  if (load) {
    const t = wZr(f.rt);
    const t2 = wZr(f.rt2);
    return (c) => {
      locate(c, n, bytes, false);
      const x = c.x;
      if (pairForm && elem === 8) {
        const v = loc.page!.view;
        const aLo = v.getUint32(loc.off, true),
          aHi = v.getUint32(loc.off + 4, true);
        const bLo = v.getUint32(loc.off + 8, true),
          bHi = v.getUint32(loc.off + 12, true);
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
    const aLo = x[t],
      aHi = x[t + 1],
      bLo = x[t2],
      bHi = x[t2 + 1];
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

/** LDAR/STLR (and LDLAR/STLLR): natural alignment required. */
function acquireRelease(f: { readonly rn: number; readonly rt: number }, size: number, load: boolean): Op {
  const n = rSp(f.rn);
  const bytes = 1 << size;
  const iss = dataAbortIss(size, false, f.rt, size === 3, true);
  if (load) {
    const fn = loadFn(size, false, size === 3);
    const t = wZr(f.rt);
    return (c) => {
      const x = c.x;
      if ((x[n] & (bytes - 1)) !== 0) c.alignmentFault(x[n + 1], x[n], false);
      fn(c, x[n + 1], x[n], t, iss);
    };
  }
  const fn = storeFn(size);
  const t = rZr(f.rt);
  return (c) => {
    const x = c.x;
    if ((x[n] & (bytes - 1)) !== 0) c.alignmentFault(x[n + 1], x[n], true);
    fn(c, x[n + 1], x[n], t, iss);
  };
}

/** CAS{A,L,AL}{B,H}: ordering has no effect on this single core. */
function cas(f: { readonly rs: number; readonly rn: number; readonly rt: number }, size: number): Op {
  const bytes = 1 << size;
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

/** CASP{A,L,AL}: Rs and Rt must be even (odd ones are reserved). */
function casp(f: { readonly sz: number; readonly rs: number; readonly rn: number; readonly rt: number }): Op | null {
  if ((f.rs & 1) !== 0 || (f.rt & 1) !== 0) return null;
  const sixtyFour = f.sz === 1;
  const elem = sixtyFour ? 8 : 4;
  const n = rSp(f.rn);
  const s = f.rs * 2;
  const t = f.rt * 2;
  const sW = wZr(f.rs);
  const sW2 = wZr(f.rs + 1);
  return (c) => {
    const x = c.x;
    const c1Lo = x[s],
      c1Hi = sixtyFour ? x[s + 1] : 0,
      c2Lo = x[s + 2],
      c2Hi = sixtyFour ? x[s + 3] : 0;
    const n1Lo = x[t],
      n1Hi = sixtyFour ? x[t + 1] : 0,
      n2Lo = x[t + 2],
      n2Hi = sixtyFour ? x[t + 3] : 0;
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
        if (bits === 64) return signed ? [hi | 0, lo] : [hi, lo];
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

/** LDAPR{B,H}: a load-acquire (RCpc). */
function ldapr(f: { readonly rn: number; readonly rt: number }, size: number): Op {
  const n = rSp(f.rn);
  const t = wZr(f.rt);
  const fn = loadFn(size, false, size === 3);
  const iss = dataAbortIss(size, false, f.rt, size === 3, true);
  return (c) => fn(c, c.x[n + 1], c.x[n], t, iss);
}

/** LD<op> (opc as in the encoding: ADD, CLR, EOR, SET, SMAX, SMIN, UMAX, UMIN) and SWP. */
function atomicOp(f: { readonly rs: number; readonly rn: number; readonly rt: number }, size: number, opc: number, swap: boolean): Op {
  const bytes = 1 << size;
  const mask = bytes >= 4 ? 0xffffffff : (1 << (8 * bytes)) - 1;
  const n = rSp(f.rn);
  const s = rZr(f.rs);
  const t = wZr(f.rt);
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

export const INSNS: InsnEntry[] = [
  // Load/store exclusive (register and pair)
  insn("STXRB", "00 001000 0 0 0 rs:5 0 rt2:5 rn:5 rt:5", { mayFault: true }, (f) => exclusive(f, 0, false, false)),
  insn("STXRH", "01 001000 0 0 0 rs:5 0 rt2:5 rn:5 rt:5", { mayFault: true }, (f) => exclusive(f, 1, false, false)),
  insn("STXR", "1 sz:1 001000 0 0 0 rs:5 0 rt2:5 rn:5 rt:5", { mayFault: true }, (f) => exclusive(f, 2 + f.sz, false, false)),
  insn("STLXRB", "00 001000 0 0 0 rs:5 1 rt2:5 rn:5 rt:5", { mayFault: true }, (f) => exclusive(f, 0, false, false)),
  insn("STLXRH", "01 001000 0 0 0 rs:5 1 rt2:5 rn:5 rt:5", { mayFault: true }, (f) => exclusive(f, 1, false, false)),
  insn("STLXR", "1 sz:1 001000 0 0 0 rs:5 1 rt2:5 rn:5 rt:5", { mayFault: true }, (f) => exclusive(f, 2 + f.sz, false, false)),
  insn("LDXRB", "00 001000 0 1 0 rs:5 0 rt2:5 rn:5 rt:5", { mayFault: true }, (f) => exclusive(f, 0, false, true)),
  insn("LDXRH", "01 001000 0 1 0 rs:5 0 rt2:5 rn:5 rt:5", { mayFault: true }, (f) => exclusive(f, 1, false, true)),
  insn("LDXR", "1 sz:1 001000 0 1 0 rs:5 0 rt2:5 rn:5 rt:5", { mayFault: true }, (f) => exclusive(f, 2 + f.sz, false, true)),
  insn("LDAXRB", "00 001000 0 1 0 rs:5 1 rt2:5 rn:5 rt:5", { mayFault: true }, (f) => exclusive(f, 0, false, true)),
  insn("LDAXRH", "01 001000 0 1 0 rs:5 1 rt2:5 rn:5 rt:5", { mayFault: true }, (f) => exclusive(f, 1, false, true)),
  insn("LDAXR", "1 sz:1 001000 0 1 0 rs:5 1 rt2:5 rn:5 rt:5", { mayFault: true }, (f) => exclusive(f, 2 + f.sz, false, true)),
  insn("STXP", "1 sz:1 001000 0 0 1 rs:5 0 rt2:5 rn:5 rt:5", { mayFault: true }, (f) => exclusive(f, 2 + f.sz, true, false)),
  insn("STLXP", "1 sz:1 001000 0 0 1 rs:5 1 rt2:5 rn:5 rt:5", { mayFault: true }, (f) => exclusive(f, 2 + f.sz, true, false)),
  insn("LDXP", "1 sz:1 001000 0 1 1 rs:5 0 rt2:5 rn:5 rt:5", { mayFault: true }, (f) => exclusive(f, 2 + f.sz, true, true)),
  insn("LDAXP", "1 sz:1 001000 0 1 1 rs:5 1 rt2:5 rn:5 rt:5", { mayFault: true }, (f) => exclusive(f, 2 + f.sz, true, true)),
  // Compare and swap (pair)
  insn(
    "CASP, CASPA, CASPAL, CASPL",
    "0 sz:1 001000 0 L:1 1 rs:5 o0:1 11111 rn:5 rt:5",
    { feature: "FEAT_LSE", mayFault: true, declines: "odd Rs or Rt: reserved (CONSTRAINED UNPREDICTABLE), UNDEFINED here" },
    casp,
  ),
  insn("CASB, CASAB, CASALB, CASLB", "00 001000 1 L:1 1 rs:5 o0:1 11111 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) => cas(f, 0)),
  insn("CASH, CASAH, CASALH, CASLH", "01 001000 1 L:1 1 rs:5 o0:1 11111 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) => cas(f, 1)),
  insn("CAS, CASA, CASAL, CASL", "1 sz:1 001000 1 L:1 1 rs:5 o0:1 11111 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) => cas(f, 2 + f.sz)),
  // Load-acquire/store-release; LDLAR/STLLR (FEAT_LOR) behave as LDAR/STLR on one core
  insn("STLLRB", "00 001000 1 0 0 ----- 0 ----- rn:5 rt:5", { feature: "FEAT_LOR", mayFault: true }, (f) => acquireRelease(f, 0, false)),
  insn("STLLRH", "01 001000 1 0 0 ----- 0 ----- rn:5 rt:5", { feature: "FEAT_LOR", mayFault: true }, (f) => acquireRelease(f, 1, false)),
  insn("STLLR", "1 sz:1 001000 1 0 0 ----- 0 ----- rn:5 rt:5", { feature: "FEAT_LOR", mayFault: true }, (f) => acquireRelease(f, 2 + f.sz, false)),
  insn("STLRB", "00 001000 1 0 0 ----- 1 ----- rn:5 rt:5", { mayFault: true }, (f) => acquireRelease(f, 0, false)),
  insn("STLRH", "01 001000 1 0 0 ----- 1 ----- rn:5 rt:5", { mayFault: true }, (f) => acquireRelease(f, 1, false)),
  insn("STLR", "1 sz:1 001000 1 0 0 ----- 1 ----- rn:5 rt:5", { mayFault: true }, (f) => acquireRelease(f, 2 + f.sz, false)),
  insn("LDLARB", "00 001000 1 1 0 ----- 0 ----- rn:5 rt:5", { feature: "FEAT_LOR", mayFault: true }, (f) => acquireRelease(f, 0, true)),
  insn("LDLARH", "01 001000 1 1 0 ----- 0 ----- rn:5 rt:5", { feature: "FEAT_LOR", mayFault: true }, (f) => acquireRelease(f, 1, true)),
  insn("LDLAR", "1 sz:1 001000 1 1 0 ----- 0 ----- rn:5 rt:5", { feature: "FEAT_LOR", mayFault: true }, (f) => acquireRelease(f, 2 + f.sz, true)),
  insn("LDARB", "00 001000 1 1 0 ----- 1 ----- rn:5 rt:5", { mayFault: true }, (f) => acquireRelease(f, 0, true)),
  insn("LDARH", "01 001000 1 1 0 ----- 1 ----- rn:5 rt:5", { mayFault: true }, (f) => acquireRelease(f, 1, true)),
  insn("LDAR", "1 sz:1 001000 1 1 0 ----- 1 ----- rn:5 rt:5", { mayFault: true }, (f) => acquireRelease(f, 2 + f.sz, true)),
  // Atomic memory operations
  insn("LDADDB, LDADDAB, LDADDALB, LDADDLB", "00 111 0 00 A:1 R:1 1 rs:5 0 000 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) =>
    atomicOp(f, 0, 0, false),
  ),
  insn("LDADDH, LDADDAH, LDADDALH, LDADDLH", "01 111 0 00 A:1 R:1 1 rs:5 0 000 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) =>
    atomicOp(f, 1, 0, false),
  ),
  insn("LDADD, LDADDA, LDADDAL, LDADDL", "1 sz:1 111 0 00 A:1 R:1 1 rs:5 0 000 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) =>
    atomicOp(f, 2 + f.sz, 0, false),
  ),
  insn("LDCLRB, LDCLRAB, LDCLRALB, LDCLRLB", "00 111 0 00 A:1 R:1 1 rs:5 0 001 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) =>
    atomicOp(f, 0, 1, false),
  ),
  insn("LDCLRH, LDCLRAH, LDCLRALH, LDCLRLH", "01 111 0 00 A:1 R:1 1 rs:5 0 001 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) =>
    atomicOp(f, 1, 1, false),
  ),
  insn("LDCLR, LDCLRA, LDCLRAL, LDCLRL", "1 sz:1 111 0 00 A:1 R:1 1 rs:5 0 001 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) =>
    atomicOp(f, 2 + f.sz, 1, false),
  ),
  insn("LDEORB, LDEORAB, LDEORALB, LDEORLB", "00 111 0 00 A:1 R:1 1 rs:5 0 010 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) =>
    atomicOp(f, 0, 2, false),
  ),
  insn("LDEORH, LDEORAH, LDEORALH, LDEORLH", "01 111 0 00 A:1 R:1 1 rs:5 0 010 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) =>
    atomicOp(f, 1, 2, false),
  ),
  insn("LDEOR, LDEORA, LDEORAL, LDEORL", "1 sz:1 111 0 00 A:1 R:1 1 rs:5 0 010 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) =>
    atomicOp(f, 2 + f.sz, 2, false),
  ),
  insn("LDSETB, LDSETAB, LDSETALB, LDSETLB", "00 111 0 00 A:1 R:1 1 rs:5 0 011 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) =>
    atomicOp(f, 0, 3, false),
  ),
  insn("LDSETH, LDSETAH, LDSETALH, LDSETLH", "01 111 0 00 A:1 R:1 1 rs:5 0 011 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) =>
    atomicOp(f, 1, 3, false),
  ),
  insn("LDSET, LDSETA, LDSETAL, LDSETL", "1 sz:1 111 0 00 A:1 R:1 1 rs:5 0 011 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) =>
    atomicOp(f, 2 + f.sz, 3, false),
  ),
  insn("LDSMAXB, LDSMAXAB, LDSMAXALB, LDSMAXLB", "00 111 0 00 A:1 R:1 1 rs:5 0 100 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) =>
    atomicOp(f, 0, 4, false),
  ),
  insn("LDSMAXH, LDSMAXAH, LDSMAXALH, LDSMAXLH", "01 111 0 00 A:1 R:1 1 rs:5 0 100 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) =>
    atomicOp(f, 1, 4, false),
  ),
  insn("LDSMAX, LDSMAXA, LDSMAXAL, LDSMAXL", "1 sz:1 111 0 00 A:1 R:1 1 rs:5 0 100 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) =>
    atomicOp(f, 2 + f.sz, 4, false),
  ),
  insn("LDSMINB, LDSMINAB, LDSMINALB, LDSMINLB", "00 111 0 00 A:1 R:1 1 rs:5 0 101 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) =>
    atomicOp(f, 0, 5, false),
  ),
  insn("LDSMINH, LDSMINAH, LDSMINALH, LDSMINLH", "01 111 0 00 A:1 R:1 1 rs:5 0 101 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) =>
    atomicOp(f, 1, 5, false),
  ),
  insn("LDSMIN, LDSMINA, LDSMINAL, LDSMINL", "1 sz:1 111 0 00 A:1 R:1 1 rs:5 0 101 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) =>
    atomicOp(f, 2 + f.sz, 5, false),
  ),
  insn("LDUMAXB, LDUMAXAB, LDUMAXALB, LDUMAXLB", "00 111 0 00 A:1 R:1 1 rs:5 0 110 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) =>
    atomicOp(f, 0, 6, false),
  ),
  insn("LDUMAXH, LDUMAXAH, LDUMAXALH, LDUMAXLH", "01 111 0 00 A:1 R:1 1 rs:5 0 110 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) =>
    atomicOp(f, 1, 6, false),
  ),
  insn("LDUMAX, LDUMAXA, LDUMAXAL, LDUMAXL", "1 sz:1 111 0 00 A:1 R:1 1 rs:5 0 110 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) =>
    atomicOp(f, 2 + f.sz, 6, false),
  ),
  insn("LDUMINB, LDUMINAB, LDUMINALB, LDUMINLB", "00 111 0 00 A:1 R:1 1 rs:5 0 111 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) =>
    atomicOp(f, 0, 7, false),
  ),
  insn("LDUMINH, LDUMINAH, LDUMINALH, LDUMINLH", "01 111 0 00 A:1 R:1 1 rs:5 0 111 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) =>
    atomicOp(f, 1, 7, false),
  ),
  insn("LDUMIN, LDUMINA, LDUMINAL, LDUMINL", "1 sz:1 111 0 00 A:1 R:1 1 rs:5 0 111 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) =>
    atomicOp(f, 2 + f.sz, 7, false),
  ),
  insn("SWPB, SWPAB, SWPALB, SWPLB", "00 111 0 00 A:1 R:1 1 rs:5 1 000 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) => atomicOp(f, 0, 0, true)),
  insn("SWPH, SWPAH, SWPALH, SWPLH", "01 111 0 00 A:1 R:1 1 rs:5 1 000 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) => atomicOp(f, 1, 0, true)),
  insn("SWP, SWPA, SWPAL, SWPL", "1 sz:1 111 0 00 A:1 R:1 1 rs:5 1 000 00 rn:5 rt:5", { feature: "FEAT_LSE", mayFault: true }, (f) =>
    atomicOp(f, 2 + f.sz, 0, true),
  ),
  insn("LDAPRB", "00 111 0 00 1 0 1 11111 1 100 00 rn:5 rt:5", { feature: "FEAT_LRCPC", mayFault: true }, (f) => ldapr(f, 0)),
  insn("LDAPRH", "01 111 0 00 1 0 1 11111 1 100 00 rn:5 rt:5", { feature: "FEAT_LRCPC", mayFault: true }, (f) => ldapr(f, 1)),
  insn("LDAPR", "1 sz:1 111 0 00 1 0 1 11111 1 100 00 rn:5 rt:5", { feature: "FEAT_LRCPC", mayFault: true }, (f) => ldapr(f, 2 + f.sz)),
];
