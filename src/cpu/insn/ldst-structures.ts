// Advanced SIMD load/store multiple structures (C4.1.88): LD1/ST1 (1–4 registers) and
// LD2–LD4/ST2–ST4 (interleaved), with the post-index forms: one entry per instruction and
// addressing form, and for LD1/ST1 per register count (each has its own opcode).
import { insn, type FieldsOf, type InsnEntry, type Op } from "../decode-pattern.ts";
import { rSp, rZr } from "../register-file.ts";

import { TWO32 } from "../../arch/numbers.ts";

type MultipleFields = FieldsOf<"Q:1 size:2 rn:5 rt:5">;

/** Transfers `regs` registers of structures of `selem` elements (LD1/ST1 with several
 *  registers repeat whole registers: selem 1). `rm`: the post-index register field, or null
 *  for the no-offset form. */
function multiple(f: MultipleFields, load: boolean, regs: number, selem: number, rm: number | null): Op | null {
  if (f.size === 3 && f.Q === 0 && selem !== 1) return null;
  const esize = 1 << f.size;
  const bytesPerReg = f.Q ? 16 : 8;
  const elements = bytesPerReg / esize;
  const rpt = regs / selem;
  const total = regs * bytesPerReg;
  const n = rSp(f.rn);
  const t = f.rt;
  const post = rm !== null;
  const m = rm !== null && rm !== 31 ? rZr(rm) : -1;
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

const MEMORY = { mayFault: true } as const;
const LOAD = true,
  STORE = false;

// opcode selects the instruction and, for LD1/ST1, the number of registers; L loads.
export const INSNS: InsnEntry[] = [
  insn({ name: "LD1 (multiple structures)", encoding: "One register, no offset" }, "0 Q:1 0011000 1 000000 0111 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, LOAD, 1, 1, null),
  ),
  insn({ name: "LD1 (multiple structures)", encoding: "One register, post-index" }, "0 Q:1 0011001 1 0 rm:5 0111 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, LOAD, 1, 1, f.rm),
  ),
  insn({ name: "LD1 (multiple structures)", encoding: "Two registers, no offset" }, "0 Q:1 0011000 1 000000 1010 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, LOAD, 2, 1, null),
  ),
  insn({ name: "LD1 (multiple structures)", encoding: "Two registers, post-index" }, "0 Q:1 0011001 1 0 rm:5 1010 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, LOAD, 2, 1, f.rm),
  ),
  insn({ name: "LD1 (multiple structures)", encoding: "Three registers, no offset" }, "0 Q:1 0011000 1 000000 0110 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, LOAD, 3, 1, null),
  ),
  insn({ name: "LD1 (multiple structures)", encoding: "Three registers, post-index" }, "0 Q:1 0011001 1 0 rm:5 0110 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, LOAD, 3, 1, f.rm),
  ),
  insn({ name: "LD1 (multiple structures)", encoding: "Four registers, no offset" }, "0 Q:1 0011000 1 000000 0010 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, LOAD, 4, 1, null),
  ),
  insn({ name: "LD1 (multiple structures)", encoding: "Four registers, post-index" }, "0 Q:1 0011001 1 0 rm:5 0010 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, LOAD, 4, 1, f.rm),
  ),
  insn({ name: "LD2 (multiple structures)", encoding: "No offset" }, "0 Q:1 0011000 1 000000 1000 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, LOAD, 2, 2, null),
  ),
  insn({ name: "LD2 (multiple structures)", encoding: "Post-index" }, "0 Q:1 0011001 1 0 rm:5 1000 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, LOAD, 2, 2, f.rm),
  ),
  insn({ name: "LD3 (multiple structures)", encoding: "No offset" }, "0 Q:1 0011000 1 000000 0100 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, LOAD, 3, 3, null),
  ),
  insn({ name: "LD3 (multiple structures)", encoding: "Post-index" }, "0 Q:1 0011001 1 0 rm:5 0100 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, LOAD, 3, 3, f.rm),
  ),
  insn({ name: "LD4 (multiple structures)", encoding: "No offset" }, "0 Q:1 0011000 1 000000 0000 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, LOAD, 4, 4, null),
  ),
  insn({ name: "LD4 (multiple structures)", encoding: "Post-index" }, "0 Q:1 0011001 1 0 rm:5 0000 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, LOAD, 4, 4, f.rm),
  ),
  insn({ name: "ST1 (multiple structures)", encoding: "One register, no offset" }, "0 Q:1 0011000 0 000000 0111 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, STORE, 1, 1, null),
  ),
  insn({ name: "ST1 (multiple structures)", encoding: "One register, post-index" }, "0 Q:1 0011001 0 0 rm:5 0111 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, STORE, 1, 1, f.rm),
  ),
  insn({ name: "ST1 (multiple structures)", encoding: "Two registers, no offset" }, "0 Q:1 0011000 0 000000 1010 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, STORE, 2, 1, null),
  ),
  insn({ name: "ST1 (multiple structures)", encoding: "Two registers, post-index" }, "0 Q:1 0011001 0 0 rm:5 1010 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, STORE, 2, 1, f.rm),
  ),
  insn({ name: "ST1 (multiple structures)", encoding: "Three registers, no offset" }, "0 Q:1 0011000 0 000000 0110 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, STORE, 3, 1, null),
  ),
  insn({ name: "ST1 (multiple structures)", encoding: "Three registers, post-index" }, "0 Q:1 0011001 0 0 rm:5 0110 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, STORE, 3, 1, f.rm),
  ),
  insn({ name: "ST1 (multiple structures)", encoding: "Four registers, no offset" }, "0 Q:1 0011000 0 000000 0010 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, STORE, 4, 1, null),
  ),
  insn({ name: "ST1 (multiple structures)", encoding: "Four registers, post-index" }, "0 Q:1 0011001 0 0 rm:5 0010 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, STORE, 4, 1, f.rm),
  ),
  insn({ name: "ST2 (multiple structures)", encoding: "No offset" }, "0 Q:1 0011000 0 000000 1000 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, STORE, 2, 2, null),
  ),
  insn({ name: "ST2 (multiple structures)", encoding: "Post-index" }, "0 Q:1 0011001 0 0 rm:5 1000 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, STORE, 2, 2, f.rm),
  ),
  insn({ name: "ST3 (multiple structures)", encoding: "No offset" }, "0 Q:1 0011000 0 000000 0100 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, STORE, 3, 3, null),
  ),
  insn({ name: "ST3 (multiple structures)", encoding: "Post-index" }, "0 Q:1 0011001 0 0 rm:5 0100 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, STORE, 3, 3, f.rm),
  ),
  insn({ name: "ST4 (multiple structures)", encoding: "No offset" }, "0 Q:1 0011000 0 000000 0000 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, STORE, 4, 4, null),
  ),
  insn({ name: "ST4 (multiple structures)", encoding: "Post-index" }, "0 Q:1 0011001 0 0 rm:5 0000 size:2 rn:5 rt:5", MEMORY, (f) =>
    multiple(f, STORE, 4, 4, f.rm),
  ),
];
