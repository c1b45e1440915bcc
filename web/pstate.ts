// PSTATE (as SPSR packs it) in words: flags, masks, exception level and stack pointer.
export function describePstate(p: number): string {
  const flags = ["N", "Z", "C", "V"].map((f, i) => ((p >>> (31 - i)) & 1 ? f : f.toLowerCase())).join("");
  const masks = ["D", "A", "I", "F"].map((f, i) => ((p >>> (9 - i)) & 1 ? f : f.toLowerCase())).join("");
  const el = (p >>> 2) & 3;
  const sp = p & 1 ? "h" : "t";
  return `${flags} ${masks} EL${el}${sp}`;
}
