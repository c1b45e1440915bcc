// The hostile guests through the real command line: --snapshot-budget, and stderr that a
// guest can neither forge lines in nor send terminal escapes through.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../../src/cli/args.ts";

function boot(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { encoding: "utf8", input: "", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderrRaw: r.stderr, stderr: r.stderr.split("\n").filter((l) => l) };
}

describe("--snapshot-budget", () => {
  it("takes the sizes --mem takes; default: the machine's (1 GiB)", () => {
    const opts = (...a: string[]) => {
      const c = parseCommandLine(["images/output.bin", ...a]);
      if (c.kind !== "run") throw new Error("not a run");
      return c.options;
    };
    expect(opts().snapshotBudget).toBeNull();
    expect(opts("--snapshot-budget", "16M").snapshotBudget).toBe(16 * 2 ** 20);
    expect(opts("--snapshot-budget", "2G").snapshotBudget).toBe(2 * 2 ** 30);
    expect(opts("--snapshot-budget", "0x100000").snapshotBudget).toBe(0x100000);
  });

  it("a checkpoint past it is refused with x0 = -1 and one warning that names the option; exit 0", () => {
    const r = boot("images/hostile-checkpoint/hostile-checkpoint.bin", "--snapshot-budget", "16M", "--quiet");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "checkpoint refused with x0 = -1 after at least 2 snapshots\nrestored snapshot 0\nrestored the last snapshot\na further checkpoint: x0 = -1 again\n",
    );
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(
      /^AVISOR WARNING: vm0 vcpu0: checkpoint refused \(x0 = -1\): the snapshot budget of 16 MiB for all VMs is used up \(\d+ snapshots hold [\d.]+ MiB; this one does not fit in the [\d.]+ [KM]iB left\); no snapshot is ever dropped, raise the budget with --snapshot-budget SIZE/,
    );
  });

  it("a size that is not one: exit 2, one line", () => {
    const r = boot("images/output.bin", "--snapshot-budget", "lots");
    expect(r.code).toBe(2);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(/^avisor: --snapshot-budget: /);
  });
});

describe("guest text on stderr", () => {
  it("the print hypercall cannot forge a log line or reach the terminal", () => {
    const r = boot("images/hostile-print/hostile-print.bin");
    expect(r.code).toBe(0);
    expect(r.stderrRaw).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/); // only \n, ending lines
    expect(r.stderr.every((l) => /^AVISOR (INFO|WARNING|ERROR): /.test(l))).toBe(true);
    expect(r.stderr.filter((l) => l.startsWith("AVISOR ERROR"))).toEqual([]);
    expect(r.stderr).toContain("AVISOR INFO: Hypercall message: hi\\nAVISOR ERROR: forged by the guest\\e[2J\\e]0;pwned\\x07");
  });

  it("a dying guest's report: every line an AVISOR ERROR line, exit 1", () => {
    const r = boot("images/hostile-vbar0/hostile-vbar0.bin", "--quiet");
    expect(r.code).toBe(1);
    expect(r.stderr.length).toBe(5);
    expect(r.stderr.every((l) => l.startsWith("AVISOR ERROR: vm0 vcpu0"))).toBe(true);
    expect(r.stderr[2]).toBe("AVISOR ERROR: vm0 vcpu0: ESR_EL1 0x96000045: EC 0x25 data abort from EL1, DFSC 0x05 translation fault level 1, write");
  });
});
