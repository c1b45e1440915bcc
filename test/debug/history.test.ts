// Reverse execution is exact: going back lands on the very state a fresh run has at that
// point (registers, instruction counts, RAM, devices), on guests with interrupts, timers,
// hypercall snapshots and two VMs; and replayed output is not printed twice.
import { describe, expect, it } from "vitest";
import { readArchState } from "../../src/cpu/arch-state.ts";
import { defaultConfig } from "../../src/hyp/config.ts";
import { Log } from "../../src/hyp/log.ts";
import { createMachine, type Machine } from "../../src/cli/node-machine.ts";
import { OutputGate } from "../../src/debug/output-gate.ts";
import { RunControl } from "../../src/debug/run-control.ts";

function boot(images: string[]) {
  const config = defaultConfig(images[0]);
  for (const img of images.slice(1)) config.vms.push({ ...config.vms[0], image: img, devices: [] });
  config.hyp.nrCpus = config.vms.length;
  const gate = new OutputGate();
  const out: number[] = [];
  const m = createMachine(config, { cpu: "ts", log: new Log(() => {}, true), uartOut: gate.guard((b: number) => out.push(b)) });
  return { m, gate, out };
}

/** Everything observable about the machine: each vCPU's registers and count, and RAM. */
function fingerprint(m: Machine): string {
  const parts: string[] = [];
  for (const vm of m.hv.vms) {
    for (const v of vm.vcpus) {
      const s = readArchState(v.cpu);
      parts.push(
        `${vm.id}/${v.id} n=${v.cpu.instructionCount} pc=${s.pc} ps=${s.pstate} x=${s.x.join(",")} v=${s.v.join(",")} ${[...s.sys.values()].join(",")}`,
      );
    }
    const ram = m.hv.board.bus.ram.readBytes(vm.ram.pa, Math.min(vm.ram.size, 0x20_0000));
    let h = 0x811c9dc5;
    for (const b of ram) h = Math.imul(h ^ b, 0x01000193);
    parts.push(`ram ${h >>> 0}`);
  }
  return parts.join("\n");
}

/** Run a fresh machine to `position` total instructions. */
function freshAt(images: string[], position: number): Machine {
  const { m } = boot(images);
  while (m.hv.totalInstructions < position) {
    const r = m.hv.step(position - m.hv.totalInstructions);
    m.platform.rtc.poll();
    if (r.kind !== "running") break;
  }
  return m;
}

function recordTo(images: string[], position: number, interval = 5000) {
  const b = boot(images);
  const rc = new RunControl(b.m, b.gate, null, { interval, budget: 64 << 20 });
  rc.attach();
  while (b.m.hv.totalInstructions < position) {
    const { event } = rc.forward(position - b.m.hv.totalInstructions);
    if (event?.kind === "exited") break;
  }
  return { ...b, rc, h: rc.history! };
}

describe("reverse execution", () => {
  // The timer guest sleeps three times on the virtual timer (WFI, vGIC interrupt entry).
  // The whole runs: timer 889 instructions (its sleeps are jumps of virtual time), snapshot 2620.
  it.each([
    ["timer (interrupts, WFI)", ["images/timer/timer.bin"], 880, [1, 7, 123, 600]],
    ["snapshot (checkpoint/restore hypercalls)", ["images/snapshot/snapshot.bin"], 2600, [1, 7, 1234, 1000]],
  ])("%s: going back n instructions equals a fresh run to that point", (_name, images, end, steps) => {
    const { m, rc, h } = recordTo(images, end, 200);
    const t = rc.threads[0];
    expect(m.hv.totalInstructions).toBe(end);
    for (const n of steps) {
      const now = t.cpu.instructionCount;
      const r = h.goBack(t, n);
      expect(r.kind).toBe("stopped");
      expect(t.cpu.instructionCount).toBe(now - n);
      expect(fingerprint(m)).toBe(fingerprint(freshAt(images, now - n)));
    }
  });

  it("two VMs: stepping one vCPU back lands where a fresh run has it, the other VM as it was then", () => {
    const images = ["images/loop/loop.bin", "images/timer/timer.bin"];
    const { m, rc, h } = recordTo(images, 450_000, 50_000);
    const vm1 = rc.threads[1];
    const before = vm1.cpu.instructionCount;
    expect(before).toBeGreaterThan(10);
    h.goBack(vm1, 3);
    expect(vm1.cpu.instructionCount).toBe(before - 3);
    // The same point, reached forward: run a fresh machine until vm1 has that count.
    const f = boot(images);
    const rc2 = new RunControl(f.m, f.gate, null);
    rc2.attach();
    rc2.threads[1].cpu.debugTraps!().stopAtCount = before - 3;
    for (;;) {
      const { event } = rc2.forward(Number.MAX_SAFE_INTEGER);
      if (event !== null) break;
    }
    expect(fingerprint(m)).toBe(fingerprint(f.m));
  });

  it("stepping forward again after going back redoes the same instructions and prints nothing twice", () => {
    const { m, rc, h, out } = recordTo(["images/timer/timer.bin"], 700, 100);
    const t = rc.threads[0];
    const printed = Buffer.from(out).toString();
    expect(printed).toContain("tick 1");
    const fp = fingerprint(m);
    h.goBack(t, 650);
    for (let i = 0; i < 5; i++) rc.step(t);
    while (m.hv.totalInstructions < 700) rc.forward(700 - m.hv.totalInstructions);
    expect(fingerprint(m)).toBe(fp);
    expect(Buffer.from(out).toString()).toBe(printed); // the replay printed nothing
    // Past the old end the output flows again.
    while (rc.forward(Number.MAX_SAFE_INTEGER).event === null);
    expect(Buffer.from(out).toString()).toBe("tick 1\ntick 2\ntick 3\nslept at least 30 ms of virtual time\n");
  });

  it("reverse-continue stops at the last breakpoint hit before now, then at the beginning", () => {
    const { rc, h } = recordTo(["images/gdb-target/gdb-target.elf"], 0);
    const t = rc.threads[0];
    const traps = t.cpu.debugTraps!();
    traps.addBreakpoint(0x401001c0n); // bump
    const hits: bigint[] = [];
    for (;;) {
      rc.resume();
      let e;
      do e = rc.forward(Number.MAX_SAFE_INTEGER).event;
      while (e === null);
      if (e.kind !== "stopped") break;
      hits.push(t.cpu.getX(0));
    }
    expect(hits).toEqual([10n, 20n, 30n, 40n, 50n]);
    const back: (bigint | string)[] = [];
    for (let i = 0; i < 6; i++) {
      const r = h.reverseContinue(t);
      back.push(r.kind === "history-begin" ? "begin" : t.cpu.getX(0));
      if (r.kind === "stopped") expect(t.cpu.getPc()).toBe(0x401001c0n);
    }
    expect(back).toEqual([50n, 40n, 30n, 20n, 10n, "begin"]);
    expect(t.cpu.instructionCount).toBe(0);
  });

  it("the ring stays within its budget, dropping the oldest snapshots", () => {
    // qsort rewrites its array as it sorts: one snapshot of it is about 300 KiB, each next
    // one adds the pages the sort changed (about 340 KiB for all of these 600,000
    // instructions), more than this ring may keep.
    const b = boot(["images/bench-qsort/bench-qsort.elf"]);
    const rc = new RunControl(b.m, b.gate, null, { interval: 20_000, budget: 320 << 10 });
    rc.attach();
    while (b.m.hv.totalInstructions < 600_000) rc.forward(600_000 - b.m.hv.totalInstructions);
    const h = rc.history!;
    expect(h.memoryBytes).toBeLessThanOrEqual(320 << 10);
    expect(h.snapshotsTaken).toBeGreaterThan(h.snapshotCount);
    expect(h.start).toBeGreaterThan(0);
    // Going back further than the oldest snapshot stops at it.
    const t = rc.threads[0];
    expect(h.goBack(t, 590_000).kind).toBe("history-begin");
    expect(b.m.hv.totalInstructions).toBe(h.start);
  });
});
