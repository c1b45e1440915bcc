// Loads and stores of general-purpose registers (ARM ARM C4.1.88): unsigned offset,
// unscaled, pre/post-index, unprivileged, register offset, literal, and pairs.
// SIMD&FP forms (V=1) are left to the SIMD classes.
import { pattern, type Op, type Pattern } from "../decode-pattern.ts";
import { rSp, rZr, wZr } from "../register-file.ts";
import { extend64, T } from "./alu.ts";
import { dataAbortIss, loadFn, storeFn, unprivilegedLoadFn, unprivilegedStoreFn, type LoadFn, type StoreFn } from "./ldst-access.ts";
import { loadVector, storeVector } from "./ldst-vector.ts";

import { TWO32 } from "../../arch/numbers.ts";

type F = Record<string, number>;

/** What a (size, opc) pair means for a single-register access (C4.1.88, V=0). */
interface Transfer {
  kind: "load" | "store" | "prefetch";
  signed: boolean;
  to64: boolean;
}

function transfer(size: number, opc: number): Transfer | null {
  if (opc === 0) return { kind: "store", signed: false, to64: size === 3 };
  if (opc === 1) return { kind: "load", signed: false, to64: size === 3 };
  if (opc === 2) return size === 3 ? { kind: "prefetch", signed: false, to64: false } : { kind: "load", signed: true, to64: true };
  if (size <= 1) return { kind: "load", signed: true, to64: false };
  return null;
}

/** An access closure for transfer `tr` at an address computed by `addr` (which leaves
 *  [lo, hi] in T and may write back). */
interface Access {
  fn: LoadFn | StoreFn;
  t: number;
  iss: number;
}

function accessFor(tr: Transfer, size: number, rt: number, unprivileged: boolean): Access {
  const iss = dataAbortIss(size, tr.signed, rt, tr.to64, false);
  if (tr.kind === "load") {
    return { fn: unprivileged ? unprivilegedLoadFn(size, tr.signed, tr.to64) : loadFn(size, tr.signed, tr.to64), t: wZr(rt), iss };
  }
  return { fn: unprivileged ? unprivilegedStoreFn(size) : storeFn(size), t: rZr(rt), iss };
}

/** Addresses of a pair access: [first lo, hi, second lo, hi, written-back base lo, hi]. */
const PA = new Uint32Array(6);

function pairAddresses(c: { x: Uint32Array }, n: number, off: number, bytes: number, post: boolean): void {
  const x = c.x;
  const bLo = x[n];
  const bHi = x[n + 1];
  const s = bLo + off;
  const nLo = s >>> 0;
  const nHi = (bHi + (s - nLo) / TWO32) >>> 0;
  const aLo = post ? bLo : nLo;
  const aHi = post ? bHi : nHi;
  const s2 = aLo + bytes;
  PA[0] = aLo;
  PA[1] = aHi;
  PA[2] = s2;
  PA[3] = s2 >= TWO32 ? aHi + 1 : aHi;
  PA[4] = nLo;
  PA[5] = nHi;
}

/** SIMD&FP (V=1) single-register transfers: size and opc<1> give the width (C4.1.88). */
function vectorTransfer(size: number, opc: number, rt: number): { fn: LoadFn | StoreFn; t: number; iss: number; scale: number } | null {
  const q = size === 0 && (opc & 2) !== 0;
  if (!q && (opc & 2) !== 0) return null;
  const scale = q ? 4 : size;
  const bytes = 1 << scale;
  const fn: LoadFn = (opc & 1) !== 0 ? (c, hi, lo, t) => loadVector(c, hi, lo, t, bytes) : (c, hi, lo, t) => storeVector(c, hi, lo, t, bytes);
  return { fn, t: rt, iss: 0, scale };
}

function sext(v: number, bits: number): number {
  const s = 32 - bits;
  return (v << s) >> s;
}

/** The transfer of a single-register form (general or SIMD&FP), "prefetch" for PRFM, or
 *  null when the encoding is unallocated. */
function singleAccess(f: F, unprivileged: boolean): (Access & { scale: number }) | "prefetch" | null {
  if (f.V) return unprivileged ? null : vectorTransfer(f.size, f.opc, f.rt);
  const tr = transfer(f.size, f.opc);
  if (tr === null) return null;
  if (tr.kind === "prefetch") return "prefetch";
  return { ...accessFor(tr, f.size, f.rt, unprivileged), scale: f.size };
}

function unsignedOffset(f: F): Op | null {
  const a = singleAccess(f, false);
  if (a === null) return null;
  if (a === "prefetch") return () => {};
  const off = f.imm12 * 2 ** a.scale;
  const n = rSp(f.rn);
  const { fn, t, iss } = a;
  return (c) => {
    const x = c.x;
    const s = x[n] + off;
    const lo = s >>> 0;
    fn(c, s > 0xffffffff ? (x[n + 1] + 1) >>> 0 : x[n + 1], lo, t, iss);
  };
}

function immediate9(f: F): Op | null {
  const idx = f.idx; // 00 unscaled, 01 post-index, 10 unprivileged, 11 pre-index
  const a = singleAccess(f, idx === 2);
  if (a === null) return null;
  if (a === "prefetch") return idx === 0 ? () => {} : null; // PRFUM only
  const off = sext(f.imm9, 9);
  const n = rSp(f.rn);
  const { fn, t, iss } = a;
  if (idx === 0 || idx === 2) {
    return (c) => {
      const x = c.x;
      const s = x[n] + off;
      const lo = s >>> 0;
      fn(c, (x[n + 1] + (s - lo) / TWO32) >>> 0, lo, t, iss);
    };
  }
  const post = idx === 1;
  // A data abort on a writeback form has no valid syndrome (ISV=0, ARM ARM D17.2.40): a
  // hypervisor cannot emulate it from the syndrome alone.
  return (c) => {
    const x = c.x;
    const bLo = x[n];
    const bHi = x[n + 1];
    const s = bLo + off;
    const lo = s >>> 0;
    const hi = (bHi + (s - lo) / TWO32) >>> 0;
    if (post) fn(c, bHi, bLo, t, 0);
    else fn(c, hi, lo, t, 0);
    x[n] = lo; // writeback last: it wins over a load into the base register
    x[n + 1] = hi;
  };
}

function registerOffset(f: F): Op | null {
  if ((f.option & 2) === 0) return null; // option<1> == 0 is reserved
  const a = singleAccess(f, false);
  if (a === null) return null;
  if (a === "prefetch") return () => {};
  const n = rSp(f.rn);
  const m = rZr(f.rm);
  const shift = f.S ? a.scale : 0;
  const option = f.option;
  const { fn, t, iss } = a;
  if (option === 3 && shift === 0) {
    // plain [Xn, Xm]
    return (c) => {
      const x = c.x;
      const s = x[n] + x[m];
      const lo = s >>> 0;
      fn(c, (x[n + 1] + x[m + 1] + (s > 0xffffffff ? 1 : 0)) >>> 0, lo, t, iss);
    };
  }
  return (c) => {
    const x = c.x;
    extend64(option, shift, x[m], x[m + 1]);
    const s = x[n] + T[0];
    const lo = s >>> 0;
    fn(c, (x[n + 1] + T[1] + (s > 0xffffffff ? 1 : 0)) >>> 0, lo, t, iss);
  };
}

function literal(f: F): Op | null {
  const off = sext(f.imm19, 19) * 4;
  if (f.V) {
    if (f.opc === 3) return null;
    const bytes = 4 << f.opc; // S, D, Q
    const t = f.rt;
    return (c) => {
      const s = c.pcLo + off;
      const lo = s >>> 0;
      loadVector(c, (c.pcHi + (s - lo) / TWO32) >>> 0, lo, t, bytes);
    };
  }
  if (f.opc === 3) return () => {}; // PRFM (literal)
  const size = f.opc === 0 ? 2 : f.opc === 1 ? 3 : 2;
  const signed = f.opc === 2;
  const fn = loadFn(size, signed, f.opc !== 0);
  const t = wZr(f.rt);
  const iss = dataAbortIss(size, signed, f.rt, f.opc !== 0, false);
  return (c) => {
    const s = c.pcLo + off;
    const lo = s >>> 0;
    fn(c, (c.pcHi + (s - lo) / TWO32) >>> 0, lo, t, iss);
  };
}

function vectorPair(f: F): Op | null {
  if (f.opc === 3) return null;
  const mode = f.mode;
  if (mode > 3) return null;
  const scale = 2 + f.opc; // S, D, Q
  const bytes = 1 << scale;
  const off = sext(f.imm7, 7) * bytes;
  const n = rSp(f.rn);
  const t1 = f.rt;
  const t2 = f.rt2;
  const load = f.L === 1;
  const wb = mode === 1 || mode === 3;
  const post = mode === 1;
  return (c) => {
    const x = c.x;
    pairAddresses(c, n, off, bytes, post);
    const aLo = PA[0], aHi = PA[1], a2Lo = PA[2], a2Hi = PA[3], nLo = PA[4], nHi = PA[5];
    if (load) {
      loadVector(c, aHi, aLo, t1, bytes);
      loadVector(c, a2Hi, a2Lo, t2, bytes);
    } else {
      storeVector(c, aHi, aLo, t1, bytes);
      storeVector(c, a2Hi, a2Lo, t2, bytes);
    }
    if (wb) {
      x[n] = nLo;
      x[n + 1] = nHi;
    }
  };
}

function pair(f: F): Op | null {
  if (f.V) return vectorPair(f);
  const load = f.L === 1;
  // opc: 00 32-bit, 01 LDPSW (load only), 10 64-bit
  if (f.opc === 3 || (f.opc === 1 && (!load || f.mode === 0))) return null;
  const mode = f.mode; // 000 non-temporal offset, 001 post, 010 offset, 011 pre
  if (mode > 3) return null;
  const size = f.opc === 2 ? 3 : 2;
  const off = sext(f.imm7, 7) << size;
  const n = rSp(f.rn);
  const bytes = 1 << size;
  const signed = f.opc === 1;
  const wb = mode === 1 || mode === 3;
  const post = mode === 1;
  if (load) {
    const t1 = wZr(f.rt);
    const t2 = wZr(f.rt2);
    return (c) => {
      const x = c.x;
      pairAddresses(c, n, off, bytes, post);
      const aLo = PA[0], aHi = PA[1], a2Lo = PA[2], a2Hi = PA[3], nLo = PA[4], nHi = PA[5];
      let v1Lo: number, v1Hi: number, v2Lo: number, v2Hi: number;
      if (size === 3) {
        v1Lo = c.ld64(aHi, aLo, 0);
        v1Hi = c.hi32;
        v2Lo = c.ld64(a2Hi, a2Lo, 0);
        v2Hi = c.hi32;
      } else {
        v1Lo = c.ld32(aHi, aLo, 0);
        v2Lo = c.ld32(a2Hi, a2Lo, 0);
        v1Hi = signed ? (v1Lo | 0) >> 31 : 0;
        v2Hi = signed ? (v2Lo | 0) >> 31 : 0;
      }
      x[t1] = v1Lo;
      x[t1 + 1] = v1Hi;
      x[t2] = v2Lo;
      x[t2 + 1] = v2Hi;
      if (wb) {
        x[n] = nLo;
        x[n + 1] = nHi;
      }
    };
  }
  const t1 = rZr(f.rt);
  const t2 = rZr(f.rt2);
  return (c) => {
    const x = c.x;
    pairAddresses(c, n, off, bytes, post);
    const aLo = PA[0], aHi = PA[1], a2Lo = PA[2], a2Hi = PA[3], nLo = PA[4], nHi = PA[5];
    // Read both values before any store (the base may be one of them).
    const v1Lo = x[t1], v1Hi = x[t1 + 1], v2Lo = x[t2], v2Hi = x[t2 + 1];
    if (size === 3) {
      c.st64(aHi, aLo, v1Lo, v1Hi, 0);
      c.st64(a2Hi, a2Lo, v2Lo, v2Hi, 0);
    } else {
      c.st32(aHi, aLo, v1Lo, 0);
      c.st32(a2Hi, a2Lo, v2Lo, 0);
    }
    if (wb) {
      x[n] = nLo;
      x[n + 1] = nHi;
    }
  };
}

export const PATTERNS: Pattern[] = [
  pattern("LDR/STR (unsigned offset)", "size:2 111 V:1 01 opc:2 imm12:12 rn:5 rt:5", unsignedOffset),
  pattern("LDR/STR (imm9: unscaled, post, unprivileged, pre)", "size:2 111 V:1 00 opc:2 0 imm9:9 idx:2 rn:5 rt:5", immediate9),
  pattern("LDR/STR (register offset)", "size:2 111 V:1 00 opc:2 1 rm:5 option:3 S:1 10 rn:5 rt:5", registerOffset),
  pattern("LDR (literal)", "opc:2 011 V:1 00 imm19:19 rt:5", literal),
  pattern("LDP/STP", "opc:2 101 V:1 mode:3 L:1 imm7:7 rt2:5 rn:5 rt:5", pair),
];

