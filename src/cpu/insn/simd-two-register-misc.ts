// Advanced SIMD two-register miscellaneous, vector forms (ARM ARM "Advanced SIMD
// two-register miscellaneous"): integer (REV*, pairwise long adds, CLS/CLZ/CNT/NOT/RBIT,
// compares with zero, ABS/NEG, narrows, SHLL) and floating point (FABS, FNEG, FSQRT, FRINT*,
// FCVT* to integer, SCVTF/UCVTF, FCVTL/FCVTN/FCVTXN, compares with zero). The FP lanes run
// the scalar FP code through the staging registers of simd-fp-general.ts. The half-precision
// class (FEAT_FP16) and the other forms Cortex-A57 lacks are listed as not implemented.
import type { CoreContext } from "../core-context.ts";
import { insn, notImplemented, type Feature, type InsnEntry, type Op } from "../decode-pattern.ts";
import { get, IXC, OFC, oneSource, put as putFp, UFC, type Prec } from "./fp-scalar.ts";
import { commitOut, elem, outFrom, put, saturate } from "./simd-elements.ts";
import { compare, D, fromInt, lanes, N, OUT, scalar1, stage, toInt, type LaneOp } from "./simd-fp-lanes.ts";
import { clearR, commit, lane, laneSigned, R, setLane } from "./simd-lanes.ts";

/** The fields every integer vector form has. */
export interface VectorFields {
  readonly Q: number;
  readonly size: number;
  readonly rn: number;
  readonly rd: number;
}

/** The fields every floating-point vector form has (sz: 0 single, 1 double). */
export interface FpVectorFields {
  readonly Q: number;
  readonly sz: number;
  readonly rn: number;
  readonly rd: number;
}

// ---- integer ------------------------------------------------------------------------------------

/** An Op writing lane e of Vd from fn (64-bit lanes take an all-ones or all-zeros word). */
function perLane(f: VectorFields, fn: (c: CoreContext, e: number) => number): Op {
  const { Q, size, rd } = f;
  const esize = 1 << size;
  const q = Q === 1;
  const count = (q ? 16 : 8) / esize;
  return size === 3
    ? (c) => {
        clearR();
        for (let e = 0; e < 2; e++) {
          const r = fn(c, e);
          R[2 * e] = r;
          R[2 * e + 1] = r;
        }
        commit(c, rd, q);
      }
    : (c) => {
        clearR();
        for (let e = 0; e < count; e++) setLane(e, esize, fn(c, e) >>> 0);
        commit(c, rd, q);
      };
}

function cnt(f: VectorFields): Op {
  const { rn } = f;
  return perLane(f, (c, e) => {
    let v = lane(c, rn, e, 1);
    let n = 0;
    for (; v; v &= v - 1) n++;
    return n;
  });
}

function not(f: VectorFields): Op {
  const { rn } = f;
  return perLane(f, (c, e) => ~lane(c, rn, e, 1) & 0xff);
}

type Signed64Test = (hi: number, lo: number) => boolean;

/** CMxx #0: lanes as signed numbers; 64-bit lanes tested as a signed high and a low word. */
function compareZero(f: VectorFields, test: (v: number) => boolean, test64: Signed64Test): Op | null {
  const { Q, size, rn } = f;
  if (size === 3 && Q === 0) return null;
  const esize = 1 << size;
  const mask = esize === 4 ? 0xffffffff : (1 << (8 * esize)) - 1;
  if (size === 3)
    return perLane(f, (c, e) => {
      const lo = c.vreg[rn * 4 + 2 * e],
        hi = c.vreg[rn * 4 + 2 * e + 1];
      return test64(hi | 0, lo) ? 0xffffffff : 0;
    });
  return perLane(f, (c, e) => (test(laneSigned(c, rn, e, esize)) ? mask : 0));
}

/** ABS / NEG (vector). */
function absNeg(f: VectorFields, neg: boolean): Op | null {
  const { Q, size, rn, rd } = f;
  if (size === 3) {
    if (Q === 0) return null;
    return (c) => {
      for (let e = 0; e < 2; e++) {
        const lo = c.vreg[rn * 4 + 2 * e],
          hi = c.vreg[rn * 4 + 2 * e + 1];
        const negate = neg || (hi | 0) < 0;
        const nlo = (~lo >>> 0) + 1;
        R[2 * e] = negate ? nlo : lo;
        R[2 * e + 1] = negate ? (~hi >>> 0) + (nlo > 0xffffffff ? 1 : 0) : hi;
      }
      commit(c, rd, true);
    };
  }
  const esize = 1 << size;
  return perLane(f, (c, e) => {
    const v = laneSigned(c, rn, e, esize);
    return neg || v < 0 ? -v : v;
  });
}

/** REV16 / REV32 / REV64: reverse the elements inside each `container`-byte unit. */
function rev(f: VectorFields, container: number): Op | null {
  const { Q, size, rn, rd } = f;
  const esize = 1 << size;
  if (esize >= container) return null;
  const q = Q === 1;
  const count = (q ? 16 : 8) / esize;
  const per = container / esize;
  return (c) => {
    clearR();
    for (let e = 0; e < count; e++) {
      const base = e - (e % per);
      setLane(base + (per - 1 - (e % per)), esize, lane(c, rn, e, esize));
    }
    commit(c, rd, q);
  };
}

/** XTN{2}: narrow each 2·esize lane to esize, into the lower or upper half. */
function xtn(f: VectorFields): Op | null {
  const { Q, size, rn, rd } = f;
  if (size === 3) return null;
  const q = Q === 1;
  const esize = 1 << size;
  const wide = esize * 2;
  const n = 8 / esize;
  return (c) => {
    const v = c.vreg;
    if (q) {
      R[0] = v[rd * 4];
      R[1] = v[rd * 4 + 1];
    } else clearR();
    for (let e = 0; e < n; e++) {
      const w = wide === 8 ? v[rn * 4 + 2 * e] : lane(c, rn, e, wide);
      setLane((q ? n : 0) + e, esize, w >>> 0);
    }
    if (!q) R[2] = R[3] = 0;
    commit(c, rd, true);
  };
}

const rbit8 = (v: bigint) => {
  let r = 0n;
  for (let i = 0n; i < 8n; i++) if ((v >> i) & 1n) r |= 1n << (7n - i);
  return r;
};

/** RBIT (vector): reverse the bits of each byte. */
function rbit(f: Omit<VectorFields, "size">): Op {
  const { Q, rn, rd } = f;
  const bytes = Q ? 16 : 8;
  return (c) => {
    for (let e = 0; e < bytes; e++) put(e, 1, rbit8(elem(c, rn, e, 1, false)));
    commitOut(c, rd, bytes);
  };
}

/** SADDLP/UADDLP, SADALP/UADALP: adjacent pairs added into double-width elements. */
function addPairwiseLong(f: VectorFields, signed: boolean, acc: boolean): Op | null {
  const { Q, size, rn, rd } = f;
  if (size === 3) return null;
  const esize = 1 << size;
  const bytes = Q ? 16 : 8;
  const count = bytes / (esize * 2);
  return (c) => {
    for (let e = 0; e < count; e++) {
      const sum = elem(c, rn, 2 * e, esize, signed) + elem(c, rn, 2 * e + 1, esize, signed);
      put(e, esize * 2, acc ? elem(c, rd, e, esize * 2, false) + sum : sum);
    }
    commitOut(c, rd, bytes);
  };
}

/** SHLL{2}: widen and shift left by the element size. */
function shll(f: VectorFields): Op | null {
  const { Q, size, rn, rd } = f;
  if (size === 3) return null;
  const esize = 1 << size;
  const first = Q ? 8 / esize : 0;
  return (c) => {
    for (let e = 0; e < 8 / esize; e++) put(e, esize * 2, elem(c, rn, first + e, esize, false) << BigInt(esize * 8));
    commitOut(c, rd, 16);
  };
}

/** A saturating narrow: the source's signedness, and the saturation to `bits`. */
export interface Narrow {
  readonly srcSigned: boolean;
  readonly dstSigned: boolean;
}
export const SQXTN: Narrow = { srcSigned: true, dstSigned: true };
export const UQXTN: Narrow = { srcSigned: false, dstSigned: false };
export const SQXTUN: Narrow = { srcSigned: true, dstSigned: false };

/** SQXTN{2}, UQXTN{2}, SQXTUN{2}. */
function saturatingNarrow(f: VectorFields, n: Narrow): Op | null {
  const { Q, size, rn, rd } = f;
  if (size === 3) return null;
  const esize = 1 << size;
  const count = 8 / esize;
  return (c) => {
    outFrom(c, rd);
    for (let e = 0; e < count; e++) put((Q ? count : 0) + e, esize, saturate(c, elem(c, rn, e, esize * 2, n.srcSigned), esize * 8, n.dstSigned));
    commitOut(c, rd, Q ? 16 : 8);
  };
}

const clz = (v: bigint, bits: number) => {
  let n = 0;
  for (let i = bits - 1; i >= 0 && ((v >> BigInt(i)) & 1n) === 0n; i--) n++;
  return BigInt(n);
};
const cls = (v: bigint, bits: number) => {
  const top = (v >> BigInt(bits - 1)) & 1n;
  let n = 0;
  for (let i = bits - 2; i >= 0 && ((v >> BigInt(i)) & 1n) === top; i--) n++;
  return BigInt(n);
};

/** A same-width element operation (also used by the scalar class). */
export interface ElementOp {
  readonly signed: boolean;
  readonly sizes: readonly number[];
  readonly fn: (c: CoreContext, a: bigint, d: bigint, bits: number) => bigint;
}

export const SUQADD: ElementOp = {
  signed: true,
  sizes: [0, 1, 2, 3],
  fn: (c, a, d, bits) => saturate(c, BigInt.asIntN(bits, d) + BigInt.asUintN(bits, a), bits, true),
}; // Vn unsigned into signed Vd
export const USQADD: ElementOp = { signed: true, sizes: [0, 1, 2, 3], fn: (c, a, d, bits) => saturate(c, BigInt.asUintN(bits, d) + a, bits, false) }; // Vn signed into unsigned Vd
const CLS: ElementOp = { signed: false, sizes: [0, 1, 2], fn: (_c, a, _d, bits) => cls(a, bits) };
const CLZ: ElementOp = { signed: false, sizes: [0, 1, 2], fn: (_c, a, _d, bits) => clz(a, bits) };
export const SQABS: ElementOp = { signed: true, sizes: [0, 1, 2, 3], fn: (c, a, _d, bits) => saturate(c, a < 0n ? -a : a, bits, true) };
export const SQNEG: ElementOp = { signed: true, sizes: [0, 1, 2, 3], fn: (c, a, _d, bits) => saturate(c, -a, bits, true) };

function sameWidth(f: VectorFields, op: ElementOp): Op | null {
  const { Q, size, rn, rd } = f;
  if (!op.sizes.includes(size) || (size === 3 && !Q)) return null;
  const esize = 1 << size;
  const bytes = Q ? 16 : 8;
  const count = bytes / esize;
  return (c) => {
    for (let e = 0; e < count; e++) put(e, esize, op.fn(c, elem(c, rn, e, esize, op.signed), elem(c, rd, e, esize, false), esize * 8));
    commitOut(c, rd, bytes);
  };
}

// ---- floating point -----------------------------------------------------------------------------

/** A lane operation over every S (sz=0) or D (sz=1, Q=1 only) lane of Vn. */
function fpLanes(f: FpVectorFields, make: (p: Prec) => LaneOp): Op | null {
  const { Q, sz, rn, rd } = f;
  if (sz === 1 && Q === 0) return null;
  const p = sz as Prec;
  const op = make(p);
  return (c) => lanes(c, p, Q === 1, rn, rn, rd, op);
}

/** FCVTL{2}: single → double (the half → single form, sz=0, is not modelled). */
function fcvtl(f: FpVectorFields): Op | null {
  const { Q, sz, rn, rd } = f;
  if (sz !== 1) return null;
  const widen = oneSource({ ftype: 0, rn: N, rd: D, opcode: 5 })!;
  return (c) => {
    for (let e = 0; e < 2; e++) {
      stage(c, rn, (Q ? 2 : 0) + e, 0, N);
      widen(c);
      OUT[2 * e] = c.vreg[D * 4];
      OUT[2 * e + 1] = c.vreg[D * 4 + 1];
    }
    c.vreg.set(OUT, rd * 4);
  };
}

/** FCVTN{2} (double → single; the single → half form, sz=0, is not modelled) and
 *  FCVTXN{2} (round to odd; sz=1 only). */
function fcvtn(f: FpVectorFields, odd: boolean): Op | null {
  const { Q, sz, rn, rd } = f;
  if (sz !== 1) return null;
  const narrow = oneSource({ ftype: 1, rn: N, rd: D, opcode: 4 })!;
  return (c) => {
    const keep = Q ? [c.vreg[rd * 4], c.vreg[rd * 4 + 1]] : [0, 0];
    const res = [0, 0];
    for (let e = 0; e < 2; e++) {
      stage(c, rn, e, 1, N);
      if (odd) roundToOddSingle(c);
      else narrow(c);
      res[e] = c.vreg[D * 4];
    }
    const v = c.vreg;
    if (Q) {
      v[rd * 4] = keep[0];
      v[rd * 4 + 1] = keep[1];
      v[rd * 4 + 2] = res[0];
      v[rd * 4 + 3] = res[1];
    } else {
      v[rd * 4] = res[0];
      v[rd * 4 + 1] = res[1];
      v[rd * 4 + 2] = v[rd * 4 + 3] = 0;
    }
  };
}

/** FCVTXN's rounding: double → single with round-to-odd (truncate, set the last bit when
 *  anything was lost), from staging register N into D. */
export function roundToOddSingle(c: CoreContext): void {
  const a = get(c, N, 1);
  if (Number.isNaN(a)) {
    oneSource({ ftype: 1, rn: N, rd: D, opcode: 4 })!(c);
    return;
  }
  let s = Math.fround(a);
  if (Number.isFinite(a) && s !== a) {
    c.fpsr |= IXC;
    if (Math.abs(a) > 3.4028234663852886e38) c.fpsr |= OFC;
    else if (Math.abs(a) < 1.1754943508222875e-38) c.fpsr |= UFC;
    // Truncate toward zero, then make the last mantissa bit one.
    if (Math.abs(s) > Math.abs(a)) {
      const f = new Float32Array([s]);
      const u = new Uint32Array(f.buffer);
      u[0] -= 1;
      s = f[0];
    }
    const f = new Float32Array([s]);
    const u = new Uint32Array(f.buffer);
    u[0] |= 1;
    s = f[0];
  }
  putFp(c, D, 0, s);
}

/** The lane operations shared with the scalar class (scalar2 opcodes as in fp-scalar.ts). */
export const FCMGT_ZERO = (p: Prec): LaneOp => compare(p, "gt", false, true);
export const FCMEQ_ZERO = (p: Prec): LaneOp => compare(p, "eq", false, true);
export const FCMLT_ZERO = (p: Prec): LaneOp => compare(p, "gt", false, true, true); // 0 > a
export const FCMGE_ZERO = (p: Prec): LaneOp => compare(p, "ge", false, true);
export const FCMLE_ZERO = (p: Prec): LaneOp => compare(p, "ge", false, true, true); // 0 >= a

const HALF = "the half-precision forms (FEAT_FP16) are absent on the Cortex-A57 the core models: UNDEFINED there";
const NOT_MODELLED = "not implemented by the ts core (no supported guest uses it): UNDEFINED here";

/** A not-implemented FP16 vector form: "0 Q U 01110 a 1111 00 opcode 10". */
function fp16(name: string, spec: string): InsnEntry {
  return notImplemented({ name, encoding: "Vector, half-precision" }, spec, { feature: "FEAT_FP16" }, HALF);
}

function absent(name: string, spec: string, feature: Feature, because: string): InsnEntry {
  return notImplemented(name, spec, { feature }, because);
}

export const INSNS: InsnEntry[] = [
  // integer
  insn("REV64", "0 Q:1 0 01110 size:2 10000 00000 10 rn:5 rd:5", {}, (f) => rev(f, 8)),
  insn("REV16 (vector)", "0 Q:1 0 01110 size:2 10000 00001 10 rn:5 rd:5", {}, (f) => rev(f, 2)),
  insn("REV32 (vector)", "0 Q:1 1 01110 size:2 10000 00000 10 rn:5 rd:5", {}, (f) => rev(f, 4)),
  insn("SADDLP", "0 Q:1 0 01110 size:2 10000 00010 10 rn:5 rd:5", {}, (f) => addPairwiseLong(f, true, false)),
  insn("UADDLP", "0 Q:1 1 01110 size:2 10000 00010 10 rn:5 rd:5", {}, (f) => addPairwiseLong(f, false, false)),
  insn("SADALP", "0 Q:1 0 01110 size:2 10000 00110 10 rn:5 rd:5", {}, (f) => addPairwiseLong(f, true, true)),
  insn("UADALP", "0 Q:1 1 01110 size:2 10000 00110 10 rn:5 rd:5", {}, (f) => addPairwiseLong(f, false, true)),
  insn({ name: "SUQADD", encoding: "Vector" }, "0 Q:1 0 01110 size:2 10000 00011 10 rn:5 rd:5", {}, (f) => sameWidth(f, SUQADD)),
  insn({ name: "USQADD", encoding: "Vector" }, "0 Q:1 1 01110 size:2 10000 00011 10 rn:5 rd:5", {}, (f) => sameWidth(f, USQADD)),
  insn("CLS (vector)", "0 Q:1 0 01110 size:2 10000 00100 10 rn:5 rd:5", {}, (f) => sameWidth(f, CLS)),
  insn("CLZ (vector)", "0 Q:1 1 01110 size:2 10000 00100 10 rn:5 rd:5", {}, (f) => sameWidth(f, CLZ)),
  insn({ name: "SQABS", encoding: "Vector" }, "0 Q:1 0 01110 size:2 10000 00111 10 rn:5 rd:5", {}, (f) => sameWidth(f, SQABS)),
  insn({ name: "SQNEG", encoding: "Vector" }, "0 Q:1 1 01110 size:2 10000 00111 10 rn:5 rd:5", {}, (f) => sameWidth(f, SQNEG)),
  insn("CNT", "0 Q:1 0 01110 00 10000 00101 10 rn:5 rd:5", {}, (f) => cnt({ Q: f.Q, size: 0, rn: f.rn, rd: f.rd })),
  insn("NOT", "0 Q:1 1 01110 00 10000 00101 10 rn:5 rd:5", {}, (f) => not({ Q: f.Q, size: 0, rn: f.rn, rd: f.rd })),
  insn("RBIT (vector)", "0 Q:1 1 01110 01 10000 00101 10 rn:5 rd:5", {}, (f) => rbit(f)),
  insn({ name: "CMGT (zero)", encoding: "Vector" }, "0 Q:1 0 01110 size:2 10000 01000 10 rn:5 rd:5", {}, (f) =>
    compareZero(
      f,
      (v) => v > 0,
      (h, l) => h > 0 || (h === 0 && l !== 0),
    ),
  ),
  insn({ name: "CMEQ (zero)", encoding: "Vector" }, "0 Q:1 0 01110 size:2 10000 01001 10 rn:5 rd:5", {}, (f) =>
    compareZero(
      f,
      (v) => v === 0,
      (h, l) => h === 0 && l === 0,
    ),
  ),
  insn({ name: "CMLT (zero)", encoding: "Vector" }, "0 Q:1 0 01110 size:2 10000 01010 10 rn:5 rd:5", {}, (f) =>
    compareZero(
      f,
      (v) => v < 0,
      (h) => h < 0,
    ),
  ),
  insn({ name: "CMGE (zero)", encoding: "Vector" }, "0 Q:1 1 01110 size:2 10000 01000 10 rn:5 rd:5", {}, (f) =>
    compareZero(
      f,
      (v) => v >= 0,
      (h) => h >= 0,
    ),
  ),
  insn({ name: "CMLE (zero)", encoding: "Vector" }, "0 Q:1 1 01110 size:2 10000 01001 10 rn:5 rd:5", {}, (f) =>
    compareZero(
      f,
      (v) => v <= 0,
      (h, l) => h < 0 || (h === 0 && l === 0),
    ),
  ),
  insn({ name: "ABS", encoding: "Vector" }, "0 Q:1 0 01110 size:2 10000 01011 10 rn:5 rd:5", {}, (f) => absNeg(f, false)),
  insn({ name: "NEG (vector)", encoding: "Vector" }, "0 Q:1 1 01110 size:2 10000 01011 10 rn:5 rd:5", {}, (f) => absNeg(f, true)),
  insn("XTN", "0 Q:1 0 01110 size:2 10000 10010 10 rn:5 rd:5", {}, (f) => xtn(f)),
  insn({ name: "SQXTUN", encoding: "Vector" }, "0 Q:1 1 01110 size:2 10000 10010 10 rn:5 rd:5", {}, (f) => saturatingNarrow(f, SQXTUN)),
  insn("SHLL", "0 Q:1 1 01110 size:2 10000 10011 10 rn:5 rd:5", {}, (f) => shll(f)),
  insn({ name: "SQXTN", encoding: "Vector" }, "0 Q:1 0 01110 size:2 10000 10100 10 rn:5 rd:5", {}, (f) => saturatingNarrow(f, SQXTN)),
  insn({ name: "UQXTN", encoding: "Vector" }, "0 Q:1 1 01110 size:2 10000 10100 10 rn:5 rd:5", {}, (f) => saturatingNarrow(f, UQXTN)),
  // floating point, size = 0:sz
  insn("FCVTN", "0 Q:1 0 01110 0 sz:1 10000 10110 10 rn:5 rd:5", { declines: "sz=0 (single to half precision): not modelled by the ts core" }, (f) =>
    fcvtn(f, false),
  ),
  insn({ name: "FCVTXN", encoding: "Vector" }, "0 Q:1 1 01110 0 sz:1 10000 10110 10 rn:5 rd:5", {}, (f) => fcvtn(f, true)),
  insn("FCVTL", "0 Q:1 0 01110 0 sz:1 10000 10111 10 rn:5 rd:5", { declines: "sz=0 (half to single precision): not modelled by the ts core" }, (f) => fcvtl(f)),
  insn({ name: "FRINTN (vector)", encoding: "Single-precision and double-precision" }, "0 Q:1 0 01110 0 sz:1 10000 11000 10 rn:5 rd:5", {}, (f) =>
    fpLanes(f, (p) => scalar1(p, 8)),
  ),
  insn({ name: "FRINTM (vector)", encoding: "Single-precision and double-precision" }, "0 Q:1 0 01110 0 sz:1 10000 11001 10 rn:5 rd:5", {}, (f) =>
    fpLanes(f, (p) => scalar1(p, 10)),
  ),
  insn({ name: "FCVTNS (vector)", encoding: "Vector single-precision and double-precision" }, "0 Q:1 0 01110 0 sz:1 10000 11010 10 rn:5 rd:5", {}, (f) =>
    fpLanes(f, (p) => toInt(p, "N", false)),
  ),
  insn({ name: "FCVTMS (vector)", encoding: "Vector single-precision and double-precision" }, "0 Q:1 0 01110 0 sz:1 10000 11011 10 rn:5 rd:5", {}, (f) =>
    fpLanes(f, (p) => toInt(p, "M", false)),
  ),
  insn({ name: "FCVTAS (vector)", encoding: "Vector single-precision and double-precision" }, "0 Q:1 0 01110 0 sz:1 10000 11100 10 rn:5 rd:5", {}, (f) =>
    fpLanes(f, (p) => toInt(p, "A", false)),
  ),
  insn(
    { name: "SCVTF (vector, integer)", encoding: "Vector single-precision and double-precision" },
    "0 Q:1 0 01110 0 sz:1 10000 11101 10 rn:5 rd:5",
    {},
    (f) => fpLanes(f, (p) => fromInt(p, false)),
  ),
  insn({ name: "FCMGT (zero)", encoding: "Vector single-precision and double-precision" }, "0 Q:1 0 01110 1 sz:1 10000 01100 10 rn:5 rd:5", {}, (f) =>
    fpLanes(f, FCMGT_ZERO),
  ),
  insn({ name: "FCMEQ (zero)", encoding: "Vector single-precision and double-precision" }, "0 Q:1 0 01110 1 sz:1 10000 01101 10 rn:5 rd:5", {}, (f) =>
    fpLanes(f, FCMEQ_ZERO),
  ),
  insn({ name: "FCMLT (zero)", encoding: "Vector single-precision and double-precision" }, "0 Q:1 0 01110 1 sz:1 10000 01110 10 rn:5 rd:5", {}, (f) =>
    fpLanes(f, FCMLT_ZERO),
  ),
  insn({ name: "FABS (vector)", encoding: "Single-precision and double-precision" }, "0 Q:1 0 01110 1 sz:1 10000 01111 10 rn:5 rd:5", {}, (f) =>
    fpLanes(f, (p) => scalar1(p, 1)),
  ),
  insn({ name: "FRINTP (vector)", encoding: "Single-precision and double-precision" }, "0 Q:1 0 01110 1 sz:1 10000 11000 10 rn:5 rd:5", {}, (f) =>
    fpLanes(f, (p) => scalar1(p, 9)),
  ),
  insn({ name: "FRINTZ (vector)", encoding: "Single-precision and double-precision" }, "0 Q:1 0 01110 1 sz:1 10000 11001 10 rn:5 rd:5", {}, (f) =>
    fpLanes(f, (p) => scalar1(p, 11)),
  ),
  insn({ name: "FCVTPS (vector)", encoding: "Vector single-precision and double-precision" }, "0 Q:1 0 01110 1 sz:1 10000 11010 10 rn:5 rd:5", {}, (f) =>
    fpLanes(f, (p) => toInt(p, "P", false)),
  ),
  insn(
    { name: "FCVTZS (vector, integer)", encoding: "Vector single-precision and double-precision" },
    "0 Q:1 0 01110 1 sz:1 10000 11011 10 rn:5 rd:5",
    {},
    (f) => fpLanes(f, (p) => toInt(p, "Z", false)),
  ),
  insn({ name: "FRINTA (vector)", encoding: "Single-precision and double-precision" }, "0 Q:1 1 01110 0 sz:1 10000 11000 10 rn:5 rd:5", {}, (f) =>
    fpLanes(f, (p) => scalar1(p, 12)),
  ),
  insn({ name: "FRINTX (vector)", encoding: "Single-precision and double-precision" }, "0 Q:1 1 01110 0 sz:1 10000 11001 10 rn:5 rd:5", {}, (f) =>
    fpLanes(f, (p) => scalar1(p, 14)),
  ),
  insn({ name: "FCVTNU (vector)", encoding: "Vector single-precision and double-precision" }, "0 Q:1 1 01110 0 sz:1 10000 11010 10 rn:5 rd:5", {}, (f) =>
    fpLanes(f, (p) => toInt(p, "N", true)),
  ),
  insn({ name: "FCVTMU (vector)", encoding: "Vector single-precision and double-precision" }, "0 Q:1 1 01110 0 sz:1 10000 11011 10 rn:5 rd:5", {}, (f) =>
    fpLanes(f, (p) => toInt(p, "M", true)),
  ),
  insn({ name: "FCVTAU (vector)", encoding: "Vector single-precision and double-precision" }, "0 Q:1 1 01110 0 sz:1 10000 11100 10 rn:5 rd:5", {}, (f) =>
    fpLanes(f, (p) => toInt(p, "A", true)),
  ),
  insn(
    { name: "UCVTF (vector, integer)", encoding: "Vector single-precision and double-precision" },
    "0 Q:1 1 01110 0 sz:1 10000 11101 10 rn:5 rd:5",
    {},
    (f) => fpLanes(f, (p) => fromInt(p, true)),
  ),
  insn({ name: "FCMGE (zero)", encoding: "Vector single-precision and double-precision" }, "0 Q:1 1 01110 1 sz:1 10000 01100 10 rn:5 rd:5", {}, (f) =>
    fpLanes(f, FCMGE_ZERO),
  ),
  insn({ name: "FCMLE (zero)", encoding: "Vector single-precision and double-precision" }, "0 Q:1 1 01110 1 sz:1 10000 01101 10 rn:5 rd:5", {}, (f) =>
    fpLanes(f, FCMLE_ZERO),
  ),
  insn({ name: "FNEG (vector)", encoding: "Single-precision and double-precision" }, "0 Q:1 1 01110 1 sz:1 10000 01111 10 rn:5 rd:5", {}, (f) =>
    fpLanes(f, (p) => scalar1(p, 2)),
  ),
  insn({ name: "FRINTI (vector)", encoding: "Single-precision and double-precision" }, "0 Q:1 1 01110 1 sz:1 10000 11001 10 rn:5 rd:5", {}, (f) =>
    fpLanes(f, (p) => scalar1(p, 15)),
  ),
  insn({ name: "FCVTPU (vector)", encoding: "Vector single-precision and double-precision" }, "0 Q:1 1 01110 1 sz:1 10000 11010 10 rn:5 rd:5", {}, (f) =>
    fpLanes(f, (p) => toInt(p, "P", true)),
  ),
  insn(
    { name: "FCVTZU (vector, integer)", encoding: "Vector single-precision and double-precision" },
    "0 Q:1 1 01110 1 sz:1 10000 11011 10 rn:5 rd:5",
    {},
    (f) => fpLanes(f, (p) => toInt(p, "Z", true)),
  ),
  insn({ name: "FSQRT (vector)", encoding: "Single-precision and double-precision" }, "0 Q:1 1 01110 1 sz:1 10000 11111 10 rn:5 rd:5", {}, (f) =>
    fpLanes(f, (p) => scalar1(p, 3)),
  ),
  // ARMv8.0 forms the core leaves out, and later extensions
  absent("URECPE", "0 Q:1 0 01110 1 sz:1 10000 11100 10 rn:5 rd:5", "ARMv8.0", NOT_MODELLED),
  absent("URSQRTE", "0 Q:1 1 01110 1 sz:1 10000 11100 10 rn:5 rd:5", "ARMv8.0", NOT_MODELLED),
  absent("FRECPE", "0 Q:1 0 01110 1 sz:1 10000 11101 10 rn:5 rd:5", "ARMv8.0", NOT_MODELLED),
  absent("FRSQRTE", "0 Q:1 1 01110 1 sz:1 10000 11101 10 rn:5 rd:5", "ARMv8.0", NOT_MODELLED),
  absent("BFCVTN", "0 Q:1 0 01110 10 10000 10110 10 rn:5 rd:5", "FEAT_BF16", "FEAT_BF16 is absent on the Cortex-A57 the core models: UNDEFINED there"),
  absent(
    "FRINT32Z (vector)",
    "0 Q:1 0 01110 0 sz:1 10000 11110 10 rn:5 rd:5",
    "FEAT_FRINTTS",
    "FEAT_FRINTTS is absent on the Cortex-A57 the core models: UNDEFINED there",
  ),
  absent(
    "FRINT64Z (vector)",
    "0 Q:1 0 01110 0 sz:1 10000 11111 10 rn:5 rd:5",
    "FEAT_FRINTTS",
    "FEAT_FRINTTS is absent on the Cortex-A57 the core models: UNDEFINED there",
  ),
  absent(
    "FRINT32X (vector)",
    "0 Q:1 1 01110 0 sz:1 10000 11110 10 rn:5 rd:5",
    "FEAT_FRINTTS",
    "FEAT_FRINTTS is absent on the Cortex-A57 the core models: UNDEFINED there",
  ),
  absent(
    "FRINT64X (vector)",
    "0 Q:1 1 01110 0 sz:1 10000 11111 10 rn:5 rd:5",
    "FEAT_FRINTTS",
    "FEAT_FRINTTS is absent on the Cortex-A57 the core models: UNDEFINED there",
  ),
  // Advanced SIMD two-register miscellaneous (FP16)
  fp16("FRINTN (vector)", "0 Q:1 0 01110 0 1111 00 11000 10 rn:5 rd:5"),
  fp16("FRINTM (vector)", "0 Q:1 0 01110 0 1111 00 11001 10 rn:5 rd:5"),
  fp16("FCVTNS (vector)", "0 Q:1 0 01110 0 1111 00 11010 10 rn:5 rd:5"),
  fp16("FCVTMS (vector)", "0 Q:1 0 01110 0 1111 00 11011 10 rn:5 rd:5"),
  fp16("FCVTAS (vector)", "0 Q:1 0 01110 0 1111 00 11100 10 rn:5 rd:5"),
  fp16("SCVTF (vector, integer)", "0 Q:1 0 01110 0 1111 00 11101 10 rn:5 rd:5"),
  fp16("FCMGT (zero)", "0 Q:1 0 01110 1 1111 00 01100 10 rn:5 rd:5"),
  fp16("FCMEQ (zero)", "0 Q:1 0 01110 1 1111 00 01101 10 rn:5 rd:5"),
  fp16("FCMLT (zero)", "0 Q:1 0 01110 1 1111 00 01110 10 rn:5 rd:5"),
  fp16("FABS (vector)", "0 Q:1 0 01110 1 1111 00 01111 10 rn:5 rd:5"),
  fp16("FRINTP (vector)", "0 Q:1 0 01110 1 1111 00 11000 10 rn:5 rd:5"),
  fp16("FRINTZ (vector)", "0 Q:1 0 01110 1 1111 00 11001 10 rn:5 rd:5"),
  fp16("FCVTPS (vector)", "0 Q:1 0 01110 1 1111 00 11010 10 rn:5 rd:5"),
  fp16("FCVTZS (vector, integer)", "0 Q:1 0 01110 1 1111 00 11011 10 rn:5 rd:5"),
  fp16("FRECPE", "0 Q:1 0 01110 1 1111 00 11101 10 rn:5 rd:5"),
  fp16("FRINTA (vector)", "0 Q:1 1 01110 0 1111 00 11000 10 rn:5 rd:5"),
  fp16("FRINTX (vector)", "0 Q:1 1 01110 0 1111 00 11001 10 rn:5 rd:5"),
  fp16("FCVTNU (vector)", "0 Q:1 1 01110 0 1111 00 11010 10 rn:5 rd:5"),
  fp16("FCVTMU (vector)", "0 Q:1 1 01110 0 1111 00 11011 10 rn:5 rd:5"),
  fp16("FCVTAU (vector)", "0 Q:1 1 01110 0 1111 00 11100 10 rn:5 rd:5"),
  fp16("UCVTF (vector, integer)", "0 Q:1 1 01110 0 1111 00 11101 10 rn:5 rd:5"),
  fp16("FCMGE (zero)", "0 Q:1 1 01110 1 1111 00 01100 10 rn:5 rd:5"),
  fp16("FCMLE (zero)", "0 Q:1 1 01110 1 1111 00 01101 10 rn:5 rd:5"),
  fp16("FNEG (vector)", "0 Q:1 1 01110 1 1111 00 01111 10 rn:5 rd:5"),
  fp16("FRINTI (vector)", "0 Q:1 1 01110 1 1111 00 11001 10 rn:5 rd:5"),
  fp16("FCVTPU (vector)", "0 Q:1 1 01110 1 1111 00 11010 10 rn:5 rd:5"),
  fp16("FCVTZU (vector, integer)", "0 Q:1 1 01110 1 1111 00 11011 10 rn:5 rd:5"),
  fp16("FRSQRTE", "0 Q:1 1 01110 1 1111 00 11101 10 rn:5 rd:5"),
  fp16("FSQRT (vector)", "0 Q:1 1 01110 1 1111 00 11111 10 rn:5 rd:5"),
];
