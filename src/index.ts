// avisor-ts as a library: an AArch64 `virt` machine running the Avisor hypervisor and its
// guests, built from bytes and driven in slices, so it runs the same in Node and in a browser
// (DESIGN §1: nothing reached from here imports a Node API; files, stdin/stdout and the native
// Unicorn backend belong to the command line, src/cli).
import type { Cpu, SysRegName } from "./cpu/cpu-interface.ts";
import type { VmExit } from "./cpu/vm-exit.ts";
import { VIRT } from "./devices/platform.ts";
import { DEFAULT_BASE_ADDR, DEFAULT_DMEM_SIZE, DEFAULT_DTB_ADDR, MAX_VCPUS, validateConfig, type Config } from "./hyp/config.ts";
import { describeExit, exitKind, type ExitKind } from "./hyp/exit-description.ts";
import { SHARED_MEM, SLICE, type Hypervisor } from "./hyp/hypervisor.ts";
import { LATEST_SNAPSHOT } from "./hyp/hypercall.ts";
import { ResourceError } from "./hyp/errors.ts";
import { Log, type LogLevel } from "./hyp/log.ts";
import type { Vcpu } from "./hyp/vcpu.ts";
import type { Vm } from "./hyp/vm.ts";
import { createMachineFromBytes, type Machine } from "./machine.ts";
import type { Bus } from "./mmu/bus.ts";
import { PAGE_MASK } from "./mmu/physical-memory.ts";
import { enumerateStage2, type Stage2Run } from "./mmu/stage2-enumerate.ts";
import { Access } from "./mmu/translation.ts";

export { parseConfig, parseSize, parseNumber, type Config } from "./hyp/config.ts";
export { ConfigError, InputError, GuestFault, ResourceError } from "./hyp/errors.ts";
export { ImageError } from "./loader/image-error.ts";
export { DtbError } from "./devices/fdt/parser.ts";
export { HYPERCALL } from "./hyp/hypercall.ts";
export type { Cpu, SysRegName } from "./cpu/cpu-interface.ts";
export type { Bus } from "./mmu/bus.ts";
export type { ExitKind } from "./hyp/exit-description.ts";
export type { LogLevel } from "./hyp/log.ts";
export { VIRT } from "./devices/platform.ts";

/** One guest: its image (ELF64 or flat binary) and where and how it runs. */
export interface VmSpec {
  /** The image's bytes: an ELF64 AArch64 executable or a flat binary. */
  image: Uint8Array;
  /** Name used in messages (default `vm<i>`). */
  name?: string;
  /** Load address of a flat binary (default 0x40100000, Avisor's). */
  base?: number;
  /** Entry point; default the ELF's, Unikraft's kvm-arm64 entry found in a flat binary, or `base`. */
  entry?: number | null;
  /** Guest RAM after the image in bytes (Avisor's dmem_size; default 128 MiB). */
  mem?: number;
  /** vCPUs of this VM (default 1; the others start with PSCI CPU_ON). */
  cpus?: number;
}

export interface MachineSpec {
  /** One VM per entry, each on its own physical CPU. */
  vms: VmSpec[];
  /** A device tree for every VM (default: one generated per VM). */
  dtb?: Uint8Array | null;
  /** Where the DTB sits in each VM's IPA space (default 0x40000000). */
  dtbBase?: number;
  /** GIC version the VMs see (default 2). */
  gic?: 2 | 3;
  /** Guest time follows the host clock instead of instruction counts (default false). */
  realtime?: boolean;
  /** A CPU backend other than the built-in interpreter (e.g. the CLI's Unicorn one). */
  createCpu?: (bus: Bus) => Cpu;
  /** The built-in core compiles hot blocks to JavaScript (true, false, or "auto": after the first 12M instructions; default off); no guest-visible change. */
  jit?: boolean | "auto";
}

/** Why a run ended. */
export type RunOutcome =
  | { kind: "powered-off"; exitCode: 0; instructions: number }
  | { kind: "died"; exitCode: 1; instructions: number }
  /** `maxInsns` reached. */
  | { kind: "limit"; instructions: number }
  /** stop() was called. */
  | { kind: "stopped"; instructions: number }
  /** step() only: every vCPU waits for an interrupt that only input (sendInput) can raise. */
  | { kind: "waiting"; instructions: number };

export interface RunOptions {
  /** Stop once the machine has run this many instructions in all (default: no limit). */
  maxInsns?: number;
  /** Milliseconds of emulation between two yields to the event loop (default 20). */
  sliceMs?: number;
}

/** A VM exit as it happened, before the hypervisor handled it. */
export interface ExitEvent {
  vm: number;
  vcpu: number;
  kind: ExitKind;
  /** The guest's PC at the exit (the preferred return address of a trap). */
  pc: bigint;
  /** The exit in words, e.g. `MMIO write of 4 bytes at 0x9000000 (pl011)`. */
  text: string;
}

export interface LogLine {
  level: LogLevel;
  /** The whole line, e.g. `AVISOR INFO: Create snapshot: ID=0`. */
  text: string;
}

/** A vCPU's registers at a moment (all 64-bit values as BigInt). */
export interface RegisterSet {
  /** x0 … x30. */
  x: bigint[];
  pc: bigint;
  /** PSTATE as SPSR packs it (NZCV, DAIF, EL and SP selection in M[3:0]). */
  pstate: number;
  /** EL1 and EL0 system registers the guest owns. */
  el1: Partial<Record<SysRegName, bigint>>;
  /** EL2 registers the hypervisor set for this vCPU, and the last trap's syndrome. */
  el2: Partial<Record<SysRegName, bigint>>;
}

export const EL1_REGISTERS: readonly SysRegName[] = [
  "SCTLR_EL1",
  "TCR_EL1",
  "TTBR0_EL1",
  "TTBR1_EL1",
  "MAIR_EL1",
  "VBAR_EL1",
  "ELR_EL1",
  "SPSR_EL1",
  "ESR_EL1",
  "FAR_EL1",
  "SP_EL0",
  "SP_EL1",
  "TPIDR_EL0",
  "TPIDR_EL1",
  "CPACR_EL1",
  "CNTKCTL_EL1",
  "CNTV_CTL_EL0",
  "CNTV_CVAL_EL0",
  "CNTP_CTL_EL0",
  "CNTP_CVAL_EL0",
];
export const EL2_REGISTERS: readonly SysRegName[] = [
  "HCR_EL2",
  "VTTBR_EL2",
  "VTCR_EL2",
  "VMPIDR_EL2",
  "CNTVOFF_EL2",
  "ELR_EL2",
  "SPSR_EL2",
  "ESR_EL2",
  "FAR_EL2",
  "HPFAR_EL2",
];

/** One run of a VM's stage-2 map: IPA → PA with the permissions stage 2 grants. */
export interface Stage2Range extends Stage2Run {
  /** What the hypervisor put there: the VM's RAM (image + dmem), its DTB, or the shared memory. */
  what: "ram" | "dtb" | "shared" | "other";
}

export interface SnapshotInfo {
  id: number;
  vm: number;
}

/** Thrown by the memory accessors for an address the guest (or the VM) has no memory at. */
export class GuestAddressError extends Error {
  override name = "GuestAddressError";
}

type Listener<T> = (v: T) => void;

/** Subscribers to one kind of event; `on` returns the function that unsubscribes. */
class Emitter<T> {
  private readonly fns = new Set<Listener<T>>();
  get active(): boolean {
    return this.fns.size > 0;
  }
  on(fn: Listener<T>): () => void {
    this.fns.add(fn);
    return () => this.fns.delete(fn);
  }
  emit(v: T): void {
    for (const f of this.fns) f(v);
  }
}

const DEFAULT_SLICE_MS = 20;

/** A machine made from bytes: build it with createAvisor(). */
export class AvisorMachine {
  private readonly machine: Machine;
  private readonly uart = new Emitter<Uint8Array>();
  private readonly logs = new Emitter<LogLine>();
  private readonly exits = new Emitter<ExitEvent>();
  private uartPending: number[] = [];
  /** Lines logged while the machine was built, for the first onLog listener. */
  private earlyLog: LogLine[] | null = [];
  private building = true;
  private stopRequested = false;
  private running = false;
  private wakeRun: () => void = () => {};
  private readonly realtime: boolean;

  constructor(spec: MachineSpec) {
    if (spec.vms.length === 0) throw new RangeError("createAvisor: no VM to run (vms is empty)");
    const config: Config = {
      hyp: { nrCpus: Math.max(...spec.vms.map((v) => v.cpus ?? 1)) },
      vms: spec.vms.map((v, i) => ({
        image: v.name ?? `vm${i}`,
        baseAddr: v.base ?? DEFAULT_BASE_ADDR,
        entry: v.entry ?? null,
        dmemSize: v.mem ?? DEFAULT_DMEM_SIZE,
        nrCpus: v.cpus ?? 1,
        devices: [],
      })),
      dtb: { image: spec.dtb ? "dtb" : null, baseAddr: spec.dtbBase ?? DEFAULT_DTB_ADDR },
      gicVersion: spec.gic ?? 2,
    };
    if (config.vms.some((v) => !Number.isInteger(v.nrCpus) || v.nrCpus < 1 || v.nrCpus > MAX_VCPUS))
      throw new RangeError(`createAvisor: cpus must be 1..${MAX_VCPUS}`);
    validateConfig(config);
    this.realtime = spec.realtime === true;
    const log = new Log((text) => {
      const line = { level: /^AVISOR (\w+)/.exec(text)![1] as LogLevel, text };
      if (this.building) this.earlyLog?.push(line);
      else this.logs.emit(line);
    });
    this.machine = createMachineFromBytes(
      config,
      { images: spec.vms.map((v) => v.image), dtb: spec.dtb ?? null },
      {
        createCpu: spec.createCpu,
        jit: spec.jit,
        realtime: this.realtime,
        log,
        uartOut: (b) => this.uartPending.push(b),
      },
    );
    this.machine.hv.onExit = (vm, vcpu, exit) => {
      if (this.exits.active) this.exits.emit(this.exitEvent(vm, vcpu, exit));
    };
    this.building = false;
  }

  private get hv(): Hypervisor {
    return this.machine.hv;
  }

  private exitEvent(vm: Vm, vcpu: Vcpu, exit: VmExit): ExitEvent {
    const pc = exit.kind === "sync" ? exit.elr : vcpu.cpu.getPc();
    return { vm: vm.id, vcpu: vcpu.id, kind: exitKind(exit), pc, text: describeExit(vm, exit, vcpu.cpu.getX(0)) };
  }

  /** Bytes the guest writes to its UART, in chunks. */
  onUart(fn: (bytes: Uint8Array) => void): () => void {
    return this.uart.on(fn);
  }
  /** The hypervisor's log lines (`AVISOR INFO: …`). The first listener also gets, at once,
   *  the lines logged while the machine was being built (memory layout, entry found). */
  onLog(fn: (line: LogLine) => void): () => void {
    const off = this.logs.on(fn);
    const early = this.earlyLog;
    this.earlyLog = null;
    for (const l of early ?? []) fn(l);
    return off;
  }
  /** Every VM exit, before it is handled. Costs a little per exit while someone listens. */
  onExit(fn: (e: ExitEvent) => void): () => void {
    return this.exits.on(fn);
  }

  /** Instructions executed so far by all vCPUs. */
  get instructions(): number {
    return this.hv.totalInstructions;
  }

  /** The VMs: their id, state and vCPU count. */
  get vms(): { id: number; name: string; state: "running" | "off" | "dead"; vcpus: number; entry: number }[] {
    return this.hv.vms.map((vm) => ({ id: vm.id, name: vm.config.image, state: vm.state, vcpus: vm.vcpus.length, entry: vm.entry }));
  }

  /** Type into the guest's UART. */
  sendInput(data: Uint8Array | string): void {
    this.machine.uartIn(typeof data === "string" ? new TextEncoder().encode(data) : data);
    this.hv.wake();
    this.wakeRun();
  }

  private flushUart(): void {
    if (this.uartPending.length === 0) return;
    const bytes = Uint8Array.from(this.uartPending);
    this.uartPending = [];
    this.uart.emit(bytes);
  }

  private outcome(kind: "limit" | "stopped" | "waiting"): RunOutcome {
    return { kind, instructions: this.instructions };
  }

  /** Run one scheduling slice (at most `budget` instructions of one vCPU) and handle its exit. */
  step(budget = SLICE): RunOutcome | { kind: "running"; instructions: number } {
    const r = this.hv.step(budget);
    this.machine.platform.rtc.poll(); // the RTC's match interrupt follows guest time
    this.flushUart();
    if (r.kind === "finished")
      return r.exitCode === 0
        ? { kind: "powered-off", exitCode: 0, instructions: this.instructions }
        : { kind: "died", exitCode: 1, instructions: this.instructions };
    if (r.kind === "idle") return this.outcome("waiting");
    return { kind: "running", instructions: this.instructions };
  }

  /**
   * Run until the guests power off or die, `maxInsns` is reached or stop() is called, giving
   * the event loop a turn every `sliceMs` (so a page stays responsive). While every vCPU waits
   * for input the run sleeps until sendInput() or stop().
   */
  async run(o: RunOptions = {}): Promise<RunOutcome> {
    if (this.running) throw new Error("run: the machine is already running");
    this.running = true;
    this.stopRequested = false;
    const sliceMs = o.sliceMs ?? DEFAULT_SLICE_MS;
    try {
      for (;;) {
        const end = performance.now() + sliceMs;
        while (performance.now() < end) {
          if (this.stopRequested) return this.outcome("stopped");
          let budget = SLICE;
          if (o.maxInsns !== undefined) {
            budget = Math.min(budget, o.maxInsns - this.instructions);
            if (budget <= 0) return this.outcome("limit");
          }
          const r = this.step(budget);
          if (r.kind === "powered-off" || r.kind === "died") return r;
          if (r.kind === "waiting") {
            const ticks = this.hv.ticksUntilWake();
            // Real time: sleep until the earliest guest timer, or until input arrives.
            await new Promise<void>((wake) => {
              this.wakeRun = wake;
              if (ticks !== null) setTimeout(wake, (ticks * 1000) / VIRT.CNTFRQ);
            });
            this.wakeRun = () => {};
            break;
          }
        }
        await new Promise((r) => setTimeout(r, 0));
      }
    } finally {
      this.running = false;
    }
  }

  /** Ask run() to return at its next slice boundary (also while it waits for input). */
  stop(): void {
    this.stopRequested = true;
    this.wakeRun();
  }

  private vmAt(vm: number): Vm {
    const v = this.hv.vms[vm];
    if (v === undefined) throw new RangeError(`no vm${vm} (the machine has ${this.hv.vms.length})`);
    return v;
  }

  private cpuAt(vm: number, vcpu: number): Cpu {
    const v = this.vmAt(vm).vcpus[vcpu];
    if (v === undefined) throw new RangeError(`vm${vm} has no vcpu${vcpu}`);
    return v.cpu;
  }

  /** A vCPU's registers (read between slices: they are the state after the last exit). */
  registers(vm = 0, vcpu = 0): RegisterSet {
    const cpu = this.cpuAt(vm, vcpu);
    const read = (names: readonly SysRegName[]) => Object.fromEntries(names.map((n) => [n, cpu.getSysreg(n)]));
    return {
      x: Array.from({ length: 31 }, (_, n) => cpu.getX(n)),
      pc: cpu.getPc(),
      pstate: cpu.getPstate(),
      el1: read(EL1_REGISTERS),
      el2: read(EL2_REGISTERS),
    };
  }

  /** Set x0…x30 (`"x5"`), `"pc"`, `"pstate"` or a system register by name. */
  setRegister(name: string, value: bigint, vm = 0, vcpu = 0): void {
    const cpu = this.cpuAt(vm, vcpu);
    const x = /^x(\d+)$/i.exec(name);
    if (x !== null && Number(x[1]) <= 30) cpu.setX(Number(x[1]), value);
    else if (name.toLowerCase() === "pc") cpu.setPc(value);
    else if (name.toLowerCase() === "pstate") cpu.setPstate(Number(value));
    else if ((EL1_REGISTERS as readonly string[]).includes(name) || (EL2_REGISTERS as readonly string[]).includes(name))
      cpu.setSysreg(name as SysRegName, value);
    else throw new RangeError(`setRegister: unknown register ${name}`);
  }

  /** Physical addresses of `length` bytes at `addr`, a page at a time. */
  private physicalRuns(addr: bigint | number, length: number, toPa: (a: bigint) => number | null, what: string): { pa: number; n: number }[] {
    const runs: { pa: number; n: number }[] = [];
    let a = BigInt(addr);
    for (let done = 0; done < length; ) {
      const pa = toPa(a);
      if (pa === null || !this.machine.hv.board.bus.isRam(pa)) throw new GuestAddressError(`${what} 0x${a.toString(16)} is not mapped to memory`);
      const n = Math.min(length - done, 0x1000 - (pa & PAGE_MASK));
      runs.push({ pa, n });
      done += n;
      a += BigInt(n);
    }
    return runs;
  }

  private viaStage1(vm: number, vcpu: number): (a: bigint) => number | null {
    const cpu = this.cpuAt(vm, vcpu);
    return (a) => cpu.translate(a & 0xffff_ffff_ffff_ffffn, Access.Read);
  }

  private viaStage2(vm: number): (a: bigint) => number | null {
    const s2 = this.vmAt(vm).stage2;
    return (a) => s2.translate(Number(a));
  }

  private read(runs: { pa: number; n: number }[]): Uint8Array {
    const out = new Uint8Array(runs.reduce((s, r) => s + r.n, 0));
    let o = 0;
    for (const r of runs) {
      out.set(this.hv.board.bus.ram.readBytes(r.pa, r.n), o);
      o += r.n;
    }
    return out;
  }

  private write(runs: { pa: number; n: number }[], data: Uint8Array): void {
    let o = 0;
    for (const r of runs) {
      this.hv.board.bus.ram.writeBytes(r.pa, data.subarray(o, o + r.n)); // drops decoded code there
      o += r.n;
    }
  }

  /** Read guest memory at a virtual address, translated as the vCPU does (stage 1, then stage 2). */
  readVirtual(va: bigint | number, length: number, vm = 0, vcpu = 0): Uint8Array {
    return this.read(this.physicalRuns(va, length, this.viaStage1(vm, vcpu), "guest VA"));
  }
  writeVirtual(va: bigint | number, data: Uint8Array, vm = 0, vcpu = 0): void {
    this.write(this.physicalRuns(va, data.length, this.viaStage1(vm, vcpu), "guest VA"), data);
  }
  /** Read a VM's memory at an intermediate physical address (through its stage 2 only). */
  readIpa(ipa: number, length: number, vm = 0): Uint8Array {
    return this.read(this.physicalRuns(ipa, length, this.viaStage2(vm), "IPA"));
  }
  writeIpa(ipa: number, data: Uint8Array, vm = 0): void {
    this.write(this.physicalRuns(ipa, data.length, this.viaStage2(vm), "IPA"), data);
  }

  /** The VM's stage-2 map as the descriptors in memory say, merged into runs. */
  stage2(vm = 0): Stage2Range[] {
    const v = this.vmAt(vm);
    const within = (ipa: number, r: { ipa: number; size: number }) => ipa >= r.ipa && ipa < r.ipa + r.size;
    return enumerateStage2(this.hv.board.bus.ram, v.vttbr, v.stage2.vtcr).map((r) => ({
      ...r,
      what: within(r.ipa, v.ram) ? "ram" : within(r.ipa, v.dtbRegion) ? "dtb" : within(r.ipa, SHARED_MEM) ? "shared" : "other",
    }));
  }

  /** Take a snapshot of a VM as its CHECKPOINT hypercall would (from its first vCPU), without
   *  touching its x0; a ResourceError when the snapshot budget cannot hold it. */
  checkpoint(vm = 0): SnapshotInfo {
    const v = this.vmAt(vm);
    if (!this.hv.snapshots.checkpoint(v, v.vcpus[0].cpu, `vm${vm}`, false))
      throw new ResourceError(`vm${vm}: checkpoint refused: the snapshot budget is used up`);
    const s = this.hv.snapshots.latestOf(v)!;
    return { id: s.id, vm: s.vmId };
  }

  /** Roll a VM back as its RESTORE hypercall would: to snapshot `id`, or its latest. */
  restore(vm = 0, id?: number): boolean {
    const v = this.vmAt(vm);
    const ok = this.hv.snapshots.restore(v, v.vcpus[0].cpu, id === undefined ? LATEST_SNAPSHOT : BigInt(id));
    if (ok) this.resumeVcpus(v);
    return ok;
  }

  /** Restart a VM as its RESTART hypercall would: image and DTB reloaded, vCPUs reset. */
  restart(vm = 0): void {
    const v = this.vmAt(vm);
    this.hv.log.info(`Restart vm${v.id}`);
    this.hv.restartVm(v);
    v.state = "running";
    this.resumeVcpus(v);
  }

  /** A hypercall comes from a running vCPU; from outside, one may sit in WFI: its state was
   *  replaced, so it must not go on waiting for what the old state waited for. */
  private resumeVcpus(vm: Vm): void {
    for (const v of vm.vcpus) v.waiting = false;
    this.hv.updateInterruptLines(vm);
    this.wakeRun();
  }

  /** Release native resources of an injected backend (the built-in one has none). */
  dispose(): void {
    this.stop();
    for (const vm of this.hv.vms) for (const v of vm.vcpus) v.cpu.close?.();
  }
}

/** Build a machine from the bytes of its images. */
export function createAvisor(spec: MachineSpec): AvisorMachine {
  return new AvisorMachine(spec);
}
