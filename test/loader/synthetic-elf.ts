// Small ELF64 AArch64 executables built in memory for loader, layout and fuzz tests.

export interface SyntheticSegment {
  /** p_paddr (p_vaddr too). */
  addr: number;
  data: Uint8Array;
  /** p_memsz; default data.length. */
  memsz?: number;
}

/** An ELF64 little-endian AArch64 ET_EXEC with one PT_LOAD per segment, e_entry `entry`. */
export function syntheticElf(segments: SyntheticSegment[], entry: number): Uint8Array {
  const EH = 64;
  const PH = 56;
  let offset = EH + PH * segments.length;
  const offsets = segments.map((s) => {
    const o = offset;
    offset += s.data.length;
    return o;
  });
  const b = new Uint8Array(offset);
  const dv = new DataView(b.buffer);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  dv.setUint16(16, 2, true); // ET_EXEC
  dv.setUint16(18, 183, true); // EM_AARCH64
  dv.setUint32(20, 1, true);
  dv.setBigUint64(24, BigInt(entry), true);
  dv.setBigUint64(32, BigInt(EH), true);
  dv.setUint16(52, EH, true);
  dv.setUint16(54, PH, true);
  dv.setUint16(56, segments.length, true);
  segments.forEach((s, i) => {
    const p = EH + i * PH;
    dv.setUint32(p, 1, true); // PT_LOAD
    dv.setUint32(p + 4, 5, true); // R+X
    dv.setBigUint64(p + 8, BigInt(offsets[i]), true);
    dv.setBigUint64(p + 16, BigInt(s.addr), true);
    dv.setBigUint64(p + 24, BigInt(s.addr), true);
    dv.setBigUint64(p + 32, BigInt(s.data.length), true);
    dv.setBigUint64(p + 40, BigInt(s.memsz ?? s.data.length), true);
    dv.setBigUint64(p + 48, 0x1000n, true);
    b.set(s.data, offsets[i]);
  });
  return b;
}

/** A64 words as little-endian bytes. */
export function words(...w: number[]): Uint8Array {
  return new Uint8Array(new Uint32Array(w).buffer);
}

/** `b .`: a guest that spins where it starts. */
export const SPIN = words(0x14000000);
