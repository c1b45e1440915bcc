// Advanced SIMD three same, floating point (C4.1.95): FADD, FSUB, FMUL, FDIV, FMAX, FMIN,
// FMAXNM, FMINNM on 2S/4S/2D. Each lane runs the scalar implementation (fp-scalar.ts, with its
// rounding, NaN rules and FPSR flags) through hidden scratch registers 32–34.
import { pattern, type Op, type Pattern } from "../decode-pattern.ts";
import { twoSource } from "./fp-scalar.ts";
import { commit, R } from "./simd-lanes.ts";

const SRC1 = 32, SRC2 = 33, DST = 34;

/** (U, a, opcode) → the scalar FP data-processing opcode. */
const SCALAR_OP: Record<string, number> = {
  "0:0:26": 2, // FADD
  "0:1:26": 3, // FSUB
  "1:0:27": 0, // FMUL
  "1:0:31": 1, // FDIV
  "0:0:30": 4, // FMAX
  "0:1:30": 5, // FMIN
  "0:0:24": 6, // FMAXNM
  "0:1:24": 7, // FMINNM
};

function fpThreeSame(f: Record<string, number>): Op | null {
  const { Q, U, a, sz, rm, opcode, rn, rd } = f;
  const op = SCALAR_OP[`${U}:${a}:${opcode}`];
  if (op === undefined || (sz === 1 && Q === 0)) return null;
  const scalar = twoSource({ ftype: sz, rn: SRC1, rm: SRC2, rd: DST, opcode: op })!;
  const words = sz ? 2 : 1;
  const lanes = (Q ? 4 : 2) / words;
  return (c) => {
    const v = c.vreg;
    const out = [0, 0, 0, 0];
    for (let e = 0; e < lanes; e++) {
      for (let w = 0; w < words; w++) {
        v[SRC1 * 4 + w] = v[rn * 4 + e * words + w];
        v[SRC2 * 4 + w] = v[rm * 4 + e * words + w];
      }
      scalar(c);
      for (let w = 0; w < words; w++) out[e * words + w] = v[DST * 4 + w];
    }
    R[0] = out[0];
    R[1] = out[1];
    R[2] = out[2];
    R[3] = out[3];
    commit(c, rd, Q === 1);
  };
}

export const PATTERNS: Pattern[] = [pattern("AdvSIMD three same (FP)", "0 Q:1 U:1 01110 a:1 sz:1 1 rm:5 opcode:5 1 rn:5 rd:5", fpThreeSame)];
