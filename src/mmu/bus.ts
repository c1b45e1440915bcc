// The physical address map: RAM ranges backed by PhysicalMemory and MMIO ranges served by
// device handlers. An address in neither is a bus error, never a host access.
import { PhysicalMemory, type RamPage } from "./physical-memory.ts";

/** A memory-mapped device. Offsets are relative to the region base; sizes are 1, 2 or 4
 *  bytes (the bus splits 8-byte accesses into two 4-byte ones, low word first). */
export interface MmioDevice {
  read(offset: number, size: number): number;
  write(offset: number, size: number, value: number): void;
}

export interface MmioRegion {
  readonly name: string;
  readonly base: number;
  readonly size: number;
  readonly device: MmioDevice;
}

export interface RamRegion {
  readonly name: string;
  readonly base: number;
  readonly size: number;
}

export class BusError extends Error {
  constructor(
    readonly pa: number,
    readonly write: boolean,
  ) {
    super(`bus error: ${write ? "write to" : "read from"} unmapped physical address 0x${pa.toString(16)}`);
  }
}

function overlaps(a: { base: number; size: number }, base: number, size: number): boolean {
  return base < a.base + a.size && a.base < base + size;
}

export class Bus {
  readonly ram = new PhysicalMemory();
  readonly ramRegions: RamRegion[] = [];
  readonly mmioRegions: MmioRegion[] = [];

  addRam(name: string, base: number, size: number): void {
    this.checkFree(name, base, size);
    this.ramRegions.push({ name, base, size });
  }

  addMmio(name: string, base: number, size: number, device: MmioDevice): void {
    this.checkFree(name, base, size);
    this.mmioRegions.push({ name, base, size, device });
    this.mmioRegions.sort((a, b) => a.base - b.base);
  }

  private checkFree(name: string, base: number, size: number): void {
    for (const r of [...this.ramRegions, ...this.mmioRegions]) {
      if (overlaps(r, base, size)) throw new Error(`bus: ${name} at 0x${base.toString(16)} overlaps ${r.name}`);
    }
  }

  isRam(pa: number, size = 1): boolean {
    for (const r of this.ramRegions) if (pa >= r.base && pa + size <= r.base + r.size) return true;
    return false;
  }

  /** The RAM page for `pa`, or null when `pa` is not RAM. */
  ramPage(pa: number): RamPage | null {
    return this.isRam(pa) ? this.ram.page(pa) : null;
  }

  findMmio(pa: number): MmioRegion | null {
    for (const r of this.mmioRegions) if (pa >= r.base && pa < r.base + r.size) return r;
    return null;
  }

  /** Read 1, 2 or 4 bytes; throws BusError outside RAM and devices. */
  read(pa: number, size: number): number {
    if (this.isRam(pa, size)) return this.ram.read(pa, size);
    const m = this.findMmio(pa);
    if (m === null || pa + size > m.base + m.size) throw new BusError(pa, false);
    return m.device.read(pa - m.base, size) >>> 0;
  }

  write(pa: number, size: number, value: number): void {
    if (this.isRam(pa, size)) return this.ram.write(pa, size, value);
    const m = this.findMmio(pa);
    if (m === null || pa + size > m.base + m.size) throw new BusError(pa, true);
    m.device.write(pa - m.base, size, value >>> 0);
  }

  /** 8-byte access as two 4-byte ones, low word first. */
  read64(pa: number): [lo: number, hi: number] {
    return [this.read(pa, 4), this.read(pa + 4, 4)];
  }
  write64(pa: number, lo: number, hi: number): void {
    this.write(pa, 4, lo);
    this.write(pa + 4, 4, hi);
  }
}
