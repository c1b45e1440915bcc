// Everything that leaves a vCPU comes here: dispatch on the exit kind and, for synchronous
// exceptions, on ESR_EL2.EC (Avisor's aborts_sync_handler).
import type { SyncExit, VmExit } from "../cpu/vm-exit.ts";
import { EC, esrEc, esrIss, ipaFromHpfar, issImmediate } from "../arch/syndrome.ts";
import { describeEsr } from "../cpu/esr-decode.ts";
import { decodeDataAbort, describeAccess, emulateDataAbort, unemulatableReason } from "./aborts.ts";
import { dispatchHypercall, LATEST_SNAPSHOT, type HypercallAction } from "./hypercall.ts";
import { assertNever } from "../assert-never.ts";
import { hex } from "./log.ts";
import type { Hypervisor } from "./hypervisor.ts";
import type { Vcpu } from "./vcpu.ts";
import type { Vm } from "./vm.ts";
import { timerFired, TIMER_PPI } from "./vtimer.ts";
import { traceExit, traceHypercall, traceIrq, traceSmc, traceStage2Fault } from "../trace/hyp-events.ts";

export function handleExit(hv: Hypervisor, vm: Vm, vcpu: Vcpu, exit: VmExit): void {
  hv.stats.exit(vm.id, vcpu.id, exit);
  if (hv.tracer !== null) traceExit(hv.tracer, vm.id, vcpu.id, exit, vcpu.cpu.getPc());
  switch (exit.kind) {
    case "sync":
      handleSync(hv, vm, vcpu, exit);
      break;
    case "timer":
      hv.stats.interrupt(vm.id, vcpu.id);
      if (hv.tracer !== null) traceIrq(hv.tracer, vm.id, vcpu.id, TIMER_PPI[exit.timer]);
      timerFired(hv.vgicOf(vm), vcpu.id, exit.timer);
      break;
    case "idle":
      vcpu.waiting = true;
      vcpu.wakeAt = Infinity;
      break;
    case "wait":
      vcpu.waiting = true;
      vcpu.wakeAt = exit.until;
      break;
    case "limit":
    case "stopped":
    case "debug": // Hypervisor.step hands a debugger's stop back before handling exits
      break;
    case "error":
      hv.guestDied(vm, vcpu, exit.message);
      break;
    default:
      assertNever(exit, "VM exit");
  }
  hv.updateInterruptLines(vm);
}

function handleSync(hv: Hypervisor, vm: Vm, vcpu: Vcpu, exit: SyncExit): void {
  const ec = esrEc(exit.esr);
  switch (ec) {
    case EC.DABT_LOWER:
      return handleDataAbort(hv, vm, vcpu, exit);
    case EC.HVC64:
      hv.stats.hypercall(vm.id, vcpu.id, issImmediate(esrIss(exit.esr)));
      if (hv.tracer !== null) traceHypercall(hv.tracer, vm.id, vcpu.id, issImmediate(esrIss(exit.esr)), vcpu.cpu);
      return carryOut(hv, vm, vcpu, dispatchHypercall(issImmediate(esrIss(exit.esr)), vcpu.cpu, hv.log, hv.psciView(vm), `vm${vm.id} vcpu${vcpu.id}`));
    case EC.SMC64: {
      // No secure firmware on this board: PSCI over SMC is answered like HVC, anything
      // else returns NOT_SUPPORTED (SMCCC), and the guest continues after the SMC.
      vcpu.cpu.setPc(exit.elr + 4n);
      if (hv.tracer !== null) traceSmc(hv.tracer, vm.id, vcpu.id, vcpu.cpu);
      const action = dispatchHypercall(0, vcpu.cpu, hv.log, hv.psciView(vm), `vm${vm.id} vcpu${vcpu.id}`);
      if (action.kind === "halt") {
        vcpu.cpu.setX(0, 0xffff_ffff_ffff_ffffn);
        return;
      }
      return carryOut(hv, vm, vcpu, action);
    }
    case EC.WFX:
      vcpu.cpu.setPc(exit.elr + 4n);
      return;
    case EC.IABT_LOWER: {
      const ipa = ipaFromHpfar(exit.hpfar, Number(exit.far & 0xfffn));
      if (hv.tracer !== null) traceStage2Fault(hv.tracer, vm.id, vcpu.id, "fetch", ipa, exit.far, exit.elr);
      return hv.guestDied(vm, vcpu, `instruction fetch outside the VM's memory at ${hex(exit.far)} (IPA ${hex(ipa)})`);
    }
    default:
      return hv.guestDied(vm, vcpu, `unhandled exception at EL2: ESR_EL2 ${hex(exit.esr)}: ${describeEsr(exit.esr, 2)}`);
  }
}

function handleDataAbort(hv: Hypervisor, vm: Vm, vcpu: Vcpu, exit: SyncExit): void {
  if (emulateDataAbort(hv, vm, vcpu, exit, "exit")) return;
  const a = decodeDataAbort(exit);
  const dev = vm.findDevice(a.ipa);
  if (dev === null) {
    if (hv.tracer !== null) traceStage2Fault(hv.tracer, vm.id, vcpu.id, `${a.write ? "write" : "read"} ${a.width} B`, a.ipa, exit.far, exit.elr);
    return hv.guestDied(vm, vcpu, `guest ${describeAccess(a)} is outside its memory and every device`);
  }
  hv.guestDied(vm, vcpu, `${unemulatableReason(esrIss(exit.esr))}, ${describeAccess(a)} (${dev.name})`);
}

function carryOut(hv: Hypervisor, vm: Vm, vcpu: Vcpu, action: HypercallAction): void {
  const cpu = vcpu.cpu;
  switch (action.kind) {
    case "return":
      cpu.setX(0, action.x0);
      return;
    case "continue":
      return;
    case "system-off":
      // Avisor's words, and which VM: with several VMs "Guest System off 0" names none.
      hv.log.info(`Guest System off ${vcpu.id} (vm${vm.id})`);
      return hv.powerOff(vm);
    case "halt":
      hv.log.info(`Guest halt (x0 = ${hex(action.reason)})`);
      return hv.powerOff(vm);
    case "system-reset":
      // Avisor (lcm.c) answers a reset by rolling back to the latest snapshot, once; a VM with
      // nothing to roll back to (or that used its one roll-back) restarts, where Avisor would
      // leave it spinning after the call.
      if (vm.resetRestoresLeft > 0 && hv.snapshots.latestOf(vm) !== undefined) {
        vm.resetRestoresLeft--;
        hv.log.info("Try to restore latest snapshot.");
        hv.snapshots.restore(vm, cpu, LATEST_SNAPSHOT);
        return;
      }
      hv.log.info(`Guest system reset: restarting vm${vm.id}`);
      return hv.restartVm(vm);
    case "restart":
      hv.log.info(`Restart vm${vm.id}`);
      return hv.restartVm(vm);
    case "cpu-off":
      vcpu.state = "off";
      return;
    case "cpu-on": {
      // handlePsci found the target by its affinity and checked that it is off.
      hv.startVcpu(vm, vm.vcpus[action.vcpu], action.entry, action.context);
      cpu.setX(0, 0n); // SUCCESS
      return;
    }
    case "checkpoint":
      hv.snapshots.checkpoint(vm, cpu, `vm${vm.id} vcpu${vcpu.id}`);
      return;
    case "restore":
      hv.snapshots.restore(vm, cpu, action.id);
      return;
    case "fault":
      return hv.guestDied(vm, vcpu, action.message);
    default:
      assertNever(action, "hypercall action");
  }
}
