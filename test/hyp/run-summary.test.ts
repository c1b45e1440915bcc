// The run summary: counts per VM and vCPU as RunStats kept them, in lines and in JSON.
import { describe, expect, it } from "vitest";
import { EC, ESR_IL, type VmExit } from "../../src/cpu/vm-exit.ts";
import { RunStats, exitKind } from "../../src/hyp/stats.ts";
import { summaryJson, summaryLines } from "../../src/hyp/run-summary.ts";
import { SymbolTable } from "../../src/loader/symbols.ts";

const sync = (ec: number): VmExit => ({ kind: "sync", esr: (ec << 26) | ESR_IL, far: 0n, hpfar: 0, elr: 0n, spsr: 0 });

describe("RunStats and the run summary", () => {
  it("counts exits by kind (slice ends are not exits), devices, hypercalls, interrupts, snapshots", () => {
    const s = new RunStats();
    s.exit(0, 0, sync(EC.HVC64));
    s.exit(0, 0, sync(EC.HVC64));
    s.exit(0, 0, sync(EC.DABT_LOWER));
    s.exit(0, 0, { kind: "limit" });
    s.exit(0, 0, { kind: "timer", timer: "virtual" });
    s.deviceAccess(0, 0, "pl011", false); // after the data-abort exit counted above
    s.deviceAccess(0, 0, "virtio-mmio@a000200", false);
    s.deviceAccess(0, 0, "virtio-mmio@a003e00", false); // the slots count as one device
    s.deviceAccess(0, 0, "pl011", true); // completed in the core: a data-abort exit too
    s.hypercall(0, 0, 3);
    s.hypercall(0, 0, 0);
    s.interrupt(0, 0);
    s.snapshot(0, "taken");
    s.snapshot(1, "restored");
    expect(exitKind({ kind: "stopped" })).toBeNull();
    expect(exitKind(sync(0x18))).toBe("EC 0x18");
    const j = summaryJson({
      stats: s,
      hostSeconds: 0.5,
      outcome: "limit reached",
      symbols: [new SymbolTable([{ name: "main", addr: 0x4010_0000, size: 0x40 }])],
      vms: [
        { id: 0, state: "running", vcpus: [{ id: 0, instructions: 3_000_000, pc: 0x4010_0010n }] },
        { id: 1, state: "off", vcpus: [{ id: 0, instructions: 1_000_000, pc: 0x4020_0000n }] },
      ],
    });
    expect(j).toMatchObject({ outcome: "limit reached", instructions: 4_000_000, hostSeconds: 0.5, mips: 8 });
    expect(j.vms[0].snapshots).toEqual({ taken: 1, restored: 0 });
    expect(j.vms[1].snapshots).toEqual({ taken: 0, restored: 1 });
    expect(j.vms[0].vcpus[0]).toEqual({
      id: 0,
      instructions: 3_000_000,
      pc: "0x40100010",
      symbol: "main+0x10",
      exits: { hvc: 2, "data abort": 2, timer: 1 },
      exitsInCore: { "data abort": 1 },
      devices: { pl011: 2, "virtio-mmio": 2 },
      hypercalls: { "#0": 1, "#3": 1 },
      interruptsInjected: 1,
      guestErrors: {},
    });
    expect(j.vms[1].vcpus[0]).toMatchObject({ symbol: null, exits: {}, exitsInCore: {}, interruptsInjected: 0 });
    const lines = summaryLines({
      stats: s,
      hostSeconds: 0.5,
      outcome: "limit reached",
      vms: [{ id: 0, state: "running", vcpus: [{ id: 0, instructions: 3_000_000, pc: 0x4010_0010n }] }],
    });
    expect(lines).toEqual([
      "run summary (limit reached): 3000000 instructions in 0.500 s host time, 6.00 guest MIPS",
      "vm0 (running): snapshots 1 taken, 0 restored",
      "vm0 vcpu0: 3000000 instructions, pc 0x40100010, 1 interrupts injected",
      "vm0 vcpu0 exits: 2 data abort (1 in core), 2 hvc, 1 timer",
      "vm0 vcpu0 exits by device: 2 pl011, 2 virtio-mmio",
      "vm0 vcpu0 hypercalls: 1 #0 halt/psci, 1 #3 print message",
    ]);
  });

  it("adds the decode statistics when they are given", () => {
    const decoded = {
      words: 5,
      instructions: [
        ["ADD (immediate)", 3],
        ["B", 2],
      ] as const,
    };
    const input = { stats: new RunStats(), hostSeconds: 1, outcome: "powered off", vms: [], decoded };
    expect(summaryLines(input)[1]).toBe("decoded 5 instruction words as 2 distinct instructions; most: ADD (immediate) 3, B 2");
    expect(summaryJson(input).decoded).toEqual({ words: 5, instructions: { "ADD (immediate)": 3, B: 2 } });
  });
});
