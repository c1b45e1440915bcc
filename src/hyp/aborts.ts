// Data aborts from the guest (EC 0x24): decode the ISS, emulate the access on a device of
// the VM (vGIC) or pass it through to the platform device at that address, write back the
// loaded value, and step ELR past the instruction (Avisor's aborts_data_lower).
import type { SyncExit } from "../cpu/vm-exit.ts";
import { FSC, decodeDataAbortIss, esrIss, fscKind, ipaFromHpfar } from "../arch/syndrome.ts";
import { accessDevice, type AccessPath } from "./device-access.ts";
import type { Hypervisor } from "./hypervisor.ts";
import { hex } from "./log.ts";
import type { Vcpu } from "./vcpu.ts";
import type { Vm } from "./vm.ts";

/** A decoded stage-2 data abort with a valid instruction syndrome. */
export interface MmioAccess {
  ipa: number;
  /** Access size in bytes (SAS). */
  width: 1 | 2 | 4 | 8;
  write: boolean;
  /** Transfer register (SRT); 31 is XZR. */
  reg: number;
  /** Sign-extend a load (SSE) … */
  signExtend: boolean;
  /** … to 64 bits (SF=1) or 32 bits (SF=0). */
  sixtyFour: boolean;
}

/** Why a data abort cannot be emulated, as one line; null when it can. */
export function unemulatableReason(iss: number): string | null {
  const d = decodeDataAbortIss(iss);
  if (!d.isv) return "data abort without a valid syndrome (ISV=0: pair, SIMD or atomic access to a device)";
  if (d.farNotValid) return "data abort with FAR not valid";
  const kind = fscKind(d.fsc);
  if (kind !== FSC.TRANSLATION && kind !== FSC.PERMISSION) return `data abort with fault status ${hex(d.fsc)} (not a translation or permission fault)`;
  return null;
}

/** Decode ESR/FAR/HPFAR (ARM ARM D17.2.37, ISS encoding for a Data Abort). */
export function decodeDataAbort(exit: SyncExit): MmioAccess {
  const d = decodeDataAbortIss(esrIss(exit.esr));
  return {
    ipa: ipaFromHpfar(exit.hpfar, exit.farLo ?? Number(exit.far & 0xfffn)),
    width: d.size,
    write: d.write,
    reg: d.reg,
    signExtend: d.signExtend,
    sixtyFour: d.sixtyFour,
  };
}

const MASK64 = (1n << 64n) - 1n;

/** Masks of 1, 2, 4 and 8 bytes, by width. */
const WIDTH_MASK = [0n, 0xffn, 0xffffn, 0n, 0xffff_ffffn, 0n, 0n, 0n, MASK64];

/** The value a load of `width` bytes puts in its register after SSE/SF extension. */
export function extendLoad(raw: bigint, a: Pick<MmioAccess, "width" | "signExtend" | "sixtyFour">): bigint {
  if (!a.signExtend) return raw & WIDTH_MASK[a.width];
  const bits = BigInt(a.width * 8);
  let v = raw & ((1n << bits) - 1n);
  if (a.signExtend && (v >> (bits - 1n)) & 1n) {
    v = (v - (1n << bits)) & MASK64;
    if (!a.sixtyFour) v &= 0xffff_ffffn;
  }
  return v;
}

/** Complete a stage-2 data abort on a device of the VM, through the one device path
 *  (device-access.ts): the access, then the load's register and ELR past the instruction,
 *  as Avisor's aborts_data_lower does. False when it cannot (no valid syndrome, not a
 *  translation or permission fault, no device at the IPA): the caller reports why. */
export function emulateDataAbort(hv: Hypervisor, vm: Vm, vcpu: Vcpu, exit: SyncExit, path: AccessPath): boolean {
  if (unemulatableReason(exit.esr & 0x1ffffff) !== null) return false;
  return emulateAccess(hv, vm, vcpu, exit, decodeDataAbort(exit), path);
}

/** emulateDataAbort once the abort is known emulatable and decoded (`a`). */
export function emulateAccess(hv: Hypervisor, vm: Vm, vcpu: Vcpu, exit: SyncExit, a: MmioAccess, path: AccessPath): boolean {
  const cpu = vcpu.cpu;
  const value = a.write && a.reg !== 31 ? cpu.getX(a.reg) : 0n;
  const elr = exit.elr; // a BigInt made from the record's halves: once (UART output: 10% of its time)
  const raw = accessDevice(hv, vm, vcpu, a.ipa, a.width, a.write, value, elr, path);
  if (raw === null) return false;
  if (!a.write && a.reg !== 31) cpu.setX(a.reg, extendLoad(raw, a));
  cpu.setPc(elr + 4n);
  return true;
}

export function describeAccess(a: MmioAccess): string {
  return `${a.write ? "write" : "read"} of ${a.width} byte${a.width > 1 ? "s" : ""} at ${hex(a.ipa)}`;
}
