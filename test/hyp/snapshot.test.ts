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
      cpu.setX(0, BigInt(100 + i));
      store.checkpoint(vm, cpu);
    }
    expect(store.restore(vm, cpu, 1n)).toBe(true);
    expect(cpu.getX(0)).toBe(101n);
    expect(store.restore(vm, cpu, 9n)).toBe(false);
    expect(log.lines).toContain("AVISOR ERROR: No such snapshot. (ssid=9)");
    expect(cpu.getX(0)).toBe(101n);
  });

  it("past the host-memory budget the oldest snapshots are dropped, with a warning", () => {
    const { bus, cpu, log, vm, store } = setup(3 * 0x20_0000);
    bus.ram.write(vm.ram.pa, 4, 1);
    bus.ram.write(vm.ram.pa + 0x20_0000, 4, 1); // two chunks with data: 4 MiB per snapshot
    store.checkpoint(vm, cpu);
    store.checkpoint(vm, cpu);
    expect(log.lines.filter((l) => l.startsWith("AVISOR WARNING: snapshot 0 dropped"))).toHaveLength(1);
    expect(store.restore(vm, cpu, 0n)).toBe(false);
    expect(store.restore(vm, cpu, 1n)).toBe(true);
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
    const b = { ...vm, id: 1, ram: { pa: 0x4800_0000, ipa: 0x4010_0000, size: 0x20_0000 }, dtbRegion: { pa: 0x4900_0000, ipa: 0x4000_0000, size: 0x1000 } } as Vm;
    cpu.setX(0, 0xan);
    store.checkpoint(a, cpu); // 0, vm0's
    bus.ram.write(b.ram.pa, 4, 0xb0b);
    cpu.setX(0, 0xbn);
    store.checkpoint(b, cpu); // 1, vm1's
    cpu.setX(0, 0n);
    expect(store.restore(a, cpu, 1n)).toBe(false);
    expect(log.lines).toContain("AVISOR ERROR: Snapshot 1 was taken by vm1; vm0 cannot restore it.");
    expect(cpu.getX(0)).toBe(0n);
    expect(store.restore(a, cpu, 0xffff_ffff_ffff_ffffn)).toBe(true);
    expect(cpu.getX(0)).toBe(0xan);
    expect(bus.ram.read(b.ram.pa, 4)).toBe(0xb0b); // vm1's memory untouched by vm0's restore
  });
});
