// A64 condition codes (ARM ARM C1.2.4): a predicate over NZCV per 4-bit cond field.
import type { CoreContext } from "../core-context.ts";

export type CondFn = (c: CoreContext) => boolean;

const BASE: CondFn[] = [
  (c) => c.z === 1, // EQ
  (c) => c.c === 1, // CS
  (c) => c.n === 1, // MI
  (c) => c.v === 1, // VS
  (c) => c.c === 1 && c.z === 0, // HI
  (c) => c.n === c.v, // GE
  (c) => c.n === c.v && c.z === 0, // GT
  () => true, // AL (and NV, which also means always in A64)
];

/** The predicate for `cond`; odd conditions (except 0b1111) are the inverse of the even one. */
export function condition(cond: number): CondFn {
  const base = BASE[cond >>> 1];
  if ((cond & 1) === 0 || cond === 0b1111) return base;
  return (c) => !base(c);
}

export function conditionHolds(cond: number, c: CoreContext): boolean {
  return condition(cond)(c);
}
