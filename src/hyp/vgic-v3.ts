// A virtual GICv3 (ARM IHI 0069) for one VM, without security (GICD_CTLR.DS=1) and with
// affinity routing: the distributor at 0x08000000, one redistributor (RD and SGI frames,
// 128 KiB) per vCPU from 0x080A0000, and the CPU interface as ICC_*_EL1 system registers.
// The interrupt state machine (pending, active, priorities, acknowledge, EOI) is the GICv2
// one; what differs is how the guest reaches it.
//
// What a guest reads matches QEMU virt 7.2 under Avisor (images/board-probe): QEMU's GICv3
// reports ITLinesNumber 7 (INTIDs 0-255) and its IIDR 0x43B; Avisor's vGIC builds GICD_TYPER
// and GICR_TYPER itself, without LPIS/PLPIS. QEMU alone sets LPIS (and IDbits 16) because its
// GICv3 implements LPIs; we implement none (no ITS, no LPI tables), so we do not claim them:
// IDbits stay at 10, GICR_PROPBASER/PENDBASER/SETLPIR/CLRLPIR read as zero and ignore writes.
import type { GicCpuInterface, IccRegister } from "../cpu/cpu-interface.ts";
import { VIRT } from "../devices/platform.ts";
import type { MmioDevice } from "../mmu/bus.ts";
import { GICV2_IRQS, IDLE_PRIORITY, SPURIOUS, VGicV2, type CpuState } from "./vgic-v2.ts";

const GICD_CTLR_ENABLE_GRP0 = 1 << 0;
const GICD_CTLR_ENABLE_GRP1 = 1 << 1;
const GICD_CTLR_ARE = 1 << 4;
const GICD_CTLR_DS = 1 << 6;
/** GICD_IIDR / GICR_IIDR as QEMU's GICv3 reports them: implementer ARM (0x43B), product,
 *  variant and revision 0. (Avisor passes QEMU's GICD_IIDR through.) */
export const GICV3_IIDR = 0x0000_043b;
/** INTIDs the distributor implements: QEMU's GICD_TYPER.ITLinesNumber is 7, so 32 * 8. SPI
 *  registers for INTIDs 256-287 (which our GICv2 has) are reserved here: RAZ/WI. */
export const GICV3_IRQS = 256;
/** GICD_TYPER: ITLinesNumber, IDbits = 10 bits (no LPIs), LPIS = 0, no security. */
export const GICV3_TYPER = ((GICV3_IRQS / 32 - 1) | (9 << 19)) >>> 0;
/** GICD_PIDR2 / GICR_PIDR2: ArchRev 3. */
const PIDR2_GICV3 = 0x3b;
const REDIST_STRIDE = 0x2_0000;
const SGI_FRAME = 0x1_0000;
/** ICC_SRE_EL1: SRE, DFB and DIB fixed at 1 (system registers only). */
const ICC_SRE = 0x7n;

interface V3CpuState {
  igrpen0: number;
  igrpen1: number;
  /** ICC_CTLR_EL1.EOImode (bit 1): EOIR only drops priority; DIR deactivates. */
  eoiMode: number;
  bpr0: number;
  ap: bigint[];
  waker: number;
}

export class VGicV3 extends VGicV2 {
  private readonly v3: V3CpuState[];
  /** GICD_IROUTER<n> as written (for n >= 32). */
  private readonly irouter = new Array<bigint>(GICV2_IRQS).fill(0n);
  private readonly igrpmod = new Uint32Array(GICV2_IRQS / 32);

  constructor(nrCpus: number) {
    super(nrCpus);
    this.ctlr = GICD_CTLR_ARE | GICD_CTLR_DS;
    this.v3 = Array.from({ length: nrCpus }, () => ({ igrpen0: 0, igrpen1: 0, eoiMode: 0, bpr0: 2, ap: [0n, 0n, 0n, 0n], waker: 0b110 }));
    // Affinity routing resets SPIs to no target until IROUTER is written; route to vCPU 0 as
    // QEMU does for IROUTER = 0 (Aff0 = 0).
    this.targets.fill(1);
    const dist: MmioDevice = { read: (o, s) => this.distRead(o, s), write: (o, s, v) => this.distWrite(o, s, v) };
    const redist: MmioDevice = { read: (o, s) => this.redistRead(o, s), write: (o, s, v) => this.redistWrite(o, s, v) };
    this.regions = [
      { name: "distributor", base: VIRT.GICD.base, size: VIRT.GICD.size, device: this.watched(dist) },
      { name: "redistributors", base: VIRT.GICR.base, size: VIRT.GICR.size * nrCpus, device: this.watched(redist) },
    ];
  }

  protected override distributorEnabled(): boolean {
    return (this.ctlr & (GICD_CTLR_ENABLE_GRP0 | GICD_CTLR_ENABLE_GRP1)) !== 0;
  }
  protected override cpuInterfaceEnabled(c: CpuState): boolean {
    const v = this.v3[this.cpus.indexOf(c)];
    return (v.igrpen1 | v.igrpen0) !== 0;
  }

  // ---- distributor ----------------------------------------------------------------------------

  /** The first INTID a distributor register access addresses, or -1 if it addresses none. */
  private static firstIntid(offset: number): number {
    if (offset >= 0x080 && offset < 0x400) return ((offset & 0x7f) >> 2) * 32; // bit per INTID
    if (offset >= 0x400 && offset < 0x800) return offset - 0x400; // IPRIORITYR: a byte each
    if (offset >= 0xc00 && offset < 0xd00) return ((offset - 0xc00) & ~3) * 4; // ICFGR: 2 bits
    if (offset >= 0xd00 && offset < 0xd80) return ((offset - 0xd00) >> 2) * 32; // IGRPMODR
    if (offset >= 0x6000 && offset < 0x8000) return (offset - 0x6000) >> 3; // IROUTER
    return -1;
  }

  override setLevel(intid: number, level: boolean, vcpu = 0): void {
    if (intid < GICV3_IRQS) super.setLevel(intid, level, vcpu);
  }

  protected override distRead(offset: number, size: number): number {
    if (VGicV3.firstIntid(offset) >= GICV3_IRQS) return 0; // reserved: beyond ITLinesNumber
    if (offset >= 0x6000 && offset < 0x6000 + GICV2_IRQS * 8) {
      const id = (offset - 0x6000) >> 3;
      const v = id < 32 ? 0n : this.irouter[id];
      return Number((offset & 4 ? v >> 32n : v) & 0xffff_ffffn);
    }
    if (offset >= 0x800 && offset < 0xc00) return 0; // ITARGETSR: RAZ with affinity routing
    const word = offset & ~3;
    if (word >= 0xd00 && word < 0xd00 + GICV2_IRQS / 8) return this.igrpmod[(word - 0xd00) >> 2];
    switch (word) {
      case 0x000:
        return this.ctlr;
      case 0x004:
        return GICV3_TYPER;
      case 0x008:
        return GICV3_IIDR;
      case 0xffe8:
        return PIDR2_GICV3;
    }
    return super.distRead(offset, size);
  }

  protected override distWrite(offset: number, size: number, value: number): void {
    if (VGicV3.firstIntid(offset) >= GICV3_IRQS) return;
    if (offset >= 0x6000 && offset < 0x6000 + GICV2_IRQS * 8) {
      const id = (offset - 0x6000) >> 3;
      if (id < 32) return;
      const v = this.irouter[id];
      this.irouter[id] =
        size === 8 || (offset & 4) === 0 ? (v & 0xffff_ffff_0000_0000n) | BigInt(value >>> 0) : (v & 0xffff_ffffn) | (BigInt(value >>> 0) << 32n);
      this.targets[id] = this.routeOf(this.irouter[id]);
      return;
    }
    if (offset >= 0x800 && offset < 0xc00) return; // ITARGETSR: WI
    const word = offset & ~3;
    if (word >= 0xd00 && word < 0xd00 + GICV2_IRQS / 8) {
      this.igrpmod[(word - 0xd00) >> 2] = value >>> 0;
      return;
    }
    if (word === 0x000) {
      // ARE and DS read as one (affinity routing, no security); the group enables are ours.
      this.ctlr = (value & (GICD_CTLR_ENABLE_GRP0 | GICD_CTLR_ENABLE_GRP1)) | GICD_CTLR_ARE | GICD_CTLR_DS;
      return;
    }
    if (word === 0xf00) return; // GICD_SGIR does not exist with affinity routing
    super.distWrite(offset, size, value);
  }

  /** IROUTER → target mask: IRM (bit 31) = any vCPU, else the vCPU whose Aff0 matches. */
  private routeOf(v: bigint): number {
    if ((v >> 31n) & 1n) return (1 << this.nrCpus) - 1;
    const aff0 = Number(v & 0xffn);
    const upper = (v >> 8n) & 0xff_ffn; // Aff1, Aff2 (Aff3 is in bits 39:32)
    return upper === 0n && v >> 32n === 0n && aff0 < this.nrCpus ? 1 << aff0 : 0;
  }

  // ---- redistributors ----------------------------------------------------------------------------

  private redistRead(offset: number, size: number): number {
    const cpu = Math.floor(offset / REDIST_STRIDE);
    const o = offset % REDIST_STRIDE;
    if (cpu >= this.nrCpus) return 0;
    if (o >= SGI_FRAME) return this.sgiFrame(cpu, () => super.distRead(o - SGI_FRAME, size), o - SGI_FRAME);
    switch (o & ~3) {
      case 0x0000:
        return 0; // GICR_CTLR
      case 0x0004:
        return GICV3_IIDR;
      case 0x0008:
        return ((cpu << 8) | (cpu === this.nrCpus - 1 ? 1 << 4 : 0)) >>> 0; // TYPER: Processor_Number, Last
      case 0x000c:
        return cpu; // TYPER[63:32]: Aff0 = vCPU id (our MPIDR)
      case 0x0014:
        return this.v3[cpu].waker;
      case 0xffe8:
        return PIDR2_GICV3;
      default:
        return 0;
    }
  }

  private redistWrite(offset: number, size: number, value: number): void {
    const cpu = Math.floor(offset / REDIST_STRIDE);
    const o = offset % REDIST_STRIDE;
    if (cpu >= this.nrCpus) return;
    if (o >= SGI_FRAME) {
      const r = o - SGI_FRAME;
      if (r >= 0xd00 && r < 0xd04) return; // IGRPMODR0: no security, group modifier unused
      this.sgiFrame(cpu, () => super.distWrite(r, size, value), r);
      return;
    }
    if ((o & ~3) === 0x0014) {
      // WAKER: clearing ProcessorSleep wakes the redistributor at once (ChildrenAsleep follows).
      const sleep = value & 0b10;
      this.v3[cpu].waker = sleep ? 0b110 : 0;
    }
  }

  /** SGI_base frame: the GICD layout for interrupts 0–31, banked for this redistributor's vCPU. */
  private sgiFrame<T>(cpu: number, access: () => T, offset: number): T {
    const bitRegister = offset >= 0x80 && offset < 0x400 && (offset & 0x7c) === 0; // the word for INTIDs 0–31
    const banked = bitRegister || (offset >= 0x400 && offset < 0x420) || (offset >= 0xc00 && offset < 0xc08);
    if (!banked) return 0 as T;
    const saved = this.currentVcpu;
    this.currentVcpu = cpu;
    try {
      return access();
    } finally {
      this.currentVcpu = saved;
    }
  }

  // ---- CPU interface (ICC_*_EL1) ------------------------------------------------------------------

  cpuInterface(vcpu: number): GicCpuInterface {
    return {
      read: (reg) => {
        this.generation++; // IAR acknowledges
        return this.iccRead(vcpu, reg);
      },
      write: (reg, value) => {
        this.generation++;
        this.iccWrite(vcpu, reg, value);
      },
    };
  }

  private iccRead(cpu: number, reg: IccRegister): bigint {
    const c = this.cpus[cpu];
    const v = this.v3[cpu];
    switch (reg) {
      case "PMR":
        return BigInt(c.pmr);
      case "IAR1":
        return BigInt(this.acknowledge(cpu) & 0x3ff);
      case "IAR0":
        return BigInt(SPURIOUS); // everything is group 1 here
      case "HPPIR1": {
        const id = this.highestPending(cpu);
        return BigInt(id < 0 ? SPURIOUS : id);
      }
      case "HPPIR0":
        return BigInt(SPURIOUS);
      case "BPR1":
        return BigInt(c.bpr);
      case "BPR0":
        return BigInt(v.bpr0);
      case "CTLR":
        return BigInt((v.eoiMode << 1) | (4 << 8)); // EOImode; PRIbits: 5 priority bits; IDbits: 16
      case "SRE":
        return ICC_SRE;
      case "IGRPEN0":
        return BigInt(v.igrpen0);
      case "IGRPEN1":
        return BigInt(v.igrpen1);
      case "RPR": {
        const rp = this.runningPriority(cpu);
        return BigInt(rp === IDLE_PRIORITY ? 0xff : rp);
      }
      case "AP0R0":
      case "AP0R1":
      case "AP0R2":
      case "AP0R3":
        return 0n;
      case "AP1R0":
      case "AP1R1":
      case "AP1R2":
      case "AP1R3":
        return v.ap[Number(reg[4])];
      default:
        return 0n;
    }
  }

  private iccWrite(cpu: number, reg: IccRegister, value: bigint): void {
    const c = this.cpus[cpu];
    const v = this.v3[cpu];
    const lo = Number(value & 0xffff_ffffn);
    switch (reg) {
      case "PMR":
        c.pmr = lo & 0xff;
        return;
      case "BPR1":
        c.bpr = lo & 7;
        return;
      case "BPR0":
        v.bpr0 = lo & 7;
        return;
      case "CTLR":
        v.eoiMode = (lo >>> 1) & 1;
        return;
      case "IGRPEN0":
        v.igrpen0 = lo & 1;
        return;
      case "IGRPEN1":
        v.igrpen1 = lo & 1;
        c.ctlr = lo & 1;
        return;
      case "EOIR1":
        this.endOfInterrupt(cpu, lo, v.eoiMode === 0);
        return;
      case "DIR": {
        const id = lo & 0x3ff;
        if (id < GICV2_IRQS) {
          const b = this.bank(id, cpu);
          b.active[b.i] = 0;
        }
        return;
      }
      case "SGI1R":
      case "ASGI1R":
        return this.sendSgi1(cpu, value);
      case "AP1R0":
      case "AP1R1":
      case "AP1R2":
      case "AP1R3":
        v.ap[Number(reg[4])] = value;
        return;
      default:
        return; // SRE fixed, group 0 registers and SGI0R: no group 0 here
    }
  }

  /** ICC_SGI1R_EL1: TargetList [15:0], Aff1 [23:16], INTID [27:24], Aff2 [39:32], IRM [40],
   *  RS [47:44], Aff3 [55:48]. Our vCPUs have Aff0 = id and the other levels 0. */
  private sendSgi1(from: number, value: bigint): void {
    const id = Number((value >> 24n) & 0xfn);
    const irm = (value >> 40n) & 1n;
    let targets: number;
    if (irm) targets = ((1 << this.nrCpus) - 1) & ~(1 << from);
    else {
      const others = ((value >> 16n) & 0xffn) | ((value >> 32n) & 0xffn) | ((value >> 48n) & 0xffn) | ((value >> 44n) & 0xfn);
      targets = others === 0n ? Number(value & 0xffffn) : 0;
    }
    for (let t = 0; t < this.nrCpus; t++) if (targets & (1 << t)) this.cpus[t].sgiSources[id] |= 1 << from;
  }
}
