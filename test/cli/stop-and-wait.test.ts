// Issue 11: the --timeout deadline and the stop signals end a run even while every vCPU waits
// (WFI) with stdin open or a guest timer far away; no host timer outlives the run, and
// SIGTERM/SIGHUP act like Ctrl-C with exit codes 143/129.
import { describe, expect, it } from "vitest";
import { MAX_TIMER_MS, waitForFirst } from "../../src/cli/host-wait.ts";
import { guest, GUESTS, onlyOurLines, start } from "./run-cli.ts";

/** Generous for a loaded 2-core machine (starting the CLI through tsx takes seconds there),
 *  far below the hour the guest timer is away or a wait that never ends. */
const PROMPTLY_MS = 25_000;

describe("--timeout while every vCPU waits", () => {
  it("WFI with no timer and stdin still open: exit 3 at the deadline", async () => {
    const run = start([guest("wfi.bin", GUESTS.wfi), "--timeout", "1", "--quiet"]); // stdin: an open pipe
    const r = await run.exited;
    run.p.stdin.end();
    expect(r.code).toBe(3);
    expect(r.stderr).toEqual(["AVISOR WARNING: stopped after 1 s (--timeout), 1 instructions"]);
    expect(r.ms).toBeLessThan(PROMPTLY_MS);
  });

  it("--realtime with the guest's timer an hour away: exit 3 at the deadline, no timer keeps Node alive", async () => {
    const run = start([guest("timer.bin", GUESTS.timerInAnHour), "--realtime", "--timeout", "1", "--quiet"]);
    const r = await run.exited;
    run.p.stdin.end();
    expect(r.code).toBe(3);
    expect(r.stderr).toEqual([expect.stringMatching(/^AVISOR WARNING: stopped after 1 s \(--timeout\), \d+ instructions$/)]);
    expect(r.ms).toBeLessThan(PROMPTLY_MS);
  });

  it("--realtime with CVAL near 2^64: no TimeoutOverflowWarning, only our lines", async () => {
    const run = start([guest("timer-max.bin", GUESTS.timerAtTheEndOfTime), "--realtime", "--timeout", "1"]);
    const r = await run.exited;
    run.p.stdin.end();
    expect(r.code).toBe(3);
    expect(r.stderr.join("\n")).not.toMatch(/TimeoutOverflowWarning|does not fit into a 32-bit signed integer/);
    expect(onlyOurLines(r.stderr)).toBe(true);
  });
});

describe("stop signals", () => {
  it("Ctrl-C (SIGINT) ends a --realtime guest whose timer is an hour away", async () => {
    const run = start([guest("timer.bin", GUESTS.timerInAnHour), "--realtime"]);
    await run.printed("AVISOR INFO: Copy dtb"); // booting; the vCPU is about to wait
    await new Promise((r) => setTimeout(r, 500));
    run.p.kill("SIGINT");
    const r = await run.exited;
    expect(r.code).toBe(130);
    // The warning, then the run summary every interrupted run ends with.
    const warning = r.stderr.findIndex((l) => l.startsWith("AVISOR WARNING: interrupted"));
    expect(r.stderr[warning]).toMatch(/^AVISOR WARNING: interrupted after \d+ instructions \(vm0 vcpu0 pc 0x401000(14|18)\) by SIGINT$/);
    expect(r.stderr.slice(warning + 1).some((l) => /^AVISOR INFO: run summary \(interrupted\): \d+ instructions/.test(l))).toBe(true);
    expect(r.ms).toBeLessThan(PROMPTLY_MS);
  });

  for (const [signal, code] of [
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const) {
    it(`${signal} keeps what the guest printed, says where the vCPU was and exits ${code}`, async () => {
      const run = start([guest("spin.bin", GUESTS.spin), "--quiet"]);
      await run.printed("A"); // the guest is running
      run.p.kill(signal);
      const r = await run.exited;
      expect(r.code).toBe(code);
      expect(r.stdout).toBe("A");
      expect(r.stderr).toEqual([`AVISOR WARNING: interrupted after ${/\d+/.exec(r.stderr[0] ?? "")?.[0]} instructions (vm0 vcpu0 pc 0x4010000c) by ${signal}`]);
    });
  }
});

describe("waitForFirst", () => {
  it("a delay beyond setTimeout's range neither warns nor outlives the event that ended the wait", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on("warning", onWarning);
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    let fire = () => {};
    const event = new Promise<void>((r) => (fire = r));
    const waited = waitForFirst(2 ** 64 / 62.5e3, [event]); // CVAL near 2^64, in ms
    expect(process.getActiveResourcesInfo().filter((r) => r === "Timeout").length).toBe(timersBefore + 1);
    fire();
    await waited;
    expect(process.getActiveResourcesInfo().filter((r) => r === "Timeout").length).toBe(timersBefore);
    await new Promise((r) => setImmediate(r));
    process.off("warning", onWarning);
    expect(warnings).toEqual([]);
  });

  it("resolves after the delay when no event comes first", async () => {
    const t0 = Date.now();
    await waitForFirst(30, [new Promise(() => {})]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
    expect(MAX_TIMER_MS).toBe(2147483647);
  });
});
