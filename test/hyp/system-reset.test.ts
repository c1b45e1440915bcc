// PSCI SYSTEM_RESET as Avisor's lcm.c answers it: the first reset after a checkpoint rolls the
// VM back to its latest snapshot; the next one (no roll-back left) restarts the VM.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/hyp/config.ts";
import { Log } from "../../src/hyp/log.ts";
import { createMachine } from "../../src/cli/node-machine.ts";
import { BACKENDS } from "../backends.ts";

// x1 = Avisor's shared memory (outside every snapshot, kept across a restart), where the guest
// counts its passes: movz x1, #0x7000, lsl #16; movz x19, #0x5eed; hvc #1 (checkpoint);
// count += 1 at [x1, #0x100]; if count == 3: SYSTEM_OFF; else x19 = 0 and SYSTEM_RESET.
const GUEST = [
  0xd2ae0001, 0xd28bddb3, 0xd4000022, 0xb9410022, 0x11000442, 0xb9010022, 0x71000c5f, 0x540000c0, 0xd2800013, 0xd2800120, 0xf2b08000, 0xd4000002, 0x14000000,
  0xd2800100, 0xf2b08000, 0xd4000002, 0x14000000,
];

describe("PSCI SYSTEM_RESET", () => {
  const file = join(mkdtempSync(join(tmpdir(), "avisor-reset-")), "reset.bin");
  writeFileSync(file, Buffer.from(new Uint32Array(GUEST).buffer));
  for (const b of BACKENDS) {
    it.skipIf(b.skip !== null)(`rolls back to the latest snapshot once, then restarts the VM (${b.label})`, () => {
      const log = new Log(() => {}, false, true);
      const m = createMachine(defaultConfig(file), { cpu: b.cpu, log, uartOut: () => {} });
      let r;
      do r = m.hv.step();
      while (r.kind === "running" && m.hv.totalInstructions < 10_000);
      expect(r).toEqual({ kind: "finished", exitCode: 0 });
      const events = log.lines.filter((l) => /snapshot|reset|System off/i.test(l) && !/hash|vcpu state/.test(l));
      expect(events).toEqual([
        "AVISOR INFO: Create snapshot: ID=0",
        `AVISOR INFO: Checkpoint snapshot created: ID=0, size=${events[1].split("size=")[1]}`,
        "AVISOR INFO: Try to restore latest snapshot.",
        "AVISOR INFO: Asked snapshot: ID=-1",
        `AVISOR INFO: Restore snapshot: ID=0, size=${events[1].split("size=")[1]}`,
        "AVISOR INFO: Guest system reset: restarting vm0",
        "AVISOR INFO: Create snapshot: ID=1",
        `AVISOR INFO: Checkpoint snapshot created: ID=1, size=${events[1].split("size=")[1]}`,
        "AVISOR INFO: Guest System off 0 (vm0)",
      ]);
    });
  }
});
