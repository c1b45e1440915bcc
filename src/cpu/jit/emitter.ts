// What an emitter is: given the operand fields of one instruction (named as in its table
// entry) and where it sits in the block, JS statements with the effect of the entry's Op,
// or null to run the Op itself. The registry maps table entry ids to emitters, so which
// instructions the block compiler writes out is data, like the table it builds on.
import type { Fields } from "../decode-pattern.ts";
import { ALU_EMITTERS } from "./emit-alu.ts";
import { MEMORY_EMITTERS } from "./emit-memory.ts";

/** The block's view of one instruction position. */
export interface EmitSite {
  /** A JS expression for bits 31:0 of this instruction's address. */
  readonly pc: string;
  /** Statements before a slow path's call: they make a fault here exact (the PC and the
   *  position in the block's count) and mark the block dirty (Jit.dirty). */
  readonly exact: string;
  /** Statements leaving the block after this instruction when it overwrote decoded code. */
  readonly deadCheck: string;
  /** In a tight loop (loopShape): the prefix of the locals where a memory access remembers
   *  its last page (emit-memory.ts); null elsewhere. */
  readonly cache: string | null;
}

export type Emitter = (f: Fields, site: EmitSite) => string | null;

/** Every non-branch emitter, by table entry id (branches: emit-branch.ts). */
export const EMITTERS: Readonly<Record<string, Emitter>> = { ...ALU_EMITTERS, ...MEMORY_EMITTERS };
