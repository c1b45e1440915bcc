// Instruction encodings as data, in the spirit of QEMU's decodetree: each entry is a
// 32-bit template of fixed bits and named fields, bit 31 first, e.g.
//   "sf:1 0 0 100010 sh:1 imm12:12 rn:5 rd:5"
// Tokens: runs of 0/1 (fixed bits), runs of x or - (don't care), and fields:
//   name:W     unsigned, W bits
//   name:sW    signed (two's complement, sign-extended)
//   name:W*K   or name:sW*K   scaled by the constant K (e.g. "imm26:s26*4", a byte offset)
// The field names are also read by the type checker: the decode function of
// insn("…", "sf:1 … imm12:12 …", …) receives `f.imm12`, and `f.imm21` does not compile.
import type { CoreContext } from "./core-context.ts";

/** An executable decoded instruction. Returns true when it changed the PC (taken branch,
 *  exception, ERET) or needs the run loop to re-check interrupts; otherwise the next
 *  sequential instruction runs. */
// biome-ignore lint/suspicious/noConfusingVoidType: most Ops return nothing; true ends the block
export type Op = (c: CoreContext) => boolean | void;

/** The names of the fields of an encoding string, as a union of string literal types. */
type Tokens<S extends string> = S extends `${infer Head} ${infer Rest}` ? Head | Tokens<Rest> : S;
type FieldName<T> = T extends `${infer N}:${string}` ? N : never;

/** The decoded fields of an encoding string: exactly the names it declares. */
export type FieldsOf<S extends string> = { readonly [K in FieldName<Tokens<S>>]: number };

/** Fields of an encoding not known to the type checker (tables, tests, tools). */
export type Fields = Readonly<Record<string, number>>;

/** Architecture versions and extensions an entry belongs to (ARM ARM feature names). */
export type Feature =
  | "ARMv8.0"
  | "FEAT_CRC32"
  | "FEAT_LSE"
  | "FEAT_LOR"
  | "FEAT_RDM"
  | "FEAT_FP16"
  | "FEAT_FHM"
  | "FEAT_DotProd"
  | "FEAT_AES"
  | "FEAT_SHA1"
  | "FEAT_SHA256"
  | "FEAT_SHA512"
  | "FEAT_SHA3"
  | "FEAT_SM3"
  | "FEAT_SM4"
  | "FEAT_PMULL"
  | "FEAT_PAuth"
  | "FEAT_BTI"
  | "FEAT_LRCPC"
  | "FEAT_LRCPC2"
  | "FEAT_FlagM"
  | "FEAT_FlagM2"
  | "FEAT_FRINTTS"
  | "FEAT_FCMA"
  | "FEAT_JSCVT"
  | "FEAT_BF16"
  | "FEAT_I8MM"
  | "FEAT_MTE"
  | "FEAT_LS64"
  | "FEAT_WFxT"
  | "FEAT_SB"
  | "FEAT_SPECRES"
  | "FEAT_DGH"
  | "FEAT_RNG"
  | "FEAT_TME"
  | "FEAT_MOPS"
  | "FEAT_HBC"
  | "FEAT_CSSC"
  | "FEAT_SVE"
  | "FEAT_SME";

/** What an instruction may do, known before it runs (for the block compiler, traces and
 *  the coverage page). Each is conservative: "may", never "always". */
export interface InsnProps {
  /** The feature the instruction belongs to; ARMv8.0 when absent. */
  readonly feature?: Feature;
  /** May write the PC other than to the next instruction, or end the block for the run
   *  loop to re-check interrupts (branches, exception generation, ERET, WFI, MSR DAIF…). */
  readonly endsBlock?: boolean;
  /** May raise a synchronous exception or a VM exit for reasons other than being
   *  UNDEFINED (memory accesses, traps of system registers, alignment, SVC/HVC…). */
  readonly mayFault?: boolean;
  /** Reads its own address (PC-relative addressing, branch-and-link, literal loads). */
  readonly readsPc?: boolean;
  /** Reads the generic timer's counter (virtual time must be exact at that instruction). */
  readonly readsCounter?: boolean;
  /** Reads NZCV (conditional instructions, ADC/SBC, MRS NZCV). */
  readonly readsFlags?: boolean;
  /** May write NZCV (flag-setting forms, compares, MSR NZCV, FCMP). */
  readonly writesFlags?: boolean;
  /** Reads no general-purpose register but those its rn, rm and ra fields name and writes
   *  none but the one rd names (register 31 is the zero register in all four), so a
   *  compiled block saves and reloads just those around a call of its Op. */
  readonly gprOperands?: boolean;
  /** When the decode function returns null (UNDEFINED) for some words the encoding matches
   *  that disassemblers accept, which ones and why, e.g. "MRS/MSR of a system register the
   *  core does not implement: UNDEFINED, as on a core without it". Listed on the coverage
   *  page; the table test holds every such word to it. */
  readonly declines?: string;
}

export interface FieldSpec {
  readonly name: string;
  readonly shift: number;
  readonly width: number;
  readonly signed: boolean;
  readonly scale: number;
}

/** Turns the fields of a matched encoding into an Op, or null when the encoding is
 *  unallocated after all (a reserved field value): the word is then UNDEFINED. */
export type DecodeFn = (f: Fields, word: number) => Op | null;

export interface InsnEntry {
  /** The ARM ARM instruction heading, e.g. "ADD (immediate)". */
  readonly name: string;
  /** The ARM ARM encoding title when an instruction has several, e.g. "Scalar". */
  readonly encoding: string;
  /** name plus encoding: unique in the table. */
  readonly id: string;
  readonly spec: string;
  readonly mask: number;
  readonly value: number;
  readonly fields: readonly FieldSpec[];
  readonly props: InsnProps;
  /** Why the table deliberately leaves this encoding UNDEFINED; null for implemented ones. */
  readonly undefinedBecause: string | null;
  decode(f: Fields, word: number): Op | null;
}

interface ParsedSpec {
  mask: number;
  value: number;
  fields: FieldSpec[];
}

function parseSpec(what: string, spec: string): ParsedSpec {
  let bit = 32;
  let mask = 0;
  let value = 0;
  const fields: FieldSpec[] = [];
  for (const tok of spec.trim().split(/\s+/)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*):(s?)(\d+)(?:\*(\d+))?$/.exec(tok);
    if (m) {
      const width = Number(m[3]);
      bit -= width;
      fields.push({ name: m[1], shift: bit, width, signed: m[2] === "s", scale: m[4] === undefined ? 1 : Number(m[4]) });
      continue;
    }
    if (!/^[01x-]+$/.test(tok)) throw new Error(`${what}: bad token '${tok}'`);
    for (const ch of tok) {
      bit--;
      if (ch === "0" || ch === "1") {
        mask |= 1 << bit;
        if (ch === "1") value |= 1 << bit;
      }
    }
  }
  if (bit !== 0) throw new Error(`${what}: spec covers ${32 - bit} bits, not 32`);
  return { mask: mask >>> 0, value: value >>> 0, fields };
}

/** Where an entry comes from: its ARM ARM heading and, when it has several, the encoding. */
export type InsnName = string | { readonly name: string; readonly encoding: string };

function entry(name: InsnName, spec: string, props: InsnProps, undefinedBecause: string | null, decode: DecodeFn): InsnEntry {
  const n = typeof name === "string" ? name : name.name;
  const encoding = typeof name === "string" ? "" : name.encoding;
  const id = encoding === "" ? n : `${n} [${encoding}]`;
  return { name: n, encoding, id, spec, ...parseSpec(id, spec), props, undefinedBecause, decode };
}

/** One instruction (or one encoding of it): its fields are typed from `spec`. */
export function insn<const S extends string>(name: InsnName, spec: S, props: InsnProps, decode: (f: FieldsOf<S>, word: number) => Op | null): InsnEntry {
  return entry(name, spec, props, null, decode as DecodeFn);
}

/** An encoding the table knows and deliberately leaves UNDEFINED, with the reason (listed
 *  on the coverage page; the table test holds every such word to it). */
export function notImplemented(name: InsnName, spec: string, props: InsnProps, because: string): InsnEntry {
  return entry(name, spec, props, because, () => null);
}

/** Extracts the fields of a matched word, sign-extended and scaled as the spec says. */
export function extractFields(e: InsnEntry, word: number): Fields {
  const f: Record<string, number> = {};
  for (const fd of e.fields) {
    let v = (word >>> fd.shift) & ((2 ** fd.width - 1) >>> 0);
    if (fd.signed && v >= 2 ** (fd.width - 1)) v -= 2 ** fd.width;
    f[fd.name] = v * fd.scale;
  }
  return f;
}

export function matches(e: InsnEntry, word: number): boolean {
  return (word & e.mask) >>> 0 === e.value;
}

/** Two encodings some word matches both of. */
export function overlapping(a: InsnEntry, b: InsnEntry): boolean {
  return ((a.value ^ b.value) & a.mask & b.mask) === 0;
}

/** Entries whose encodings overlap on purpose, most specific first: a word matching
 *  several entries of a group decodes as the first of them. Every overlap in the table
 *  must be declared by a group (the table test checks this). */
export interface OverlapGroup {
  readonly why: string;
  readonly entries: readonly InsnEntry[];
}

export function overlapGroup(why: string, ...entries: InsnEntry[]): OverlapGroup {
  return { why, entries };
}
