// Issue 11: usage errors in our own words, --help from the option table, --version, the usage
// line naming the command it was run as, counts with K/M/G, which image wins beside --config,
// and the hint for a forgotten "--" after `npm run boot`.
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commandName, parseCommandLine } from "../../src/cli/args.ts";
import { configFileReader, FORGOT_DASHES_HINT, looksLikeOptionValue } from "../../src/cli/input-files.ts";
import { defaultConfig } from "../../src/hyp/config.ts";
import { optionsHelp, parseCount, parseOptions, UsageError } from "../../src/cli/option-parser.ts";
import { OPTIONS, type OptionSpec } from "../../src/cli/option-table.ts";
import { boot, plainEnv } from "./run-cli.ts";

describe("usage errors, each one line of ours and exit 2", () => {
  const cases: [string[], string][] = [
    [["-kernel", "images/output.bin"], "avisor: unknown option -kernel; see --help"],
    [["-entry", "0x40100000", "images/output.bin"], "avisor: unknown option -entry (did you mean --entry? long options start with two dashes); see --help"],
    [["images/output.bin", "--entr", "0x40100000"], "avisor: unknown option --entr (did you mean --entry?); see --help"],
    [["images/output.bin", "--dtb"], "avisor: --dtb needs a value: a file name"],
    [["images/output.bin", "--mem", "--quiet"], "avisor: --mem needs a value: a size (e.g. 128M, 1G, 0x8000000), but the next argument is the option --quiet"],
    [["images/output.bin", "--timeout", "-5"], 'avisor: --timeout: expected a positive number of seconds (e.g. 10, 0.5), got "-5"'],
    [["images/output.bin", "--max-insns", "-1"], 'avisor: --max-insns: expected a positive count (e.g. 5000, 10M), got "-1"'],
    [["images/output.bin", "--base", "-0x1000"], 'avisor: --base: expected an address or number (decimal or 0x…, e.g. 0x40100000), got "-0x1000"'],
    [["images/output.bin", "--gic", "4"], 'avisor: --gic: expected one of 2, 3, got "4"'],
    [["images/output.bin", "--cpu=qemu"], 'avisor: --cpu: expected one of ts, unicorn, got "qemu"'],
    [["images/output.bin", "--jit", "yes"], 'avisor: --jit: expected one of auto, on, off, got "yes"'],
    [["images/output.bin", "--quiet=yes"], 'avisor: --quiet takes no value (got "yes")'],
    [["images/output.bin", "--dtb", ""], 'avisor: --dtb: expected a file name, got ""'],
    [[], "avisor: no image given (usage: avisor <image> [options]; see --help)"],
  ];
  it("for unknown options, missing values and bad or negative numbers (parsed in-process)", () => {
    for (const [args, line] of cases) {
      expect(() => parseCommandLine(args), args.join(" ")).toThrow(UsageError);
      expect(() => parseCommandLine(args), args.join(" ")).toThrow(line.replace(/^avisor: /, ""));
    }
  });

  it("as the CLI prints them: one line on stderr, nothing on stdout, exit 2", () => {
    for (const [args, line] of [cases[0], cases[3], cases[5]]) {
      const r = boot(args);
      expect({ args, code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ args, code: 2, stdout: "", stderr: [line] });
    }
  }, 120_000);

  it("the parser itself: --name=value, -h, '--' ends the options, the last of a repeated option wins", () => {
    const { values, positionals } = parseOptions(["-h", "--mem=1G", "a.bin", "--mem", "2M", "--", "--quiet"], OPTIONS);
    expect(values.get("help")).toBe(true);
    expect(values.get("mem")).toBe(2 * 1024 * 1024);
    expect(positionals).toEqual(["a.bin", "--quiet"]);
    expect(() => parseOptions(["-x"], OPTIONS)).toThrow(UsageError);
  });

  it("counts take decimal K/M/G (--max-insns 10M is ten million), sizes binary ones", () => {
    expect([parseCount("10M"), parseCount("10k"), parseCount("1.5K"), parseCount("2G"), parseCount("0x10"), parseCount("5_000")]).toEqual([
      10_000_000, 10_000, 1500, 2e9, 16, 5000,
    ]);
    expect([parseCount("0"), parseCount("-1"), parseCount("1.5"), parseCount("10X")]).toEqual([null, null, null, null]);
    const cmd = parseCommandLine(["images/output.bin", "--max-insns", "10M", "--mem", "1M"]);
    expect(cmd.kind === "run" && [cmd.options.maxInsns, cmd.config.vms[0].dmemSize]).toEqual([10_000_000, 1024 * 1024]);
  });

  it("--max-insns 10K stops the looping guest after exactly 10,000 instructions", () => {
    const r = boot(["images/loop/loop.bin", "--max-insns", "10K", "--quiet"]);
    expect(r).toMatchObject({ code: 3, stderr: ["AVISOR WARNING: stopped after 10000 instructions (--max-insns 10000)"] });
  });
});

describe("--help, --version and the command's name", () => {
  it("--help lists every option of the table with its help, and the exit codes of signals", () => {
    const r = boot(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith("usage: avisor <image> [options]\n")).toBe(true);
    expect(r.stdout).toContain(optionsHelp(OPTIONS));
    for (const o of OPTIONS) expect(r.stdout).toMatch(new RegExp(`--${o.name}\\b`));
    expect(r.stdout).toMatch(/130 Ctrl-C \(SIGINT\), 143 SIGTERM, 129 SIGHUP/);
  });

  it("the help of an option is made from its table entry (one more entry, one more line)", () => {
    const extra: OptionSpec = { name: "frob", short: "f", kind: "count", value: "N", help: "frobnicate N times\nsecond line" };
    const help = optionsHelp([...OPTIONS, extra]).split("\n");
    expect(help.at(-2)).toMatch(/^ {2}-f, --frob N +frobnicate N times$/);
    expect(help.at(-1)).toMatch(/^ +second line$/);
    expect(parseOptions(["-f", "3K"], [extra]).values.get("frob")).toBe(3000);
  });

  it("an option whose value may be left out takes the next argument only when it fits", () => {
    const stats: OptionSpec = { name: "stats", kind: "string", value: "FORMAT", choices: ["text", "json"], bareValue: "text", help: "a summary" };
    const events: OptionSpec = {
      name: "events",
      kind: "string",
      value: "CATEGORIES",
      pattern: /^(exits|mmio)(,(exits|mmio))*$/,
      valueWords: "a comma list of exits, mmio",
      bareValue: "exits",
      help: "log",
    };
    const table = [...OPTIONS, stats, events];
    expect(parseOptions(["--stats", "a.bin"], table)).toMatchObject({ positionals: ["a.bin"] });
    expect(parseOptions(["--stats", "a.bin"], table).values.string("stats")).toBe("text");
    expect(parseOptions(["--stats=json", "a.bin"], table).values.string("stats")).toBe("json");
    expect(parseOptions(["--events", "exits,mmio", "a.bin"], table).values.string("events")).toBe("exits,mmio");
    expect(parseOptions(["a.bin", "--events"], table).values.string("events")).toBe("exits");
    expect(() => parseOptions(["--events=irq"], table)).toThrow('--events: expected a comma list of exits, mmio, got "irq"');
    expect(optionsHelp([stats])).toMatch(/^ {2}--stats\[=text\|json\] +a summary$/);
  });

  it("--version prints avisor-ts and package.json's version", () => {
    const version = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;
    expect(boot(["--version"])).toMatchObject({ code: 0, stdout: `avisor-ts ${version}\n`, stderr: [] });
  });

  it("the usage line names npm run boot --, npx avisor or avisor, as it was run", () => {
    expect(boot(["--help"], { env: plainEnv({ npm_lifecycle_event: "boot" }) }).stdout).toMatch(/^usage: npm run boot -- <image>/);
    expect(commandName({ npm_lifecycle_event: "npx", npm_lifecycle_script: "'avisor'" })).toBe("npx avisor");
    expect(commandName({ npm_lifecycle_event: "npx", npm_lifecycle_script: "vitest run" })).toBe("avisor"); // npx ran something that ran us
    expect(commandName({})).toBe("avisor");
  });
});

describe("--config beside an image", () => {
  it("one INFO line says the command line's image replaces vm[0]'s", () => {
    const cfg = join(mkdtempSync(join(tmpdir(), "avisor-usage-")), "vm.json");
    writeFileSync(cfg, JSON.stringify({ vm: [{ image: `${process.cwd()}/images/hypercall/hypercall.bin` }] }));
    const r = boot(["--config", cfg, "images/output.bin"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Hello, LibOS!\n");
    expect(r.stderr[0]).toBe(
      `AVISOR INFO: image images/output.bin from the command line replaces vm[0]'s image ${process.cwd()}/images/hypercall/hypercall.bin from ${cfg}`,
    );
  });
});

describe('a forgotten "--" after npm run boot', () => {
  it("an image argument that is an option's value gets the hint; a missing file name does not", () => {
    for (const [arg, hint] of [
      ["0x401014b0", true],
      ["nope.bin", false],
    ] as const) {
      const r = boot(["images/output.bin", arg]);
      expect(r.code).toBe(2);
      expect(r.stderr).toEqual([`avisor: cannot read image ${arg}: no such file${hint ? FORGOT_DASHES_HINT : ""}`]);
    }
    for (const [arg, hint] of [
      ["unicorn", true],
      ["128M", true],
      ["3", true],
      ["10M", true],
      ["0.5", true],
      ["images/nope.bin", false],
    ] as const) {
      expect(() => configFileReader(defaultConfig(arg))(arg, "image")).toThrow(`cannot read image ${arg}: no such file${hint ? FORGOT_DASHES_HINT : ""}`);
    }
    expect(FORGOT_DASHES_HINT).toBe(' (did you forget "--" after "npm run boot"? npm keeps options before it for itself)');
    expect(["images/x.bin", "app-helloworld_kvm-arm64", "-"].some(looksLikeOptionValue)).toBe(false);
  }, 120_000);
});
