// Advanced SIMD load/store multiple structures (C4.1.88): LD1/ST1 (1–4 registers) and
// LD2–LD4/ST2–ST4 (interleaved), with the post-index forms.
import { pattern, type Op, type Pattern } from "../decode-pattern.ts";
import { rSp, rZr } from "../register-file.ts";

import { TWO32 } from "../../arch/numbers.ts";

/** opcode → [registers, structure elements] */
const LAYOUT: Record<number, [number, number]> = {
  0b0000: [4, 4],
  0b0010: [4, 1],
  0b0100: [3, 3],
  0b0110: [3, 1],
  0b0111: [1, 1],
  0b1000: [2, 2],
  0b1010: [2, 1],
};

function multiple(f: Record<string, number>, post: boolean): Op | null {
  const layout = LAYOUT[f.opcode];
  if (layout === undefined) return null;
  const [regs, selem] = layout;
  if (f.size === 3 && f.Q === 0 && selem !== 1) return null;
  const esize = 1 << f.size;
  const bytesPerReg = f.Q ? 16 : 8;
  const elements = bytesPerReg / esize;
  const rpt = regs / selem; // LD1 with several registers repeats whole registers
  const total = regs * bytesPerReg;
  const n = rSp(f.rn);
  const load = f.L === 1;
  const t = f.rt;
  const m = post && f.rm !== 31 ? rZr(f.rm) : -1;
  return (c) => {
    const x = c.x;
    const baseLo = x[n];
    const baseHi = x[n + 1];
    const b = c.vbytes;
    let off = 0;
    for (let r = 0; r < rpt; r++) {
      for (let e = 0; e < elements; e++) {
        for (let s = 0; s < selem; s++) {
          const reg = (t + r + s) % 32;
          const o = reg * 16 + e * esize;
          for (let k = 0; k < esize; k++, off++) {
            const a = baseLo + off;
            const hi = a >= TWO32 ? (baseHi + 1) >>> 0 : baseHi;
            if (load) b[o + k] = c.ld8(hi, a >>> 0, 0);
            else c.st8(hi, a >>> 0, b[o + k], 0);
          }
        }
      }
    }
    if (load && !f.Q) for (let r = 0; r < regs; r++) c.vreg[((t + r) % 32) * 4 + 2] = c.vreg[((t + r) % 32) * 4 + 3] = 0;
    if (post) writeBack(x, n, baseLo, baseHi, m, total);
  };
}

/** Post-index writeback of the structure instructions: Xn = base + (Xm, or the bytes moved
 *  when m < 0, i.e. Rm = 31). */
export function writeBack(x: Uint32Array, n: number, baseLo: number, baseHi: number, m: number, bytes: number): void {
  const incLo = m < 0 ? bytes : x[m];
  const incHi = m < 0 ? 0 : x[m + 1];
  const sum = baseLo + incLo;
  x[n] = sum;
  x[n + 1] = baseHi + incHi + (sum >= TWO32 ? 1 : 0);
}

export const PATTERNS: Pattern[] = [
  pattern("LD/ST multiple structures", "0 Q:1 0011000 L:1 000000 opcode:4 size:2 rn:5 rt:5", (f) => multiple(f, false)),
  pattern("LD/ST multiple structures (post-index)", "0 Q:1 0011001 L:1 0 rm:5 opcode:4 size:2 rn:5 rt:5", (f) => multiple(f, true)),
];
