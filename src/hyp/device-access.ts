// The one way a guest's device access is carried out, whichever backend saw it: the ts
// core's data-abort exit, the ts core's in-core completion of the same abort, and the
// Unicorn backend's MMIO callbacks all come here. It finds the device the VM sees at the
// IPA, tells the vGIC which vCPU asks (banked registers), splits an 8-byte access into two
// 4-byte ones (low word first, as the devices are 32-bit register files), counts and traces
// the access, and puts the vGIC's verdict back on the vCPUs' interrupt lines.
import type { Hypervisor } from "./hypervisor.ts";
import type { GuestDevice, Vm } from "./vm.ts";
import type { Vcpu } from "./vcpu.ts";
import { traceMmio } from "../trace/hyp-events.ts";

export type AccessWidth = 1 | 2 | 4 | 8;

/** One access of `width` bytes at `offset` inside `dev`: the raw value read, or the value
 *  written truncated to `width` bytes. */
export function accessRegion(dev: GuestDevice, offset: number, width: AccessWidth, write: boolean, value: bigint): bigint {
  const d = dev.device;
  if (write) {
    const raw = BigInt.asUintN(width * 8, value);
    if (width === 8) {
      d.write(offset, 4, Number(raw & 0xffff_ffffn));
      d.write(offset + 4, 4, Number(raw >> 32n));
    } else d.write(offset, width, Number(raw));
    return raw;
  }
  if (width === 8) return BigInt(d.read(offset, 4) >>> 0) | (BigInt(d.read(offset + 4, 4) >>> 0) << 32n);
  return BigInt(d.read(offset, width) >>> 0);
}

/** How the access reached the hypervisor: as a VM exit (counted as that exit already), or
 *  completed inside the core (then counted here as the data-abort exit it stands for). */
export type AccessPath = "exit" | "in-core";

/** Carry out the guest's access at `ipa` for `vcpu` of `vm`; `pc` is the accessing
 *  instruction's. Returns the raw value (as accessRegion), or null when no device of the VM
 *  is at `ipa` (the caller reports the guest's error in its own terms). */
export function accessDevice(
  hv: Hypervisor,
  vm: Vm,
  vcpu: Vcpu,
  ipa: number,
  width: AccessWidth,
  write: boolean,
  value: bigint,
  pc: bigint,
  path: AccessPath,
): bigint | null {
  const dev = vm.findDevice(ipa);
  if (dev === null) return null;
  const offset = ipa - dev.base + dev.target;
  hv.vgicOf(vm).currentVcpu = vcpu.id;
  const a = hv.access;
  a.vm = vm;
  a.vcpu = vcpu;
  a.device = dev;
  a.pc = pc;
  const raw = accessRegion(dev, offset, width, write, value);
  a.device = null;
  hv.stats.deviceAccess(vm.id, vcpu.id, dev.name, path === "in-core");
  if (hv.tracer !== null) traceMmio(hv.tracer, vm.id, vcpu.id, dev.name, offset, ipa, width, write, raw, pc);
  // A read may acknowledge an interrupt (GICC_IAR), a write raise or lower one.
  hv.updateInterruptLines(vm);
  return raw;
}
