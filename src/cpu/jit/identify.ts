// Which instruction a word is, from the instruction table: its entry (ARM ARM name, static
// properties) and operand fields as the entry names them. The block compiler asks this once
// per instruction it compiles; the emitters are looked up by the entry's id.
import { extractFields, type Fields, type InsnProps } from "../decode-pattern.ts";
import { defaultDecoder } from "../decoder.ts";

export interface Identified {
  /** The table entry id, e.g. "LDR (immediate) [Post-index]". */
  readonly name: string;
  readonly props: InsnProps;
  /** Field values as the table entry names them (imm26, cond, rt, b5 ...). */
  readonly f: Fields;
}

/** The implemented table entry a word decodes as, with its operands; null when the word is
 *  UNDEFINED (no entry, a declined field value, or a deliberately unimplemented entry). */
export function identify(w: number): Identified | null {
  const e = defaultDecoder().find(w);
  if (e === null || e.undefinedBecause !== null) return null;
  return { name: e.id, props: e.props, f: extractFields(e, w) };
}
