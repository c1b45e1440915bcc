// Capstone's and objdump's spellings of one A64 instruction brought to a common form, so the
// disassembler test can compare them: immediates as 64-bit hex whatever their sign and base
// (`#-16` = `#-0x10` = `#0xfffffffffffffff0`; 32 bits when the destination is a W register:
// `mov w1, #-1` = `mov w1, #0xffffffff`), objdump's bare branch targets as the same hex,
// its `<symbol>` notes and `// comments` dropped, condition aliases (hs/cs, lo/cc) folded.

const CONDITION_ALIASES: Record<string, string> = { hs: "cs", lo: "cc" };

function hex(bits: number, neg: boolean, magnitude: bigint): string {
  return `0x${BigInt.asUintN(bits, neg ? -magnitude : magnitude).toString(16)}`;
}

function token(t: string, bits: number): string {
  const imm = /^#(-?)(0x[0-9a-f]+|[0-9]+)$/.exec(t);
  if (imm !== null) return hex(bits, imm[1] === "-", BigInt(imm[2]));
  if (/^[0-9a-f]{5,}$/.test(t)) return hex(64, false, BigInt(`0x${t}`)); // objdump: an address
  return CONDITION_ALIASES[t] ?? t;
}

export function normalise(insn: string): string {
  const s = insn
    .replace(/<[^>]*>/g, "")
    .replace(/\/\/.*$/, "")
    .trim();
  const space = s.search(/\s/);
  let mnemonic = space === -1 ? s : s.slice(0, space);
  const operands = space === -1 ? "" : s.slice(space).trim();
  const cond = /^(b|bc)\.(hs|lo)$/.exec(mnemonic);
  if (cond !== null) mnemonic = `${cond[1]}.${CONDITION_ALIASES[cond[2]]}`;
  const parts = operands.split(/([\s,[\]!{}])/).filter((p) => p !== "" && !/^\s+$/.test(p));
  const bits = parts[0]?.startsWith("w") ? 32 : 64;
  return [mnemonic, parts.map((p) => token(p, bits)).join("")].join(" ").trim();
}
