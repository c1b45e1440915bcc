// --realtime: guest time follows the host clock; a WFI with a timer armed waits for it.
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/hyp/config.ts";
import { Log } from "../../src/hyp/log.ts";
import { createMachine } from "../../src/cli/node-machine.ts";
import { VIRT } from "../../src/devices/platform.ts";
import { BACKENDS } from "../backends.ts";

describe("real-time mode", () => {
  for (const b of BACKENDS) {
    it.skipIf(b.skip !== null)(`the timer guest's three 10 ms sleeps take at least 30 ms of host time (${b.label})`, async () => {
      const out: number[] = [];
      const m = createMachine(defaultConfig("images/timer/timer.elf"), { cpu: b.cpu, realtime: true, log: new Log(() => {}), uartOut: (x) => out.push(x) });
      const t0 = performance.now();
      let waits = 0;
      for (;;) {
        const r = m.hv.step();
        if (r.kind === "finished") break;
        if (r.kind === "idle") {
          const ticks = m.hv.ticksUntilWake();
          expect(ticks).not.toBeNull();
          waits++;
          await new Promise((w) => setTimeout(w, (ticks! * 1000) / VIRT.CNTFRQ));
        }
      }
      expect(performance.now() - t0).toBeGreaterThanOrEqual(30);
      // At least one WFI found its deadline ahead and waited on the host. Not all three: on a
      // loaded host the 10 ms may already be over by the time the guest reaches its WFI.
      expect(waits).toBeGreaterThanOrEqual(1);
      expect(Buffer.from(out).toString()).toBe("tick 1\ntick 2\ntick 3\nslept at least 30 ms of virtual time\n");
    });
  }

  it("without it, the same guest never waits: virtual time jumps to each deadline", () => {
    const m = createMachine(defaultConfig("images/timer/timer.elf"), { cpu: "ts", log: new Log(() => {}), uartOut: () => {} });
    for (;;) {
      const r = m.hv.step();
      expect(r.kind).not.toBe("idle");
      if (r.kind === "finished") break;
    }
    expect(m.hv.ticksUntilWake()).toBeNull();
  });
});
