// What a run did, counted as it runs and summed up at its end (`--stats`, and always on a
// limit, Ctrl-C or guest death): VM exits by kind and by device, hypercalls by number,
// interrupts injected, snapshots, per VM and vCPU. Counting is a few array and map
// increments per exit, next to an exit's microseconds.
import type { VmExit } from "../cpu/vm-exit.ts";
import { EC, esrEc } from "../arch/syndrome.ts";
import { assertNever } from "../assert-never.ts";

export interface VcpuCounts {
  /** Exits by exitIndex (a typed array: counting costs an increment, not a map lookup). */
  exitCounts: Float64Array;
  /** Of those, the ones completed inside the core without leaving it (same indices). */
  inCore: Float64Array;
  devices: Map<string, number>;
  hypercalls: Map<number, number>;
  interrupts: number;
  /** Device accesses no register answered (QEMU's guest_errors), by what happened. */
  guestErrors: Map<string, number>;
}

export interface VmCounts {
  vcpus: VcpuCounts[];
  snapshotsTaken: number;
  snapshotsRestored: number;
}

/** Slots after the 64 exception classes. */
const TIMER = 64;
const WFI = 65;
const ERROR = 66;
const SLOTS = 67;

/** Where an exit is counted; -1 for slice ends and host stops (no guest cause). */
export function exitIndex(exit: VmExit): number {
  switch (exit.kind) {
    case "sync":
      return esrEc(exit.esr);
    case "timer":
      return TIMER;
    case "idle":
    case "wait":
      return WFI;
    case "error":
      return ERROR;
    case "limit":
    case "stopped":
    case "debug":
      return -1;
    default:
      return assertNever(exit, "VM exit");
  }
}

/** The name an exit slot is summed up under. */
export function exitName(index: number): string {
  switch (index) {
    case EC.DABT_LOWER:
      return "data abort";
    case EC.HVC64:
      return "hvc";
    case EC.SMC64:
      return "smc";
    case EC.IABT_LOWER:
      return "instruction abort";
    case EC.WFX:
    case WFI:
      return "wfi";
    case TIMER:
      return "timer";
    case ERROR:
      return "error";
    default:
      return `EC 0x${index.toString(16)}`;
  }
}

/** The kind an exit is counted under; null for slice ends and host stops. */
export function exitKind(exit: VmExit): string | null {
  const i = exitIndex(exit);
  return i < 0 ? null : exitName(i);
}

/** A vCPU's device accesses by device (deviceKey groups the regions). */
export function accessesByDevice(c: VcpuCounts): Map<string, number> {
  const m = new Map<string, number>();
  for (const [region, n] of c.devices) m.set(deviceKey(region), (m.get(deviceKey(region)) ?? 0) + n);
  return m;
}

/** A vCPU's exits by kind name (trapped WFI and WFI waits are both "wfi"). */
export function exitsByKind(c: VcpuCounts): Map<string, number> {
  const m = new Map<string, number>();
  c.exitCounts.forEach((n, i) => {
    if (n > 0) m.set(exitName(i), (m.get(exitName(i)) ?? 0) + n);
  });
  return m;
}

/** A vCPU's exits completed inside the core, by kind name. */
export function inCoreByKind(c: VcpuCounts): Map<string, number> {
  const m = new Map<string, number>();
  c.inCore.forEach((n, i) => {
    if (n > 0) m.set(exitName(i), (m.get(exitName(i)) ?? 0) + n);
  });
  return m;
}

/** A device as the summary counts it: the 32 virtio-mmio slots (`virtio-mmio@a000200`, …)
 *  as one line, every other region by its name. */
export function deviceKey(region: string): string {
  const at = region.indexOf("@");
  return at === -1 ? region : region.slice(0, at);
}

function bump<K>(m: Map<K, number>, k: K): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

export class RunStats {
  readonly vms: VmCounts[] = [];

  private vm(vm: number): VmCounts {
    while (this.vms.length <= vm) this.vms.push({ vcpus: [], snapshotsTaken: 0, snapshotsRestored: 0 });
    return this.vms[vm];
  }

  vcpu(vm: number, vcpu: number): VcpuCounts {
    const v = this.vm(vm);
    while (v.vcpus.length <= vcpu)
      v.vcpus.push({
        exitCounts: new Float64Array(SLOTS),
        inCore: new Float64Array(SLOTS),
        devices: new Map(),
        hypercalls: new Map(),
        interrupts: 0,
        guestErrors: new Map(),
      });
    return v.vcpus[vcpu];
  }

  exit(vm: number, vcpu: number, exit: VmExit): void {
    const i = exitIndex(exit);
    if (i >= 0) this.vcpu(vm, vcpu).exitCounts[i]++;
  }

  /** A device access carried out. One completed inside the core (the ts core's fast device
   *  path, the Unicorn backend's MMIO callbacks) is also the data-abort exit it stands for,
   *  counted as such and as done in core, so every backend's summary has the same counts. */
  deviceAccess(vm: number, vcpu: number, device: string, inCore: boolean): void {
    const c = this.vcpu(vm, vcpu);
    if (inCore) {
      c.exitCounts[EC.DABT_LOWER]++;
      c.inCore[EC.DABT_LOWER]++;
    }
    bump(c.devices, device);
  }

  guestError(vm: number, vcpu: number, what: string): void {
    bump(this.vcpu(vm, vcpu).guestErrors, what);
  }

  hypercall(vm: number, vcpu: number, imm: number): void {
    bump(this.vcpu(vm, vcpu).hypercalls, imm);
  }

  interrupt(vm: number, vcpu: number): void {
    this.vcpu(vm, vcpu).interrupts++;
  }

  snapshot(vm: number, what: "taken" | "restored"): void {
    const v = this.vm(vm);
    if (what === "taken") v.snapshotsTaken++;
    else v.snapshotsRestored++;
  }
}
