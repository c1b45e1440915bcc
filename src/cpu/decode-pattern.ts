// Instruction encodings as data, in the spirit of QEMU's decodetree: each pattern is a
// 32-bit template of fixed bits and named fields, bit 31 first, e.g.
//   "sf:1 op:1 S:1 100010 sh:1 imm12:12 rn:5 rd:5"
// Tokens: runs of 0/1 (fixed bits), runs of x or - (don't care), and name:width fields.
import type { CoreContext } from "./core-context.ts";

/** An executable decoded instruction. Returns true when it changed the PC (taken branch,
 *  exception, ERET) or needs the run loop to re-check interrupts; otherwise the next
 *  sequential instruction runs. */
export type Op = (c: CoreContext) => boolean | void;

export type Fields = Record<string, number>;

/** Turns the fields of a matched pattern into an Op, or null when the encoding is
 *  unallocated after all (reserved field values), which makes it UNDEFINED. */
export type DecodeFn = (f: Fields, word: number) => Op | null;

export interface Pattern {
  readonly name: string;
  readonly spec: string;
  readonly mask: number;
  readonly value: number;
  readonly fields: ReadonlyArray<{ name: string; shift: number; width: number }>;
  readonly decode: DecodeFn;
}

export function pattern(name: string, spec: string, decode: DecodeFn): Pattern {
  let bit = 32;
  let mask = 0;
  let value = 0;
  const fields: { name: string; shift: number; width: number }[] = [];
  for (const tok of spec.trim().split(/\s+/)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*):(\d+)$/.exec(tok);
    if (m) {
      const width = Number(m[2]);
      bit -= width;
      fields.push({ name: m[1], shift: bit, width });
      continue;
    }
    if (!/^[01x-]+$/.test(tok)) throw new Error(`pattern ${name}: bad token '${tok}'`);
    for (const ch of tok) {
      bit--;
      if (ch === "0" || ch === "1") {
        mask |= 1 << bit;
        if (ch === "1") value |= 1 << bit;
      }
    }
  }
  if (bit !== 0) throw new Error(`pattern ${name}: spec covers ${32 - bit} bits, not 32`);
  return { name, spec, mask: mask >>> 0, value: value >>> 0, fields, decode };
}

export function extractFields(p: Pattern, word: number): Fields {
  const f: Fields = {};
  for (const fd of p.fields) f[fd.name] = (word >>> fd.shift) & ((2 ** fd.width - 1) >>> 0);
  return f;
}

export function matches(p: Pattern, word: number): boolean {
  return ((word & p.mask) >>> 0) === p.value;
}
