// Which instruction a word is, from the instruction table (its entry's ARM ARM name and
// static properties), plus the operand fields the block compiler's emitters read. Only the
// instructions the compiler emits itself are named here; every other word is run through
// the interpreter's own Op.
import { defaultDecoder } from "../decoder.ts";

export type InsnName =
  | "B"
  | "BL"
  | "B.cond"
  | "CBZ"
  | "CBNZ"
  | "TBZ"
  | "TBNZ"
  | "BR"
  | "BLR"
  | "RET"
  | "ADD (immediate)"
  | "SUB (immediate)"
  | "MOVZ"
  | "MOVK"
  | "ADR"
  | "ADRP";

export interface Identified {
  readonly name: InsnName;
  /** The table's static property: the instruction may change the PC (it ends a block). */
  readonly endsBlock: boolean;
  /** Field values as the ARM ARM names them (imm26, cond, rt, b5 ...). */
  readonly f: Readonly<Record<string, number>>;
}

const bits = (w: number, lsb: number, width: number): number => (w >>> lsb) & ((1 << width) - 1);

const EMITTED: ReadonlySet<string> = new Set<InsnName>([
  "B",
  "BL",
  "B.cond",
  "CBZ",
  "CBNZ",
  "TBZ",
  "TBNZ",
  "BR",
  "BLR",
  "RET",
  "ADD (immediate)",
  "SUB (immediate)",
  "MOVZ",
  "MOVK",
  "ADR",
  "ADRP",
]);

/** The table entry a word decodes as, when the compiler emits it, with its operands. */
export function identify(w: number): Identified | null {
  const e = defaultDecoder().find(w);
  if (e === null || !EMITTED.has(e.id)) return null;
  const f = operands(w);
  if (f === null || f.name !== e.id) return null; // the table decides; the two views must agree
  return { name: f.name, endsBlock: e.props.endsBlock === true, f: f.f };
}

/** The operand fields, as the emitters read them, of the words the compiler emits. */
function operands(w: number): { name: InsnName; f: Readonly<Record<string, number>> } | null {
  // Unconditional branch (immediate): op 00101 imm26
  if ((w & 0x7c000000) === 0x14000000) return { name: w >>> 31 ? "BL" : "B", f: { imm26: bits(w, 0, 26) } };
  // Conditional branch: 0101010 0 imm19 0 cond
  if ((w & 0xff000010) === 0x54000000) return { name: "B.cond", f: { imm19: bits(w, 5, 19), cond: bits(w, 0, 4) } };
  // Compare and branch: sf 011010 op imm19 Rt
  if ((w & 0x7e000000) === 0x34000000) return { name: bits(w, 24, 1) ? "CBNZ" : "CBZ", f: { sf: w >>> 31, imm19: bits(w, 5, 19), rt: bits(w, 0, 5) } };
  // Test and branch: b5 011011 op b40 imm14 Rt
  if ((w & 0x7e000000) === 0x36000000)
    return { name: bits(w, 24, 1) ? "TBNZ" : "TBZ", f: { bit: (w >>> 31) * 32 + bits(w, 19, 5), imm14: bits(w, 5, 14), rt: bits(w, 0, 5) } };
  // Branch (register): 1101011 0 0 opc 11111 000000 Rn 00000
  if ((w & 0xff9ffc1f) === (0xd61f0000 | 0)) {
    const opc = bits(w, 21, 2);
    const name: InsnName | null = opc === 0 ? "BR" : opc === 1 ? "BLR" : opc === 2 ? "RET" : null;
    return name === null ? null : { name, f: { rn: bits(w, 5, 5) } };
  }
  // Add/subtract (immediate), not setting flags: sf op 0 100010 sh imm12 Rn Rd
  if ((w & 0x3f800000) === 0x11000000)
    return {
      name: bits(w, 30, 1) ? "SUB (immediate)" : "ADD (immediate)",
      f: { sf: w >>> 31, sh: bits(w, 22, 1), imm12: bits(w, 10, 12), rn: bits(w, 5, 5), rd: bits(w, 0, 5) },
    };
  // Move wide (immediate): sf opc 100101 hw imm16 Rd; hw >= 2 needs sf
  if ((w & 0x1f800000) === 0x12800000) {
    const opc = bits(w, 29, 2);
    const hw = bits(w, 21, 2);
    if (w >>> 31 === 0 && hw >= 2) return null;
    const name: InsnName | null = opc === 2 ? "MOVZ" : opc === 3 ? "MOVK" : null;
    return name === null ? null : { name, f: { sf: w >>> 31, hw, imm16: bits(w, 5, 16), rd: bits(w, 0, 5) } };
  }
  // PC-relative addressing: op immlo 10000 immhi Rd
  if ((w & 0x1f000000) === 0x10000000)
    return { name: w >>> 31 ? "ADRP" : "ADR", f: { imm: (((bits(w, 5, 19) << 2) | bits(w, 29, 2)) << 11) >> 11, rd: bits(w, 0, 5) } };
  return null;
}
