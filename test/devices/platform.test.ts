// Interrupt routing comes from the platform description: every line a platform device
// declares reaches a VM's vGIC (the first VM's unless the config assigns it), so a device
// added to the board needs no routing code of its own.
import { describe, expect, it } from "vitest";
import type { IrqLine } from "../../src/devices/irq-line.ts";
import { spiIntid } from "../../src/devices/platform.ts";
import { defaultConfig } from "../../src/hyp/config.ts";
import { Log } from "../../src/hyp/log.ts";
import { createMachineFromBytes } from "../../src/machine.ts";
import { SPIN, syntheticElf } from "../loader/synthetic-elf.ts";

/** A doorbell: writing 1 raises its interrupt, writing 0 lowers it. */
function doorbell(irq: IrqLine) {
  return { read: () => 0, write: (_offset: number, _size: number, value: number) => irq.set((value & 1) !== 0) };
}

const DOORBELL_SPI = 40;
const image = syntheticElf([{ addr: 0x4010_0000, data: SPIN }], 0x4010_0000);

function machine() {
  const config = defaultConfig("spin.elf");
  return createMachineFromBytes(
    config,
    { images: config.vms.map(() => image), dtb: null },
    {
      log: new Log(() => {}, false, true),
      uartOut: () => {},
      extraDevices: (line) => [
        { name: "doorbell", base: 0x0903_0000, size: 0x1000, device: doorbell(line(spiIntid(DOORBELL_SPI))), interrupts: [spiIntid(DOORBELL_SPI)] },
      ],
    },
  );
}

/** GICD_ISPENDR<n> bit for `intid`, as the guest reads it from its vGIC distributor. */
function pendingInGuestGic(m: ReturnType<typeof machine>, vm: number, intid: number): boolean {
  const hv = m.hv;
  const gicd = hv.vgicOf(hv.vms[vm]).regions.find((r) => r.name === "distributor")!;
  return ((gicd.device.read(0x200 + 4 * Math.floor(intid / 32), 4) >>> (intid % 32)) & 1) === 1;
}

describe("interrupt routing from the platform's device list", () => {
  it("a device added to the board raises its SPI in the guest's GIC, and lowers it", () => {
    const m = machine();
    const dev = m.platform.devices.find((d) => d.name === "doorbell")!;
    const intid = spiIntid(DOORBELL_SPI);
    expect(pendingInGuestGic(m, 0, intid)).toBe(false);
    dev.device.write(0, 4, 1);
    expect(pendingInGuestGic(m, 0, intid)).toBe(true);
    expect(m.hv.stats.vcpu(0, 0).interrupts).toBe(1);
    dev.device.write(0, 4, 0);
    expect(pendingInGuestGic(m, 0, intid)).toBe(false);
  });

  it("the virt devices declare their lines: the UART's and the RTC's SPIs", () => {
    const m = machine();
    const lines = Object.fromEntries(m.platform.devices.filter((d) => d.interrupts.length > 0).map((d) => [d.name, d.interrupts]));
    expect(lines).toEqual({ pl011: [33], pl031: [34], doorbell: [spiIntid(DOORBELL_SPI)] });
  });

  it("two devices cannot raise one INTID", () => {
    const config = defaultConfig("spin.elf");
    expect(() =>
      createMachineFromBytes(
        config,
        { images: [image], dtb: null },
        {
          log: new Log(() => {}, false, true),
          uartOut: () => {},
          extraDevices: (line) => [{ name: "clash", base: 0x0903_0000, size: 0x1000, device: doorbell(line(33)), interrupts: [33] }],
        },
      ),
    ).toThrow(/two platform devices raise INTID 33/);
  });
});
