// Advanced SIMD load/store single structure (ARM ARM C4.1.89): LD1–LD4 / ST1–ST4 of one lane
// and LD1R–LD4R (load one structure and replicate it to all lanes), with the post-index forms.
import { pattern, type Op, type Pattern } from "../decode-pattern.ts";
import { rSp, rZr } from "../register-file.ts";
import { writeBack } from "./ldst-structures.ts";

import { TWO32 } from "../../arch/numbers.ts";

function singleStructure(f: Record<string, number>, post: boolean): Op | null {
  const selem = (((f.opcode & 1) << 1) | f.R) + 1;
  let scale = f.opcode >>> 1;
  let index = 0;
  const replicate = scale === 3;
  if (replicate) {
    if (f.L === 0 || f.S === 1) return null;
    scale = f.size;
  } else if (scale === 0) index = (f.Q << 3) | (f.S << 2) | f.size;
  else if (scale === 1) {
    if ((f.size & 1) !== 0) return null;
    index = (f.Q << 2) | (f.S << 1) | (f.size >>> 1);
  } else {
    if ((f.size & 2) !== 0) return null;
    if (f.size === 0) index = (f.Q << 1) | f.S;
    else {
      if (f.S !== 0) return null;
      scale = 3;
      index = f.Q;
    }
  }
  const esize = 1 << scale;
  const n = rSp(f.rn);
  const t = f.rt;
  const load = f.L === 1;
  const m = post && f.rm !== 31 ? rZr(f.rm) : -1;
  const laneBytes = f.Q ? 16 : 8;
  return (c) => {
    const x = c.x;
    const baseLo = x[n];
    const baseHi = x[n + 1];
    const b = c.vbytes;
    let off = 0;
    for (let s = 0; s < selem; s++) {
      const reg = (t + s) % 32;
      for (let k = 0; k < esize; k++, off++) {
        const a = baseLo + off;
        const hi = a >= TWO32 ? (baseHi + 1) >>> 0 : baseHi;
        if (replicate) {
          const v = c.ld8(hi, a >>> 0, 0);
          for (let e = 0; e < laneBytes; e += esize) b[reg * 16 + e + k] = v;
        } else if (load) b[reg * 16 + index * esize + k] = c.ld8(hi, a >>> 0, 0);
        else c.st8(hi, a >>> 0, b[reg * 16 + index * esize + k], 0);
      }
      if (replicate && !f.Q) c.vreg[reg * 4 + 2] = c.vreg[reg * 4 + 3] = 0;
    }
    if (post) writeBack(x, n, baseLo, baseHi, m, selem * esize);
  };
}

export const PATTERNS: Pattern[] = [
  pattern("LD/ST single structure", "0 Q:1 0011010 L:1 R:1 00000 opcode:3 S:1 size:2 rn:5 rt:5", (f) => singleStructure(f, false)),
  pattern("LD/ST single structure (post-index)", "0 Q:1 0011011 L:1 R:1 rm:5 opcode:3 S:1 size:2 rn:5 rt:5", (f) => singleStructure(f, true)),
];
