// Avisor in TypeScript: owns the physical machine (bus, page pool), creates the VMs from
// the config, schedules their vCPUs and carries out what exits ask for. It talks to CPUs
// only through the Cpu interface and to devices only as MMIO handlers and interrupt lines.
import type { Cpu, GicCpuInterface } from "../cpu/cpu-interface.ts";
import { EC, esrEc, esrIss, type SyncExit, type VmExit } from "../cpu/vm-exit.ts";
import { decodeDataAbort, emulateAccess, unemulatableReason } from "./aborts.ts";
import { accessDevice } from "./device-access.ts";
import type { DebugStop } from "../cpu/debug-traps.ts";
import type { Bus, MmioDevice } from "../mmu/bus.ts";
import { PAGE_SIZE } from "../mmu/physical-memory.ts";
import type { Config } from "./config.ts";
import { handleExit } from "./exits.ts";
import { RoundRobin } from "./sched.ts";
import type { SharedVirtualClock } from "./virtual-clock.ts";
import { syncTimerLines } from "./vtimer.ts";
import { deathReport } from "./death-report.ts";
import { hex, type Log } from "./log.ts";
import { PagePool } from "./mem.ts";
import { SnapshotStore, type SnapshotEvent } from "./snapshot.ts";
import { SHARED_MEM } from "./shared-memory.ts";
import { affinityOf, type PsciVcpuView } from "./psci.ts";
import { HCR_EL2_GUEST, Vcpu, vcpuArchInit, vcpuArchReset } from "./vcpu.ts";
import type { LoadedImage } from "../loader/image.ts";
import { Vm, vmInitMemRegions, type GuestDevice, type Stage2Space } from "./vm.ts";
import { RunStats } from "./stats.ts";
import type { Tracer } from "../trace/tracer.ts";
import { CAT } from "../trace/categories.ts";
import { traceGuestError, traceInsn, traceIrq, traceSnapshot } from "../trace/hyp-events.ts";
import { describeGuestError, reportsGuestErrors, type GuestErrorKind } from "../devices/guest-error.ts";
import { Access } from "../mmu/translation.ts";

/** The per-VM interrupt controller as the hypervisor drives it. */
export interface VirtualGic {
  /** MMIO regions the guest sees (distributor, CPU interface or redistributors). */
  readonly regions: { name: string; base: number; size: number; device: MmioDevice }[];
  /** The vCPU whose access is being emulated (banked registers depend on it). */
  currentVcpu: number;
  setLevel(intid: number, level: boolean, vcpu: number): void;
  irqPending(vcpu: number): boolean;
  /** GICv3: the vCPU's ICC_* system-register interface. */
  cpuInterface?(vcpu: number): GicCpuInterface;
}

/** What the hypervisor needs from the board: built by src/machine.ts. */
export interface Board {
  readonly bus: Bus;
  /** Physical RAM given to the hypervisor's page pool. */
  readonly ram: { base: number; size: number };
  /** Platform MMIO regions a VM may reach by passthrough. */
  readonly devices: { name: string; base: number; size: number; device: MmioDevice }[];
  createCpu(): Cpu;
  createStage2(pool: PagePool): Stage2Space;
  createVgic(nrCpus: number): VirtualGic;
  /** Route a platform interrupt line (SPI) to a VM's vGIC. */
  connectInterrupt(intid: number, sink: (level: boolean) => void): void;
  /** Let devices whose state follows time catch up (the RTC's match interrupt). The run
   *  loops do it after each step(); the hypervisor also after each exit it completes inside
   *  the core, where step() used to return. */
  pollDevices?(): void;
}

export interface VmImages {
  image: LoadedImage;
  dtb: Uint8Array;
  /** Bytes of IPA space to map for the DTB (at least its length): the gap up to the image
   *  when the memory node describes it as RAM. */
  dtbMapSize: number;
}

/** Avisor's shared-memory device (src/hyp/shared-memory.ts, where guest layouts meet it). */
export { SHARED_MEM };

/** A slice of guest instructions between scheduling decisions: short enough for fair
 *  round-robin between vCPUs, long enough to keep the per-slice overhead invisible. */
export const SLICE = 200_000;

export type StepResult =
  | { kind: "running" }
  | { kind: "finished"; exitCode: 0 | 1 }
  /** Every vCPU waits for an interrupt and nothing is armed to deliver one. */
  | { kind: "idle" }
  | { kind: "limit" }
  /** A debugger's breakpoint or watchpoint stopped `vcpu` (before the instruction). */
  | { kind: "debug"; vm: Vm; vcpu: Vcpu; stop: DebugStop };

export class Hypervisor {
  readonly pool: PagePool;
  readonly vms: Vm[] = [];
  private readonly vgics = new Map<Vm, VirtualGic>();
  private readonly images = new Map<Vm, VmImages>();
  private readonly sched = new RoundRobin<Vcpu>(SLICE);
  readonly snapshots: SnapshotStore;
  /** Called with every exit before it is handled (the library's exit events); null: none. */
  onExit: ((vm: Vm, vcpu: Vcpu, exit: VmExit) => void) | null = null;
  /** The device access being carried out (device null: none), for devices' guest errors. */
  readonly access: { vm: Vm | null; vcpu: Vcpu | null; device: GuestDevice | null; pc: bigint } = { vm: null, vcpu: null, device: null, pc: 0n };
  /** Guest errors already logged, by VM, device, direction, offset and kind: later ones are only counted. */
  private readonly guestErrorsSeen = new Set<string>();
  /** --trace: null when off, so a plain run pays one null test per event site. */
  tracer: Tracer | null = null;
  readonly stats = new RunStats();

  constructor(
    readonly config: Config,
    readonly board: Board,
    readonly log: Log,
    images: VmImages[],
    /** Host memory all snapshots may hold together (default SNAPSHOT_BUDGET). */
    snapshotBudget?: number,
  ) {
    this.snapshots = new SnapshotStore(board.bus.ram, log, snapshotBudget);
    // The first 2 MiB of RAM stand for the hypervisor's own image, as on real hardware.
    this.snapshots.observe = (vm, cpu, e) => this.snapshotEvent(vm, cpu, e);
    const reserved = 0x20_0000;
    this.pool = new PagePool("ram", board.ram.base + reserved, (board.ram.size - reserved) / PAGE_SIZE);
    const shared = this.pool.alloc(SHARED_MEM.size / PAGE_SIZE);
    board.bus.ram.zero(shared, SHARED_MEM.size);
    board.bus.ram.writeBytes(shared, new TextEncoder().encode(SHARED_MEM.init));
    log.info(`Shared memory initialized: va=${hex(SHARED_MEM.ipa)}, pa=${hex(shared)}, size=${hex(SHARED_MEM.size)}`);
    config.vms.forEach((vc, id) => {
      const vm = new Vm(id, vc, board.createStage2(this.pool));
      this.vms.push(vm);
      this.images.set(vm, images[id]);
      vmInitMemRegions(vm, images[id], config.dtb.baseAddr, this.pool, board.bus, log);
      vm.stage2.mapShared(SHARED_MEM.ipa, shared, SHARED_MEM.size);
      this.initDevices(vm);
      for (let i = 0; i < vc.nrCpus; i++) {
        const vcpu = new Vcpu(i, board.createCpu());
        vm.vcpus.push(vcpu);
        this.initVcpu(vm, vcpu);
      }
      // Only the boot vCPU starts; the others wait for PSCI CPU_ON.
      vcpuArchReset(vm.vcpus[0], BigInt(vm.entry));
    });
  }

  get totalInstructions(): number {
    let n = 0;
    for (const vm of this.vms) for (const v of vm.vcpus) n += v.cpu.instructionCount;
    return n;
  }

  vgicOf(vm: Vm): VirtualGic {
    return this.vgics.get(vm)!;
  }

  private initDevices(vm: Vm): void {
    const vgic = this.board.createVgic(vm.config.nrCpus);
    this.vgics.set(vm, vgic);
    for (const r of vgic.regions) vm.addDevice({ ...r, name: `vgic ${r.name}`, target: 0 });
    // Remapped passthrough regions from the config (vm_dev_region with pa/va).
    for (const d of vm.config.devices) {
      if (d.va === null || d.pa === null) continue;
      const pd = this.board.devices.find((p) => d.pa! >= p.base && d.pa! + d.size <= p.base + p.size);
      if (pd === undefined) {
        this.log.warning(`vm${vm.id}: device region pa ${hex(d.pa)} is not a device of this board; not mapped`);
        continue;
      }
      vm.addDevice({ name: pd.name, base: d.va, size: d.size, device: pd.device, target: d.pa - pd.base });
    }
    // Every other platform device is passed through at its own address.
    for (const p of this.board.devices) {
      if (vm.devices.some((d) => p.base < d.base + d.size && d.base < p.base + p.size)) continue;
      vm.addDevice({ name: p.name, base: p.base, size: p.size, device: p.device, target: 0 });
    }
    for (const d of vm.devices)
      if (reportsGuestErrors(d.device)) d.device.guestError = (offset, size, write, kind) => this.guestError(offset, size, write, kind);
  }

  private initVcpu(vm: Vm, vcpu: Vcpu): void {
    const cpu = vcpu.cpu;
    vcpuArchInit(vcpu, vm.config.nrCpus);
    cpu.setSysreg("VTCR_EL2", vm.stage2.vtcr);
    cpu.setSysreg("VTTBR_EL2", vm.vttbr);
    cpu.setSysreg("HCR_EL2", HCR_EL2_GUEST);
    const icc = this.vgicOf(vm).cpuInterface?.(vcpu.id);
    if (icc !== undefined) {
      cpu.attachGicCpuInterface?.({
        // An acknowledge, EOI or SGI changes what the vGIC signals: update the lines.
        read: (reg) => {
          const v = icc.read(reg);
          this.updateInterruptLines(vm);
          return v;
        },
        write: (reg, value) => {
          icc.write(reg, value);
          this.updateInterruptLines(vm);
        },
      });
    }
    // Device accesses complete inside the core on both backends, through the same path as
    // a data-abort exit (device-access.ts): Unicorn in its MMIO callbacks, the ts core where
    // it would leave run() with a data abort the hypervisor can emulate.
    cpu.attachDevices?.({
      regions: vm.devices,
      access: (ipa, size, write, value, pc) => accessDevice(this, vm, vcpu, ipa, size, write, value, pc, "in-core"),
    });
    if ("dataAbortCompleter" in cpu) cpu.dataAbortCompleter = (exit) => this.completeInCore(vm, vcpu, exit);
  }

  /** The ts core's fast device path: a data abort the exit path would only emulate and
   *  return from is done here, without leaving the core. Anything else (a guest error) still
   *  leaves as the exit. */
  private completeInCore(vm: Vm, vcpu: Vcpu, exit: SyncExit): boolean {
    if (esrEc(exit.esr) !== EC.DABT_LOWER || unemulatableReason(esrIss(exit.esr)) !== null) return false;
    const a = decodeDataAbort(exit);
    if (vm.findDevice(a.ipa) === null) return false;
    if (this.onExit !== null) this.onExit(vm, vcpu, exit);
    const done = emulateAccess(this, vm, vcpu, exit, a, "in-core");
    this.board.pollDevices?.();
    return done;
  }

  /** Checkpoints and restores, for the run summary and the snapshot trace. */
  private snapshotEvent(vm: Vm, cpu: Cpu, e: SnapshotEvent): void {
    if (e.kind !== "refused") this.stats.snapshot(vm.id, e.kind);
    if (this.tracer === null) return;
    const vcpu = Math.max(
      0,
      vm.vcpus.findIndex((v) => v.cpu === cpu),
    );
    const at = this.tracer.pc(vm.id, e.pc);
    if (e.kind === "taken") traceSnapshot(this.tracer, vm.id, vcpu, `take ${e.id} (${e.bytes} bytes held of ${e.size}) ${at}`);
    else if (e.kind === "restored") traceSnapshot(this.tracer, vm.id, vcpu, `restore ${e.id} -> ${at}`);
    else traceSnapshot(this.tracer, vm.id, vcpu, `restore ${e.id} refused: ${e.why} ${at}`);
  }

  /** A device says the access under way is one it does not implement (QEMU's guest_errors):
   *  a warning the first time for this VM, device, offset and kind, counted every time. */
  private guestError(offset: number, size: number, write: boolean, kind: GuestErrorKind): void {
    const { vm, vcpu, device, pc } = this.access;
    if (vm === null || vcpu === null || device === null) return; // not a guest's access (tests, the debugger)
    const what = `${device.name}: ${describeGuestError(offset, write, kind)}`;
    this.stats.guestError(vm.id, vcpu.id, what);
    const key = `${vm.id} ${what}`;
    if (!this.guestErrorsSeen.has(key)) {
      this.guestErrorsSeen.add(key);
      this.log.warning(`vm${vm.id} vcpu${vcpu.id}: ${what} (size ${size})`);
    }
    if (this.tracer !== null) traceGuestError(this.tracer, vm.id, vcpu.id, `${what} (size ${size})`, device.base + offset - device.target, pc);
  }

  /** Give a platform interrupt to a VM (called while building the machine). */
  routeInterrupt(vm: Vm, intid: number): void {
    this.board.connectInterrupt(intid, (level) => {
      if (level) {
        this.stats.interrupt(vm.id, 0);
        if (this.tracer !== null) traceIrq(this.tracer, vm.id, null, intid);
      }
      this.vgicOf(vm).setLevel(intid, level, 0);
      this.updateInterruptLines(vm);
    });
  }

  mpidrOf(_vm: Vm, vcpu: Vcpu): bigint {
    return vcpu.cpu.getSysreg("VMPIDR_EL2");
  }

  psciView(vm: Vm): PsciVcpuView {
    return {
      findByAffinity: (affinity) => {
        const v = vm.vcpus.find((c) => affinityOf(this.mpidrOf(vm, c)) === affinity);
        return v === undefined ? null : { id: v.id, on: v.state === "on" };
      },
    };
  }

  /** Timer levels into the vGIC, then the vGIC's verdict onto each vCPU's IRQ line. */
  updateInterruptLines(vm: Vm): void {
    const vgic = this.vgicOf(vm);
    syncTimerLines(vgic, vm.vcpus);
    for (const v of vm.vcpus) {
      const pending = vgic.irqPending(v.id);
      v.cpu.setIrqLine(pending);
      if (pending) v.waiting = false;
    }
  }

  startVcpu(vm: Vm, vcpu: Vcpu, entry: bigint, context: bigint): void {
    vcpuArchReset(vcpu, entry);
    vcpu.cpu.setX(0, context);
    this.log.info(`vm${vm.id}: vcpu${vcpu.id} on at ${hex(entry)}`);
  }

  powerOff(vm: Vm): void {
    vm.state = "off";
    for (const v of vm.vcpus) v.state = "off";
  }

  /** Reload the image and DTB into the VM's memory and reset its vCPUs. */
  restartVm(vm: Vm): void {
    const { image, dtb } = this.images.get(vm)!;
    const bus = this.board.bus;
    bus.ram.zero(vm.ram.pa, vm.ram.size);
    for (const s of image.segments) bus.ram.writeBytes(vm.ram.pa + (s.addr - vm.ram.ipa), s.data);
    bus.ram.zero(vm.dtbRegion.pa, vm.dtbRegion.size);
    bus.ram.writeBytes(vm.dtbRegion.pa, dtb);
    for (const v of vm.vcpus) {
      v.state = "off";
      v.cpu.flushTlb();
    }
    vcpuArchReset(vm.vcpus[0], BigInt(vm.entry));
  }

  guestDied(vm: Vm, vcpu: Vcpu, why: string): void {
    // Every line an "AVISOR ERROR: " line (DESIGN §4): why, where, the EL1 exception state.
    for (const line of deathReport(vcpu.cpu, `vm${vm.id} vcpu${vcpu.id}`, why)) this.log.error(line);
    vm.state = "dead";
    for (const v of vm.vcpus) v.state = "off";
  }

  private vmOf(vcpu: Vcpu): Vm {
    return this.vms.find((vm) => vm.vcpus.includes(vcpu))!;
  }

  /** Real-time mode: the counter now (host clock in counter ticks); null when time is virtual. */
  hostClock: (() => number) | null = null;
  /** Virtual time shared by several vCPUs (null: real time, or one vCPU keeping its own). */
  virtualClock: SharedVirtualClock | null = null;

  /** Real time: counter ticks until the earliest waiting vCPU's timer, or null if none. */
  ticksUntilWake(): number | null {
    if (this.hostClock === null) return null;
    const at = this.earliestWake();
    return at === Infinity ? null : Math.max(0, at - this.hostClock());
  }

  /** The counter value at which the first waiting vCPU's timer fires (Infinity: none armed). */
  private earliestWake(): number {
    let at = Infinity;
    for (const vm of this.vms) {
      if (vm.state !== "running") continue;
      for (const v of vm.vcpus) if (v.state === "on" && v.waiting) at = Math.min(at, v.wakeAt);
    }
    return at;
  }

  /** Run the next vCPU for at most `budget` instructions and handle its exit. */
  step(budget = SLICE): StepResult {
    const clock = this.hostClock ?? this.virtualClock?.read ?? null;
    if (clock !== null) {
      const now = clock();
      for (const vm of this.vms) for (const v of vm.vcpus) if (v.waiting && v.wakeAt <= now) v.waiting = false;
    }
    const live = this.vms.filter((vm) => vm.state === "running");
    if (live.length === 0) return { kind: "finished", exitCode: this.vms.some((vm) => vm.state === "dead") ? 1 : 0 };
    if (live.every((vm) => vm.vcpus.every((v) => v.state === "off"))) {
      for (const vm of live) vm.state = "off"; // every vCPU called CPU_OFF: the VM is down
      return this.step(budget);
    }
    const vcpu = this.sched.pick(live.flatMap((vm) => vm.vcpus));
    if (vcpu === null) {
      // Every vCPU waits: in shared virtual time, jump to the earliest timer and go on.
      const at = this.earliestWake();
      if (this.virtualClock === null || at === Infinity) return { kind: "idle" };
      this.virtualClock.advanceTo(at);
      return { kind: "running" };
    }
    const vm = this.vmOf(vcpu);
    const before = vcpu.cpu.instructionCount;
    const n = Math.min(budget, this.sched.remaining);
    const exit = this.tracer?.on(CAT.insn) ? this.runTracingInstructions(vm, vcpu, n, this.tracer) : vcpu.cpu.run(n);
    const ran = vcpu.cpu.instructionCount - before;
    if (exit.kind === "debug") {
      // Nothing for EL2 to do; the slice is charged only what ran, so a run with a debugger
      // stopping in it is scheduled exactly as one without (reverse execution relies on it).
      if (ran > 0) this.sched.charge(ran);
      this.virtualClock?.advanceTo(vcpu.cpu.counter());
      return { kind: "debug", vm, vcpu, stop: exit.stop };
    }
    this.sched.charge(ran);
    this.virtualClock?.advanceTo(vcpu.cpu.counter());
    if (this.onExit !== null) this.onExit(vm, vcpu, exit);
    handleExit(this, vm, vcpu, exit);
    return { kind: "running" };
  }

  /** --trace insn: one instruction at a time, each traced before it runs. */
  private runTracingInstructions(vm: Vm, vcpu: Vcpu, n: number, t: Tracer): VmExit {
    const cpu = vcpu.cpu;
    for (let i = 0; i < n; i++) {
      const pc = cpu.getPc();
      if (t.wants(CAT.insn, vm.id, vcpu.id, Number(pc))) {
        const pa = cpu.translate(pc, Access.Exec);
        const word = pa !== null && cpu.bus.isRam(pa) ? cpu.bus.ram.read(pa, 4) : null;
        traceInsn(t, vm.id, vcpu.id, pc, word, word === null ? "(not mapped: the fetch faults)" : t.disassemble(word, pc));
      }
      const exit = cpu.run(1);
      if (exit.kind !== "limit") return exit;
    }
    return { kind: "limit" };
  }

  /** Wake vCPUs waiting in WFI (an interrupt may have arrived from outside). */
  wake(): void {
    for (const vm of this.vms) this.updateInterruptLines(vm);
  }
}
