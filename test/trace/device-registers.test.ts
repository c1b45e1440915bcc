// Register names in trace lines come from each device's public register map.
import { describe, expect, it } from "vitest";
import { describeRegister } from "../../src/trace/device-registers.ts";

describe("describeRegister", () => {
  it("names PL011, PL031 and virtio-mmio registers", () => {
    expect(describeRegister("pl011", 0x18)).toBe("pl011 UARTFR");
    expect(describeRegister("pl011", 0x00)).toBe("pl011 UARTDR");
    expect(describeRegister("pl011", 0xfe0)).toBe("pl011 UARTPeriphID0");
    expect(describeRegister("pl031", 0x0c)).toBe("pl031 RTCCR");
    expect(describeRegister("virtio-mmio@a000200", 0x0)).toBe("virtio-mmio@a000200 MagicValue");
    expect(describeRegister("virtio-mmio@a000200", 0x70)).toBe("virtio-mmio@a000200 Status");
    expect(describeRegister("virtio-mmio@a000200", 0x104)).toBe("virtio-mmio@a000200 Config+0x4");
  });

  it("names vGIC distributor arrays by index, CPU interface and redistributor registers", () => {
    expect(describeRegister("vgic distributor", 0x000)).toBe("vgic GICD_CTLR");
    expect(describeRegister("vgic distributor", 0x104)).toBe("vgic GICD_ISENABLER1");
    expect(describeRegister("vgic distributor", 0x41c)).toBe("vgic GICD_IPRIORITYR7");
    expect(describeRegister("vgic distributor", 0x41d)).toBe("vgic GICD_IPRIORITYR7+0x1");
    expect(describeRegister("vgic distributor", 0x6000 + 8 * 33)).toBe("vgic GICD_IROUTER33");
    expect(describeRegister("vgic cpu interface", 0x0c)).toBe("vgic GICC_IAR");
    expect(describeRegister("vgic cpu interface", 0x1000)).toBe("vgic GICC_DIR");
    expect(describeRegister("vgic redistributors", 0x2_0014)).toBe("vgic GICR_WAKER (redistributor 1)");
    expect(describeRegister("vgic redistributors", 0x1_0100)).toBe("vgic GICR_ISENABLER0 (redistributor 0)");
  });

  it("names PCIe ECAM accesses by bus:dev.fn and config register; unknown offsets in hex", () => {
    expect(describeRegister("pcie-ecam", 0)).toBe("pcie-ecam 00:00.0 VendorID");
    expect(describeRegister("pcie-ecam", 0xff * 0x10_0000 + (0x1f << 15) + (7 << 12) + 0x0e)).toBe("pcie-ecam ff:1f.7 HeaderType");
    expect(describeRegister("pl011", 0x7f0)).toBe("pl011 +0x7f0");
    expect(describeRegister("pcie-mmio", 0x10)).toBe("pcie-mmio +0x10");
  });
});
