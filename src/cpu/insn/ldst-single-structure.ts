// Advanced SIMD load/store single structure (ARM ARM C4.1.89): LD1–LD4 / ST1–ST4 of one lane
// and LD1R–LD4R (load one structure and replicate it to all lanes), with the post-index
// forms. One entry per instruction and addressing form: L, R and opcode<0> select the
// instruction (R:opcode<0> + 1 is the number of registers), opcode<2:1> the element size;
// LDnR takes LDn's opcode<2:1> = 0b11, so each LDnR is ordered before its LDn.
import { insn, overlapGroup, type FieldsOf, type InsnEntry, type Op, type OverlapGroup } from "../decode-pattern.ts";
import { rSp, rZr } from "../register-file.ts";
import { writeBack } from "./ldst-structures.ts";

import { TWO32 } from "../../arch/numbers.ts";

type SingleFields = FieldsOf<"Q:1 S:1 size:2 rn:5 rt:5">;

/** One lane of `selem` registers (scale: opcode<2:1>, 0b11 when replicating). `rm`: the
 *  post-index register field, or null for the no-offset form. */
function singleStructure(f: SingleFields, load: boolean, selem: number, scaleField: number, rm: number | null): Op | null {
  let scale = scaleField;
  let index = 0;
  const replicate = scale === 3;
  if (replicate) {
    if (!load || f.S === 1) return null;
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
  const post = rm !== null;
  const m = rm !== null && rm !== 31 ? rZr(rm) : -1;
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

const MEMORY = { mayFault: true } as const;
const LOAD = true,
  STORE = false;
const REPLICATE = 3;
const NO = "No offset",
  POST = "Post-index";

const LD1 = insn({ name: "LD1 (single structure)", encoding: NO }, "0 Q:1 0011010 1 0 00000 scale:2 0 S:1 size:2 rn:5 rt:5", MEMORY, (f) =>
  singleStructure(f, LOAD, 1, f.scale, null),
);
const LD1_POST = insn({ name: "LD1 (single structure)", encoding: POST }, "0 Q:1 0011011 1 0 rm:5 scale:2 0 S:1 size:2 rn:5 rt:5", MEMORY, (f) =>
  singleStructure(f, LOAD, 1, f.scale, f.rm),
);
const LD2 = insn({ name: "LD2 (single structure)", encoding: NO }, "0 Q:1 0011010 1 1 00000 scale:2 0 S:1 size:2 rn:5 rt:5", MEMORY, (f) =>
  singleStructure(f, LOAD, 2, f.scale, null),
);
const LD2_POST = insn({ name: "LD2 (single structure)", encoding: POST }, "0 Q:1 0011011 1 1 rm:5 scale:2 0 S:1 size:2 rn:5 rt:5", MEMORY, (f) =>
  singleStructure(f, LOAD, 2, f.scale, f.rm),
);
const LD3 = insn({ name: "LD3 (single structure)", encoding: NO }, "0 Q:1 0011010 1 0 00000 scale:2 1 S:1 size:2 rn:5 rt:5", MEMORY, (f) =>
  singleStructure(f, LOAD, 3, f.scale, null),
);
const LD3_POST = insn({ name: "LD3 (single structure)", encoding: POST }, "0 Q:1 0011011 1 0 rm:5 scale:2 1 S:1 size:2 rn:5 rt:5", MEMORY, (f) =>
  singleStructure(f, LOAD, 3, f.scale, f.rm),
);
const LD4 = insn({ name: "LD4 (single structure)", encoding: NO }, "0 Q:1 0011010 1 1 00000 scale:2 1 S:1 size:2 rn:5 rt:5", MEMORY, (f) =>
  singleStructure(f, LOAD, 4, f.scale, null),
);
const LD4_POST = insn({ name: "LD4 (single structure)", encoding: POST }, "0 Q:1 0011011 1 1 rm:5 scale:2 1 S:1 size:2 rn:5 rt:5", MEMORY, (f) =>
  singleStructure(f, LOAD, 4, f.scale, f.rm),
);
const LD1R = insn({ name: "LD1R", encoding: NO }, "0 Q:1 0011010 1 0 00000 11 0 S:1 size:2 rn:5 rt:5", MEMORY, (f) =>
  singleStructure(f, LOAD, 1, REPLICATE, null),
);
const LD1R_POST = insn({ name: "LD1R", encoding: POST }, "0 Q:1 0011011 1 0 rm:5 11 0 S:1 size:2 rn:5 rt:5", MEMORY, (f) =>
  singleStructure(f, LOAD, 1, REPLICATE, f.rm),
);
const LD2R = insn({ name: "LD2R", encoding: NO }, "0 Q:1 0011010 1 1 00000 11 0 S:1 size:2 rn:5 rt:5", MEMORY, (f) =>
  singleStructure(f, LOAD, 2, REPLICATE, null),
);
const LD2R_POST = insn({ name: "LD2R", encoding: POST }, "0 Q:1 0011011 1 1 rm:5 11 0 S:1 size:2 rn:5 rt:5", MEMORY, (f) =>
  singleStructure(f, LOAD, 2, REPLICATE, f.rm),
);
const LD3R = insn({ name: "LD3R", encoding: NO }, "0 Q:1 0011010 1 0 00000 11 1 S:1 size:2 rn:5 rt:5", MEMORY, (f) =>
  singleStructure(f, LOAD, 3, REPLICATE, null),
);
const LD3R_POST = insn({ name: "LD3R", encoding: POST }, "0 Q:1 0011011 1 0 rm:5 11 1 S:1 size:2 rn:5 rt:5", MEMORY, (f) =>
  singleStructure(f, LOAD, 3, REPLICATE, f.rm),
);
const LD4R = insn({ name: "LD4R", encoding: NO }, "0 Q:1 0011010 1 1 00000 11 1 S:1 size:2 rn:5 rt:5", MEMORY, (f) =>
  singleStructure(f, LOAD, 4, REPLICATE, null),
);
const LD4R_POST = insn({ name: "LD4R", encoding: POST }, "0 Q:1 0011011 1 1 rm:5 11 1 S:1 size:2 rn:5 rt:5", MEMORY, (f) =>
  singleStructure(f, LOAD, 4, REPLICATE, f.rm),
);

export const INSNS: InsnEntry[] = [
  LD1,
  LD1_POST,
  LD2,
  LD2_POST,
  LD3,
  LD3_POST,
  LD4,
  LD4_POST,
  LD1R,
  LD1R_POST,
  LD2R,
  LD2R_POST,
  LD3R,
  LD3R_POST,
  LD4R,
  LD4R_POST,
  // stores: opcode<2:1> = 0b11 (the replicating loads' encoding) is unallocated for them
  insn({ name: "ST1 (single structure)", encoding: NO }, "0 Q:1 0011010 0 0 00000 scale:2 0 S:1 size:2 rn:5 rt:5", MEMORY, (f) =>
    singleStructure(f, STORE, 1, f.scale, null),
  ),
  insn({ name: "ST1 (single structure)", encoding: POST }, "0 Q:1 0011011 0 0 rm:5 scale:2 0 S:1 size:2 rn:5 rt:5", MEMORY, (f) =>
    singleStructure(f, STORE, 1, f.scale, f.rm),
  ),
  insn({ name: "ST2 (single structure)", encoding: NO }, "0 Q:1 0011010 0 1 00000 scale:2 0 S:1 size:2 rn:5 rt:5", MEMORY, (f) =>
    singleStructure(f, STORE, 2, f.scale, null),
  ),
  insn({ name: "ST2 (single structure)", encoding: POST }, "0 Q:1 0011011 0 1 rm:5 scale:2 0 S:1 size:2 rn:5 rt:5", MEMORY, (f) =>
    singleStructure(f, STORE, 2, f.scale, f.rm),
  ),
  insn({ name: "ST3 (single structure)", encoding: NO }, "0 Q:1 0011010 0 0 00000 scale:2 1 S:1 size:2 rn:5 rt:5", MEMORY, (f) =>
    singleStructure(f, STORE, 3, f.scale, null),
  ),
  insn({ name: "ST3 (single structure)", encoding: POST }, "0 Q:1 0011011 0 0 rm:5 scale:2 1 S:1 size:2 rn:5 rt:5", MEMORY, (f) =>
    singleStructure(f, STORE, 3, f.scale, f.rm),
  ),
  insn({ name: "ST4 (single structure)", encoding: NO }, "0 Q:1 0011010 0 1 00000 scale:2 1 S:1 size:2 rn:5 rt:5", MEMORY, (f) =>
    singleStructure(f, STORE, 4, f.scale, null),
  ),
  insn({ name: "ST4 (single structure)", encoding: POST }, "0 Q:1 0011011 0 1 rm:5 scale:2 1 S:1 size:2 rn:5 rt:5", MEMORY, (f) =>
    singleStructure(f, STORE, 4, f.scale, f.rm),
  ),
];

const REPLICATES = "LDnR is LDn (single structure) with opcode<2:1> = 0b11, which LDn does not use";

export const OVERLAPS: OverlapGroup[] = [
  overlapGroup(REPLICATES, LD1R, LD1),
  overlapGroup(REPLICATES, LD1R_POST, LD1_POST),
  overlapGroup(REPLICATES, LD2R, LD2),
  overlapGroup(REPLICATES, LD2R_POST, LD2_POST),
  overlapGroup(REPLICATES, LD3R, LD3),
  overlapGroup(REPLICATES, LD3R_POST, LD3_POST),
  overlapGroup(REPLICATES, LD4R, LD4),
  overlapGroup(REPLICATES, LD4R_POST, LD4_POST),
];
