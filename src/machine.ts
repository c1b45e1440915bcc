// Builds the whole machine from a Config: the physical board (bus, RAM, virt devices),
// the guest images and device trees, and the hypervisor that runs them.
import { TsCpu } from "./cpu/cpu.ts";
import type { Cpu } from "./cpu/cpu-interface.ts";
import { UnicornCpu, unicornAvailability } from "./cpu/unicorn/unicorn-cpu.ts";
import { parseDtb } from "./devices/fdt/parser.ts";
import { buildVirtDtb } from "./devices/fdt/virt-dtb.ts";
import { createPlatform, VIRT, spiIntid, type Platform } from "./devices/platform.ts";
import { ConfigError } from "./hyp/errors.ts";
import { type Config } from "./hyp/config.ts";
import { Hypervisor, type Board, type VmImages } from "./hyp/hypervisor.ts";
import type { Log } from "./hyp/log.ts";
import { VGicV2 } from "./hyp/vgic-v2.ts";
import { VGicV3 } from "./hyp/vgic-v3.ts";
import { SharedVirtualClock } from "./hyp/virtual-clock.ts";
import { loadImage, readImageFile } from "./loader/image.ts";
import { Bus } from "./mmu/bus.ts";
import { PAGE_SIZE } from "./mmu/physical-memory.ts";
import { Stage2Table } from "./mmu/stage2-table.ts";

export interface MachineOptions {
  cpu: "ts" | "unicorn";
  /** Guest time follows the host clock (`--realtime`) instead of instruction counts. */
  realtime?: boolean;
  /** Host memory all snapshots may hold together (`--snapshot-budget`; default 1 GiB). */
  snapshotBudget?: number;
  log: Log;
  uartOut: (byte: number) => void;
}

export interface Machine {
  hv: Hypervisor;
  platform: Platform;
  /** Bytes typed by the user, for the guest's UART. */
  uartIn(bytes: Uint8Array): void;
}

/** The board's RAM: enough for every VM and its tables, at the virt RAM base. */
function hostRamSize(config: Config, imageSizes: number[]): number {
  let need = 0x100_0000; // hypervisor image, tables, DTB copies
  config.vms.forEach((v, i) => (need += imageSizes[i] + v.dmemSize + 0x20_0000));
  return Math.ceil(need / 0x4000_0000) * 0x4000_0000; // whole GiBs: it is sparse anyway
}

/** Fixed epoch for the RTC: deterministic runs print the same date every time. */
const RTC_EPOCH = Date.UTC(2026, 0, 1) / 1000;

export function createMachine(config: Config, o: MachineOptions): Machine {
  if (o.cpu === "unicorn") {
    const why = unicornAvailability();
    if (why !== null) throw new ConfigError(`--cpu unicorn: ${why}`);
  }
  const images = config.vms.map((vm) => {
    const bytes = readImageFile(vm.image);
    return loadImage(bytes, vm.image, { base: vm.baseAddr, entry: vm.entry });
  });
  const imageSizes = images.map((img, i) => Math.max(...img.segments.map((s) => s.addr + s.memsz)) - config.vms[i].baseAddr);

  const bus = new Bus();
  const ramSize = hostRamSize(config, imageSizes);
  bus.addRam("ram", VIRT.RAM.base, ramSize);
  let firstCpu: Cpu | null = null;
  const platform = createPlatform(bus, {
    uartOut: o.uartOut,
    // The RTC counts virtual seconds from a fixed epoch (DESIGN §6: deterministic time).
    seconds: () => (o.realtime ? Date.now() / 1000 : RTC_EPOCH + Math.max(virtualClock?.read() ?? 0, firstCpu ? firstCpu.counter() : 0) / VIRT.CNTFRQ),
  });

  const dtbFile = config.dtb.image === null ? null : readImageFile(config.dtb.image);
  if (dtbFile !== null) parseDtb(dtbFile, config.dtb.image!); // validate: a DtbError is bad input
  const vmImages: VmImages[] = config.vms.map((vm, i) => {
    const ramEnd = vm.baseAddr + Math.ceil((imageSizes[i] + vm.dmemSize) / PAGE_SIZE) * PAGE_SIZE;
    const dtbBase = config.dtb.baseAddr;
    // The memory node covers the DTB too when it sits just below the image, as Avisor's
    // layout (DTB at 0x40000000, image at 0x40100000) and QEMU's own tree have it.
    const contiguous = dtbBase < vm.baseAddr && vm.baseAddr - dtbBase <= 0x100_0000;
    const dtb = dtbFile ?? buildVirtDtb({ memBase: contiguous ? dtbBase : vm.baseAddr, memSize: ramEnd - (contiguous ? dtbBase : vm.baseAddr), nrCpus: vm.nrCpus, gicVersion: config.gicVersion });
    return { image: images[i], dtb, dtbMapSize: contiguous ? vm.baseAddr - dtbBase : 0 };
  });

  // Real time: the generic timer's counter in ticks of VIRT.CNTFRQ since the machine was made.
  const t0 = performance.now();
  const hostClock = o.realtime ? () => Math.floor(((performance.now() - t0) * VIRT.CNTFRQ) / 1000) : null;
  // Several vCPUs in virtual time share one clock (src/hyp/virtual-clock.ts).
  const nrVcpus = config.vms.reduce((n, vm) => n + vm.nrCpus, 0);
  const virtualClock = hostClock === null && nrVcpus > 1 ? new SharedVirtualClock() : null;
  const cpuClock = hostClock ?? virtualClock?.read ?? null;
  const board: Board = {
    bus,
    ram: { base: VIRT.RAM.base, size: ramSize },
    devices: platform.devices,
    createCpu: () => {
      const cpu: Cpu = o.cpu === "unicorn" ? new UnicornCpu(bus) : new TsCpu(bus);
      if (cpuClock !== null) cpu.setClock?.(cpuClock);
      firstCpu ??= cpu;
      return cpu;
    },
    createStage2: (pool) => new Stage2Table(bus.ram, pool),
    createVgic: (n) => (config.gicVersion === 3 ? new VGicV3(n) : new VGicV2(n)),
    connectInterrupt: (intid, sink) => platform.lines.get(intid)?.connect(sink),
  };
  const hv = new Hypervisor(config, board, o.log, vmImages, o.snapshotBudget);
  hv.hostClock = hostClock;
  hv.virtualClock = virtualClock;
  // Device interrupts go to the first VM unless the config assigns them (vm_dev_region).
  const assigned = new Set<number>();
  hv.vms.forEach((vm) => vm.config.devices.forEach((d) => d.interrupts.forEach((irq) => {
    if (platform.lines.has(irq)) {
      hv.routeInterrupt(vm, irq);
      assigned.add(irq);
    }
  })));
  for (const irq of [spiIntid(VIRT.UART.spi), spiIntid(VIRT.RTC.spi)]) if (!assigned.has(irq)) hv.routeInterrupt(hv.vms[0], irq);
  return { hv, platform, uartIn: (b) => platform.uart.pushInput(b) };
}
