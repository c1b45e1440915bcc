// --jit auto|on|off: the block compiler changes nothing a user sees but the time taken: the same
// guest output, exit code and instruction count (--stats=json) on the timer guest, whose
// interrupts and timer deadlines fall inside compiled blocks.
import { describe, expect, it } from "vitest";
import { boot, plainEnv } from "./run-cli.ts";

describe("--jit", () => {
  it("auto, on and off print the same output, exit and instruction count", () => {
    const runs = ["off", "on", "auto"].map((j) =>
      boot(["images/timer/timer.bin", "--jit", j, "--stats=json"], { env: plainEnv({ AVISOR_JIT_THRESHOLD: "2" }), timeout: 120_000 }),
    );
    const [off, on, auto] = runs;
    expect(off.code).toBe(0);
    expect(on.code).toBe(off.code);
    expect(on.stdout).toBe(off.stdout);
    // The --stats=json line without the host's time: counts, exits, interrupts, PCs. Without
    // the decode statistics too: a compiled block decodes the words it spans ahead of running
    // them (data after a last branch among them), so the decode caches differ, not the guest.
    const stats = (stderr: string[]) => {
      const s = JSON.parse(stderr.find((l) => l.startsWith("{"))!);
      delete s.hostSeconds;
      delete s.mips;
      delete s.decoded;
      return s;
    };
    expect(stats(on.stderr).instructions).toBeGreaterThan(500);
    expect(stats(on.stderr)).toEqual(stats(off.stderr));
    expect(auto.stdout).toBe(off.stdout);
    expect(stats(auto.stderr)).toEqual(stats(off.stderr));
  }, 240_000);
});
