// Advanced SIMD extract (ARM ARM "Advanced SIMD extract"): EXT takes 8 or 16 consecutive
// bytes of Vm:Vn starting at byte imm4 of Vn.
import { insn, type InsnEntry, type Op } from "../decode-pattern.ts";
import { commit, R } from "./simd-lanes.ts";

const RB = new Uint8Array(R.buffer);

function ext(f: { readonly Q: number; readonly rm: number; readonly imm4: number; readonly rn: number; readonly rd: number }): Op | null {
  const { Q, rm, imm4, rn, rd } = f;
  if (!Q && imm4 >= 8) return null;
  const bytes = Q ? 16 : 8;
  return (c) => {
    const b = c.vbytes;
    for (let k = 0; k < bytes; k++) {
      const i = imm4 + k;
      RB[k] = i < bytes ? b[rn * 16 + i] : b[rm * 16 + i - bytes];
    }
    if (!Q) R[2] = R[3] = 0;
    commit(c, rd, Q === 1);
  };
}

export const INSNS: InsnEntry[] = [insn("EXT", "0 Q:1 101110 00 0 rm:5 0 imm4:4 0 rn:5 rd:5", {}, (f) => ext(f))];
