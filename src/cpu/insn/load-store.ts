// Loads and stores of general-purpose registers (ARM ARM C4.1.88): unsigned offset,
// unscaled, pre/post-index, unprivileged, register offset, literal, and pairs, with their
// SIMD&FP (V=1) forms. The structure loads/stores (LD1..LD4/ST1..ST4) have their own files.
import { insn, notImplemented, type InsnEntry, type Op } from "../decode-pattern.ts";
import { rSp, rZr, wZr } from "../register-file.ts";
import { extend64, T } from "./alu.ts";
import { dataAbortIss, loadFn, storeFn, unprivilegedLoadFn, unprivilegedStoreFn, type LoadFn, type StoreFn } from "./ldst-access.ts";
import { loadVector, storeVector } from "./ldst-vector.ts";

import { TWO32 } from "../../arch/numbers.ts";

/** A single-register general-purpose transfer (C4.1.88, V=0). */
interface Transfer {
  kind: "load" | "store";
  signed: boolean;
  to64: boolean;
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

/** The access of a single-register form: a transfer, "prefetch" for PRFM/PRFUM, or null
 *  when the encoding is unallocated. */
type Single = (Access & { scale: number }) | "prefetch" | null;

/** A general-register load of 2^size bytes, sign-extended to 64 or 32 bits when `signed`. */
function gprLoad(rt: number, size: number, signed: boolean, to64: boolean, unprivileged = false): Single {
  return { ...accessFor({ kind: "load", signed, to64 }, size, rt, unprivileged), scale: size };
}

function gprStore(rt: number, size: number, unprivileged = false): Single {
  return { ...accessFor({ kind: "store", signed: false, to64: size === 3 }, size, rt, unprivileged), scale: size };
}

/** A SIMD&FP register transfer: size and opc<1> give the width (B, H, S, D or Q). */
function fpTransfer(f: { readonly size: number; readonly opc1: number; readonly rt: number }, load: boolean): Single {
  return vectorTransfer(f.size, (f.opc1 << 1) | (load ? 1 : 0), f.rt);
}

function unsignedOffset(f: { readonly imm12: number; readonly rn: number }, a: Single): Op | null {
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

const UNSCALED = 0;
const POST_INDEX = 1;
const UNPRIVILEGED = 2;
const PRE_INDEX = 3;

/** The imm9 forms: unscaled (LDUR...), post-index, unprivileged (LDTR...) and pre-index. */
function immediate9(f: { readonly imm9: number; readonly rn: number }, idx: number, a: Single): Op | null {
  if (a === null) return null;
  if (a === "prefetch") return () => {}; // PRFUM
  const off = f.imm9;
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

function registerOffset(f: { readonly rm: number; readonly option: number; readonly S: number; readonly rn: number }, a: Single): Op | null {
  if ((f.option & 2) === 0) return null; // option<1> == 0 is reserved
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

/** LDR (literal, SIMD&FP): opc gives S, D or Q. */
function literalVector(f: { readonly opc: number; readonly imm19: number; readonly rt: number }): Op | null {
  if (f.opc === 3) return null;
  const off = f.imm19;
  const bytes = 4 << f.opc; // S, D, Q
  const t = f.rt;
  return (c) => {
    const s = c.pcLo + off;
    const lo = s >>> 0;
    loadVector(c, (c.pcHi + (s - lo) / TWO32) >>> 0, lo, t, bytes);
  };
}

/** LDR (literal) of a W (opc 00) or X (01) register, LDRSW (literal) (10). */
function literal(f: { readonly imm19: number; readonly rt: number }, opc: number): Op {
  const off = f.imm19;
  const size = opc === 1 ? 3 : 2;
  const signed = opc === 2;
  const fn = loadFn(size, signed, opc !== 0);
  const t = wZr(f.rt);
  const iss = dataAbortIss(size, signed, f.rt, opc !== 0, false);
  return (c) => {
    const s = c.pcLo + off;
    const lo = s >>> 0;
    fn(c, (c.pcHi + (s - lo) / TWO32) >>> 0, lo, t, iss);
  };
}

interface PairFields {
  readonly imm7: number;
  readonly rt2: number;
  readonly rn: number;
  readonly rt: number;
}

const NO_ALLOCATE = 0; // LDNP/STNP: a signed offset, a non-temporal hint
const PAIR_POST_INDEX = 1;
const PAIR_OFFSET = 2;
const PAIR_PRE_INDEX = 3;

/** LDP/STP/LDNP/STNP (SIMD&FP): opc gives S, D or Q. */
function vectorPair(f: PairFields & { readonly opc: number }, mode: number, load: boolean): Op | null {
  if (f.opc === 3) return null;
  const scale = 2 + f.opc; // S, D, Q
  const bytes = 1 << scale;
  const off = f.imm7 * bytes;
  const n = rSp(f.rn);
  const t1 = f.rt;
  const t2 = f.rt2;
  const wb = mode === 1 || mode === 3;
  const post = mode === 1;
  return (c) => {
    const x = c.x;
    pairAddresses(c, n, off, bytes, post);
    const aLo = PA[0],
      aHi = PA[1],
      a2Lo = PA[2],
      a2Hi = PA[3],
      nLo = PA[4],
      nHi = PA[5];
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

/** LDP/STP/LDNP/STNP of W (size 2) or X (size 3) registers, and LDPSW (signed). */
function pair(f: PairFields, size: number, signed: boolean, mode: number, load: boolean): Op {
  const off = f.imm7 << size;
  const n = rSp(f.rn);
  const bytes = 1 << size;
  const wb = mode === 1 || mode === 3;
  const post = mode === 1;
  if (load) {
    const t1 = wZr(f.rt);
    const t2 = wZr(f.rt2);
    return (c) => {
      const x = c.x;
      pairAddresses(c, n, off, bytes, post);
      const aLo = PA[0],
        aHi = PA[1],
        a2Lo = PA[2],
        a2Hi = PA[3],
        nLo = PA[4],
        nHi = PA[5];
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
    const aLo = PA[0],
      aHi = PA[1],
      a2Lo = PA[2],
      a2Hi = PA[3],
      nLo = PA[4],
      nHi = PA[5];
    // Read both values before any store (the base may be one of them).
    const v1Lo = x[t1],
      v1Hi = x[t1 + 1],
      v2Lo = x[t2],
      v2Hi = x[t2 + 1];
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

const MEM = { mayFault: true } as const;

const absent = (feature: string) =>
  `${feature} is absent on the Cortex-A57-class ARMv8.0 core modelled here (the ID registers advertise none of it), so the instruction is UNDEFINED as on that CPU`;
const MTE = absent("FEAT_MTE (memory tagging)");
const LRCPC2 = absent("FEAT_LRCPC2 (load-acquire RCpc with unscaled offsets)");
const PAUTH = absent("FEAT_PAuth (pointer authentication)");
const MOPS = absent("FEAT_MOPS (memory copy and set)");

// Reserved values decline (disassemblers show them as data): an extend option with
// option<1> = 0, SIMD&FP widths with opc<1> = 1 and size != 0, opc = 11 of the SIMD&FP
// pairs and literal loads.
export const INSNS: InsnEntry[] = [
  // Load/store register (unsigned immediate, immediate post- and pre-indexed, unscaled immediate, unprivileged, register offset)
  insn({ name: "STRB (immediate)", encoding: "Unsigned offset" }, "00 111 0 01 00 imm12:12 rn:5 rt:5", MEM, (f) => unsignedOffset(f, gprStore(f.rt, 0))),
  insn({ name: "STRB (immediate)", encoding: "Post-index" }, "00 111 0 00 00 0 imm9:s9 01 rn:5 rt:5", MEM, (f) => immediate9(f, POST_INDEX, gprStore(f.rt, 0))),
  insn({ name: "STRB (immediate)", encoding: "Pre-index" }, "00 111 0 00 00 0 imm9:s9 11 rn:5 rt:5", MEM, (f) => immediate9(f, PRE_INDEX, gprStore(f.rt, 0))),
  insn("STURB", "00 111 0 00 00 0 imm9:s9 00 rn:5 rt:5", MEM, (f) => immediate9(f, UNSCALED, gprStore(f.rt, 0))),
  insn("STTRB", "00 111 0 00 00 0 imm9:s9 10 rn:5 rt:5", MEM, (f) => immediate9(f, UNPRIVILEGED, gprStore(f.rt, 0, true))),
  insn("STRB (register)", "00 111 0 00 00 1 rm:5 option:3 S:1 10 rn:5 rt:5", MEM, (f) => registerOffset(f, gprStore(f.rt, 0))),
  insn({ name: "LDRB (immediate)", encoding: "Unsigned offset" }, "00 111 0 01 01 imm12:12 rn:5 rt:5", MEM, (f) =>
    unsignedOffset(f, gprLoad(f.rt, 0, false, false)),
  ),
  insn({ name: "LDRB (immediate)", encoding: "Post-index" }, "00 111 0 00 01 0 imm9:s9 01 rn:5 rt:5", MEM, (f) =>
    immediate9(f, POST_INDEX, gprLoad(f.rt, 0, false, false)),
  ),
  insn({ name: "LDRB (immediate)", encoding: "Pre-index" }, "00 111 0 00 01 0 imm9:s9 11 rn:5 rt:5", MEM, (f) =>
    immediate9(f, PRE_INDEX, gprLoad(f.rt, 0, false, false)),
  ),
  insn("LDURB", "00 111 0 00 01 0 imm9:s9 00 rn:5 rt:5", MEM, (f) => immediate9(f, UNSCALED, gprLoad(f.rt, 0, false, false))),
  insn("LDTRB", "00 111 0 00 01 0 imm9:s9 10 rn:5 rt:5", MEM, (f) => immediate9(f, UNPRIVILEGED, gprLoad(f.rt, 0, false, false, true))),
  insn("LDRB (register)", "00 111 0 00 01 1 rm:5 option:3 S:1 10 rn:5 rt:5", MEM, (f) => registerOffset(f, gprLoad(f.rt, 0, false, false))),
  insn({ name: "LDRSB (immediate)", encoding: "Unsigned offset" }, "00 111 0 01 1 opc0:1 imm12:12 rn:5 rt:5", MEM, (f) =>
    unsignedOffset(f, gprLoad(f.rt, 0, true, f.opc0 === 0)),
  ),
  insn({ name: "LDRSB (immediate)", encoding: "Post-index" }, "00 111 0 00 1 opc0:1 0 imm9:s9 01 rn:5 rt:5", MEM, (f) =>
    immediate9(f, POST_INDEX, gprLoad(f.rt, 0, true, f.opc0 === 0)),
  ),
  insn({ name: "LDRSB (immediate)", encoding: "Pre-index" }, "00 111 0 00 1 opc0:1 0 imm9:s9 11 rn:5 rt:5", MEM, (f) =>
    immediate9(f, PRE_INDEX, gprLoad(f.rt, 0, true, f.opc0 === 0)),
  ),
  insn("LDURSB", "00 111 0 00 1 opc0:1 0 imm9:s9 00 rn:5 rt:5", MEM, (f) => immediate9(f, UNSCALED, gprLoad(f.rt, 0, true, f.opc0 === 0))),
  insn("LDTRSB", "00 111 0 00 1 opc0:1 0 imm9:s9 10 rn:5 rt:5", MEM, (f) => immediate9(f, UNPRIVILEGED, gprLoad(f.rt, 0, true, f.opc0 === 0, true))),
  insn("LDRSB (register)", "00 111 0 00 1 opc0:1 1 rm:5 option:3 S:1 10 rn:5 rt:5", MEM, (f) => registerOffset(f, gprLoad(f.rt, 0, true, f.opc0 === 0))),
  insn({ name: "STRH (immediate)", encoding: "Unsigned offset" }, "01 111 0 01 00 imm12:12 rn:5 rt:5", MEM, (f) => unsignedOffset(f, gprStore(f.rt, 1))),
  insn({ name: "STRH (immediate)", encoding: "Post-index" }, "01 111 0 00 00 0 imm9:s9 01 rn:5 rt:5", MEM, (f) => immediate9(f, POST_INDEX, gprStore(f.rt, 1))),
  insn({ name: "STRH (immediate)", encoding: "Pre-index" }, "01 111 0 00 00 0 imm9:s9 11 rn:5 rt:5", MEM, (f) => immediate9(f, PRE_INDEX, gprStore(f.rt, 1))),
  insn("STURH", "01 111 0 00 00 0 imm9:s9 00 rn:5 rt:5", MEM, (f) => immediate9(f, UNSCALED, gprStore(f.rt, 1))),
  insn("STTRH", "01 111 0 00 00 0 imm9:s9 10 rn:5 rt:5", MEM, (f) => immediate9(f, UNPRIVILEGED, gprStore(f.rt, 1, true))),
  insn("STRH (register)", "01 111 0 00 00 1 rm:5 option:3 S:1 10 rn:5 rt:5", MEM, (f) => registerOffset(f, gprStore(f.rt, 1))),
  insn({ name: "LDRH (immediate)", encoding: "Unsigned offset" }, "01 111 0 01 01 imm12:12 rn:5 rt:5", MEM, (f) =>
    unsignedOffset(f, gprLoad(f.rt, 1, false, false)),
  ),
  insn({ name: "LDRH (immediate)", encoding: "Post-index" }, "01 111 0 00 01 0 imm9:s9 01 rn:5 rt:5", MEM, (f) =>
    immediate9(f, POST_INDEX, gprLoad(f.rt, 1, false, false)),
  ),
  insn({ name: "LDRH (immediate)", encoding: "Pre-index" }, "01 111 0 00 01 0 imm9:s9 11 rn:5 rt:5", MEM, (f) =>
    immediate9(f, PRE_INDEX, gprLoad(f.rt, 1, false, false)),
  ),
  insn("LDURH", "01 111 0 00 01 0 imm9:s9 00 rn:5 rt:5", MEM, (f) => immediate9(f, UNSCALED, gprLoad(f.rt, 1, false, false))),
  insn("LDTRH", "01 111 0 00 01 0 imm9:s9 10 rn:5 rt:5", MEM, (f) => immediate9(f, UNPRIVILEGED, gprLoad(f.rt, 1, false, false, true))),
  insn("LDRH (register)", "01 111 0 00 01 1 rm:5 option:3 S:1 10 rn:5 rt:5", MEM, (f) => registerOffset(f, gprLoad(f.rt, 1, false, false))),
  insn({ name: "LDRSH (immediate)", encoding: "Unsigned offset" }, "01 111 0 01 1 opc0:1 imm12:12 rn:5 rt:5", MEM, (f) =>
    unsignedOffset(f, gprLoad(f.rt, 1, true, f.opc0 === 0)),
  ),
  insn({ name: "LDRSH (immediate)", encoding: "Post-index" }, "01 111 0 00 1 opc0:1 0 imm9:s9 01 rn:5 rt:5", MEM, (f) =>
    immediate9(f, POST_INDEX, gprLoad(f.rt, 1, true, f.opc0 === 0)),
  ),
  insn({ name: "LDRSH (immediate)", encoding: "Pre-index" }, "01 111 0 00 1 opc0:1 0 imm9:s9 11 rn:5 rt:5", MEM, (f) =>
    immediate9(f, PRE_INDEX, gprLoad(f.rt, 1, true, f.opc0 === 0)),
  ),
  insn("LDURSH", "01 111 0 00 1 opc0:1 0 imm9:s9 00 rn:5 rt:5", MEM, (f) => immediate9(f, UNSCALED, gprLoad(f.rt, 1, true, f.opc0 === 0))),
  insn("LDTRSH", "01 111 0 00 1 opc0:1 0 imm9:s9 10 rn:5 rt:5", MEM, (f) => immediate9(f, UNPRIVILEGED, gprLoad(f.rt, 1, true, f.opc0 === 0, true))),
  insn("LDRSH (register)", "01 111 0 00 1 opc0:1 1 rm:5 option:3 S:1 10 rn:5 rt:5", MEM, (f) => registerOffset(f, gprLoad(f.rt, 1, true, f.opc0 === 0))),
  insn({ name: "STR (immediate)", encoding: "Unsigned offset" }, "1 sz:1 111 0 01 00 imm12:12 rn:5 rt:5", MEM, (f) =>
    unsignedOffset(f, gprStore(f.rt, 2 + f.sz)),
  ),
  insn({ name: "STR (immediate)", encoding: "Post-index" }, "1 sz:1 111 0 00 00 0 imm9:s9 01 rn:5 rt:5", MEM, (f) =>
    immediate9(f, POST_INDEX, gprStore(f.rt, 2 + f.sz)),
  ),
  insn({ name: "STR (immediate)", encoding: "Pre-index" }, "1 sz:1 111 0 00 00 0 imm9:s9 11 rn:5 rt:5", MEM, (f) =>
    immediate9(f, PRE_INDEX, gprStore(f.rt, 2 + f.sz)),
  ),
  insn("STUR", "1 sz:1 111 0 00 00 0 imm9:s9 00 rn:5 rt:5", MEM, (f) => immediate9(f, UNSCALED, gprStore(f.rt, 2 + f.sz))),
  insn("STTR", "1 sz:1 111 0 00 00 0 imm9:s9 10 rn:5 rt:5", MEM, (f) => immediate9(f, UNPRIVILEGED, gprStore(f.rt, 2 + f.sz, true))),
  insn("STR (register)", "1 sz:1 111 0 00 00 1 rm:5 option:3 S:1 10 rn:5 rt:5", MEM, (f) => registerOffset(f, gprStore(f.rt, 2 + f.sz))),
  insn({ name: "LDR (immediate)", encoding: "Unsigned offset" }, "1 sz:1 111 0 01 01 imm12:12 rn:5 rt:5", MEM, (f) =>
    unsignedOffset(f, gprLoad(f.rt, 2 + f.sz, false, f.sz === 1)),
  ),
  insn({ name: "LDR (immediate)", encoding: "Post-index" }, "1 sz:1 111 0 00 01 0 imm9:s9 01 rn:5 rt:5", MEM, (f) =>
    immediate9(f, POST_INDEX, gprLoad(f.rt, 2 + f.sz, false, f.sz === 1)),
  ),
  insn({ name: "LDR (immediate)", encoding: "Pre-index" }, "1 sz:1 111 0 00 01 0 imm9:s9 11 rn:5 rt:5", MEM, (f) =>
    immediate9(f, PRE_INDEX, gprLoad(f.rt, 2 + f.sz, false, f.sz === 1)),
  ),
  insn("LDUR", "1 sz:1 111 0 00 01 0 imm9:s9 00 rn:5 rt:5", MEM, (f) => immediate9(f, UNSCALED, gprLoad(f.rt, 2 + f.sz, false, f.sz === 1))),
  insn("LDTR", "1 sz:1 111 0 00 01 0 imm9:s9 10 rn:5 rt:5", MEM, (f) => immediate9(f, UNPRIVILEGED, gprLoad(f.rt, 2 + f.sz, false, f.sz === 1, true))),
  insn("LDR (register)", "1 sz:1 111 0 00 01 1 rm:5 option:3 S:1 10 rn:5 rt:5", MEM, (f) => registerOffset(f, gprLoad(f.rt, 2 + f.sz, false, f.sz === 1))),
  insn({ name: "LDRSW (immediate)", encoding: "Unsigned offset" }, "10 111 0 01 10 imm12:12 rn:5 rt:5", MEM, (f) =>
    unsignedOffset(f, gprLoad(f.rt, 2, true, true)),
  ),
  insn({ name: "LDRSW (immediate)", encoding: "Post-index" }, "10 111 0 00 10 0 imm9:s9 01 rn:5 rt:5", MEM, (f) =>
    immediate9(f, POST_INDEX, gprLoad(f.rt, 2, true, true)),
  ),
  insn({ name: "LDRSW (immediate)", encoding: "Pre-index" }, "10 111 0 00 10 0 imm9:s9 11 rn:5 rt:5", MEM, (f) =>
    immediate9(f, PRE_INDEX, gprLoad(f.rt, 2, true, true)),
  ),
  insn("LDURSW", "10 111 0 00 10 0 imm9:s9 00 rn:5 rt:5", MEM, (f) => immediate9(f, UNSCALED, gprLoad(f.rt, 2, true, true))),
  insn("LDTRSW", "10 111 0 00 10 0 imm9:s9 10 rn:5 rt:5", MEM, (f) => immediate9(f, UNPRIVILEGED, gprLoad(f.rt, 2, true, true, true))),
  insn("LDRSW (register)", "10 111 0 00 10 1 rm:5 option:3 S:1 10 rn:5 rt:5", MEM, (f) => registerOffset(f, gprLoad(f.rt, 2, true, true))),
  insn({ name: "PRFM (immediate)", encoding: "Unsigned offset" }, "11 111 0 01 10 imm12:12 rn:5 rt:5", MEM, (f) => unsignedOffset(f, "prefetch")),
  insn("PRFUM", "11 111 0 00 10 0 imm9:s9 00 rn:5 rt:5", MEM, (f) => immediate9(f, UNSCALED, "prefetch")),
  insn("PRFM (register)", "11 111 0 00 10 1 rm:5 option:3 S:1 10 rn:5 rt:5", MEM, (f) => registerOffset(f, "prefetch")),
  // The same for SIMD&FP registers: size and opc<1> give B, H, S, D or Q
  insn({ name: "STR (immediate, SIMD&FP)", encoding: "Unsigned offset" }, "size:2 111 1 01 opc1:1 0 imm12:12 rn:5 rt:5", MEM, (f) =>
    unsignedOffset(f, fpTransfer(f, false)),
  ),
  insn({ name: "STR (immediate, SIMD&FP)", encoding: "Post-index" }, "size:2 111 1 00 opc1:1 0 0 imm9:s9 01 rn:5 rt:5", MEM, (f) =>
    immediate9(f, POST_INDEX, fpTransfer(f, false)),
  ),
  insn({ name: "STR (immediate, SIMD&FP)", encoding: "Pre-index" }, "size:2 111 1 00 opc1:1 0 0 imm9:s9 11 rn:5 rt:5", MEM, (f) =>
    immediate9(f, PRE_INDEX, fpTransfer(f, false)),
  ),
  insn("STUR (SIMD&FP)", "size:2 111 1 00 opc1:1 0 0 imm9:s9 00 rn:5 rt:5", MEM, (f) => immediate9(f, UNSCALED, fpTransfer(f, false))),
  insn("STR (register, SIMD&FP)", "size:2 111 1 00 opc1:1 0 1 rm:5 option:3 S:1 10 rn:5 rt:5", MEM, (f) => registerOffset(f, fpTransfer(f, false))),
  insn({ name: "LDR (immediate, SIMD&FP)", encoding: "Unsigned offset" }, "size:2 111 1 01 opc1:1 1 imm12:12 rn:5 rt:5", MEM, (f) =>
    unsignedOffset(f, fpTransfer(f, true)),
  ),
  insn({ name: "LDR (immediate, SIMD&FP)", encoding: "Post-index" }, "size:2 111 1 00 opc1:1 1 0 imm9:s9 01 rn:5 rt:5", MEM, (f) =>
    immediate9(f, POST_INDEX, fpTransfer(f, true)),
  ),
  insn({ name: "LDR (immediate, SIMD&FP)", encoding: "Pre-index" }, "size:2 111 1 00 opc1:1 1 0 imm9:s9 11 rn:5 rt:5", MEM, (f) =>
    immediate9(f, PRE_INDEX, fpTransfer(f, true)),
  ),
  insn("LDUR (SIMD&FP)", "size:2 111 1 00 opc1:1 1 0 imm9:s9 00 rn:5 rt:5", MEM, (f) => immediate9(f, UNSCALED, fpTransfer(f, true))),
  insn("LDR (register, SIMD&FP)", "size:2 111 1 00 opc1:1 1 1 rm:5 option:3 S:1 10 rn:5 rt:5", MEM, (f) => registerOffset(f, fpTransfer(f, true))),
  // Load register (literal)
  insn("LDR (literal)", "0 sf:1 011 0 00 imm19:s19*4 rt:5", { mayFault: true, readsPc: true }, (f) => literal(f, f.sf)),
  insn("LDRSW (literal)", "10 011 0 00 imm19:s19*4 rt:5", { mayFault: true, readsPc: true }, (f) => literal(f, 2)),
  insn("PRFM (literal)", "11 011 0 00 imm19:s19*4 rt:5", {}, () => () => {}),
  insn("LDR (literal, SIMD&FP)", "opc:2 011 1 00 imm19:s19*4 rt:5", { mayFault: true, readsPc: true }, literalVector),
  // Load/store pair (no-allocate, post-indexed, signed offset, pre-indexed)
  insn("STNP", "sf:1 0 101 0 000 0 imm7:s7 rt2:5 rn:5 rt:5", MEM, (f) => pair(f, 2 + f.sf, false, NO_ALLOCATE, false)),
  insn("LDNP", "sf:1 0 101 0 000 1 imm7:s7 rt2:5 rn:5 rt:5", MEM, (f) => pair(f, 2 + f.sf, false, NO_ALLOCATE, true)),
  insn({ name: "STP", encoding: "Post-index" }, "sf:1 0 101 0 001 0 imm7:s7 rt2:5 rn:5 rt:5", MEM, (f) => pair(f, 2 + f.sf, false, PAIR_POST_INDEX, false)),
  insn({ name: "STP", encoding: "Pre-index" }, "sf:1 0 101 0 011 0 imm7:s7 rt2:5 rn:5 rt:5", MEM, (f) => pair(f, 2 + f.sf, false, PAIR_PRE_INDEX, false)),
  insn({ name: "STP", encoding: "Signed offset" }, "sf:1 0 101 0 010 0 imm7:s7 rt2:5 rn:5 rt:5", MEM, (f) => pair(f, 2 + f.sf, false, PAIR_OFFSET, false)),
  insn({ name: "LDP", encoding: "Post-index" }, "sf:1 0 101 0 001 1 imm7:s7 rt2:5 rn:5 rt:5", MEM, (f) => pair(f, 2 + f.sf, false, PAIR_POST_INDEX, true)),
  insn({ name: "LDP", encoding: "Pre-index" }, "sf:1 0 101 0 011 1 imm7:s7 rt2:5 rn:5 rt:5", MEM, (f) => pair(f, 2 + f.sf, false, PAIR_PRE_INDEX, true)),
  insn({ name: "LDP", encoding: "Signed offset" }, "sf:1 0 101 0 010 1 imm7:s7 rt2:5 rn:5 rt:5", MEM, (f) => pair(f, 2 + f.sf, false, PAIR_OFFSET, true)),
  insn({ name: "LDPSW", encoding: "Post-index" }, "01 101 0 001 1 imm7:s7 rt2:5 rn:5 rt:5", MEM, (f) => pair(f, 2, true, PAIR_POST_INDEX, true)),
  insn({ name: "LDPSW", encoding: "Pre-index" }, "01 101 0 011 1 imm7:s7 rt2:5 rn:5 rt:5", MEM, (f) => pair(f, 2, true, PAIR_PRE_INDEX, true)),
  insn({ name: "LDPSW", encoding: "Signed offset" }, "01 101 0 010 1 imm7:s7 rt2:5 rn:5 rt:5", MEM, (f) => pair(f, 2, true, PAIR_OFFSET, true)),
  notImplemented({ name: "STGP", encoding: "Post-index" }, "01 101 0 001 0 imm7:s7 rt2:5 rn:5 rt:5", { feature: "FEAT_MTE", mayFault: true }, MTE),
  notImplemented({ name: "STGP", encoding: "Pre-index" }, "01 101 0 011 0 imm7:s7 rt2:5 rn:5 rt:5", { feature: "FEAT_MTE", mayFault: true }, MTE),
  notImplemented({ name: "STGP", encoding: "Signed offset" }, "01 101 0 010 0 imm7:s7 rt2:5 rn:5 rt:5", { feature: "FEAT_MTE", mayFault: true }, MTE),
  insn("STNP (SIMD&FP)", "opc:2 101 1 000 0 imm7:s7 rt2:5 rn:5 rt:5", MEM, (f) => vectorPair(f, NO_ALLOCATE, false)),
  insn("LDNP (SIMD&FP)", "opc:2 101 1 000 1 imm7:s7 rt2:5 rn:5 rt:5", MEM, (f) => vectorPair(f, NO_ALLOCATE, true)),
  insn({ name: "STP (SIMD&FP)", encoding: "Post-index" }, "opc:2 101 1 001 0 imm7:s7 rt2:5 rn:5 rt:5", MEM, (f) => vectorPair(f, PAIR_POST_INDEX, false)),
  insn({ name: "STP (SIMD&FP)", encoding: "Pre-index" }, "opc:2 101 1 011 0 imm7:s7 rt2:5 rn:5 rt:5", MEM, (f) => vectorPair(f, PAIR_PRE_INDEX, false)),
  insn({ name: "STP (SIMD&FP)", encoding: "Signed offset" }, "opc:2 101 1 010 0 imm7:s7 rt2:5 rn:5 rt:5", MEM, (f) => vectorPair(f, PAIR_OFFSET, false)),
  insn({ name: "LDP (SIMD&FP)", encoding: "Post-index" }, "opc:2 101 1 001 1 imm7:s7 rt2:5 rn:5 rt:5", MEM, (f) => vectorPair(f, PAIR_POST_INDEX, true)),
  insn({ name: "LDP (SIMD&FP)", encoding: "Pre-index" }, "opc:2 101 1 011 1 imm7:s7 rt2:5 rn:5 rt:5", MEM, (f) => vectorPair(f, PAIR_PRE_INDEX, true)),
  insn({ name: "LDP (SIMD&FP)", encoding: "Signed offset" }, "opc:2 101 1 010 1 imm7:s7 rt2:5 rn:5 rt:5", MEM, (f) => vectorPair(f, PAIR_OFFSET, true)),
  // Not implemented: features absent on the ARMv8.0 core modelled here
  notImplemented("STLURB", "00 011001 00 0 imm9:s9 00 rn:5 rt:5", { feature: "FEAT_LRCPC2", mayFault: true }, LRCPC2),
  notImplemented("LDAPURB", "00 011001 01 0 imm9:s9 00 rn:5 rt:5", { feature: "FEAT_LRCPC2", mayFault: true }, LRCPC2),
  notImplemented("LDAPURSB", "00 011001 1 opc0:1 0 imm9:s9 00 rn:5 rt:5", { feature: "FEAT_LRCPC2", mayFault: true }, LRCPC2),
  notImplemented("STLURH", "01 011001 00 0 imm9:s9 00 rn:5 rt:5", { feature: "FEAT_LRCPC2", mayFault: true }, LRCPC2),
  notImplemented("LDAPURH", "01 011001 01 0 imm9:s9 00 rn:5 rt:5", { feature: "FEAT_LRCPC2", mayFault: true }, LRCPC2),
  notImplemented("LDAPURSH", "01 011001 1 opc0:1 0 imm9:s9 00 rn:5 rt:5", { feature: "FEAT_LRCPC2", mayFault: true }, LRCPC2),
  notImplemented("STLUR", "1 sz:1 011001 00 0 imm9:s9 00 rn:5 rt:5", { feature: "FEAT_LRCPC2", mayFault: true }, LRCPC2),
  notImplemented("LDAPUR", "1 sz:1 011001 01 0 imm9:s9 00 rn:5 rt:5", { feature: "FEAT_LRCPC2", mayFault: true }, LRCPC2),
  notImplemented("LDAPURSW", "10 011001 10 0 imm9:s9 00 rn:5 rt:5", { feature: "FEAT_LRCPC2", mayFault: true }, LRCPC2),
  notImplemented("LDRAA, LDRAB", "11 111 0 00 M:1 S:1 1 imm9:9 W:1 1 rn:5 rt:5", { feature: "FEAT_PAuth", mayFault: true }, PAUTH),
  notImplemented({ name: "STG", encoding: "Post-index" }, "11011001 00 1 imm9:s9 01 rn:5 rt:5", { feature: "FEAT_MTE", mayFault: true }, MTE),
  notImplemented({ name: "STG", encoding: "Pre-index" }, "11011001 00 1 imm9:s9 11 rn:5 rt:5", { feature: "FEAT_MTE", mayFault: true }, MTE),
  notImplemented({ name: "STG", encoding: "Signed offset" }, "11011001 00 1 imm9:s9 10 rn:5 rt:5", { feature: "FEAT_MTE", mayFault: true }, MTE),
  notImplemented({ name: "STZG", encoding: "Post-index" }, "11011001 01 1 imm9:s9 01 rn:5 rt:5", { feature: "FEAT_MTE", mayFault: true }, MTE),
  notImplemented({ name: "STZG", encoding: "Pre-index" }, "11011001 01 1 imm9:s9 11 rn:5 rt:5", { feature: "FEAT_MTE", mayFault: true }, MTE),
  notImplemented({ name: "STZG", encoding: "Signed offset" }, "11011001 01 1 imm9:s9 10 rn:5 rt:5", { feature: "FEAT_MTE", mayFault: true }, MTE),
  notImplemented({ name: "ST2G", encoding: "Post-index" }, "11011001 10 1 imm9:s9 01 rn:5 rt:5", { feature: "FEAT_MTE", mayFault: true }, MTE),
  notImplemented({ name: "ST2G", encoding: "Pre-index" }, "11011001 10 1 imm9:s9 11 rn:5 rt:5", { feature: "FEAT_MTE", mayFault: true }, MTE),
  notImplemented({ name: "ST2G", encoding: "Signed offset" }, "11011001 10 1 imm9:s9 10 rn:5 rt:5", { feature: "FEAT_MTE", mayFault: true }, MTE),
  notImplemented({ name: "STZ2G", encoding: "Post-index" }, "11011001 11 1 imm9:s9 01 rn:5 rt:5", { feature: "FEAT_MTE", mayFault: true }, MTE),
  notImplemented({ name: "STZ2G", encoding: "Pre-index" }, "11011001 11 1 imm9:s9 11 rn:5 rt:5", { feature: "FEAT_MTE", mayFault: true }, MTE),
  notImplemented({ name: "STZ2G", encoding: "Signed offset" }, "11011001 11 1 imm9:s9 10 rn:5 rt:5", { feature: "FEAT_MTE", mayFault: true }, MTE),
  notImplemented("STZGM", "11011001 00 1 000000000 00 rn:5 rt:5", { feature: "FEAT_MTE", mayFault: true }, MTE),
  notImplemented("LDG", "11011001 01 1 imm9:s9 00 rn:5 rt:5", { feature: "FEAT_MTE", mayFault: true }, MTE),
  notImplemented("STGM", "11011001 10 1 000000000 00 rn:5 rt:5", { feature: "FEAT_MTE", mayFault: true }, MTE),
  notImplemented("LDGM", "11011001 11 1 000000000 00 rn:5 rt:5", { feature: "FEAT_MTE", mayFault: true }, MTE),
  notImplemented(
    { name: "CPYFP, CPYFM, CPYFE", encoding: "Prologue" },
    "sz:2 011 0 01 00 0 rs:5 op2:4 01 rn:5 rd:5",
    { feature: "FEAT_MOPS", mayFault: true },
    MOPS,
  ),
  notImplemented(
    { name: "CPYFP, CPYFM, CPYFE", encoding: "Main" },
    "sz:2 011 0 01 01 0 rs:5 op2:4 01 rn:5 rd:5",
    { feature: "FEAT_MOPS", mayFault: true },
    MOPS,
  ),
  notImplemented(
    { name: "CPYFP, CPYFM, CPYFE", encoding: "Epilogue" },
    "sz:2 011 0 01 10 0 rs:5 op2:4 01 rn:5 rd:5",
    { feature: "FEAT_MOPS", mayFault: true },
    MOPS,
  ),
  notImplemented(
    { name: "CPYP, CPYM, CPYE", encoding: "Prologue" },
    "sz:2 011 1 01 00 0 rs:5 op2:4 01 rn:5 rd:5",
    { feature: "FEAT_MOPS", mayFault: true },
    MOPS,
  ),
  notImplemented({ name: "CPYP, CPYM, CPYE", encoding: "Main" }, "sz:2 011 1 01 01 0 rs:5 op2:4 01 rn:5 rd:5", { feature: "FEAT_MOPS", mayFault: true }, MOPS),
  notImplemented(
    { name: "CPYP, CPYM, CPYE", encoding: "Epilogue" },
    "sz:2 011 1 01 10 0 rs:5 op2:4 01 rn:5 rd:5",
    { feature: "FEAT_MOPS", mayFault: true },
    MOPS,
  ),
  notImplemented(
    { name: "SETP, SETM, SETE", encoding: "Prologue" },
    "sz:2 011 0 01 11 0 rs:5 00 op2:2 01 rn:5 rd:5",
    { feature: "FEAT_MOPS", mayFault: true },
    MOPS,
  ),
  notImplemented(
    { name: "SETP, SETM, SETE", encoding: "Main" },
    "sz:2 011 0 01 11 0 rs:5 01 op2:2 01 rn:5 rd:5",
    { feature: "FEAT_MOPS", mayFault: true },
    MOPS,
  ),
  notImplemented(
    { name: "SETP, SETM, SETE", encoding: "Epilogue" },
    "sz:2 011 0 01 11 0 rs:5 10 op2:2 01 rn:5 rd:5",
    { feature: "FEAT_MOPS", mayFault: true },
    MOPS,
  ),
  notImplemented(
    { name: "SETGP, SETGM, SETGE", encoding: "Prologue" },
    "sz:2 011 1 01 11 0 rs:5 00 op2:2 01 rn:5 rd:5",
    { feature: "FEAT_MOPS", mayFault: true },
    MOPS,
  ),
  notImplemented(
    { name: "SETGP, SETGM, SETGE", encoding: "Main" },
    "sz:2 011 1 01 11 0 rs:5 01 op2:2 01 rn:5 rd:5",
    { feature: "FEAT_MOPS", mayFault: true },
    MOPS,
  ),
  notImplemented(
    { name: "SETGP, SETGM, SETGE", encoding: "Epilogue" },
    "sz:2 011 1 01 11 0 rs:5 10 op2:2 01 rn:5 rd:5",
    { feature: "FEAT_MOPS", mayFault: true },
    MOPS,
  ),
];
