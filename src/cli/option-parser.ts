// A small command-line parser driven by the option table, with our own one-line messages:
// an unknown option is named as the user typed it, a missing or bad value says what the
// option takes. Values are converted by kind, so args.ts receives numbers, not strings.
import { assertNever } from "../assert-never.ts";
import { parseNumber, parseSize } from "../hyp/config.ts";
import { InputError } from "../hyp/errors.ts";
import type { OptionKind, OptionSpec } from "./option-table.ts";

/** A usage error: one line, exit code 2. */
export class UsageError extends InputError {
  override name = "UsageError";
}

export type OptionValue = boolean | string | number;

/** The options given, by long name; an option given twice keeps its last value. */
export class OptionValues {
  private readonly byName = new Map<string, OptionValue>();

  set(name: string, v: OptionValue): void {
    this.byName.set(name, v);
  }
  /** The raw value (tests, and options of a kind added later). */
  get(name: string): OptionValue | undefined {
    return this.byName.get(name);
  }
  /** A boolean option: true when given. */
  flag(name: string): boolean {
    return this.byName.get(name) === true;
  }
  /** A string option's text, or undefined when not given. */
  string(name: string): string | undefined {
    const v = this.byName.get(name);
    return typeof v === "string" ? v : undefined;
  }
  /** A number, size, count or seconds option's value, or undefined when not given. */
  number(name: string): number | undefined {
    const v = this.byName.get(name);
    return typeof v === "number" ? v : undefined;
  }
}

export interface ParsedArgs {
  values: OptionValues;
  positionals: string[];
}

/** What each kind of value is, in words, for messages. */
export function describeValue(o: OptionSpec): string {
  if (o.valueWords !== undefined) return o.valueWords;
  if (o.choices) return `one of ${o.choices.join(", ")}`;
  const words: Record<Exclude<OptionKind, "boolean">, string> = {
    string: o.value === "FILE" ? "a file name" : "a value",
    number: "an address or number (decimal or 0x…, e.g. 0x40100000)",
    size: "a size (e.g. 128M, 1G, 0x8000000)",
    count: "a positive count (e.g. 5000, 10M)",
    seconds: "a positive number of seconds (e.g. 10, 0.5)",
  };
  return o.kind === "boolean" ? "no value" : words[o.kind];
}

/** Counts with decimal suffixes: 10K = 10,000, 10M = 10,000,000, 1G = 10^9; or 0x…. */
export function parseCount(text: string): number | null {
  const m = /^(\d[\d_]*(?:\.\d+)?)([KMG]?)$/i.exec(text.trim());
  let n: number;
  if (m) n = Number(m[1].replace(/_/g, "")) * 1000 ** "_KMG".indexOf(m[2].toUpperCase() || "_");
  else if (/^0x[0-9a-f_]+$/i.test(text.trim())) n = Number(text.trim().replace(/_/g, ""));
  else return null;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** The value of option `o` from its text, or null if the text is not one. */
export function convertValue(o: OptionSpec, text: string): OptionValue | null {
  const quietly = (f: () => number): number | null => {
    try {
      return f();
    } catch {
      return null;
    }
  };
  switch (o.kind) {
    case "boolean":
      return null;
    case "string":
      if (text === "") return null;
      if (o.choices !== undefined && !o.choices.includes(text)) return null;
      return o.pattern === undefined || o.pattern.test(text) ? text : null;
    case "number":
      return quietly(() => parseNumber(text, o.name));
    case "size":
      return quietly(() => parseSize(text, o.name));
    case "count":
      return parseCount(text);
    case "seconds": {
      const s = /^\d+(\.\d*)?$|^\.\d+$/.test(text.trim()) ? Number(text) : NaN;
      return Number.isFinite(s) && s > 0 ? s : null;
    }
    default:
      return assertNever(o.kind, "option kind");
  }
}

/** Whether `arg` looks like an option rather than a value (a negative number is a value). */
function looksLikeOption(arg: string): boolean {
  return arg.startsWith("-") && arg !== "-" && !/^-[\d.]/.test(arg);
}

/** Edit distance, for "did you mean" on a mistyped option name. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

function unknownOption(typed: string, table: readonly OptionSpec[]): UsageError {
  const name = typed.replace(/^-+/, "").split("=")[0];
  const exact = table.find((o) => o.name === name);
  let hint = "";
  if (exact) hint = ` (did you mean --${exact.name}? long options start with two dashes)`;
  else {
    const close = table.filter((o) => name.length > 2 && distance(name, o.name) <= 2).map((o) => `--${o.name}`);
    if (close.length > 0) hint = ` (did you mean ${close.join(" or ")}?)`;
  }
  return new UsageError(`unknown option ${typed.split("=")[0]}${hint}; see --help`);
}

/**
 * Parses argv by the table. Long options as `--name VALUE` or `--name=VALUE`, short ones as
 * `-x VALUE`; `--` ends the options. A value option takes the next argument unless that
 * looks like an option itself (negative numbers are values, so they are reported as such).
 */
export function parseOptions(argv: readonly string[], table: readonly OptionSpec[]): ParsedArgs {
  const values = new OptionValues();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!looksLikeOption(arg)) {
      positionals.push(arg);
      continue;
    }
    let spec: OptionSpec | undefined;
    let inline: string | undefined;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      if (eq >= 0) inline = arg.slice(eq + 1);
      spec = table.find((o) => o.name === name);
    } else if (arg.length === 2) {
      spec = table.find((o) => o.short === arg[1]);
    }
    if (spec === undefined) throw unknownOption(arg, table);
    const typed = arg.startsWith("--") ? `--${spec.name}` : arg;
    if (spec.kind === "boolean") {
      if (inline !== undefined) throw new UsageError(`${typed} takes no value (got "${inline}")`);
      values.set(spec.name, true);
      continue;
    }
    let text = inline;
    if (text === undefined && spec.bareValue !== undefined) {
      // An optional value: take the next argument only if it is one (not the image's name).
      const next = argv[i + 1];
      const fits = next !== undefined && (spec.choices !== undefined || spec.pattern !== undefined) && convertValue(spec, next) !== null;
      if (!fits) {
        values.set(spec.name, spec.bareValue);
        continue;
      }
    }
    if (text === undefined) {
      const next = argv[i + 1];
      if (next === undefined || looksLikeOption(next)) {
        const after = next === undefined ? "" : `, but the next argument is the option ${next}`;
        throw new UsageError(`${typed} needs a value: ${describeValue(spec)}${after}`);
      }
      text = next;
      i++;
    }
    const v = convertValue(spec, text);
    if (v === null) throw new UsageError(`${typed}: expected ${describeValue(spec)}, got "${text}"`);
    const earlier = values.get(spec.name);
    values.set(spec.name, spec.repeatable && typeof earlier === "string" ? `${earlier},${v}` : v);
  }
  return { values, positionals };
}

/** The options part of --help, made from the table. */
export function optionsHelp(table: readonly OptionSpec[]): string {
  const heads = table.map((o) => {
    const name = o.short ? `-${o.short}, --${o.name}` : `--${o.name}`;
    const value = o.choices ? o.choices.join("|") : o.value;
    if (value === undefined) return name;
    return o.bareValue !== undefined ? `${name}[=${value}]` : `${name} ${value}`;
  });
  const width = Math.max(...heads.map((h) => h.length)) + 2;
  return table
    .map((o, i) => {
      const [first, ...rest] = o.help.split("\n");
      return [`  ${heads[i].padEnd(width)}${first}`, ...rest.map((l) => `  ${"".padEnd(width)}${l}`)].join("\n");
    })
    .join("\n");
}
