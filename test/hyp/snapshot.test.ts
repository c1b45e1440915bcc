// Checkpoint/restore (src/hyp/snapshot.ts) on a bare core and bus: what comes back, what is
// refused, and the host-memory budget.
import { describe, expect, it } from "vitest";
import { TsCpu } from "../../src/cpu/cpu.ts";
import { Log } from "../../src/hyp/log.ts";
import { SnapshotStore } from "../../src/hyp/snapshot.ts";
import type { Vm } from "../../src/hyp/vm.ts";
import { Bus } from "../../src/mmu/bus.ts";

function setup(budget?: number) {
  const bus = new Bus();
  bus.addRam("ram", 0x4000_0000, 0x1000_0000);
  const cpu = new TsCpu(bus);
  const log = new Log(() => {}, false, true);
  const vm = { ram: { pa: 0x4100_0000, ipa: 0x4010_0000, size: 0x60_0000 }, dtbRegion: { pa: 0x4200_0000, ipa: 0x4000_0000, size: 0x1000 } } as Vm;
  return { bus, cpu, log, vm, store: new SnapshotStore(bus.ram, log, budget) };
}

describe("snapshots", () => {
  it("restore brings back registers, SIMD registers, the PC and the VM's memory, and nothing else", () => {
    const { bus, cpu, log, vm, store } = setup();
    cpu.setX(19, 0x5eedn);
    cpu.setV(8, 0x1234_5678_9abc_def0_1122_3344_5566_7788n);
    cpu.setPc(0x4010_0040n);
    bus.ram.write(vm.ram.pa + 0x10, 4, 0xcafe);
    bus.ram.write(0x4300_0000, 4, 7); // outside the VM: not part of its snapshot
    store.checkpoint(vm, cpu);
    cpu.setX(19, 0n);
    cpu.setV(8, 0n);
    cpu.setPc(0x4010_0100n);
    bus.ram.write(vm.ram.pa + 0x10, 4, 0xdead);
    bus.ram.write(vm.ram.pa + 0x40_0000, 4, 0xbeef); // a chunk untouched at the checkpoint
    bus.ram.write(0x4300_0000, 4, 8);
    expect(store.restore(vm, cpu, 0xffff_ffff_ffff_ffffn)).toBe(true);
    expect(cpu.getX(19)).toBe(0x5eedn);
    expect(cpu.getV(8)).toBe(0x1234_5678_9abc_def0_1122_3344_5566_7788n);
    expect(cpu.getPc()).toBe(0x4010_0040n);
    expect(bus.ram.read(vm.ram.pa + 0x10, 4)).toBe(0xcafe);
    expect(bus.ram.read(vm.ram.pa + 0x40_0000, 4)).toBe(0);
    expect(bus.ram.read(0x4300_0000, 4)).toBe(8);
    expect(log.lines).toContain("AVISOR INFO: Restore snapshot: ID=0, size=6295552");
  });

  it("snapshots are numbered from 0; restore by id; an unknown id is refused with an error", () => {
    const { cpu, log, vm, store } = setup();
    for (let i = 0; i < 3; i++) {
      cpu.setX(1, BigInt(100 + i));
      store.checkpoint(vm, cpu);
    }
    expect(store.restore(vm, cpu, 1n)).toBe(true);
    expect(cpu.getX(1)).toBe(101n);
    expect(store.restore(vm, cpu, 9n)).toBe(false);
    expect(log.lines).toContain("AVISOR ERROR: No such snapshot. (ssid=9)");
    expect(cpu.getX(1)).toBe(101n);
  });

  it("CHECKPOINT answers x0 = 0 when taken, and a restore returns from it with x0 = 0 too", () => {
    const { cpu, vm, store } = setup();
    cpu.setX(0, 0x1234n);
    expect(store.checkpoint(vm, cpu)).toBe(true);
    expect(cpu.getX(0)).toBe(0n);
    cpu.setX(0, 0x5678n);
    store.restore(vm, cpu, 0n);
    expect(cpu.getX(0)).toBe(0n);
  });

  it("past the host-memory budget a checkpoint is refused (x0 = -1, one warning), and no snapshot is ever dropped", () => {
    // Two chunks with data: 4 MiB (+ 4 KiB for the registers) per snapshot; room for two.
    const { bus, cpu, log, vm, store } = setup(2 * (0x40_0000 + 4096));
    bus.ram.write(vm.ram.pa, 4, 1);
    bus.ram.write(vm.ram.pa + 0x20_0000, 4, 1);
    for (let i = 0; i < 2; i++) {
      cpu.setX(1, BigInt(i));
      expect(store.checkpoint(vm, cpu, "vm0 vcpu0")).toBe(true);
      expect(cpu.getX(0)).toBe(0n);
    }
    expect(store.bytesHeld).toBe(2 * (0x40_0000 + 4096));
    for (let i = 0; i < 3; i++) {
      cpu.setX(0, 7n);
      expect(store.checkpoint(vm, cpu, "vm0 vcpu0")).toBe(false);
      expect(cpu.getX(0)).toBe(0xffff_ffff_ffff_ffffn);
    }
    const warnings = log.lines.filter((l) => l.startsWith("AVISOR WARNING"));
    expect(warnings).toEqual([
      "AVISOR WARNING: vm0 vcpu0: checkpoint refused (x0 = -1): the snapshot budget of 8 MiB for all VMs is used up (2 snapshots hold 8 MiB; this one does not fit in the 0 KiB left); no snapshot is ever dropped, raise the budget with --snapshot-budget SIZE (e.g. --snapshot-budget 1G)",
    ]);
    expect(log.lines.filter((l) => l === "AVISOR INFO: vm0 vcpu0: checkpoint refused, snapshot budget used up (x0 = -1)")).toHaveLength(3);
    expect(log.lines.filter((l) => l.startsWith("AVISOR INFO: Create snapshot"))).toEqual([
      "AVISOR INFO: Create snapshot: ID=0",
      "AVISOR INFO: Create snapshot: ID=1",
    ]);
    // Both snapshots still restore, the oldest included; a refused one took no id.
    expect(store.restore(vm, cpu, 0n)).toBe(true);
    expect(cpu.getX(1)).toBe(0n);
    expect(store.restore(vm, cpu, 1n)).toBe(true);
    expect(cpu.getX(1)).toBe(1n);
    expect(store.restore(vm, cpu, 2n)).toBe(false);
    expect(store.bytesHeld).toBe(2 * (0x40_0000 + 4096));
  });

  it("the budget is one for the whole machine: what one VM holds counts against the other", () => {
    const { bus, cpu, log, vm, store } = setup(0x20_0000 + 4096);
    const b = {
      ...vm,
      id: 1,
      ram: { pa: 0x4800_0000, ipa: 0x4010_0000, size: 0x20_0000 },
      dtbRegion: { pa: 0x4900_0000, ipa: 0x4000_0000, size: 0x1000 },
    } as Vm;
    bus.ram.write(vm.ram.pa, 4, 1);
    bus.ram.write(b.ram.pa, 4, 1);
    expect(store.checkpoint(vm, cpu, "vm0 vcpu0")).toBe(true);
    expect(store.checkpoint(b, cpu, "vm1 vcpu0")).toBe(false);
    expect(log.lines.some((l) => l.startsWith("AVISOR WARNING: vm1 vcpu0: checkpoint refused (x0 = -1)"))).toBe(true);
  });

  it("a budget of 0 refuses every checkpoint", () => {
    const { cpu, vm, store } = setup(0);
    expect(store.checkpoint(vm, cpu)).toBe(false);
    expect(cpu.getX(0)).toBe(0xffff_ffff_ffff_ffffn);
  });

  it("the logged hash covers every byte and the registers: a one-byte or one-register change shows, a restore shows the checkpoint's", () => {
    const { bus, cpu, log, vm, store } = setup();
    const hashes = () => log.lines.filter((l) => l.includes("Ckpt hash")).map((l) => l.split("hash: ")[1]);
    bus.ram.write(vm.ram.pa + 0x1234, 1, 1);
    store.checkpoint(vm, cpu); // 0
    bus.ram.write(vm.ram.pa + 0x1235, 1, 1); // not on any sampling grid
    store.checkpoint(vm, cpu); // 1
    cpu.setX(7, 1n);
    store.checkpoint(vm, cpu); // 2
    store.restore(vm, cpu, 0n);
    const [h0, h1, h2, restored] = hashes();
    expect(new Set([h0, h1, h2]).size).toBe(3);
    expect(restored).toBe(h0);
  });

  it("a VM restores only its own snapshots; -1 is its own latest", () => {
    const { bus, cpu, log, vm, store } = setup();
    const a = { ...vm, id: 0 } as Vm;
    const b = {
      ...vm,
      id: 1,
      ram: { pa: 0x4800_0000, ipa: 0x4010_0000, size: 0x20_0000 },
      dtbRegion: { pa: 0x4900_0000, ipa: 0x4000_0000, size: 0x1000 },
    } as Vm;
    cpu.setX(1, 0xan);
    store.checkpoint(a, cpu); // 0, vm0's
    bus.ram.write(b.ram.pa, 4, 0xb0b);
    cpu.setX(1, 0xbn);
    store.checkpoint(b, cpu); // 1, vm1's
    cpu.setX(1, 0n);
    expect(store.restore(a, cpu, 1n)).toBe(false);
    expect(log.lines).toContain("AVISOR ERROR: Snapshot 1 was taken by vm1; vm0 cannot restore it.");
    expect(cpu.getX(1)).toBe(0n);
    expect(store.restore(a, cpu, 0xffff_ffff_ffff_ffffn)).toBe(true);
    expect(cpu.getX(1)).toBe(0xan);
    expect(bus.ram.read(b.ram.pa, 4)).toBe(0xb0b); // vm1's memory untouched by vm0's restore
  });
});
