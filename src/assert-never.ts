// Exhaustive switches over discriminated unions (VM exits, hypercall and PSCI actions, …):
// the default branch calls assertNever(x), so tsc rejects a new kind that no case handles,
// and should a value of no known kind arrive anyway (a bug), it fails loudly, not silently.

/** A value of a union's kind that no branch handles: a bug of ours, never the guest's. */
export class UnhandledCaseError extends Error {}

export function assertNever(x: never, what = "case"): never {
  const kind = typeof x === "object" && x !== null && "kind" in x ? (x as { kind: unknown }).kind : x;
  throw new UnhandledCaseError(`unhandled ${what}: ${String(kind)}`);
}
