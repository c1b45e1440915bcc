// Writes docs/isa-coverage.md from the instruction table: what the ts core implements, what it
// leaves UNDEFINED on purpose and why, per ARMv8.x feature. `npm run isa-coverage` rewrites
// the page; test/cpu/isa-coverage.test.ts fails when the committed page is out of date.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Feature, InsnEntry, InsnProps } from "../src/cpu/decode-pattern.ts";
import { INSN_TABLE } from "../src/cpu/insn/index.ts";

export const COVERAGE_PAGE = "docs/isa-coverage.md";

const PROP_WORDS: [keyof InsnProps, string][] = [
  ["endsBlock", "ends block"],
  ["mayFault", "may fault"],
  ["readsPc", "reads PC"],
  ["readsCounter", "reads counter"],
  ["readsFlags", "reads NZCV"],
  ["writesFlags", "writes NZCV"],
];

function featureOf(e: InsnEntry): Feature {
  return e.props.feature ?? "ARMv8.0";
}

function propsText(e: InsnEntry): string {
  return PROP_WORDS.filter(([k]) => e.props[k] === true)
    .map(([, w]) => w)
    .join(", ");
}

/** `|` would end a table cell. */
const cell = (s: string) => s.replace(/\|/g, "\\|");

function encodingText(e: InsnEntry): string {
  return `\`${e.spec.trim().replace(/\s+/g, " ")}\``;
}

export function coverageMarkdown(table: readonly InsnEntry[]): string {
  const entries = table;
  const implemented = entries.filter((e) => e.undefinedBecause === null);
  const absent = entries.filter((e) => e.undefinedBecause !== null);
  const features = [...new Set(entries.map(featureOf))].sort((a, b) => (a === "ARMv8.0" ? -1 : b === "ARMv8.0" ? 1 : a.localeCompare(b)));
  const out: string[] = [];
  out.push("# A64 instruction coverage of the ts core");
  out.push("");
  out.push("Generated from the instruction table (`src/cpu/insn/`) by `npm run isa-coverage`; do not edit.");
  out.push("The core models an ARMv8.0 Cortex-A57-class CPU, the `-cpu cortex-a57` QEMU runs Avisor with:");
  out.push("instructions of later features are UNDEFINED there, and so here.");
  out.push("");
  out.push(`- ${implemented.length} instruction encodings implemented, ${absent.length} known and deliberately UNDEFINED.`);
  out.push("- Per feature:");
  for (const f of features) {
    const n = implemented.filter((e) => featureOf(e) === f).length;
    const u = absent.filter((e) => featureOf(e) === f).length;
    out.push(`  - ${f}: ${n} implemented, ${u} UNDEFINED`);
  }
  for (const f of features) {
    const impl = implemented.filter((e) => featureOf(e) === f);
    const undef = absent.filter((e) => featureOf(e) === f);
    out.push("");
    out.push(`## ${f}`);
    if (impl.length > 0) {
      out.push("");
      out.push("| instruction | encoding | properties | UNDEFINED when |");
      out.push("|---|---|---|---|");
      for (const e of impl) out.push(`| ${cell(e.id)} | ${encodingText(e)} | ${propsText(e)} | ${cell(e.props.declines ?? "")} |`);
    }
    if (undef.length > 0) {
      out.push("");
      out.push("Deliberately UNDEFINED:");
      out.push("");
      out.push("| instruction | encoding | why |");
      out.push("|---|---|---|");
      for (const e of undef) out.push(`| ${cell(e.id)} | ${encodingText(e)} | ${cell(e.undefinedBecause!)} |`);
    }
  }
  out.push("");
  return out.join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(COVERAGE_PAGE, coverageMarkdown(INSN_TABLE));
  console.log(`wrote ${COVERAGE_PAGE}`);
}
