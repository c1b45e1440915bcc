// Advanced SIMD shift by immediate, vector forms (ARM ARM "Advanced SIMD shift by
// immediate"): shifts right (and accumulate, rounding), SHL/SLI/SRI, saturating left shifts,
// the narrowing right shifts, SSHLL/USHLL and the fixed-point conversions SCVTF/UCVTF/
// FCVTZS/FCVTZU. immh's top set bit gives the element size; immh = 0000 belongs to
// "Advanced SIMD modified immediate", which the overlap groups below let win. SHL, SSHR/USHR,
// SSHLL/USHLL and SHRN have 32-bit fast paths; the rest run on BigInt elements.
import type { CoreContext } from "../core-context.ts";
import { insn, overlapGroup, overlapping, type InsnEntry, type Op, type OverlapGroup } from "../decode-pattern.ts";
import { setBits, type Prec } from "./fp-scalar.ts";
import { commitOut, elem, outFrom, put, saturate } from "./simd-elements.ts";
import { D, fromInt, lanes, N, stage, toInt, type LaneOp } from "./simd-fp-lanes.ts";
import { INSNS as MODIFIED_IMMEDIATE } from "./simd-immediate.ts";
import { clearR, commit, lane, laneSigned, R, setLane } from "./simd-lanes.ts";
import { TWO32 } from "../../arch/numbers.ts";

export interface ShiftFields {
  readonly Q: number;
  readonly immh: number;
  readonly immb: number;
  readonly rn: number;
  readonly rd: number;
}

// ---- 32-bit fast paths ----------------------------------------------------------------------------

function shl(f: ShiftFields): Op | null {
  const { Q, immh, immb, rn, rd } = f;
  if (immh === 0) return null;
  const log2 = 31 - Math.clz32(immh); // 0: 8-bit … 3: 64-bit
  const esize = 1 << log2;
  const bits = 8 * esize;
  const q = Q === 1;
  if (log2 === 3 && !q) return null;
  const count = (q ? 16 : 8) / esize;
  const sh = ((immh << 3) | immb) - bits;
  if (log2 === 3)
    return (c) => {
      const v = c.vreg;
      for (let e = 0; e < 2; e++) {
        const lo = v[rn * 4 + 2 * e],
          hi = v[rn * 4 + 2 * e + 1];
        R[2 * e] = sh >= 32 ? 0 : lo << sh;
        R[2 * e + 1] = sh === 0 ? hi : sh >= 32 ? lo << (sh - 32) : (hi << sh) | (lo >>> (32 - sh));
      }
      commit(c, rd, true);
    };
  return (c) => {
    clearR();
    for (let e = 0; e < count; e++) setLane(e, esize, (lane(c, rn, e, esize) << sh) >>> 0);
    commit(c, rd, q);
  };
}

/** SSHR / USHR: a shift right by 1..bits. */
function shiftRight(f: ShiftFields, unsigned: boolean): Op | null {
  const { Q, immh, immb, rn, rd } = f;
  if (immh === 0) return null;
  const log2 = 31 - Math.clz32(immh);
  const esize = 1 << log2;
  const bits = 8 * esize;
  const q = Q === 1;
  if (log2 === 3 && !q) return null;
  const count = (q ? 16 : 8) / esize;
  const sh = 2 * bits - ((immh << 3) | immb);
  const U = unsigned;
  if (log2 === 3)
    return (c) => {
      const v = c.vreg;
      for (let e = 0; e < 2; e++) {
        const lo = v[rn * 4 + 2 * e],
          hi = v[rn * 4 + 2 * e + 1];
        const fill = U ? 0 : (hi | 0) >> 31;
        if (sh === 64) {
          R[2 * e] = fill;
          R[2 * e + 1] = fill;
        } else if (sh >= 32) {
          R[2 * e] = U ? hi >>> (sh - 32) : (hi | 0) >> (sh - 32);
          R[2 * e + 1] = fill;
        } else {
          R[2 * e] = (lo >>> sh) | (hi << (32 - sh));
          R[2 * e + 1] = U ? hi >>> sh : (hi | 0) >> sh;
        }
      }
      commit(c, rd, true);
    };
  return (c) => {
    clearR();
    for (let e = 0; e < count; e++) {
      const v = U ? lane(c, rn, e, esize) : laneSigned(c, rn, e, esize);
      const r = sh >= 32 ? (U ? 0 : v >> 31) : U ? v >>> sh : v >> sh;
      setLane(e, esize, r >>> 0);
    }
    commit(c, rd, q);
  };
}

/** SSHLL/USHLL{2}: widen the lower (or upper, Q=1) half then shift left. */
function shiftLeftLong(f: ShiftFields, unsigned: boolean): Op | null {
  const { Q, immh, immb, rn, rd } = f;
  if (immh === 0) return null;
  const log2 = 31 - Math.clz32(immh);
  if (log2 === 3) return null;
  const esize = 1 << log2;
  const sh = ((immh << 3) | immb) - 8 * esize;
  const wide = esize * 2;
  const first = Q ? 8 / esize : 0;
  return (c: CoreContext) => {
    clearR();
    for (let e = 0; e < 8 / esize; e++) {
      const v = unsigned ? lane(c, rn, first + e, esize) : laneSigned(c, rn, first + e, esize);
      if (wide === 8) {
        // 64-bit result lanes: value (≤ 32 bits, signed) shifted by < 32
        const big = v * 2 ** sh; // exact: |v| < 2^32, sh < 32
        const lo = ((big % TWO32) + TWO32) % TWO32;
        R[2 * e] = lo;
        R[2 * e + 1] = Math.floor((big - lo) / TWO32) >>> 0;
      } else setLane(e, wide, (v << sh) >>> 0);
    }
    commit(c, rd, true);
  };
}

/** SHRN{2}: narrow each double-width lane of Vn by a right shift. */
function shrn(f: ShiftFields): Op | null {
  const { Q, immh, immb, rn, rd } = f;
  if (immh === 0) return null;
  const log2 = 31 - Math.clz32(immh);
  if (log2 === 3) return null;
  const esize = 1 << log2;
  const q = Q === 1;
  const sh = 16 * esize - ((immh << 3) | immb);
  const wide = esize * 2;
  return (c: CoreContext) => {
    const v = c.vreg;
    if (q) {
      R[0] = v[rd * 4];
      R[1] = v[rd * 4 + 1];
    } else clearR();
    for (let e = 0; e < 8 / esize; e++) {
      let r: number;
      if (wide === 8) {
        const lo = v[rn * 4 + 2 * e],
          hi = v[rn * 4 + 2 * e + 1];
        r = sh >= 32 ? hi >>> (sh - 32) : (lo >>> sh) | (hi << (32 - sh));
      } else r = lane(c, rn, e, wide) >>> sh;
      setLane((q ? 8 / esize : 0) + e, esize, r >>> 0);
    }
    commit(c, rd, true);
  };
}

// ---- BigInt element forms, shared with the scalar class -------------------------------------------

type Kind = "right" | "left" | "narrow";
interface ShiftOp {
  readonly kind: Kind;
  /** Sign of the source elements: null means U decides (U=1 unsigned). */
  readonly signed: boolean | null;
  readonly fn: (c: CoreContext, a: bigint, d: bigint, sh: number, bits: number, U: number) => bigint;
}

const ones = (bits: number) => (1n << BigInt(bits)) - 1n;
const rshift = (a: bigint, sh: number, round: boolean) => (round ? (a + (1n << BigInt(sh - 1))) >> BigInt(sh) : a >> BigInt(sh));

/** The shift operations, by opcode (bits 15:11). */
export const SHIFT_OPS: Readonly<Record<number, ShiftOp>> = {
  0b00000: { kind: "right", signed: null, fn: (_c, a, _d, sh) => rshift(a, sh, false) }, // SSHR/USHR
  0b00010: { kind: "right", signed: null, fn: (_c, a, d, sh) => d + rshift(a, sh, false) }, // SSRA/USRA
  0b00100: { kind: "right", signed: null, fn: (_c, a, _d, sh) => rshift(a, sh, true) }, // SRSHR/URSHR
  0b00110: { kind: "right", signed: null, fn: (_c, a, d, sh) => d + rshift(a, sh, true) }, // SRSRA/URSRA
  0b01000: {
    kind: "right",
    signed: false,
    fn: (_c, a, d, sh, bits) => {
      // SRI
      const mask = ones(bits) >> BigInt(sh);
      return (d & ~mask) | (a >> BigInt(sh));
    },
  },
  0b01010: {
    kind: "left",
    signed: false,
    fn: (_c, a, d, sh, bits, U) => {
      // SHL / SLI
      const shifted = (a << BigInt(sh)) & ones(bits);
      if (U === 0) return shifted;
      const mask = (ones(bits) << BigInt(sh)) & ones(bits);
      return (d & ~mask) | shifted;
    },
  },
  0b01100: { kind: "left", signed: true, fn: (c, a, _d, sh, bits) => saturate(c, a << BigInt(sh), bits, false) }, // SQSHLU
  0b01110: { kind: "left", signed: null, fn: (c, a, _d, sh, bits, U) => saturate(c, a << BigInt(sh), bits, U === 0) }, // SQSHL/UQSHL
  0b10000: { kind: "narrow", signed: null, fn: (c, a, _d, sh, bits, U) => (U ? saturate(c, rshift(a, sh, false), bits, false) : rshift(a, sh, false)) }, // SHRN / SQSHRUN
  0b10001: { kind: "narrow", signed: null, fn: (c, a, _d, sh, bits, U) => (U ? saturate(c, rshift(a, sh, true), bits, false) : rshift(a, sh, true)) }, // RSHRN / SQRSHRUN
  0b10010: { kind: "narrow", signed: null, fn: (c, a, _d, sh, bits, U) => saturate(c, rshift(a, sh, false), bits, U === 0) }, // SQSHRN/UQSHRN
  0b10011: { kind: "narrow", signed: null, fn: (c, a, _d, sh, bits, U) => saturate(c, rshift(a, sh, true), bits, U === 0) }, // SQRSHRN/UQRSHRN
};

/** The BigInt form of the shift `opcode` with this U, on all lanes or (scalar) one element. */
export function shiftElements(f: ShiftFields, U: 0 | 1, opcode: number, scalar: boolean): Op | null {
  const { Q, immh, immb, rn, rd } = f;
  if (immh === 0) return null;
  const op = SHIFT_OPS[opcode];
  const log2 = 31 - Math.clz32(immh);
  const esize = 1 << log2;
  const bits = esize * 8;
  const immhb = (immh << 3) | immb;
  const signed = op.signed ?? U === 0;
  if (op.kind === "narrow") {
    if (log2 === 3) return null;
    const sh = 2 * bits - immhb;
    const wide = esize * 2;
    // SQSHRUN/SQRSHRUN: signed source, unsigned saturation; the others by U.
    const srcSigned = opcode <= 0b10001 ? U === 1 : U === 0;
    if (scalar)
      return (c) => {
        put(0, esize, op.fn(c, elem(c, rn, 0, wide, srcSigned), 0n, sh, bits, U));
        commitOut(c, rd, esize);
      };
    const count = 8 / esize;
    return (c) => {
      outFrom(c, rd);
      for (let e = 0; e < count; e++) put((Q ? count : 0) + e, esize, op.fn(c, elem(c, rn, e, wide, srcSigned), 0n, sh, bits, U));
      commitOut(c, rd, Q ? 16 : 8);
    };
  }
  const sh = op.kind === "left" ? immhb - bits : 2 * bits - immhb;
  if (scalar) {
    const saturating = opcode === 0b01100 || opcode === 0b01110;
    if (!saturating && log2 !== 3) return null; // the plain scalar shifts are 64-bit only
    return (c) => {
      put(0, esize, op.fn(c, elem(c, rn, 0, esize, signed), elem(c, rd, 0, esize, signed), sh, bits, U));
      commitOut(c, rd, esize);
    };
  }
  if (log2 === 3 && !Q) return null;
  const count = (Q ? 16 : 8) / esize;
  return (c) => {
    for (let e = 0; e < count; e++) put(e, esize, op.fn(c, elem(c, rn, e, esize, signed), elem(c, rd, e, esize, signed), sh, bits, U));
    commitOut(c, rd, Q ? 16 : 8);
  };
}

// ---- fixed-point conversions ----------------------------------------------------------------------

/** SCVTF/UCVTF (toFp) or FCVTZS/FCVTZU (fixed-point) on every lane or (scalar) one element. */
export function fixedPoint(f: ShiftFields, unsigned: boolean, toFp: boolean, scalar: boolean): Op | null {
  const { Q, immh, immb, rn, rd } = f;
  if ((immh & 0b1100) === 0) return null; // 8/16-bit (half precision) forms are not modelled
  const p: Prec = (immh & 0b1000) !== 0 ? 1 : 0;
  const bits = p === 0 ? 32 : 64;
  const fbits = 2 * bits - ((immh << 3) | immb);
  const op: LaneOp = toFp ? fromInt(p, unsigned, fbits) : toInt(p, "Z", unsigned, fbits);
  if (scalar)
    return (c) => {
      stage(c, rn, 0, p, N);
      op(c);
      setBits(c, rd, c.vreg[D * 4], p === 1 ? c.vreg[D * 4 + 1] : 0);
    };
  if (p === 1 && Q === 0) return null;
  return (c) => lanes(c, p, Q === 1, rn, rn, rd, op);
}

/** What the fixed-point conversions decline that disassemblers accept. */
export const FIXED_POINT_DECLINES = "immh = 001x (half precision, FEAT_FP16, absent on the Cortex-A57 the core models): UNDEFINED there";

const FIXED = "Vector single-precision and double-precision";

export const INSNS: InsnEntry[] = [
  insn({ name: "SSHR", encoding: "Vector" }, "0 Q:1 0 011110 immh:4 immb:3 00000 1 rn:5 rd:5", {}, (f) => shiftRight(f, false)),
  insn({ name: "USHR", encoding: "Vector" }, "0 Q:1 1 011110 immh:4 immb:3 00000 1 rn:5 rd:5", {}, (f) => shiftRight(f, true)),
  insn({ name: "SSRA", encoding: "Vector" }, "0 Q:1 0 011110 immh:4 immb:3 00010 1 rn:5 rd:5", {}, (f) => shiftElements(f, 0, 0b00010, false)),
  insn({ name: "USRA", encoding: "Vector" }, "0 Q:1 1 011110 immh:4 immb:3 00010 1 rn:5 rd:5", {}, (f) => shiftElements(f, 1, 0b00010, false)),
  insn({ name: "SRSHR", encoding: "Vector" }, "0 Q:1 0 011110 immh:4 immb:3 00100 1 rn:5 rd:5", {}, (f) => shiftElements(f, 0, 0b00100, false)),
  insn({ name: "URSHR", encoding: "Vector" }, "0 Q:1 1 011110 immh:4 immb:3 00100 1 rn:5 rd:5", {}, (f) => shiftElements(f, 1, 0b00100, false)),
  insn({ name: "SRSRA", encoding: "Vector" }, "0 Q:1 0 011110 immh:4 immb:3 00110 1 rn:5 rd:5", {}, (f) => shiftElements(f, 0, 0b00110, false)),
  insn({ name: "URSRA", encoding: "Vector" }, "0 Q:1 1 011110 immh:4 immb:3 00110 1 rn:5 rd:5", {}, (f) => shiftElements(f, 1, 0b00110, false)),
  insn({ name: "SRI", encoding: "Vector" }, "0 Q:1 1 011110 immh:4 immb:3 01000 1 rn:5 rd:5", {}, (f) => shiftElements(f, 1, 0b01000, false)),
  insn({ name: "SHL", encoding: "Vector" }, "0 Q:1 0 011110 immh:4 immb:3 01010 1 rn:5 rd:5", {}, (f) => shl(f)),
  insn({ name: "SLI", encoding: "Vector" }, "0 Q:1 1 011110 immh:4 immb:3 01010 1 rn:5 rd:5", {}, (f) => shiftElements(f, 1, 0b01010, false)),
  insn({ name: "SQSHLU", encoding: "Vector" }, "0 Q:1 1 011110 immh:4 immb:3 01100 1 rn:5 rd:5", {}, (f) => shiftElements(f, 1, 0b01100, false)),
  insn({ name: "SQSHL (immediate)", encoding: "Vector" }, "0 Q:1 0 011110 immh:4 immb:3 01110 1 rn:5 rd:5", {}, (f) => shiftElements(f, 0, 0b01110, false)),
  insn({ name: "UQSHL (immediate)", encoding: "Vector" }, "0 Q:1 1 011110 immh:4 immb:3 01110 1 rn:5 rd:5", {}, (f) => shiftElements(f, 1, 0b01110, false)),
  insn("SHRN", "0 Q:1 0 011110 immh:4 immb:3 10000 1 rn:5 rd:5", {}, (f) => shrn(f)),
  insn({ name: "SQSHRUN", encoding: "Vector" }, "0 Q:1 1 011110 immh:4 immb:3 10000 1 rn:5 rd:5", {}, (f) => shiftElements(f, 1, 0b10000, false)),
  insn("RSHRN", "0 Q:1 0 011110 immh:4 immb:3 10001 1 rn:5 rd:5", {}, (f) => shiftElements(f, 0, 0b10001, false)),
  insn({ name: "SQRSHRUN", encoding: "Vector" }, "0 Q:1 1 011110 immh:4 immb:3 10001 1 rn:5 rd:5", {}, (f) => shiftElements(f, 1, 0b10001, false)),
  insn({ name: "SQSHRN", encoding: "Vector" }, "0 Q:1 0 011110 immh:4 immb:3 10010 1 rn:5 rd:5", {}, (f) => shiftElements(f, 0, 0b10010, false)),
  insn({ name: "UQSHRN", encoding: "Vector" }, "0 Q:1 1 011110 immh:4 immb:3 10010 1 rn:5 rd:5", {}, (f) => shiftElements(f, 1, 0b10010, false)),
  insn({ name: "SQRSHRN", encoding: "Vector" }, "0 Q:1 0 011110 immh:4 immb:3 10011 1 rn:5 rd:5", {}, (f) => shiftElements(f, 0, 0b10011, false)),
  insn({ name: "UQRSHRN", encoding: "Vector" }, "0 Q:1 1 011110 immh:4 immb:3 10011 1 rn:5 rd:5", {}, (f) => shiftElements(f, 1, 0b10011, false)),
  insn("SSHLL", "0 Q:1 0 011110 immh:4 immb:3 10100 1 rn:5 rd:5", {}, (f) => shiftLeftLong(f, false)),
  insn("USHLL", "0 Q:1 1 011110 immh:4 immb:3 10100 1 rn:5 rd:5", {}, (f) => shiftLeftLong(f, true)),
  insn({ name: "SCVTF (vector, fixed-point)", encoding: FIXED }, "0 Q:1 0 011110 immh:4 immb:3 11100 1 rn:5 rd:5", { declines: FIXED_POINT_DECLINES }, (f) =>
    fixedPoint(f, false, true, false),
  ),
  insn({ name: "UCVTF (vector, fixed-point)", encoding: FIXED }, "0 Q:1 1 011110 immh:4 immb:3 11100 1 rn:5 rd:5", { declines: FIXED_POINT_DECLINES }, (f) =>
    fixedPoint(f, true, true, false),
  ),
  insn({ name: "FCVTZS (vector, fixed-point)", encoding: FIXED }, "0 Q:1 0 011110 immh:4 immb:3 11111 1 rn:5 rd:5", { declines: FIXED_POINT_DECLINES }, (f) =>
    fixedPoint(f, false, false, false),
  ),
  insn({ name: "FCVTZU (vector, fixed-point)", encoding: FIXED }, "0 Q:1 1 011110 immh:4 immb:3 11111 1 rn:5 rd:5", { declines: FIXED_POINT_DECLINES }, (f) =>
    fixedPoint(f, true, false, false),
  ),
];

/** immh = 0000 is "Advanced SIMD modified immediate": its entries win over the shifts. */
export const OVERLAPS: OverlapGroup[] = INSNS.flatMap((shift) =>
  MODIFIED_IMMEDIATE.filter((imm) => overlapping(imm, shift)).map((imm) =>
    overlapGroup("immh = 0000 encodes Advanced SIMD modified immediate, not a shift", imm, shift),
  ),
);
