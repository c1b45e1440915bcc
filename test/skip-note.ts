// Tests that need a tool, a file or an environment variable skip with a note naming what is
// missing: in the test's title (vitest lists skipped titles) and once on stderr per reason, so
// a skipped test never passes for a silent one.

const warned = new Set<string>();

/** " (skipped: <missing>)" for a title, or "" when nothing is missing (`missing` null). */
export function skipNote(missing: string | null): string {
  if (missing === null) return "";
  if (!warned.has(missing)) {
    warned.add(missing);
    console.warn(`skipped: ${missing}`);
  }
  return ` (skipped: ${missing})`;
}

/** The first of several reasons that is not null (several needs of one test). */
export function firstMissing(...reasons: (string | null)[]): string | null {
  return reasons.find((r) => r !== null) ?? null;
}
