// Accesses a device does not implement (QEMU's -d guest_errors): the guest sees what it sees
// under QEMU (read as zero, write ignored), and the device reports the access, which the
// hypervisor logs once per VM, device, offset and kind, counts, summarises and traces.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createMachine } from "../../src/cli/node-machine.ts";
import type { GuestErrorKind } from "../../src/devices/guest-error.ts";
import { Pl011 } from "../../src/devices/pl011.ts";
import { Pl031 } from "../../src/devices/pl031.ts";
import { EmptyVirtioSlot, VIRTIO_MAGIC } from "../../src/devices/virtio-mmio.ts";
import { defaultConfig } from "../../src/hyp/config.ts";
import { Log } from "../../src/hyp/log.ts";
import { summaryLines } from "../../src/hyp/run-summary.ts";
import { Tracer } from "../../src/trace/tracer.ts";
import { CAT } from "../../src/trace/categories.ts";
import { syntheticElf, words } from "../loader/synthetic-elf.ts";

type Report = [offset: number, size: number, write: boolean, kind: GuestErrorKind];

function spy<D extends { guestError: (...r: Report) => void }>(d: D): { d: D; reports: Report[] } {
  const reports: Report[] = [];
  d.guestError = (...r) => void reports.push(r);
  return { d, reports };
}

describe("devices report what they do not implement, and answer as QEMU", () => {
  it("pl011: unknown offsets read as zero, the write-only ICR reads as zero, read-only registers ignore writes", () => {
    const { d, reports } = spy(new Pl011(() => {}));
    expect(d.read(0x18, 4)).toBe(0x90); // UARTFR: a register, no report
    expect(reports).toEqual([]);
    expect(d.read(0x50, 4)).toBe(0);
    expect(d.read(0x44, 4)).toBe(0);
    d.write(0x18, 4, 0xff);
    d.write(0x60, 4, 1);
    d.write(0xfe0, 4, 1); // PeriphID0
    expect(d.read(0x18, 4)).toBe(0x90); // the write to FR changed nothing
    expect(d.read(0xfe0, 4)).toBe(0x11);
    expect(reports).toEqual([
      [0x50, 4, false, "unknown register"],
      [0x44, 4, false, "write-only register"],
      [0x18, 4, true, "read-only register"],
      [0x60, 4, true, "unknown register"],
      [0xfe0, 4, true, "read-only register"],
    ]);
  });

  it("pl031: unknown offsets, the write-only ICR, writes to DR/RIS/MIS; a CR write is ignored without a report", () => {
    const { d, reports } = spy(new Pl031(() => 1000));
    expect(d.read(0x00, 4)).toBe(1000);
    expect(d.read(0x20, 4)).toBe(0);
    expect(d.read(0x1c, 4)).toBe(0);
    d.write(0x00, 4, 5);
    d.write(0x0c, 4, 0);
    d.write(0x14, 4, 1);
    d.write(0x40, 4, 1);
    expect(d.read(0x00, 4)).toBe(1000);
    expect(d.read(0x0c, 4)).toBe(1);
    expect(reports).toEqual([
      [0x20, 4, false, "unknown register"],
      [0x1c, 4, false, "write-only register"],
      [0x00, 4, true, "read-only register"],
      [0x14, 4, true, "read-only register"],
      [0x40, 4, true, "unknown register"],
    ]);
  });

  it("virtio-mmio (empty slot): offsets outside the register layout, and accesses that are not 32 bits", () => {
    const { d, reports } = spy(new EmptyVirtioSlot());
    expect(d.read(0x000, 4)).toBe(VIRTIO_MAGIC);
    expect(d.read(0x070, 4)).toBe(0); // Status
    d.write(0x070, 4, 1);
    d.read(0x100, 1); // configuration space: any width
    expect(reports).toEqual([]);
    expect(d.read(0x000, 2)).toBe(VIRTIO_MAGIC & 0xffff_ffff);
    expect(d.read(0x018, 4)).toBe(0);
    d.write(0x0f0, 4, 1);
    expect(reports).toEqual([
      [0x000, 2, false, "unsupported size"],
      [0x018, 4, false, "unknown register"],
      [0x0f0, 4, true, "unknown register"],
    ]);
  });
});

describe("the hypervisor logs, counts and traces guest errors", () => {
  it("one warning per device, offset and kind; every access counted in the summary and traced", () => {
    const dir = mkdtempSync(join(tmpdir(), "avisor-guest-errors-"));
    const path = join(dir, "unknown-register.elf");
    const code = words(
      0xd2a12001, // mov x1, #0x9000000 (PL011)
      0xb9405022, // ldr w2, [x1, #0x50]   no such register
      0xb9405022, // ldr w2, [x1, #0x50]   again: counted, not logged again
      0xb9001822, // str w2, [x1, #0x18]   UARTFR is read-only
      0xd2b08000, // mov x0, #0x84000000
      0xf2800100, // movk x0, #0x8          PSCI SYSTEM_OFF
      0xd4000002, // hvc #0
    );
    writeFileSync(path, syntheticElf([{ addr: 0x4010_0000, data: code }], 0x4010_0000));
    const log = new Log(() => {}, false, true);
    const m = createMachine(defaultConfig(path), { cpu: "ts", log, uartOut: () => {} });
    const traced: string[] = [];
    m.hv.tracer = new Tracer({ mask: CAT.mmio, write: (l) => traced.push(l) });
    while (m.hv.step().kind === "running");
    m.hv.tracer.close();
    const warnings = log.lines.filter((l) => l.startsWith("AVISOR WARNING"));
    expect(warnings).toEqual([
      "AVISOR WARNING: vm0 vcpu0: pl011: read of unknown register at offset 0x50 (size 4)",
      "AVISOR WARNING: vm0 vcpu0: pl011: write of read-only register at offset 0x18 (size 4)",
    ]);
    const cpu = m.hv.vms[0].vcpus[0].cpu;
    expect(cpu.getX(2)).toBe(0n); // read as zero
    const lines = summaryLines({
      stats: m.hv.stats,
      hostSeconds: 1,
      outcome: "powered off",
      vms: [{ id: 0, state: "off", vcpus: [{ id: 0, instructions: cpu.instructionCount, pc: cpu.getPc() }] }],
    });
    expect(lines).toContain("vm0 vcpu0 guest errors: 2 pl011: read of unknown register at offset 0x50; 1 pl011: write of read-only register at offset 0x18");
    expect(traced).toContain("vm0 vcpu0 mmio guest error: pl011: read of unknown register at offset 0x50 (size 4) pc 0x40100004");
    expect(traced.filter((l) => l.includes("guest error")).length).toBeGreaterThanOrEqual(2);
  });
});
