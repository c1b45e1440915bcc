// A virtual machine: its stage-2 address space, its vCPUs, its emulated devices, and
// Avisor's vm_init_mem_regions (allocate image + dmem, map at base_addr, copy the image;
// map and copy the DTB at its base).
import type { Bus, MmioDevice } from "../mmu/bus.ts";
import { PAGE_SIZE } from "../mmu/physical-memory.ts";
import type { VmConfig } from "./config.ts";
import { ConfigError } from "./errors.ts";
import { hex, type Log } from "./log.ts";
import type { PagePool } from "./mem.ts";
import type { Vcpu } from "./vcpu.ts";
import type { LoadedImage } from "../loader/image.ts";
import { checkDeviceWindows, checkEntry, planDtb, planGuestRam } from "./guest-layout.ts";
import { SHARED_MEM } from "./shared-memory.ts";

/** What the hypervisor needs of a VM's stage-2 translation table. */
export interface Stage2Space {
  /** Physical address of the root table (VTTBR_EL2.BADDR). */
  readonly root: number;
  /** VTCR_EL2 describing this table's layout. */
  readonly vtcr: bigint;
  mapRam(ipa: number, pa: number, size: number): void;
  /** Map memory shared between VMs (device attributes, never executable, as Avisor). */
  mapShared(ipa: number, pa: number, size: number): void;
  translate(ipa: number): number | null;
  dump(): string;
}

/** A device the VM sees at `base`: emulated (vGIC) or the platform's, passed through. */
export interface GuestDevice {
  name: string;
  base: number;
  size: number;
  device: MmioDevice;
  /** Offset added when forwarding (pa - va of a remapped passthrough region). */
  target: number;
}

export type VmState = "running" | "off" | "dead";

export class Vm {
  readonly vcpus: Vcpu[] = [];
  readonly devices: GuestDevice[] = [];
  state: VmState = "running";
  /** PA and size of the guest RAM run, and of the DTB copy. */
  ram = { pa: 0, ipa: 0, size: 0 };
  dtbRegion = { pa: 0, ipa: 0, size: 0 };
  entry = 0;
  /** PSCI SYSTEM_RESET rolls back to the latest snapshot this many times (Avisor's NUM_MAX_SNAPSHOT_RESOTRE). */
  resetRestoresLeft = 1;

  constructor(
    readonly id: number,
    readonly config: VmConfig,
    readonly stage2: Stage2Space,
  ) {}

  /** VMID tagging this VM's stage-2 TLB entries (0 stays reserved for the host). */
  get vmid(): number {
    return this.id + 1;
  }

  get vttbr(): bigint {
    return (BigInt(this.vmid) << 48n) | BigInt(this.stage2.root);
  }

  addDevice(d: GuestDevice): void {
    for (const o of this.devices) {
      if (d.base < o.base + o.size && o.base < d.base + d.size) {
        throw new ConfigError(`vm${this.id}: device ${d.name} at ${hex(d.base)} overlaps ${o.name}`);
      }
    }
    this.devices.push(d);
  }

  /** The device found last: a guest's accesses come in runs to one device (a UART's status
   *  and data registers), and each is looked up twice (the fast path's check, the access). */
  private lastDevice: GuestDevice | null = null;

  /** The device at guest-physical `ipa`, or null: then the access is the guest's error. */
  findDevice(ipa: number): GuestDevice | null {
    const last = this.lastDevice;
    if (last !== null && ipa >= last.base && ipa < last.base + last.size) return last;
    for (const d of this.devices) {
      if (ipa >= d.base && ipa < d.base + d.size) return (this.lastDevice = d);
    }
    return null;
  }
}

/** vm_init_mem_regions: back the VM's RAM and DTB with pages from `pool`, map them in
 *  stage 2 and copy the image and the DTB in. RAM is one run of physical pages for the whole
 *  IPA span from base_addr; when it runs across the shared window it is mapped in two ranges
 *  around it, and the window's share of the run stays unmapped and untouched (RAM is sparse). */
export function vmInitMemRegions(
  vm: Vm,
  images: { image: LoadedImage; dtb: Uint8Array; dtbMapSize: number },
  dtbBase: number,
  pool: PagePool,
  bus: Bus,
  log: Log,
): void {
  const { image, dtb } = images;
  const cfg = vm.config;
  const name = `vm${vm.id}`;
  const ram = planGuestRam(name, cfg, image, cfg.image);
  const dtbRange = planDtb(name, ram, dtbBase, Math.max(dtb.length, images.dtbMapSize));
  checkDeviceWindows(vm.id, cfg.devices, ram, dtbRange);
  checkEntry(name, ram, image.entry);

  // Give RAM the same offset within 2 MiB as its IPA so stage 2 can use block mappings.
  const spanBytes = ram.end - ram.base;
  const pa = pool.alloc(spanBytes / PAGE_SIZE, { alignBytes: 0x20_0000, colour: cfg.baseAddr });
  bus.ram.zero(pa, spanBytes);
  for (const r of ram.ranges) vm.stage2.mapRam(r.base, pa + (r.base - ram.base), r.size);
  for (const s of image.segments) bus.ram.writeBytes(pa + (s.addr - cfg.baseAddr), s.data);
  vm.ram = { pa, ipa: cfg.baseAddr, size: spanBytes };
  vm.entry = image.entry;
  log.info(`Copy ${name} to ${hex(pa)}, size = ${hex(ram.imageSize)}`);
  if (ram.ranges.length > 1) {
    const [lo, hi] = ram.ranges;
    log.info(
      `${name}: RAM ${hex(lo.base)}..${hex(lo.base + lo.size)} and ${hex(hi.base)}..${hex(hi.base + hi.size)}, around the shared-memory window at ${hex(SHARED_MEM.ipa)}`,
    );
  }
  // The course's students write this address into entry.h by hand; say where ours came from.
  if (image.entryFrom === "unikraft") log.info(`${name}: entry ${hex(image.entry)}, Unikraft's kvm-arm64 entry found in the flat image (--entry overrides)`);
  if (image.unikraftEntry !== undefined && image.unikraftEntry !== image.entry) {
    log.warning(`${name}: starting at the entry given, ${hex(image.entry)}, but the flat image has Unikraft's kvm-arm64 entry at ${hex(image.unikraftEntry)}`);
  }

  const dtbPa = pool.alloc(dtbRange.size / PAGE_SIZE);
  bus.ram.zero(dtbPa, dtbRange.size);
  vm.stage2.mapRam(dtbRange.base, dtbPa, dtbRange.size);
  bus.ram.writeBytes(dtbPa, dtb);
  vm.dtbRegion = { pa: dtbPa, ipa: dtbRange.base, size: dtbRange.size };
  log.info(`Copy dtb to ${hex(dtbPa)}, size = ${hex(dtb.length)}`);
}
