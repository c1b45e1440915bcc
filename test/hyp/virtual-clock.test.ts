// Several vCPUs share one virtual clock (src/hyp/virtual-clock.ts): a guest's sleep lasts as
// long as the others take to run that much virtual time, and jumps only when all of them wait.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/hyp/config.ts";
import { Log } from "../../src/hyp/log.ts";
import { createMachine } from "../../src/cli/node-machine.ts";
import { BACKENDS } from "../backends.ts";

// Sleeps one second on the virtual timer (CNTV_CVAL = CNTVCT + 62,500,000; WFI until
// CNTV_CTL.ISTATUS), prints "A\n" and powers off.
const SLEEPER = [
  0xd53be040, 0xd2959401, 0xf2a07721, 0x8b010000, 0xd51be340, 0xd2800020, 0xd51be320, 0xd503207f, 0xd53be320, 0x3617ffc0, 0xd2a12001, 0x52800820, 0x39000020,
  0x52800140, 0x39000020, 0xd2800100, 0xf2b08000, 0xd4000002, 0x14000000,
];
const LOOP_OUTPUT = "loop checksum 0x49924b40f346487c\n"; // after 28,002,384 instructions: 0.45 s of ticks

function run(images: string[], cpu: "ts" | "unicorn") {
  const config = defaultConfig(images[0]);
  for (const image of images.slice(1)) config.vms.push({ ...config.vms[0], image, devices: [] });
  config.hyp.nrCpus = images.length;
  const out: number[] = [];
  const m = createMachine(config, { cpu, log: new Log(() => {}), uartOut: (b) => out.push(b) });
  let r;
  do r = m.hv.step();
  while (r.kind === "running" && m.hv.totalInstructions < 100_000_000);
  return { result: r, out: Buffer.from(out).toString("latin1"), insns: m.hv.totalInstructions };
}

describe("shared virtual time", () => {
  const sleeper = join(mkdtempSync(join(tmpdir(), "avisor-clock-")), "sleeper.bin");
  writeFileSync(sleeper, Buffer.from(new Uint32Array(SLEEPER).buffer));
  for (const b of BACKENDS) {
    it.skipIf(b.skip !== null)(`a VM's one-second sleep outlasts another VM's 0.45 s of work (${b.label})`, () => {
      // Each vCPU keeping its own clock would print "A" first: its sleep would cost nothing.
      const r = run([sleeper, "images/loop/loop.bin"], b.cpu);
      expect(r.result).toEqual({ kind: "finished", exitCode: 0 });
      expect(r.out).toBe(`${LOOP_OUTPUT}A\n`);
    });
    it.skipIf(b.skip !== null)(`alone, or with every vCPU waiting, the sleep jumps: a handful of instructions (${b.label})`, () => {
      const alone = run([sleeper], b.cpu);
      expect(alone).toMatchObject({ result: { kind: "finished", exitCode: 0 }, out: "A\n" });
      expect(alone.insns).toBeLessThan(100);
      const both = run([sleeper, sleeper], b.cpu);
      expect(both).toMatchObject({ result: { kind: "finished", exitCode: 0 }, out: "A\nA\n" });
      expect(both.insns).toBeLessThan(200);
    });
  }
});
