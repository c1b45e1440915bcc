// Advanced SIMD across lanes (ARM ARM "Advanced SIMD across lanes"): ADDV, SMAXV/UMAXV,
// SMINV/UMINV and SADDLV/UADDLV reduce every lane of Vn into element 0 of Vd. The FP
// reductions are listed as not implemented.
import type { CoreContext } from "../core-context.ts";
import { insn, notImplemented, type InsnEntry, type Op } from "../decode-pattern.ts";
import { clearR, commit, lane, laneSigned, R, setLane } from "./simd-lanes.ts";
import { TWO32 } from "../../arch/numbers.ts";

interface AcrossFields {
  readonly Q: number;
  readonly size: number;
  readonly rn: number;
  readonly rd: number;
}

/** A reduction over `count` lanes of `esize` bytes of Vn. */
type Reduce = (c: CoreContext, rn: number, count: number, esize: number) => number;

const addv: Reduce = (c, rn, count, esize) => {
  let s = 0;
  for (let e = 0; e < count; e++) s += lane(c, rn, e, esize);
  return s;
};

function extreme(unsigned: boolean, max: boolean): Reduce {
  return (c, rn, count, esize) => {
    let best = unsigned ? lane(c, rn, 0, esize) : laneSigned(c, rn, 0, esize);
    for (let e = 1; e < count; e++) {
      const v = unsigned ? lane(c, rn, e, esize) : laneSigned(c, rn, e, esize);
      if (max ? v > best : v < best) best = v;
    }
    return best;
  };
}

function addlv(unsigned: boolean): Reduce {
  return (c, rn, count, esize) => {
    let s = 0;
    for (let e = 0; e < count; e++) s += unsigned ? lane(c, rn, e, esize) : laneSigned(c, rn, e, esize);
    return s;
  };
}

/** The reduction into element 0 of Vd (double width for the long sums), the rest cleared. */
function acrossLanes(f: AcrossFields, reduce: Reduce, long: boolean): Op | null {
  const { Q, size, rn, rd } = f;
  if (size === 3 || (size === 2 && !Q)) return null;
  const esize = 1 << size;
  const count = (Q ? 16 : 8) / esize;
  const outSize = long ? esize * 2 : esize;
  return (c) => {
    const v = reduce(c, rn, count, esize);
    clearR();
    if (outSize === 8) {
      // a sum of up to four 32-bit lanes: exact as a double, split into words
      const lo = ((v % TWO32) + TWO32) % TWO32;
      R[0] = lo;
      R[1] = Math.floor((v - lo) / TWO32) >>> 0;
    } else setLane(0, outSize, v >>> 0);
    commit(c, rd, true);
  };
}

const NOT_MODELLED = "not implemented by the ts core (no supported guest uses it): UNDEFINED here";
const HALF = "the half-precision forms (FEAT_FP16) are absent on the Cortex-A57 the core models: UNDEFINED there";

export const INSNS: InsnEntry[] = [
  insn("ADDV", "0 Q:1 0 01110 size:2 11000 11011 10 rn:5 rd:5", {}, (f) => acrossLanes(f, addv, false)),
  insn("SMAXV", "0 Q:1 0 01110 size:2 11000 01010 10 rn:5 rd:5", {}, (f) => acrossLanes(f, extreme(false, true), false)),
  insn("UMAXV", "0 Q:1 1 01110 size:2 11000 01010 10 rn:5 rd:5", {}, (f) => acrossLanes(f, extreme(true, true), false)),
  insn("SMINV", "0 Q:1 0 01110 size:2 11000 11010 10 rn:5 rd:5", {}, (f) => acrossLanes(f, extreme(false, false), false)),
  insn("UMINV", "0 Q:1 1 01110 size:2 11000 11010 10 rn:5 rd:5", {}, (f) => acrossLanes(f, extreme(true, false), false)),
  insn("SADDLV", "0 Q:1 0 01110 size:2 11000 00011 10 rn:5 rd:5", {}, (f) => acrossLanes(f, addlv(false), true)),
  insn("UADDLV", "0 Q:1 1 01110 size:2 11000 00011 10 rn:5 rd:5", {}, (f) => acrossLanes(f, addlv(true), true)),
  notImplemented({ name: "FMAXNMV", encoding: "Single-precision and double-precision" }, "0 Q:1 1 01110 0 sz:1 11000 01100 10 rn:5 rd:5", {}, NOT_MODELLED),
  notImplemented({ name: "FMAXV", encoding: "Single-precision and double-precision" }, "0 Q:1 1 01110 0 sz:1 11000 01111 10 rn:5 rd:5", {}, NOT_MODELLED),
  notImplemented({ name: "FMINNMV", encoding: "Single-precision and double-precision" }, "0 Q:1 1 01110 1 sz:1 11000 01100 10 rn:5 rd:5", {}, NOT_MODELLED),
  notImplemented({ name: "FMINV", encoding: "Single-precision and double-precision" }, "0 Q:1 1 01110 1 sz:1 11000 01111 10 rn:5 rd:5", {}, NOT_MODELLED),
  notImplemented({ name: "FMAXNMV", encoding: "Half-precision" }, "0 Q:1 0 01110 00 11000 01100 10 rn:5 rd:5", { feature: "FEAT_FP16" }, HALF),
  notImplemented({ name: "FMAXV", encoding: "Half-precision" }, "0 Q:1 0 01110 00 11000 01111 10 rn:5 rd:5", { feature: "FEAT_FP16" }, HALF),
  notImplemented({ name: "FMINNMV", encoding: "Half-precision" }, "0 Q:1 0 01110 10 11000 01100 10 rn:5 rd:5", { feature: "FEAT_FP16" }, HALF),
  notImplemented({ name: "FMINV", encoding: "Half-precision" }, "0 Q:1 0 01110 10 11000 01111 10 rn:5 rd:5", { feature: "FEAT_FP16" }, HALF),
];
