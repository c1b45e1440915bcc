// A virtual GICv2 (ARM IHI 0048B) for one VM: the distributor at 0x08000000 and the CPU
// interface at 0x08010000 as the guest sees them, with SGIs and PPIs banked per vCPU.
// Its verdict (irqPending) drives each vCPU's virtual IRQ line.
import type { MmioDevice } from "../mmu/bus.ts";
import { VIRT } from "../devices/platform.ts";
import type { VirtualGic } from "./hypervisor.ts";

/** QEMU's virt board: 256 SPIs + 32 private = 288 interrupts (ITLinesNumber 8). */
export const GICV2_IRQS = 288;
export const SPURIOUS = 1023;
export const IDLE_PRIORITY = 0x100; // above every real priority: nothing running
/** GICD_IIDR / GICC_IIDR as QEMU's GICv2 reports them: implementer ARM (0x43B); GICC_IIDR
 *  carries architecture version 2 in bits 19:16 (images/board-probe on QEMU 7.2). */
const GICD_IIDR = 0x0000_043b;
const GICC_IIDR = 0x0002_043b;

export interface CpuState {
  ctlr: number;
  pmr: number;
  bpr: number;
  /** Priorities of acknowledged, not yet priority-dropped interrupts (a stack). */
  running: number[];
  /** Banked state of SGIs/PPIs 0–31. */
  enabled: Uint8Array;
  pending: Uint8Array;
  active: Uint8Array;
  priority: Uint8Array;
  edge: Uint8Array;
  line: Uint8Array;
  /** SGI sources pending per SGI: bit n = from vCPU n. */
  sgiSources: Uint8Array;
}

export class VGicV2 implements VirtualGic {
  regions: VirtualGic["regions"];
  /** The vCPU whose access is being emulated (banked registers depend on it). */
  currentVcpu = 0;
  protected ctlr = 0;
  protected readonly cpus: CpuState[];
  // SPI state (index = INTID).
  protected readonly enabled = new Uint8Array(GICV2_IRQS);
  protected readonly pending = new Uint8Array(GICV2_IRQS);
  protected readonly active = new Uint8Array(GICV2_IRQS);
  protected readonly priority = new Uint8Array(GICV2_IRQS);
  protected readonly targets = new Uint8Array(GICV2_IRQS);
  protected readonly edge = new Uint8Array(GICV2_IRQS);
  protected readonly line = new Uint8Array(GICV2_IRQS);
  protected readonly group = new Uint32Array(GICV2_IRQS / 32);
  /** Bumped by everything that may change what irqPending answers (a register access, a line
   *  that moves): irqPending runs after every device access and VM exit, and mostly nothing
   *  changed, so it keeps its last answer per vCPU with the generation it was computed at. */
  protected generation = 0;
  private readonly answeredAt: number[];
  private readonly answer: boolean[];

  constructor(readonly nrCpus: number) {
    this.answeredAt = new Array<number>(nrCpus).fill(-1);
    this.answer = new Array<boolean>(nrCpus).fill(false);
    this.cpus = Array.from({ length: nrCpus }, () => ({
      ctlr: 0,
      pmr: 0,
      bpr: 2,
      running: [],
      enabled: new Uint8Array(32).fill(0),
      pending: new Uint8Array(32),
      active: new Uint8Array(32),
      priority: new Uint8Array(32),
      edge: new Uint8Array(32),
      line: new Uint8Array(32),
      sgiSources: new Uint8Array(16),
    }));
    // SGIs are always enabled and edge-triggered; PPIs reset to level-sensitive.
    for (const c of this.cpus) {
      c.enabled.fill(1, 0, 16);
      c.edge.fill(1, 0, 16);
    }
    const dist: MmioDevice = { read: (o, s) => this.distRead(o, s), write: (o, s, v) => this.distWrite(o, s, v) };
    const cpuif: MmioDevice = { read: (o) => this.cpuRead(o), write: (o, _s, v) => this.cpuWrite(o, v) };
    this.regions = [
      { name: "distributor", base: VIRT.GICD.base, size: VIRT.GICD.size, device: this.watched(dist) },
      { name: "cpu interface", base: VIRT.GICC.base, size: VIRT.GICC.size, device: this.watched(cpuif) },
    ];
  }

  /** A register block whose every access counts as a change (a read may acknowledge). */
  protected watched(d: MmioDevice): MmioDevice {
    return {
      read: (o, s) => {
        this.generation++;
        return d.read(o, s);
      },
      write: (o, s, v) => {
        this.generation++;
        d.write(o, s, v);
      },
    };
  }

  // ---- state views (banked below 32) ------------------------------------------------------

  protected bank(
    intid: number,
    cpu: number,
  ): { enabled: Uint8Array; pending: Uint8Array; active: Uint8Array; priority: Uint8Array; edge: Uint8Array; line: Uint8Array; i: number } {
    if (intid < 32) {
      const c = this.cpus[cpu];
      return { enabled: c.enabled, pending: c.pending, active: c.active, priority: c.priority, edge: c.edge, line: c.line, i: intid };
    }
    return { enabled: this.enabled, pending: this.pending, active: this.active, priority: this.priority, edge: this.edge, line: this.line, i: intid };
  }

  protected targetsCpu(intid: number, cpu: number): boolean {
    return intid < 32 || (this.targets[intid] & (1 << cpu)) !== 0;
  }

  // ---- lines from devices and timers --------------------------------------------------------

  setLevel(intid: number, level: boolean, vcpu = 0): void {
    if (intid < 16 || intid >= GICV2_IRQS) return;
    const b = this.bank(intid, vcpu);
    const was = b.line[b.i];
    if (was !== (level ? 1 : 0)) this.generation++;
    b.line[b.i] = level ? 1 : 0;
    // A rising edge latches pending on edge-triggered interrupts; level ones follow the line.
    if (b.edge[b.i] && level && !was) b.pending[b.i] = 1;
  }

  /** Pending: latched, or a level-sensitive line held high (SGIs: any source). Reads the
   *  arrays directly: highestPending asks it for every interrupt after every VM exit. */
  protected isPending(intid: number, cpu: number): boolean {
    if (intid < 32) {
      const c = this.cpus[cpu];
      if (intid < 16) return c.sgiSources[intid] !== 0;
      return c.pending[intid] === 1 || (c.edge[intid] === 0 && c.line[intid] === 1);
    }
    return this.pending[intid] === 1 || (this.edge[intid] === 0 && this.line[intid] === 1);
  }

  /** Highest-priority pending, enabled, inactive interrupt for `cpu` (or -1). Runs after
   *  every VM exit, so it reads the state arrays directly instead of through bank(), which
   *  makes an object per call. */
  protected highestPending(cpu: number): number {
    let best = -1;
    let bestPrio = IDLE_PRIORITY;
    const c = this.cpus[cpu];
    for (let id = 0; id < 32; id++) {
      if (!c.enabled[id] || c.active[id] || c.priority[id] >= bestPrio || !this.isPending(id, cpu)) continue;
      best = id;
      bestPrio = c.priority[id];
    }
    for (let id = 32; id < GICV2_IRQS; id++) {
      if (!this.enabled[id] || this.active[id] || this.priority[id] >= bestPrio || !this.isPending(id, cpu) || !this.targetsCpu(id, cpu)) continue;
      best = id;
      bestPrio = this.priority[id];
    }
    return best;
  }

  protected runningPriority(cpu: number): number {
    const r = this.cpus[cpu].running;
    return r.length ? r[r.length - 1] : IDLE_PRIORITY;
  }

  /** Would the CPU interface of `vcpu` signal an IRQ now? */
  /** Distributor and CPU interface enables (GICv3 keeps them in other bits). */
  protected distributorEnabled(): boolean {
    return (this.ctlr & 1) !== 0;
  }
  protected cpuInterfaceEnabled(c: CpuState): boolean {
    return (c.ctlr & 1) !== 0;
  }

  irqPending(vcpu: number): boolean {
    if (this.answeredAt[vcpu] === this.generation) return this.answer[vcpu];
    this.answeredAt[vcpu] = this.generation;
    return (this.answer[vcpu] = this.signals(vcpu));
  }

  /** What irqPending answers, computed afresh. */
  protected signals(vcpu: number): boolean {
    const c = this.cpus[vcpu];
    if (!this.distributorEnabled() || !this.cpuInterfaceEnabled(c)) return false;
    const id = this.highestPending(vcpu);
    if (id < 0) return false;
    const p = this.bank(id, vcpu).priority[id];
    return p < c.pmr && p < this.runningPriority(vcpu);
  }

  // ---- CPU interface ------------------------------------------------------------------------

  protected acknowledge(cpu: number): number {
    const c = this.cpus[cpu];
    const id = this.highestPending(cpu);
    if (id < 0 || !this.distributorEnabled() || !this.cpuInterfaceEnabled(c)) return SPURIOUS;
    const b = this.bank(id, cpu);
    const p = b.priority[b.i];
    if (p >= c.pmr) return SPURIOUS;
    b.active[b.i] = 1;
    c.running.push(p);
    if (id < 16) {
      const src = 31 - Math.clz32(c.sgiSources[id] & -c.sgiSources[id]); // lowest source first
      c.sgiSources[id] &= ~(1 << src);
      return id | (src << 10);
    }
    // Edge: the latch is consumed. Level: software-set pending is consumed too; the line
    // keeps it pending (active and pending) while high, so it re-pends after EOI.
    b.pending[b.i] = 0;
    return id;
  }

  protected endOfInterrupt(cpu: number, value: number, deactivate: boolean): void {
    const id = value & 0x3ff;
    if (id >= GICV2_IRQS) return;
    const c = this.cpus[cpu];
    if (c.running.length) c.running.pop();
    if (deactivate) {
      const b = this.bank(id, cpu);
      b.active[b.i] = 0;
    }
  }

  protected cpuRead(offset: number): number {
    const cpu = this.currentVcpu;
    const c = this.cpus[cpu];
    switch (offset) {
      case 0x00:
        return c.ctlr;
      case 0x04:
        return c.pmr;
      case 0x08:
        return c.bpr;
      case 0x0c:
        return this.acknowledge(cpu); // IAR
      case 0x14: {
        // RPR
        const rp = this.runningPriority(cpu);
        return rp === IDLE_PRIORITY ? 0xff : rp;
      }
      case 0x18: {
        // HPPIR
        const id = this.highestPending(cpu);
        return id < 0 ? SPURIOUS : id;
      }
      case 0x1c:
        return c.bpr; // ABPR (no security extensions: aliases BPR)
      case 0xd0:
        return 0; // APR0
      case 0xfc:
        return GICC_IIDR;
      default:
        return 0;
    }
  }

  protected cpuWrite(offset: number, value: number): void {
    const cpu = this.currentVcpu;
    const c = this.cpus[cpu];
    switch (offset) {
      case 0x00:
        c.ctlr = value & 0x201;
        return; // Enable, EOImode
      case 0x04:
        c.pmr = value & 0xff;
        return;
      case 0x08:
        c.bpr = value & 7;
        return;
      case 0x10:
        this.endOfInterrupt(cpu, value, (c.ctlr & 0x200) === 0);
        return; // EOIR
      case 0x1000: {
        // DIR (second page)
        const b = this.bank(value & 0x3ff, cpu);
        if ((value & 0x3ff) < GICV2_IRQS) b.active[b.i] = 0;
        return;
      }
    }
  }

  // ---- distributor --------------------------------------------------------------------------

  /** Read a bit-per-interrupt register group (32 interrupts per word). */
  protected bits(offset: number, base: number, get: (id: number) => boolean): number {
    let v = 0;
    const first = ((offset - base) >> 2) * 32;
    for (let k = 0; k < 32 && first + k < GICV2_IRQS; k++) if (get(first + k)) v |= 1 << k;
    return v >>> 0;
  }

  protected setBits(offset: number, base: number, value: number, set: (id: number) => void): void {
    const first = ((offset - base) >> 2) * 32;
    for (let k = 0; k < 32 && first + k < GICV2_IRQS; k++) if (value & (1 << k)) set(first + k);
  }

  protected distRead(offset: number, size: number): number {
    const cpu = this.currentVcpu;
    if (offset >= 0x400 && offset < 0x400 + GICV2_IRQS) return this.bytes(offset - 0x400, size, (id) => this.bank(id, cpu).priority[id]);
    if (offset >= 0x800 && offset < 0x800 + GICV2_IRQS) return this.bytes(offset - 0x800, size, (id) => (id < 32 ? 1 << cpu : this.targets[id]));
    if (offset >= 0xc00 && offset < 0xc00 + GICV2_IRQS / 4) {
      // ICFGR: 2 bits per interrupt, bit 1 = edge-triggered
      const first = (offset - 0xc00) * 4;
      let v = 0;
      for (let k = 0; k < 16; k++) if (first + k < GICV2_IRQS && this.bank(first + k, cpu).edge[first + k]) v |= 2 << (2 * k);
      return v >>> 0;
    }
    const word = offset & ~3;
    const inRange = (base: number) => word >= base && word < base + GICV2_IRQS / 8;
    if (inRange(0x080)) return this.group[(word - 0x080) >> 2];
    if (inRange(0x100) || inRange(0x180)) return this.bits(word, word < 0x180 ? 0x100 : 0x180, (id) => this.bank(id, cpu).enabled[id] === 1);
    if (inRange(0x200) || inRange(0x280)) return this.bits(word, word < 0x280 ? 0x200 : 0x280, (id) => this.isPending(id, cpu));
    if (inRange(0x300) || inRange(0x380)) return this.bits(word, word < 0x380 ? 0x300 : 0x380, (id) => this.bank(id, cpu).active[id] === 1);
    if (word >= 0xf10 && word < 0xf30) {
      // CPENDSGIR/SPENDSGIR: one byte per SGI, a bit per source CPU
      const first = (word - (word < 0xf20 ? 0xf10 : 0xf20)) & ~3;
      return this.bytes(first, 4, (id) => this.cpus[cpu].sgiSources[id]);
    }
    switch (word) {
      case 0x000:
        return this.ctlr;
      case 0x004:
        return ((GICV2_IRQS / 32 - 1) | ((this.nrCpus - 1) << 5)) >>> 0; // TYPER
      case 0x008:
        return GICD_IIDR;
      case 0xfe8:
        return 0x20; // ICPIDR2: architecture GICv2
      default:
        return 0;
    }
  }

  /** Byte-addressed registers (IPRIORITYR, ITARGETSR): 1 or 4 bytes at a time. */
  protected bytes(byteOff: number, size: number, get: (id: number) => number): number {
    let v = 0;
    for (let k = 0; k < size; k++) {
      const id = byteOff + k;
      v |= (id < GICV2_IRQS ? get(id) & 0xff : 0) << (8 * k);
    }
    return v >>> 0;
  }

  protected distWrite(offset: number, size: number, value: number): void {
    const cpu = this.currentVcpu;
    if (offset >= 0x400 && offset < 0x400 + GICV2_IRQS) {
      for (let k = 0; k < size; k++) {
        const id = offset - 0x400 + k;
        if (id < GICV2_IRQS) this.bank(id, cpu).priority[id] = (value >>> (8 * k)) & 0xf8; // 5 priority bits, as QEMU
      }
      return;
    }
    if (offset >= 0x800 && offset < 0x800 + GICV2_IRQS) {
      for (let k = 0; k < size; k++) {
        const id = offset - 0x800 + k;
        if (id >= 32 && id < GICV2_IRQS) this.targets[id] = (value >>> (8 * k)) & ((1 << this.nrCpus) - 1);
      }
      return;
    }
    if (offset >= 0xc00 && offset < 0xc00 + GICV2_IRQS / 4) {
      const first = (offset - 0xc00) * 4;
      for (let k = 0; k < 16; k++) {
        const id = first + k;
        if (id < 16) continue; // SGIs are always edge-triggered
        const b = this.bank(id, cpu);
        b.edge[id] = (value >>> (2 * k + 1)) & 1;
      }
      return;
    }
    const word = offset & ~3;
    const inRange = (base: number) => word >= base && word < base + GICV2_IRQS / 8;
    if (inRange(0x080)) {
      this.group[(word - 0x080) >> 2] = value >>> 0;
      return;
    }
    if (inRange(0x100)) return this.setBits(word, 0x100, value, (id) => void (this.bank(id, cpu).enabled[id] = 1));
    if (inRange(0x180)) return this.setBits(word, 0x180, value, (id) => void (id >= 16 && (this.bank(id, cpu).enabled[id] = 0)));
    if (inRange(0x200)) return this.setBits(word, 0x200, value, (id) => void (id >= 16 && (this.bank(id, cpu).pending[id] = 1)));
    if (inRange(0x280)) return this.setBits(word, 0x280, value, (id) => void (id >= 16 && (this.bank(id, cpu).pending[id] = 0)));
    if (inRange(0x300)) return this.setBits(word, 0x300, value, (id) => void (this.bank(id, cpu).active[id] = 1));
    if (inRange(0x380)) return this.setBits(word, 0x380, value, (id) => void (this.bank(id, cpu).active[id] = 0));
    if (word === 0x000) {
      this.ctlr = value & 1;
      return;
    }
    if (word === 0xf00) return this.sendSgi(cpu, value);
  }

  /** GICD_SGIR: TargetListFilter [25:24], CPUTargetList [23:16], SGIINTID [3:0]. */
  private sendSgi(from: number, value: number): void {
    const id = value & 0xf;
    const filter = (value >>> 24) & 3;
    let targets = (value >>> 16) & 0xff;
    if (filter === 1) targets = ((1 << this.nrCpus) - 1) & ~(1 << from);
    else if (filter === 2) targets = 1 << from;
    else if (filter === 3) return;
    for (let t = 0; t < this.nrCpus; t++) if (targets & (1 << t)) this.cpus[t].sgiSources[id] |= 1 << from;
  }
}
