// Register names for trace lines ("pl011 UARTFR", "vgic GICD_ISENABLER1", "pcie-ecam
// 00:01.0 VendorID"), from each device's public register map. Devices stay unaware of
// tracing: these tables only name an offset of the region a VM's device list gives.

type Table = readonly (readonly [offset: number, name: string])[];

/** ARM PL011 TRM (DDI 0183), table 3-1. */
const PL011: Table = [
  [0x000, "UARTDR"],
  [0x004, "UARTRSR"],
  [0x018, "UARTFR"],
  [0x020, "UARTILPR"],
  [0x024, "UARTIBRD"],
  [0x028, "UARTFBRD"],
  [0x02c, "UARTLCR_H"],
  [0x030, "UARTCR"],
  [0x034, "UARTIFLS"],
  [0x038, "UARTIMSC"],
  [0x03c, "UARTRIS"],
  [0x040, "UARTMIS"],
  [0x044, "UARTICR"],
  [0x048, "UARTDMACR"],
  [0xfe0, "UARTPeriphID0"],
  [0xfe4, "UARTPeriphID1"],
  [0xfe8, "UARTPeriphID2"],
  [0xfec, "UARTPeriphID3"],
  [0xff0, "UARTPCellID0"],
  [0xff4, "UARTPCellID1"],
  [0xff8, "UARTPCellID2"],
  [0xffc, "UARTPCellID3"],
];

/** ARM PL031 TRM (DDI 0224), table 3-1. */
const PL031: Table = [
  [0x00, "RTCDR"],
  [0x04, "RTCMR"],
  [0x08, "RTCLR"],
  [0x0c, "RTCCR"],
  [0x10, "RTCIMSC"],
  [0x14, "RTCRIS"],
  [0x18, "RTCMIS"],
  [0x1c, "RTCICR"],
  [0xfe0, "RTCPeriphID0"],
  [0xfe4, "RTCPeriphID1"],
  [0xfe8, "RTCPeriphID2"],
  [0xfec, "RTCPeriphID3"],
  [0xff0, "RTCPCellID0"],
  [0xff4, "RTCPCellID1"],
  [0xff8, "RTCPCellID2"],
  [0xffc, "RTCPCellID3"],
];

/** Virtio 1.x, 4.2.2 (MMIO device register layout), with the legacy (version 1) fields. */
const VIRTIO_MMIO: Table = [
  [0x000, "MagicValue"],
  [0x004, "Version"],
  [0x008, "DeviceID"],
  [0x00c, "VendorID"],
  [0x010, "DeviceFeatures"],
  [0x014, "DeviceFeaturesSel"],
  [0x020, "DriverFeatures"],
  [0x024, "DriverFeaturesSel"],
  [0x028, "GuestPageSize"],
  [0x030, "QueueSel"],
  [0x034, "QueueNumMax"],
  [0x038, "QueueNum"],
  [0x03c, "QueueAlign"],
  [0x040, "QueuePFN"],
  [0x044, "QueueReady"],
  [0x050, "QueueNotify"],
  [0x060, "InterruptStatus"],
  [0x064, "InterruptACK"],
  [0x070, "Status"],
  [0x080, "QueueDescLow"],
  [0x084, "QueueDescHigh"],
  [0x090, "QueueDriverLow"],
  [0x094, "QueueDriverHigh"],
  [0x0a0, "QueueDeviceLow"],
  [0x0a4, "QueueDeviceHigh"],
  [0x0fc, "ConfigGeneration"],
];

/** GIC architecture spec (IHI 0048B / 0069): single registers of the CPU interface (v2). */
const GICC: Table = [
  [0x00, "GICC_CTLR"],
  [0x04, "GICC_PMR"],
  [0x08, "GICC_BPR"],
  [0x0c, "GICC_IAR"],
  [0x10, "GICC_EOIR"],
  [0x14, "GICC_RPR"],
  [0x18, "GICC_HPPIR"],
  [0x1c, "GICC_ABPR"],
  [0x20, "GICC_AIAR"],
  [0x24, "GICC_AEOIR"],
  [0x28, "GICC_AHPPIR"],
  [0xd0, "GICC_APR0"],
  [0xe0, "GICC_NSAPR0"],
  [0xfc, "GICC_IIDR"],
  [0x1000, "GICC_DIR"],
];

/** Register arrays: [first offset, end offset, name, bytes per register]; the index is appended. */
type ArrayTable = readonly (readonly [start: number, end: number, name: string, stride: number])[];

const GICD: Table = [
  [0x000, "GICD_CTLR"],
  [0x004, "GICD_TYPER"],
  [0x008, "GICD_IIDR"],
  [0xf00, "GICD_SGIR"],
  [0xffe8, "GICD_PIDR2"],
];
const GICD_ARRAYS: ArrayTable = [
  [0x080, 0x100, "GICD_IGROUPR", 4],
  [0x100, 0x180, "GICD_ISENABLER", 4],
  [0x180, 0x200, "GICD_ICENABLER", 4],
  [0x200, 0x280, "GICD_ISPENDR", 4],
  [0x280, 0x300, "GICD_ICPENDR", 4],
  [0x300, 0x380, "GICD_ISACTIVER", 4],
  [0x380, 0x400, "GICD_ICACTIVER", 4],
  [0x400, 0x800, "GICD_IPRIORITYR", 4],
  [0x800, 0xc00, "GICD_ITARGETSR", 4],
  [0xc00, 0xd00, "GICD_ICFGR", 4],
  [0xd00, 0xd80, "GICD_IGRPMODR", 4],
  [0xf10, 0xf20, "GICD_CPENDSGIR", 4],
  [0xf20, 0xf30, "GICD_SPENDSGIR", 4],
  [0x6000, 0x8000, "GICD_IROUTER", 8],
];

/** GICv3 redistributor: RD_base frame, then the SGI_base frame 64 KiB above it. */
const GICR_RD: Table = [
  [0x0000, "GICR_CTLR"],
  [0x0004, "GICR_IIDR"],
  [0x0008, "GICR_TYPER"],
  [0x000c, "GICR_TYPER+4"],
  [0x0014, "GICR_WAKER"],
  [0xffe8, "GICR_PIDR2"],
];
const GICR_SGI: Table = [
  [0x0080, "GICR_IGROUPR0"],
  [0x0100, "GICR_ISENABLER0"],
  [0x0180, "GICR_ICENABLER0"],
  [0x0200, "GICR_ISPENDR0"],
  [0x0280, "GICR_ICPENDR0"],
  [0x0300, "GICR_ISACTIVER0"],
  [0x0380, "GICR_ICACTIVER0"],
  [0x0c00, "GICR_ICFGR0"],
  [0x0c04, "GICR_ICFGR1"],
  [0x0d00, "GICR_IGRPMODR0"],
];
const GICR_SGI_ARRAYS: ArrayTable = [[0x0400, 0x0420, "GICR_IPRIORITYR", 4]];
/** Bytes of one redistributor (RD_base + SGI_base frames). */
const GICR_STRIDE = 0x2_0000;

/** PCI configuration header (type 0), by the offset an access starts at. */
const PCI_CONFIG: Table = [
  [0x00, "VendorID"],
  [0x02, "DeviceID"],
  [0x04, "Command"],
  [0x06, "Status"],
  [0x08, "RevisionID"],
  [0x09, "ClassCode"],
  [0x0a, "SubClass"],
  [0x0b, "BaseClass"],
  [0x0c, "CacheLineSize"],
  [0x0d, "LatencyTimer"],
  [0x0e, "HeaderType"],
  [0x0f, "BIST"],
  [0x10, "BAR0"],
  [0x14, "BAR1"],
  [0x18, "BAR2"],
  [0x1c, "BAR3"],
  [0x20, "BAR4"],
  [0x24, "BAR5"],
  [0x28, "CardbusCISPointer"],
  [0x2c, "SubsystemVendorID"],
  [0x2e, "SubsystemID"],
  [0x30, "ExpansionROMBase"],
  [0x34, "CapabilitiesPointer"],
  [0x3c, "InterruptLine"],
  [0x3d, "InterruptPin"],
  [0x3e, "MinGnt"],
  [0x3f, "MaxLat"],
];

function plus(offset: number): string {
  return `+0x${offset.toString(16)}`;
}

function lookup(table: Table, offset: number): string | null {
  for (const [o, name] of table) if (o === offset) return name;
  return null;
}

function lookupArray(arrays: ArrayTable, offset: number): string | null {
  for (const [start, end, name, stride] of arrays) {
    if (offset < start || offset >= end) continue;
    const index = Math.floor((offset - start) / stride);
    const within = (offset - start) % stride;
    return `${name}${index}${within === 0 ? "" : plus(within)}`;
  }
  return null;
}

/** bus:dev.fn and the register of an ECAM offset (PCIe base spec, 7.2.2). */
function ecamName(offset: number): string {
  const bus = Math.floor(offset / 0x10_0000) & 0xff;
  const dev = (offset >>> 15) & 0x1f;
  const fn = (offset >>> 12) & 7;
  const reg = offset & 0xfff;
  const bdf = `${bus.toString(16).padStart(2, "0")}:${dev.toString(16).padStart(2, "0")}.${fn}`;
  return `${bdf} ${lookup(PCI_CONFIG, reg) ?? plus(reg)}`;
}

/**
 * The device and register a guest access names, from the region's name as a VM lists it
 * (`pl011`, `vgic distributor`, `virtio-mmio@a000000`, …) and the offset inside the device.
 */
export function describeRegister(region: string, offset: number): string {
  const or = (name: string | null) => name ?? plus(offset);
  switch (region) {
    case "pl011":
      return `pl011 ${or(lookup(PL011, offset))}`;
    case "pl031":
      return `pl031 ${or(lookup(PL031, offset))}`;
    case "vgic distributor":
      return `vgic ${or(lookup(GICD, offset) ?? lookupArray(GICD_ARRAYS, offset))}`;
    case "vgic cpu interface":
      return `vgic ${or(lookup(GICC, offset))}`;
    case "vgic redistributors": {
      const rd = Math.floor(offset / GICR_STRIDE);
      const inner = offset % GICR_STRIDE;
      const name = inner < 0x1_0000 ? lookup(GICR_RD, inner) : (lookup(GICR_SGI, inner - 0x1_0000) ?? lookupArray(GICR_SGI_ARRAYS, inner - 0x1_0000));
      return `vgic ${name ?? plus(inner)} (redistributor ${rd})`;
    }
    case "pcie-ecam":
      return `pcie-ecam ${ecamName(offset)}`;
  }
  if (region.startsWith("virtio-mmio")) return `${region} ${offset >= 0x100 ? `Config${plus(offset - 0x100)}` : or(lookup(VIRTIO_MMIO, offset))}`;
  return `${region} ${plus(offset)}`;
}
