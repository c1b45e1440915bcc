// Runs the real CLI (src/cli/main.ts through tsx) as a user would, for the test/cli tests.
import { spawn, spawnSync, type StdioOptions } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CLI = ["--import", "tsx", "src/cli/main.ts"];

/** The environment without npm's variables, so the usage line reads `avisor`, whatever ran the tests. */
export function plainEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("npm_")));
  return { ...env, ...extra };
}

export interface Finished {
  code: number | null;
  stdout: string;
  /** stderr's lines, empty ones dropped. */
  stderr: string[];
}

export function boot(args: string[], o: { env?: NodeJS.ProcessEnv; timeout?: number; stdio?: StdioOptions } = {}): Finished {
  const r = spawnSync(process.execPath, [...CLI, ...args], {
    encoding: "utf8",
    input: "",
    timeout: o.timeout ?? 60_000,
    env: o.env ?? plainEnv(),
    stdio: o.stdio,
  });
  return { code: r.status, stdout: r.stdout ?? "", stderr: (r.stderr ?? "").split("\n").filter((l) => l !== "") };
}

/** A running CLI whose stdin stays open (a pipe) until the test ends it. */
export function start(args: string[], env: NodeJS.ProcessEnv = plainEnv()) {
  const p = spawn(process.execPath, [...CLI, ...args], { stdio: ["pipe", "pipe", "pipe"], env });
  let stdout = "";
  let stderr = "";
  p.stdout.on("data", (d) => (stdout += d));
  p.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; ms: number; stdout: string; stderr: string[] }>((r) => {
    const t0 = Date.now();
    p.on("close", (code) => r({ code, ms: Date.now() - t0, stdout, stderr: stderr.split("\n").filter((l) => l !== "") }));
  });
  /** Resolves once the CLI printed `text` on stderr or stdout (the guest is running). */
  const printed = (text: string) =>
    new Promise<void>((r) => {
      const check = () => (stdout.includes(text) || stderr.includes(text)) && r();
      p.stdout.on("data", check);
      p.stderr.on("data", check);
      check();
    });
  return { p, exited, printed };
}

/** A guest made of the given instruction words, as a flat binary in a fresh temporary folder. */
export function guest(name: string, words: number[]): string {
  const file = join(mkdtempSync(join(tmpdir(), "avisor-cli-")), name);
  writeFileSync(file, Buffer.from(new Uint32Array(words).buffer));
  return file;
}

/** Guests for these tests (encodings checked with aarch64-linux-gnu-as). */
export const GUESTS = {
  /** Prints 'A' forever: movz x1, #0x900, lsl #16; movz w0, #'A'; 1: strb w0, [x1]; b 1b */
  printer: [0xd2a12001, 0x52800820, 0x39000020, 0x17ffffff],
  /** Prints 'A' once, then spins: … strb w0, [x1]; b . */
  spin: [0xd2a12001, 0x52800820, 0x39000020, 0x14000000],
  /** Waits for an interrupt forever, no timer armed: 1: wfi; b 1b */
  wfi: [0xd503207f, 0x17ffffff],
  /** Arms the virtual timer an hour away (0x34630b0000 ticks at 62.5 MHz) and waits:
   *  movz x0, #0x34, lsl #32; movk x0, #0x630b, lsl #16; msr cntv_cval_el0, x0; mov x0, #1;
   *  msr cntv_ctl_el0, x0; 1: wfi; b 1b */
  timerInAnHour: [0xd2c00680, 0xf2ac6160, 0xd51be340, 0xd2800020, 0xd51be320, 0xd503207f, 0x17ffffff],
  /** The same with CVAL = 2^64 - 2: mov x0, #-2; msr cntv_cval_el0, x0; … */
  timerAtTheEndOfTime: [0x92800020, 0xd51be340, 0xd2800020, 0xd51be320, 0xd503207f, 0x17ffffff],
};

/** No line of stderr is a stack frame or a Node warning: every one is ours. */
export function onlyOurLines(lines: string[]): boolean {
  return lines.every((l) => /^(AVISOR (INFO|WARNING|ERROR): |avisor: )/.test(l));
}
