// What a run did, counted as it runs and summed up at its end (`--stats`, and always on a
// limit, Ctrl-C or guest death): VM exits by kind and by device, hypercalls by number,
// interrupts injected, snapshots, per VM and vCPU. Counting is a few array and map
// increments per exit, next to an exit's microseconds.
import { EC, esrEc, type VmExit } from "../cpu/vm-exit.ts";

export interface VcpuCounts {
  exits: Map<string, number>;
  devices: Map<string, number>;
  hypercalls: Map<number, number>;
  interrupts: number;
}

export interface VmCounts {
  vcpus: VcpuCounts[];
  snapshotsTaken: number;
  snapshotsRestored: number;
}

/** The kind an exit is counted under; null for slice ends and host stops (no guest cause). */
export function exitKind(exit: VmExit): string | null {
  switch (exit.kind) {
    case "sync":
      switch (esrEc(exit.esr)) {
        case EC.DABT_LOWER:
          return "data abort";
        case EC.HVC64:
          return "hvc";
        case EC.SMC64:
          return "smc";
        case EC.IABT_LOWER:
          return "instruction abort";
        case EC.WFX:
          return "wfi";
        default:
          return `EC 0x${esrEc(exit.esr).toString(16)}`;
      }
    case "timer":
      return "timer";
    case "idle":
    case "wait":
      return "wfi";
    case "error":
      return "error";
    case "limit":
    case "stopped":
      return null;
  }
}

/** A device as the summary counts it: the 32 virtio-mmio slots (`virtio-mmio@a000200`, …)
 *  as one line, every other region by its name. */
function deviceKey(region: string): string {
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
    while (v.vcpus.length <= vcpu) v.vcpus.push({ exits: new Map(), devices: new Map(), hypercalls: new Map(), interrupts: 0 });
    return v.vcpus[vcpu];
  }

  exit(vm: number, vcpu: number, exit: VmExit): void {
    const kind = exitKind(exit);
    if (kind !== null) bump(this.vcpu(vm, vcpu).exits, kind);
  }

  /** A device access the Unicorn backend completed inside the core: the data-abort exit the
   *  ts core takes for it, so both backends' summaries agree. */
  deviceAccessInCore(vm: number, vcpu: number, device: string): void {
    const c = this.vcpu(vm, vcpu);
    bump(c.exits, "data abort");
    bump(c.devices, deviceKey(device));
  }

  device(vm: number, vcpu: number, device: string): void {
    bump(this.vcpu(vm, vcpu).devices, deviceKey(device));
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
