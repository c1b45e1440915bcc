// Advanced SIMD table lookup (ARM ARM "Advanced SIMD table lookup"): TBL and TBX index a
// table of one to four consecutive registers with the bytes of Vm; an index out of range
// gives zero (TBL) or leaves the byte of Vd (TBX).
import { insn, type InsnEntry, type Op } from "../decode-pattern.ts";
import { commit, R } from "./simd-lanes.ts";

const RB = new Uint8Array(R.buffer);

interface LookupFields {
  readonly Q: number;
  readonly rm: number;
  readonly len: number;
  readonly rn: number;
  readonly rd: number;
}

function tableLookup(f: LookupFields, tbx: boolean): Op {
  const { Q, rm, len, rn, rd } = f;
  const regs = len + 1;
  const bytes = Q ? 16 : 8;
  return (c) => {
    const b = c.vbytes;
    for (let k = 0; k < bytes; k++) {
      const idx = b[rm * 16 + k];
      if (idx < regs * 16) RB[k] = b[((rn + (idx >> 4)) % 32) * 16 + (idx & 15)];
      else RB[k] = tbx ? b[rd * 16 + k] : 0;
    }
    if (!Q) R[2] = R[3] = 0;
    commit(c, rd, Q === 1);
  };
}

export const INSNS: InsnEntry[] = [
  insn("TBL", "0 Q:1 001110 00 0 rm:5 0 len:2 0 00 rn:5 rd:5", {}, (f) => tableLookup(f, false)),
  insn("TBX", "0 Q:1 001110 00 0 rm:5 0 len:2 1 00 rn:5 rd:5", {}, (f) => tableLookup(f, true)),
];
