// Builds the whole machine from a Config and the bytes of its images: the physical board
// (bus, RAM, virt devices), the guest images and device trees, and the hypervisor that runs
// them. It reads no files and loads no native code (DESIGN §1): src/cli/node-machine.ts reads
// the paths and supplies the Unicorn backend.
import { AUTO_JIT_START } from "./cpu/jit/jit.ts";
import { TsCpu } from "./cpu/cpu.ts";
import type { Cpu } from "./cpu/cpu-interface.ts";
import { parseDtb } from "./devices/fdt/parser.ts";
import { dtbGicVersion } from "./devices/fdt/gic-version.ts";
import type { FdtNode } from "./devices/fdt/tree.ts";
import { buildVirtDtb } from "./devices/fdt/virt-dtb.ts";
import { createPlatform, VIRT, type Platform, type PlatformOptions } from "./devices/platform.ts";
import { ConfigError } from "./hyp/errors.ts";
import type { Config } from "./hyp/config.ts";
import { checkDeviceWindows, checkEntry, ECAM_WINDOW, planDtb, planGuestRam, roughSize, type RamLayout } from "./hyp/guest-layout.ts";
import { SHARED_MEM } from "./hyp/shared-memory.ts";
import { Hypervisor, type Board, type VmImages } from "./hyp/hypervisor.ts";
import type { Log } from "./hyp/log.ts";
import { VGicV2 } from "./hyp/vgic-v2.ts";
import { VGicV3 } from "./hyp/vgic-v3.ts";
import { SharedVirtualClock } from "./hyp/virtual-clock.ts";
import { loadImage } from "./loader/image.ts";
import { Bus } from "./mmu/bus.ts";
import { PAGE_SIZE } from "./mmu/physical-memory.ts";
import { Stage2Table } from "./mmu/stage2-table.ts";

export interface MachineOptions {
  /** The CPU backend of each vCPU; default our own interpreter (TsCpu). */
  createCpu?: (bus: Bus) => Cpu;
  /** The built-in core compiles hot blocks to JavaScript (src/cpu/jit): true, false, or "auto"
   *  (after the first AUTO_JIT_START instructions). Default false. */
  jit?: boolean | "auto";
  /** A backend's own limit on a VM's guest RAM, checked before anything is built. */
  checkGuestRam?: (vmName: string, ram: RamLayout) => void;
  /** Guest time follows the host clock (`--realtime`) instead of instruction counts. */
  realtime?: boolean;
  /** Host memory all snapshots may hold together (`--snapshot-budget`; default 1 GiB). */
  snapshotBudget?: number;
  log: Log;
  uartOut: (byte: number) => void;
  /** Devices added to the virt board (see PlatformOptions.extraDevices). */
  extraDevices?: PlatformOptions["extraDevices"];
}

export interface Machine {
  hv: Hypervisor;
  platform: Platform;
  /** Bytes typed by the user, for the guest's UART. */
  uartIn(bytes: Uint8Array): void;
}

/** Host RAM the page pool needs: the hypervisor's 2 MiB, the shared window, and for each VM
 *  its RAM's IPA span, its DTB, stage-2 tables and 2 MiB of alignment. */
function hostRamNeed(rams: RamLayout[], dtbMapSizes: number[]): number {
  let need = 0x20_0000 + SHARED_MEM.size + 0x100_0000; // own image, shared memory, slack
  rams.forEach((r, i) => {
    const tables = (Math.ceil((r.end - r.base) / 0x4000_0000) + 4) * PAGE_SIZE;
    need += r.end - r.base + dtbMapSizes[i] + tables + 0x20_0000;
  });
  return need;
}

/** The board's RAM in whole GiBs (it is sparse anyway), below the PCIe ECAM as on QEMU's virt. */
function hostRamSize(need: number): number {
  const room = ECAM_WINDOW.base - VIRT.RAM.base;
  if (need > room) {
    throw new ConfigError(
      `the VMs need ${roughSize(need)} of RAM together, more than the board's ${roughSize(room)} below the PCIe ECAM window: give them less --mem (or images that span less)`,
    );
  }
  return Math.min(Math.ceil(need / 0x4000_0000) * 0x4000_0000, room);
}

/** Fixed epoch for the RTC: deterministic runs print the same date every time. */
const RTC_EPOCH = Date.UTC(2026, 0, 1) / 1000;

/** The contents of the files a Config names: `images[i]` for `config.vms[i]` (whose `image`
 *  is then only its name in messages), `dtb` when `config.dtb.image` is not null. */
export interface MachineFiles {
  images: Uint8Array[];
  dtb: Uint8Array | null;
}

export function createMachineFromBytes(config: Config, files: MachineFiles, o: MachineOptions): Machine {
  if (files.images.length !== config.vms.length) throw new RangeError(`${config.vms.length} VMs but ${files.images.length} images`);
  const images = config.vms.map((vm, i) => loadImage(files.images[i], vm.image, { base: vm.baseAddr, entry: vm.entry }));
  // Plan every VM's guest-physical layout before building anything: a collision is bad input.
  const rams = images.map((img, i) => planGuestRam(`vm${i}`, config.vms[i], img, config.vms[i].image));
  rams.forEach((r, i) => checkEntry(`vm${i}`, r, images[i].entry));
  if (o.checkGuestRam) rams.forEach((r, i) => o.checkGuestRam!(`vm${i}`, r));
  const dtbFile = config.dtb.image === null ? null : files.dtb;
  if (config.dtb.image !== null && dtbFile === null) throw new RangeError(`the config names a DTB (${config.dtb.image}) but no DTB bytes were given`);
  if (dtbFile !== null) followDtbGic(config, parseDtb(dtbFile, config.dtb.image!), config.dtb.image!, o.log);
  const dtbBase = config.dtb.baseAddr;
  const vmImages: VmImages[] = config.vms.map((vm, i) => {
    const ram = rams[i];
    // The memory node covers the DTB too when it sits just below the image, as Avisor's
    // layout (DTB at 0x40000000, image at 0x40100000) and QEMU's own tree have it.
    const contiguous = dtbBase < vm.baseAddr && vm.baseAddr - dtbBase <= 0x100_0000;
    const [first, ...rest] = ram.ranges;
    const memBase = contiguous ? dtbBase : first.base;
    const dtb =
      dtbFile ?? buildVirtDtb({ memBase, memSize: first.base + first.size - memBase, extraMem: rest, nrCpus: vm.nrCpus, gicVersion: config.gicVersion });
    const dtbMapSize = contiguous ? vm.baseAddr - dtbBase : 0;
    const dtbRange = planDtb(`vm${i}`, ram, dtbBase, Math.max(dtb.length, dtbMapSize));
    checkDeviceWindows(i, vm.devices, ram, dtbRange);
    return { image: images[i], dtb, dtbMapSize };
  });

  const bus = new Bus();
  const ramSize = hostRamSize(
    hostRamNeed(
      rams,
      vmImages.map((v) => Math.max(v.dtb.length, v.dtbMapSize)),
    ),
  );
  bus.addRam("ram", VIRT.RAM.base, ramSize);
  let firstCpu: Cpu | null = null;
  const platform = createPlatform(bus, {
    uartOut: o.uartOut,
    extraDevices: o.extraDevices,
    // The RTC counts virtual seconds from a fixed epoch (DESIGN §6: deterministic time).
    seconds: () => (o.realtime ? Date.now() / 1000 : RTC_EPOCH + Math.max(virtualClock?.read() ?? 0, firstCpu ? firstCpu.counter() : 0) / VIRT.CNTFRQ),
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
      const cpu: Cpu = o.createCpu?.(bus) ?? new TsCpu(bus, { jit: o.jit === "auto" ? { startAt: AUTO_JIT_START } : (o.jit ?? false) });
      if (cpuClock !== null) cpu.setClock?.(cpuClock);
      firstCpu ??= cpu;
      return cpu;
    },
    createStage2: (pool) => new Stage2Table(bus.ram, pool),
    createVgic: (n) => (config.gicVersion === 3 ? new VGicV3(n) : new VGicV2(n)),
    connectInterrupt: (intid, sink) => platform.lines.get(intid)?.connect(sink),
    pollDevices: () => platform.rtc.poll(),
  };
  const hv = new Hypervisor(config, board, o.log, vmImages, o.snapshotBudget);
  hv.hostClock = hostClock;
  hv.virtualClock = virtualClock;
  // Every line a platform device declares goes to the first VM unless the config assigns it
  // (vm_dev_region).
  const assigned = new Set<number>();
  hv.vms.forEach((vm) =>
    vm.config.devices.forEach((d) =>
      d.interrupts.forEach((irq) => {
        if (platform.lines.has(irq)) {
          hv.routeInterrupt(vm, irq);
          assigned.add(irq);
        }
      }),
    ),
  );
  for (const d of platform.devices) for (const irq of d.interrupts) if (!assigned.has(irq)) hv.routeInterrupt(hv.vms[0], irq);
  return { hv, platform, uartIn: (b) => platform.uart.pushInput(b) };
}

/** A given DTB decides the GIC the guest will program: follow it, unless the user chose the
 *  other one (then say how to make them agree). */
function followDtbGic(config: Config, root: FdtNode, path: string, log: Log): void {
  const v = dtbGicVersion(root);
  if (v === null || v === config.gicVersion) return;
  if (config.gicChosen) {
    throw new ConfigError(`${path} describes a GICv${v} but --gic ${config.gicVersion} was asked for: use --gic ${v} (or drop --gic to follow the DTB)`);
  }
  config.gicVersion = v;
  log.info(`${path} describes a GICv${v}: the VM gets a GICv${v} (--gic ${v})`);
}
