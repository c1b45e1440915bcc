// Issue 11: a closed stdout ends the run quietly (exit 3, at most one AVISOR WARNING line),
// never with Node's `Error: write EPIPE` stack trace; what the guest printed before is kept.
import { closeSync, openSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { boot, guest, GUESTS, start } from "./run-cli.ts";

describe("a stdout that stops taking the guest's bytes", () => {
  it("the reader of the pipe went away (| head -c 3): exit 3, one warning, the bytes read were the guest's", async () => {
    const run = start([guest("printer.bin", GUESTS.printer), "--quiet"]);
    let got = "";
    await new Promise<void>((r) =>
      run.p.stdout.on("data", (d: Buffer) => {
        got += d.toString("latin1");
        if (got.length >= 3) r();
      }),
    );
    run.p.stdout.destroy(); // as head does after its 3 bytes
    const r = await run.exited;
    expect(got).toMatch(/^A+$/);
    expect(r.code).toBe(3);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(/^AVISOR WARNING: stdout was closed \(EPIPE\); stopped after \d+ instructions$/);
  });

  it("a descriptor that cannot be written (EBADF) ends a guest that prints forever the same way", () => {
    const readOnly = openSync("/dev/null", "r");
    try {
      const r = boot([guest("printer.bin", GUESTS.printer), "--quiet"], { stdio: ["pipe", readOnly, "pipe"], timeout: 60_000 });
      expect(r.code).toBe(3);
      expect(r.stderr).toEqual([expect.stringMatching(/^AVISOR WARNING: stdout was closed \(EBADF\); stopped after \d+ instructions$/)]);
    } finally {
      closeSync(readOnly);
    }
  });

  it("--help into a stdout that cannot take it: exit 3 and nothing on stderr, no stack trace", () => {
    const readOnly = openSync("/dev/null", "r");
    try {
      expect(boot(["--help"], { stdio: ["pipe", readOnly, "pipe"] })).toMatchObject({ code: 3, stderr: [] });
    } finally {
      closeSync(readOnly);
    }
  });

  it("a guest that powers off with its output undelivered does not claim success", () => {
    const readOnly = openSync("/dev/null", "r");
    try {
      const r = boot(["images/hello/hello.elf", "--quiet"], { stdio: ["pipe", readOnly, "pipe"] }); // prints, then powers off
      expect(r.code).toBe(3);
      // Which line depends on whether the guest's 122 instructions fit one 20 ms slice: the
      // failed write is noticed between slices or after the power-off.
      expect(r.stderr).toEqual([
        expect.stringMatching(/^AVISOR WARNING: stdout was closed \(EBADF\)(; stopped after \d+ instructions| before the guest's last output was written)$/),
      ]);
    } finally {
      closeSync(readOnly);
    }
  });
});
