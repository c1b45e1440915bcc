// A load or store with writeback to a device has no valid syndrome (ISV=0, ARM ARM D17.2.40):
// Avisor cannot emulate it and stops the guest, on both backends.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/hyp/config.ts";
import { Log } from "../../src/hyp/log.ts";
import { createMachine } from "../../src/cli/node-machine.ts";
import { BACKENDS } from "../backends.ts";

// movz x1, #0x900, lsl #16 (the PL011); ldr w0, [x1] (fine); ldr w0, [x1], #4 (post-index); b .
const GUEST = [0xd2a12001, 0xb9400020, 0xb8404420, 0x14000000];

describe("writeback to a device", () => {
  const file = join(mkdtempSync(join(tmpdir(), "avisor-wb-")), "wb.bin");
  writeFileSync(file, Buffer.from(new Uint32Array(GUEST).buffer));
  for (const b of BACKENDS) {
    it.skipIf(b.skip !== null)(`stops the guest at the post-indexed load with ISV=0 (${b.label})`, () => {
      const log = new Log(() => {}, false, true);
      const m = createMachine(defaultConfig(file), { cpu: b.cpu, log, uartOut: () => {} });
      let r;
      do r = m.hv.step();
      while (r.kind === "running");
      expect(r).toEqual({ kind: "finished", exitCode: 1 });
      expect(log.lines.join("\n")).toMatch(/data abort without a valid syndrome .*read of 1 byte at 0x9000000 \(pl011\); pc 0x40100008/);
    });
  }
});
