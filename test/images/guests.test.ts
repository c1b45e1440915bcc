// Every guest in images/ boots under the hypervisor, from its ELF and from its flat binary,
// and prints exactly what its metadata says, with the exit status it says.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultConfig, parseSize } from "../../src/hyp/config.ts";
import { Log } from "../../src/hyp/log.ts";
import { loadImage } from "../../src/loader/image.ts";
import { createMachine } from "../../src/cli/node-machine.ts";
import { BACKENDS, type Backend } from "../backends.ts";

interface Meta {
  name: string;
  elf: string;
  bin: string;
  base: string;
  entry: string;
  /** stdout exactly, or (output too long for the JSON) its SHA-256, length and last bytes. */
  expect: { stdout?: string; stdout_sha256?: string; stdout_bytes?: number; stdout_end?: string; exit: number };
  expect_log?: string;
  /** Lines the hypervisor's log must hold, each exactly. */
  expect_logs?: string[];
  /** GIC version the guest is built for (default 2). */
  gic?: 2 | 3;
  /** Typed into the UART once the guest waits for input. */
  stdin?: string;
  /** vCPUs of the VM (default 1). */
  nr_cpus?: number;
  /** --snapshot-budget for the run (default the machine's). */
  snapshot_budget?: string;
}

const guests: Meta[] = readdirSync("images", { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`images/${d.name}/${d.name}.json`))
  .map((d) => JSON.parse(readFileSync(`images/${d.name}/${d.name}.json`, "utf8")));

function run(image: string, entry: number | null, cpu: Backend, g: Meta) {
  let stdin = g.stdin;
  const config = defaultConfig(image);
  config.gicVersion = g.gic ?? 2;
  config.vms[0].entry = entry;
  config.vms[0].nrCpus = g.nr_cpus ?? 1;
  const out: number[] = [];
  const log = new Log(() => {}, false, true);
  const snapshotBudget = g.snapshot_budget === undefined ? undefined : parseSize(g.snapshot_budget, "snapshot_budget");
  const m = createMachine(config, { cpu, log, uartOut: (b) => out.push(b), snapshotBudget });
  for (;;) {
    const r = m.hv.step();
    if (r.kind === "finished") return { exit: r.exitCode, stdout: Buffer.from(out).toString(), log: log.lines };
    if (r.kind === "idle" && stdin !== undefined) {
      m.uartIn(new TextEncoder().encode(stdin)); // typed once the guest waits for it
      m.hv.wake();
      stdin = undefined;
      continue;
    }
    if (r.kind !== "running") throw new Error(`guest stopped: ${r.kind}`);
  }
}

describe("guest images", () => {
  it("there are guests to test", () => expect(guests.length).toBeGreaterThanOrEqual(7));
  for (const g of guests) {
    it(`${g.name}: the binary is the ELF's loaded bytes, entry and base agree`, () => {
      const elf = loadImage(readFileSync(`images/${g.elf}`), g.elf, { base: 0 });
      const bin = readFileSync(`images/${g.bin}`);
      expect(elf.entry).toBe(Number(g.entry));
      expect(elf.segments[0].addr).toBe(Number(g.base));
      const first = elf.segments[0];
      expect(Buffer.from(bin.subarray(0, first.data.length)).equals(Buffer.from(first.data))).toBe(true);
    });
    for (const b of BACKENDS) {
      it.skipIf(b.skip !== null)(`${g.name}: prints what its metadata says and exits ${g.expect.exit} (ELF and flat binary, ${b.label})`, () => {
        for (const r of [run(`images/${g.elf}`, null, b.cpu, g), run(`images/${g.bin}`, Number(g.entry), b.cpu, g)]) {
          if (g.expect.stdout_sha256 === undefined) expect(r.stdout).toBe(g.expect.stdout);
          else {
            expect(r.stdout.endsWith(g.expect.stdout_end!)).toBe(true);
            expect(r.stdout.length).toBe(g.expect.stdout_bytes);
            expect(createHash("sha256").update(r.stdout).digest("hex")).toBe(g.expect.stdout_sha256);
          }
          expect(r.exit).toBe(g.expect.exit);
          if (g.expect_log) expect(r.log.some((l) => l.startsWith(g.expect_log!))).toBe(true);
          for (const line of g.expect_logs ?? []) expect(r.log).toContain(line);
          // Whatever a guest does, each log line is one line, in the format, with no control
          // character (images/hostile-print tries).
          for (const line of r.log) {
            expect(line).toMatch(/^AVISOR (INFO|WARNING|ERROR): /);
            expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/u);
          }
        }
      });
    }
  }
});
