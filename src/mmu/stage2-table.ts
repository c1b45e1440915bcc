// The stage-2 page-table builder the hypervisor uses: a VM's IPA space as real VMSAv8-64
// descriptors in emulated physical memory (4 KiB granule, 39-bit IPA, start at level 1),
// with 1 GiB / 2 MiB blocks wherever IPA, PA and size allow, table pages taken from and
// returned to an allocator.
import { hex, TWO32 } from "../arch/numbers.ts";
import type { PhysicalMemory } from "./physical-memory.ts";
import {
  DESC_AF,
  DESC_TABLE,
  DESC_VALID,
  levelIndex,
  levelSize,
  outputAddress,
  S2_MEMATTR_DEVICE_NGNRE,
  S2_MEMATTR_NORMAL_WB,
  S2_XN_HI,
  S2AP_READ,
  S2AP_WRITE,
  SH_INNER,
} from "./descriptors.ts";

export interface PageAllocator {
  allocPage(): number;
  freePage(pa: number): void;
}

export interface Stage2Perms {
  read: boolean;
  write: boolean;
  exec: boolean;
}

export type MemType = "normal" | "device";

export const RWX: Stage2Perms = { read: true, write: true, exec: true };

/** 39-bit IPA space (T0SZ=25), walks start at level 1 (SL0=1). */
export const IPA_BITS = 39;
const START_LEVEL = 1;
/** VTCR_EL2 for these tables: T0SZ=25, SL0=1, IRGN0/ORGN0 write-back, inner shareable,
 *  TG0 4 KiB, PS 40 bits, and the RES1 bit 31. */
export const VTCR_VALUE = 25 | (1 << 6) | (1 << 8) | (1 << 10) | (3 << 12) | (0b010 << 16) | 0x8000_0000;

export class Stage2MapError extends Error {}

export class Stage2Table {
  readonly root: number;
  readonly vtcr = BigInt(VTCR_VALUE >>> 0);
  private tablePages = new Set<number>();

  constructor(
    private readonly mem: PhysicalMemory,
    private readonly alloc: PageAllocator,
  ) {
    this.root = this.newTable();
  }

  /** Table pages in use (root included). */
  get tableCount(): number {
    return this.tablePages.size;
  }

  private newTable(): number {
    const pa = this.alloc.allocPage();
    this.mem.zero(pa, 4096);
    this.tablePages.add(pa);
    return pa;
  }

  private read(pa: number): [number, number] {
    return [this.mem.read(pa, 4), this.mem.read(pa + 4, 4)];
  }

  private write(pa: number, lo: number, hi: number): void {
    this.mem.write(pa, 4, lo >>> 0);
    this.mem.write(pa + 4, 4, hi >>> 0);
  }

  /** The descriptor words for a block (levels 1–2) or page (level 3) mapping `pa`. */
  static leaf(pa: number, level: number, perms: Stage2Perms, type: MemType): [number, number] {
    let lo = DESC_VALID | DESC_AF | SH_INNER | (type === "normal" ? S2_MEMATTR_NORMAL_WB : S2_MEMATTR_DEVICE_NGNRE);
    if (perms.read) lo |= S2AP_READ;
    if (perms.write) lo |= S2AP_WRITE;
    if (level === 3) lo |= DESC_TABLE;
    lo = (lo | (pa % TWO32)) >>> 0;
    let hi = Math.floor(pa / TWO32);
    if (!perms.exec || type === "device") hi |= S2_XN_HI;
    return [lo, hi >>> 0];
  }

  /** Map [ipa, ipa+size) to [pa, pa+size). Everything must be page aligned and unmapped. */
  map(ipa: number, pa: number, size: number, perms: Stage2Perms = RWX, type: MemType = "normal"): void {
    if (ipa % 4096 || pa % 4096 || size % 4096 || size <= 0)
      throw new Stage2MapError(`stage 2: map ${hex(ipa)} → ${hex(pa)} size ${hex(size)} is not page aligned`);
    if (ipa + size > 2 ** IPA_BITS) throw new Stage2MapError(`stage 2: ${hex(ipa + size)} is beyond the ${IPA_BITS}-bit IPA space`);
    let done = 0;
    while (done < size) done += this.mapOne(ipa + done, pa + done, size - done, perms, type);
  }

  /** Map the largest aligned chunk at ipa; returns its size. */
  private mapOne(ipa: number, pa: number, remaining: number, perms: Stage2Perms, type: MemType): number {
    let table = this.root;
    for (let level = START_LEVEL; level <= 3; level++) {
      const span = levelSize(level);
      const slot = table + levelIndex(ipa, level) * 8;
      const [lo, hi] = this.read(slot);
      const blockOk = level >= 1 && ipa % span === 0 && pa % span === 0 && remaining >= span;
      if ((lo & DESC_VALID) === 0 && (blockOk || level === 3)) {
        const [dLo, dHi] = Stage2Table.leaf(pa, level, perms, type);
        this.write(slot, dLo, dHi);
        return span;
      }
      if ((lo & DESC_VALID) !== 0 && (level === 3 || (lo & DESC_TABLE) === 0)) {
        throw new Stage2MapError(`stage 2: IPA ${hex(ipa)} is already mapped`);
      }
      if ((lo & DESC_VALID) === 0) {
        const next = this.newTable();
        this.write(slot, (next % TWO32) | DESC_VALID | DESC_TABLE, Math.floor(next / TWO32));
        table = next;
      } else table = outputAddress(lo, hi);
    }
    throw new Error("unreachable");
  }

  /** Remove every mapping in [ipa, ipa+size), splitting blocks that stick out, and give
   *  emptied table pages back to the allocator. */
  unmap(ipa: number, size: number): void {
    this.unmapIn(this.root, START_LEVEL, 0, ipa, ipa + size);
  }

  private unmapIn(table: number, level: number, tableBase: number, from: number, to: number): void {
    const span = levelSize(level);
    for (let i = 0; i < 512; i++) {
      const lo0 = tableBase + i * span;
      const hi0 = lo0 + span;
      if (hi0 <= from || lo0 >= to) continue;
      const slot = table + i * 8;
      const [lo, hi] = this.read(slot);
      if ((lo & DESC_VALID) === 0) continue;
      const isTable = level < 3 && (lo & DESC_TABLE) !== 0;
      const whole = from <= lo0 && hi0 <= to;
      if (!isTable && whole) {
        this.write(slot, 0, 0);
        continue;
      }
      let next: number;
      if (isTable) next = outputAddress(lo, hi);
      else {
        // Split the block into a table of next-level entries with the same attributes.
        next = this.newTable();
        const out = outputAddress(lo, hi);
        const sub = levelSize(level + 1);
        const attrLo = lo & 0xfff & ~DESC_TABLE;
        const attrHi = hi & 0xffff_0000;
        for (let k = 0; k < 512; k++) {
          const p = out + k * sub;
          this.write(next + k * 8, ((p % TWO32) | attrLo | (level + 1 === 3 ? DESC_TABLE : 0)) >>> 0, (Math.floor(p / TWO32) | attrHi) >>> 0);
        }
        this.write(slot, (next % TWO32) | DESC_VALID | DESC_TABLE, Math.floor(next / TWO32));
      }
      this.unmapIn(next, level + 1, lo0, from, to);
      if (this.isEmpty(next)) {
        this.write(slot, 0, 0);
        this.tablePages.delete(next);
        this.alloc.freePage(next);
      }
    }
  }

  private isEmpty(table: number): boolean {
    for (let i = 0; i < 512; i++) if ((this.mem.read(table + i * 8, 4) & DESC_VALID) !== 0) return false;
    return true;
  }

  /** Walk the tables in software: the PA of `ipa`, or null when unmapped. */
  translate(ipa: number): number | null {
    const l = this.lookup(ipa);
    return l === null ? null : l.pa;
  }

  /** The leaf descriptor for an IPA and where it sits. */
  lookup(ipa: number): { pa: number; level: number; lo: number; hi: number } | null {
    if (ipa < 0 || ipa >= 2 ** IPA_BITS) return null;
    let table = this.root;
    for (let level = START_LEVEL; level <= 3; level++) {
      const [lo, hi] = this.read(table + levelIndex(ipa, level) * 8);
      if ((lo & DESC_VALID) === 0) return null;
      if (level < 3 && (lo & DESC_TABLE) !== 0) {
        table = outputAddress(lo, hi);
        continue;
      }
      const span = levelSize(level);
      const out = outputAddress(lo, hi);
      return { pa: out - (out % span) + (ipa % span), level, lo, hi };
    }
    return null;
  }

  /** Hypervisor-facing name for a RAM mapping (Stage2Space). */
  mapRam(ipa: number, pa: number, size: number): void {
    this.map(ipa, pa, size, RWX, "normal");
  }

  mapShared(ipa: number, pa: number, size: number): void {
    this.map(ipa, pa, size, { read: true, write: true, exec: false }, "device");
  }

  /** One line per contiguous run of leaf mappings. */
  dump(): string {
    const lines: string[] = [`root ${hex(this.root)}  VTCR_EL2 ${hex(VTCR_VALUE >>> 0)}  (${this.tablePages.size} table pages)`];
    const walk = (table: number, level: number, base: number) => {
      const span = levelSize(level);
      for (let i = 0; i < 512; i++) {
        const [lo, hi] = this.read(table + i * 8);
        if ((lo & DESC_VALID) === 0) continue;
        const ipa = base + i * span;
        if (level < 3 && (lo & DESC_TABLE) !== 0) {
          walk(outputAddress(lo, hi), level + 1, ipa);
          continue;
        }
        const perms = `${lo & S2AP_READ ? "r" : "-"}${lo & S2AP_WRITE ? "w" : "-"}${hi & S2_XN_HI ? "-" : "x"}`;
        const type = ((lo >>> 2) & 0xf) === 0b1111 ? "normal" : "device";
        const kind = level === 3 ? "page" : `L${level} block`;
        lines.push(`  IPA ${hex(ipa)}-${hex(ipa + span)} -> PA ${hex(outputAddress(lo, hi))}  ${kind} ${perms} ${type}`);
      }
    };
    walk(this.root, START_LEVEL, 0);
    return mergeRuns(lines);
  }
}

/** Collapse consecutive page lines of the dump whose IPA and PA both continue. */
function mergeRuns(lines: string[]): string {
  const out: string[] = [];
  const re = /^ {2}IPA (0x[0-9a-f]+)-(0x[0-9a-f]+) -> PA (0x[0-9a-f]+) {2}(.*)$/;
  let run: { ipa0: number; ipa1: number; pa0: number; tail: string; n: number } | null = null;
  const flush = () => {
    // ASCII only: gdb prints monitor output a byte at a time and may split a UTF-8 character.
    if (run) out.push(`  IPA ${hex(run.ipa0)}-${hex(run.ipa1)} -> PA ${hex(run.pa0)}  ${run.tail}${run.n > 1 ? ` x${run.n}` : ""}`);
    run = null;
  };
  for (const l of lines) {
    const m = re.exec(l);
    if (!m) {
      flush();
      out.push(l);
      continue;
    }
    const [ipa0, ipa1, pa0] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (run && run.ipa1 === ipa0 && run.pa0 + (ipa0 - run.ipa0) === pa0 && run.tail === m[4]) {
      run.ipa1 = ipa1;
      run.n++;
    } else {
      flush();
      run = { ipa0, ipa1, pa0, tail: m[4], n: 1 };
    }
  }
  flush();
  return out.join("\n");
}
