// Every command-line option as data: the parser (option-parser.ts) and --help both read this
// table, so an option is added by adding one entry here and reading its value in args.ts.

/** How an option's value is read:
 *  - boolean: a switch, takes no value;
 *  - string: any text (a file name, or one of `choices`);
 *  - number: a non-negative integer, decimal or 0x… (addresses);
 *  - size: bytes with binary suffixes, as --mem: 128M = 128·2^20, 1G, 0x8000000;
 *  - count: a positive integer with decimal suffixes: 10K = 10^4, 10M = 10^7, 1G = 10^9;
 *  - seconds: a positive number of seconds, fractions allowed. */
export type OptionKind = "boolean" | "string" | "number" | "size" | "count" | "seconds";

export interface OptionSpec {
  /** The long name, typed as --name. */
  name: string;
  /** A one-letter alias, typed as -x. */
  short?: string;
  kind: OptionKind;
  /** The value's placeholder in --help (FILE, ADDR, …). */
  value?: string;
  /** The only values a string option accepts. */
  choices?: readonly string[];
  /** What a string option's value must look like (e.g. a comma list of trace categories). */
  pattern?: RegExp;
  /** The value in words for messages ("a comma list of exits, mmio, …"), if the kind's own
   *  words do not fit. */
  valueWords?: string;
  /** The value may be left out (`--stats` or `--stats=json`): this is its value then. A
   *  following argument is taken as the value only if it fits `choices` or `pattern`. */
  bareValue?: string;
  /** Given more than once, the values add up (joined with commas) instead of the last winning. */
  repeatable?: boolean;
  /** One or more lines for --help. */
  help: string;
}

export const OPTIONS: readonly OptionSpec[] = [
  {
    name: "entry",
    kind: "number",
    value: "ADDR",
    help: "entry point (default: the ELF's e_entry; for a flat binary, Unikraft's\nkvm-arm64 entry when the image has one, else --base)",
  },
  { name: "base", kind: "number", value: "ADDR", help: "load address of a flat binary and start of guest RAM (default 0x40100000)" },
  { name: "mem", kind: "size", value: "SIZE", help: "guest RAM (dmem_size), e.g. 128M, 1G, 0x8000000 (K/M/G are 2^10/2^20/2^30;\ndefault 128M, at most 64G)" },
  { name: "dtb", kind: "string", value: "FILE", help: "device tree blob to give the guest (default: generated for the VM)" },
  { name: "gic", kind: "string", choices: ["2", "3"], help: "interrupt controller version (default 2)" },
  { name: "cpu", kind: "string", choices: ["ts", "unicorn"], help: "CPU backend (default ts; unicorn needs Debian's libunicorn2)" },
  {
    name: "jit",
    kind: "string",
    choices: ["auto", "on", "off"],
    help: "the ts core compiles hot blocks to JavaScript: on, off, or auto (the\ndefault: after the first 12M instructions, as a Unikraft boot runs faster\ninterpreted, measured); the guest sees no difference",
  },
  {
    name: "config",
    kind: "string",
    value: "FILE",
    help: "JSON with the fields of Avisor's struct config (see README); an image\ngiven beside it replaces vm[0]'s",
  },
  { name: "max-insns", kind: "count", value: "N", help: "stop after N guest instructions (exit code 3); K/M/G are 10^3/10^6/10^9,\ne.g. 10M" },
  { name: "timeout", kind: "seconds", value: "SECONDS", help: "stop after this much host time (exit code 3)" },
  { name: "realtime", kind: "boolean", help: "guest timers follow the host clock instead of instruction counts" },
  {
    name: "snapshot-budget",
    kind: "size",
    value: "SIZE",
    help: "host memory all checkpoints may hold together (default 1G); past it a\ncheckpoint is refused (x0 = -1), none is ever dropped",
  },
  { name: "dump-stage2", kind: "boolean", help: "print each VM's stage-2 page table to stderr before booting" },
  {
    name: "trace",
    kind: "string",
    value: "CATEGORIES",
    bareValue: "exits",
    pattern: /^[a-z]+(,[a-z]+)*$/,
    valueWords: "a comma list of trace categories",
    help: "trace in words to stderr: a comma list of exits, mmio, hvc, psci, irq,\nmmu, insn, snapshot, or all (alone: exits); independent of --quiet",
  },
  { name: "trace-file", kind: "string", value: "FILE", help: "write the trace to FILE instead of stderr" },
  {
    name: "trace-filter",
    kind: "string",
    value: "F",
    repeatable: true,
    help: "only vm=N, vcpu=N or addr=LO-HI (IPA of a device access or fault, PC of\nan instruction); comma list or repeated",
  },
  {
    name: "stats",
    kind: "string",
    choices: ["text", "json"],
    bareValue: "text",
    help: "print a run summary to stderr at the end (json: one line, a JSON object)",
  },
  { name: "symbols", kind: "string", value: "ELF", help: "function names for traces and reports from ELF (for a flat image)" },
  {
    name: "gdb",
    kind: "string",
    value: "PORT",
    pattern: /^\d{1,5}$/,
    valueWords: "a TCP port (0-65535)",
    help: "GDB remote stub on 127.0.0.1:PORT (gdb-multiarch: target remote :PORT; 0: any free port)",
  },
  { name: "gdb-default", short: "s", kind: "boolean", help: "--gdb 1234, as QEMU's -s" },
  {
    name: "wait-gdb",
    short: "S",
    kind: "boolean",
    help: "stop before the first instruction until gdb connects (port 1234 unless\n--gdb gives one); gdb's kill ends the run with exit code 130",
  },
  { name: "quiet", kind: "boolean", help: "hide AVISOR INFO lines" },
  { name: "version", kind: "boolean", help: "print the version and exit" },
  { name: "help", short: "h", kind: "boolean", help: "this text" },
];
