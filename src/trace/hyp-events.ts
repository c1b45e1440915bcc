// The hypervisor's trace events as lines in words, one function per kind of event. Call
// sites in src/hyp test `hv.tracer !== null` first, so none of this runs without --trace.
import { assertNever } from "../assert-never.ts";
import { guestText } from "../hyp/guest-text.ts";
import type { Cpu } from "../cpu/cpu-interface.ts";
import { instructionName } from "../cpu/decode-statistics.ts";
import type { VmExit } from "../cpu/vm-exit.ts";
import { EC, esrEc, esrIss } from "../arch/syndrome.ts";
import { VIRT, spiIntid } from "../devices/platform.ts";
import { readGuestString } from "../hyp/guest-access.ts";
import { HYPERCALL } from "../hyp/hypercall.ts";
import { PSCI_FN, isPsciFunction } from "../hyp/psci.ts";
import { CAT } from "./categories.ts";
import { describeRegister } from "./device-registers.ts";
import type { Tracer } from "./tracer.ts";
import { hex } from "../arch/numbers.ts";

/** A device access, traced the same whether the ts core left with a data abort or the
 *  Unicorn backend completed it in its MMIO callback. `value` is the device's raw value. */
export function traceMmio(
  t: Tracer,
  vm: number,
  vcpu: number,
  region: string,
  offset: number,
  ipa: number,
  width: number,
  write: boolean,
  value: bigint,
  pc: bigint,
): void {
  if (!t.wants(CAT.mmio | CAT.exits, vm, vcpu, ipa)) return;
  const reg = describeRegister(region, offset);
  const shown = hex(value) + (write && reg === "pl011 UARTDR" && value >= 0x20n && value < 0x7fn ? ` '${String.fromCharCode(Number(value))}'` : "");
  t.event(CAT.mmio | CAT.exits, vm, vcpu, `mmio ${write ? "write" : "read"} ${width} B ${reg} ${write ? "<-" : "->"} ${shown} ${t.pc(vm, pc)}`, ipa);
}

/** A device access the device does not implement (it completed as QEMU's would). */
export function traceGuestError(t: Tracer, vm: number, vcpu: number, what: string, ipa: number, pc: bigint): void {
  if (!t.wants(CAT.mmio | CAT.exits, vm, vcpu, ipa)) return;
  t.event(CAT.mmio | CAT.exits, vm, vcpu, `mmio guest error: ${what} ${t.pc(vm, pc)}`, ipa);
}

/** Exits that no more specific event describes (device accesses, hypercalls and stage-2
 *  faults have their own lines); slice ends (budget used up) are scheduling, not traced. */
export function traceExit(t: Tracer, vm: number, vcpu: number, exit: VmExit, pc: bigint): void {
  if (!t.wants(CAT.exits, vm, vcpu)) return;
  let what: string;
  switch (exit.kind) {
    case "limit":
    case "stopped":
    case "debug": // the debugger's own stop: gdb reports it
      return;
    case "sync": {
      const ec = esrEc(exit.esr);
      if (ec === EC.DABT_LOWER || ec === EC.HVC64 || ec === EC.SMC64 || ec === EC.IABT_LOWER) return;
      what = ec === EC.WFX ? "exit wfi (trapped)" : `exit EC ${hex(ec)} ISS ${hex(esrIss(exit.esr))}`;
      break;
    }
    case "timer":
      what = `exit timer ${exit.timer}`;
      break;
    case "idle":
      what = "exit wfi (nothing armed to wake it)";
      break;
    case "wait":
      what = `exit wfi (waits for counter ${exit.until})`;
      break;
    case "error":
      what = `exit error: ${exit.message}`;
      break;
    default:
      return assertNever(exit, "VM exit");
  }
  t.event(CAT.exits, vm, vcpu, `${what} ${t.pc(vm, pc)}`);
}

const PSCI_NAMES = new Map<number, string>(Object.entries(PSCI_FN).map(([name, id]) => [id, name.replace(/64$/, "")]));

/** "SYSTEM_OFF", "CPU_ON target 0x1 entry 0x40100000", "0x84000042 (unknown)". */
export function describePsci(cpu: Cpu): string {
  const fn = Number(cpu.getX(0) & 0xffff_ffffn);
  const name = PSCI_NAMES.get(fn);
  if (name === undefined) return `${hex(fn)} (not a PSCI function we know)`;
  if (name === "CPU_ON") return `CPU_ON target ${hex(cpu.getX(1))} entry ${hex(cpu.getX(2))}`;
  if (name === "AFFINITY_INFO") return `AFFINITY_INFO target ${hex(cpu.getX(1))}`;
  if (name === "FEATURES") return `FEATURES ${PSCI_NAMES.get(Number(cpu.getX(1) & 0xffff_ffffn)) ?? hex(cpu.getX(1))}`;
  return name;
}

/** An HVC as the call it makes (Avisor's ABI, DESIGN §5); before the call runs. */
export function traceHypercall(t: Tracer, vm: number, vcpu: number, imm: number, cpu: Cpu): void {
  const x0 = cpu.getX(0);
  if (imm === HYPERCALL.HALT && isPsciFunction(x0)) {
    t.event(CAT.psci | CAT.hvc | CAT.exits, vm, vcpu, `psci ${describePsci(cpu)}`);
    return;
  }
  if (!t.wants(CAT.hvc | CAT.exits, vm, vcpu)) return;
  let what: string;
  switch (imm) {
    case HYPERCALL.HALT:
      what = `halt (x0 ${hex(x0)})`;
      break;
    case HYPERCALL.CHECKPOINT:
      what = "checkpoint";
      break;
    case HYPERCALL.RESTORE:
      what = `restore ${x0 === 0xffff_ffff_ffff_ffffn ? "latest" : x0.toString()}`;
      break;
    case HYPERCALL.PRINT_MESSAGE: {
      const s = readGuestString(cpu, x0);
      what = s.ok ? `print "${guestText(s.bytes, s.truncated)}"` : `print (string at ${hex(x0)} not in guest memory)`;
      break;
    }
    case HYPERCALL.RESTART:
      what = "restart";
      break;
    default:
      what = "(unknown call)";
  }
  t.event(CAT.hvc | CAT.exits, vm, vcpu, `hvc #${imm} ${what}`);
}

/** A trapped SMC: PSCI through the secure monitor call, answered by the hypervisor. */
export function traceSmc(t: Tracer, vm: number, vcpu: number, cpu: Cpu): void {
  if (isPsciFunction(cpu.getX(0))) t.event(CAT.psci | CAT.exits, vm, vcpu, `psci ${describePsci(cpu)} (smc)`);
  else t.event(CAT.exits, vm, vcpu, `exit smc x0 ${hex(cpu.getX(0))} (not PSCI: NOT_SUPPORTED)`);
}

/** A stage-2 fault that is no device access: the guest touched memory it does not have. */
export function traceStage2Fault(t: Tracer, vm: number, vcpu: number, access: string, ipa: number, va: bigint, pc: bigint): void {
  t.event(
    CAT.mmu | CAT.exits,
    vm,
    vcpu,
    `mmu stage-2 fault: ${access} IPA ${hex(ipa)} (VA ${hex(va)}) is outside the VM's memory and every device ${t.pc(vm, pc)}`,
    ipa,
  );
}

/** What raised an interrupt, by INTID on the virt board. */
export function interruptSource(intid: number): string {
  const p = VIRT.TIMER_PPIS;
  if (intid === p.virtual) return "vtimer";
  if (intid === p.physical) return "ptimer";
  if (intid === p.hyp) return "hyp timer";
  if (intid === p.secure) return "secure timer";
  if (intid === spiIntid(VIRT.UART.spi)) return "pl011";
  if (intid === spiIntid(VIRT.RTC.spi)) return "pl031";
  if (intid >= spiIntid(VIRT.VIRTIO.spi) && intid < spiIntid(VIRT.VIRTIO.spi) + VIRT.VIRTIO.count) return `virtio-mmio ${intid - spiIntid(VIRT.VIRTIO.spi)}`;
  return intid < 16 ? "sgi" : intid < 32 ? "ppi" : "spi";
}

/** The hypervisor raised an interrupt line of the VM's vGIC (a rising edge). */
export function traceIrq(t: Tracer, vm: number, vcpu: number | null, intid: number): void {
  t.event(CAT.irq, vm, vcpu, `irq inject ${intid} (${interruptSource(intid)})`);
}

export function traceSnapshot(t: Tracer, vm: number, vcpu: number, text: string): void {
  t.event(CAT.snapshot, vm, vcpu, `snapshot ${text}`);
}

/** One instruction, before it runs: its address (and symbol), word, disassembly and the
 *  instruction table's name for it. */
export function traceInsn(t: Tracer, vm: number, vcpu: number, pc: bigint, word: number | null, text: string): void {
  const w = word === null ? "--------" : (word >>> 0).toString(16).padStart(8, "0");
  const name = word === null ? "" : ` ; ${instructionName(word)}`;
  t.event(CAT.insn, vm, vcpu, `insn ${t.address(vm, pc)} ${w} ${text}${name}`, Number(pc));
}
