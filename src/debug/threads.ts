// Each vCPU of each VM is one gdb thread: ids 1, 2, … in VM order then vCPU order (gdb
// reserves 0 for "any" and -1 for "all"), named "vm0 vcpu0" in `info threads`.
import type { Cpu } from "../cpu/cpu-interface.ts";
import type { Hypervisor } from "../hyp/hypervisor.ts";
import type { Vcpu } from "../hyp/vcpu.ts";
import type { Vm } from "../hyp/vm.ts";

export interface Thread {
  /** gdb's thread id (1-based). */
  id: number;
  /** Position in the flat list (the index of this vCPU's state in a machine snapshot). */
  index: number;
  vm: Vm;
  vcpu: Vcpu;
  cpu: Cpu;
  name: string;
}

export function threadList(hv: Hypervisor): Thread[] {
  const out: Thread[] = [];
  for (const vm of hv.vms) {
    for (const vcpu of vm.vcpus) {
      out.push({ id: out.length + 1, index: out.length, vm, vcpu, cpu: vcpu.cpu, name: `vm${vm.id} vcpu${vcpu.id}` });
    }
  }
  return out;
}

/** "vm0 vcpu0", plus what it is doing when it is not simply running. */
export function threadDescription(t: Thread): string {
  const extra = t.vm.state !== "running" ? ` (vm ${t.vm.state})` : t.vcpu.state === "off" ? " (off)" : t.vcpu.waiting ? " (waiting for an interrupt)" : "";
  return t.name + extra;
}
