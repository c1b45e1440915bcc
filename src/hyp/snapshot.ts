// Avisor's checkpoint/restore hypercalls (its lcm.c): CHECKPOINT saves the calling vCPU and
// the VM's memory as snapshot 0, 1, 2, …; RESTORE (x0 = id, or -1 for the latest) puts both
// back, so the guest continues just after the CHECKPOINT that made the snapshot.
//
// Where we differ from the course's Avisor, on purpose: the vCPU state saved is the whole
// architectural state (general and SIMD&FP registers, PSTATE, the EL1 system registers and
// the guest timer's controls), not only the general registers and ELR/SPSR; memory is kept
// sparsely (only the 2 MiB chunks the VM has touched); and CHECKPOINT answers in x0: 0 when
// the snapshot was taken, -1 when it was refused.
//
// Snapshots live in host memory, bounded by one budget for the whole machine (all VMs
// together; default SNAPSHOT_BUDGET, `--snapshot-budget`). A snapshot is never dropped once
// taken, as Avisor's lcm.c never frees one: a guest may restore any id it was given. When a
// new one would not fit, the checkpoint is refused, as Avisor refuses it when its snapshot
// pool cannot grow.
import { TIMER_SYSREGS, readArchState, writeArchState, type ArchState } from "../cpu/arch-state.ts";
import type { Cpu, SysRegName } from "../cpu/cpu-interface.ts";
import { CHUNK_SIZE, type PhysicalMemory } from "../mmu/physical-memory.ts";
import { hex, type Log } from "./log.ts";
import type { Vm } from "./vm.ts";

/** Default host memory all snapshots of a machine may hold together: 1 GiB. */
export const SNAPSHOT_BUDGET = 1024 * 1024 * 1024;

/** True when every byte of `bytes` is zero (such a piece is left out: it restores as zeros). */
function allZero(bytes: Uint8Array): boolean {
  // A word at a time where the view is word-aligned (pieces start on page boundaries).
  const words = (bytes.byteOffset & 3) === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2) : new Uint32Array(0);
  for (let i = 0; i < words.length; i++) if (words[i] !== 0) return false;
  for (let i = words.length * 4; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** What CHECKPOINT leaves in x0. */
export const CHECKPOINT_OK = 0n;
export const CHECKPOINT_REFUSED = 0xffff_ffff_ffff_ffffn;

/** Host bytes charged for the registers of a snapshot (so that a budget of 0 refuses all). */
const STATE_BYTES = 4096;

interface Snapshot {
  id: number;
  /** The VM that took it: only that VM can restore it. */
  vmId: number;
  vcpu: ArchState;
  timers: Map<SysRegName, bigint>;
  /** The VM's RAM and DTB regions: chunk-aligned PA → its bytes (untouched chunks absent). */
  memory: Map<number, Uint8Array>;
  /** Host bytes held (chunks the VM touched), and the guest memory covered. */
  bytes: number;
  size: number;
  /** digest() at the checkpoint. */
  hash: number;
}

/** Ranges of guest RAM a snapshot covers, split at chunk boundaries. */
function pieces(vm: Vm): { pa: number; size: number }[] {
  const out: { pa: number; size: number }[] = [];
  for (const r of [vm.ram, vm.dtbRegion]) {
    for (let pa = r.pa; pa < r.pa + r.size; ) {
      const n = Math.min(r.pa + r.size - pa, CHUNK_SIZE - (pa % CHUNK_SIZE));
      out.push({ pa, size: n });
      pa += n;
    }
  }
  return out;
}

/**
 * A 32-bit FNV-1a-style digest of everything a snapshot restores (registers, then every byte
 * of memory), logged like Avisor's "Ckpt hash" so that different snapshots hash differently.
 * Snapshots are immutable host memory, so it is computed once, at the checkpoint.
 */
function digest(s: Snapshot): number {
  let h = 0x811c9dc5;
  const mix32 = (v: number) => {
    for (let k = 0; k < 32; k += 8) h = Math.imul(h ^ ((v >>> k) & 0xff), 0x01000193);
  };
  const mix64 = (v: bigint) => {
    mix32(Number(v & 0xffff_ffffn));
    mix32(Number((v >> 32n) & 0xffff_ffffn));
  };
  for (const x of s.vcpu.x) mix64(x);
  mix64(s.vcpu.pc);
  mix32(s.vcpu.pstate);
  for (const [pa, bytes] of [...s.memory].sort((a, b) => a[0] - b[0])) {
    mix32(pa);
    // A word at a time: every byte still reaches the hash, four times faster than bytewise.
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2);
    for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 0x01000193);
    for (let i = words.length * 4; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  }
  return h >>> 0;
}

/** What became of a checkpoint or restore, for the run summary and the snapshot trace. */
export type SnapshotEvent =
  | { kind: "taken"; id: number; pc: bigint; bytes: number; size: number }
  | { kind: "restored"; id: number; pc: bigint }
  | { kind: "refused"; id: string; pc: bigint; why: string };

export class SnapshotStore {
  private readonly snapshots: Snapshot[] = [];
  private nextId = 0;
  /** Told of every checkpoint and restore (the hypervisor's stats and trace). */
  observe: ((vm: Vm, cpu: Cpu, e: SnapshotEvent) => void) | null = null;
  /** Host bytes the snapshots hold, against `budget`. */
  private held = 0;
  private warnedFull = false;

  constructor(
    private readonly ram: PhysicalMemory,
    private readonly log: Log,
    readonly budget = SNAPSHOT_BUDGET,
  ) {}

  /** Host bytes all snapshots hold now. */
  get bytesHeld(): number {
    return this.held;
  }

  /**
   * CHECKPOINT from `cpu` (its PC already past the HVC). Sets x0 to 0 when the snapshot is
   * taken (saved with x0 = 0 too, so a restore returns from the same call with the same
   * answer) or to -1 when it would exceed the budget; returns whether it was taken. The host
   * (library, debugger) checkpoints with `guestAsked` false: the guest's x0 stays as it is.
   */
  checkpoint(vm: Vm, cpu: Cpu, who = `vm${vm.id}`, guestAsked = true): boolean {
    // Count first, copy after: a refused checkpoint costs no host memory.
    const kept: { pa: number; view: Uint8Array }[] = [];
    let size = 0;
    let bytes = STATE_BYTES;
    for (const p of pieces(vm)) {
      size += p.size;
      // Once it cannot fit, the rest need not be looked at (a guest past the budget may
      // checkpoint in a loop).
      if (this.held + bytes > this.budget) break;
      if (!this.ram.hasChunk(p.pa)) continue;
      const off = p.pa % CHUNK_SIZE;
      const view = this.ram.chunk(p.pa).subarray(off, off + p.size);
      if (allZero(view)) continue; // reads as zeros anyway
      kept.push({ pa: p.pa, view });
      bytes += p.size;
    }
    if (this.held + bytes > this.budget) {
      this.refuse(who);
      if (guestAsked) cpu.setX(0, CHECKPOINT_REFUSED);
      return false;
    }
    if (guestAsked) cpu.setX(0, CHECKPOINT_OK);
    const memory = new Map(kept.map((k) => [k.pa, k.view.slice()]));
    const timers = new Map(TIMER_SYSREGS.map((r) => [r, cpu.getSysreg(r)]));
    const s: Snapshot = { id: this.nextId++, vmId: vm.id, vcpu: readArchState(cpu), timers, memory, bytes, size, hash: 0 };
    s.hash = digest(s);
    this.log.info(`Create snapshot: ID=${s.id}`);
    this.log.info(`Save vcpu state, pc=${hex(s.vcpu.pc)}`);
    this.log.info(`[checkpoint] Ckpt hash: ${s.hash.toString(16)}`);
    this.snapshots.push(s);
    this.held += bytes;
    this.log.info(`Checkpoint snapshot created: ID=${s.id}, size=${s.size}`);
    this.observe?.(vm, cpu, { kind: "taken", id: s.id, pc: s.vcpu.pc, bytes: s.bytes, size: s.size });
    return true;
  }

  /** One warning for the first refusal (what the budget is and how to raise it), then one
   *  INFO line per refusal: a guest that checkpoints in a loop must not flood stderr. */
  private refuse(who: string): void {
    if (!this.warnedFull) {
      this.warnedFull = true;
      this.log.warning(
        `${who}: checkpoint refused (x0 = -1): the snapshot budget of ${mib(this.budget)} for all VMs is used up ` +
          `(${this.snapshots.length} snapshots hold ${mib(this.held)}; this one does not fit in the ${mib(this.budget - this.held)} left); ` +
          `no snapshot is ever dropped, raise the budget with --snapshot-budget SIZE (e.g. --snapshot-budget ${sizeArg(2 * this.budget)})`,
      );
    }
    this.log.info(`${who}: checkpoint refused, snapshot budget used up (x0 = -1)`);
  }

  /** The newest snapshot `vm` took, if it still exists. */
  latestOf(vm: Vm): Snapshot | undefined {
    for (let i = this.snapshots.length - 1; i >= 0; i--) if (this.snapshots[i].vmId === vm.id) return this.snapshots[i];
    return undefined;
  }

  /** RESTORE: false (and an error logged) when there is no such snapshot. */
  restore(vm: Vm, cpu: Cpu, id: bigint): boolean {
    const latest = id === 0xffff_ffff_ffff_ffffn;
    this.log.info(`Asked snapshot: ID=${latest ? -1 : id}`);
    const s = latest ? this.latestOf(vm) : this.snapshots.find((x) => BigInt(x.id) === id);
    if (s === undefined) {
      this.log.error(`No such snapshot. (ssid=${latest ? -1 : id})`);
      this.observe?.(vm, cpu, { kind: "refused", id: latest ? "latest" : id.toString(), pc: cpu.getPc(), why: "no such snapshot" });
      return false;
    }
    if (s.vmId !== vm.id) {
      // Its memory is another VM's: restoring it here would hand this VM that VM's state.
      this.log.error(`Snapshot ${s.id} was taken by vm${s.vmId}; vm${vm.id} cannot restore it.`);
      this.observe?.(vm, cpu, { kind: "refused", id: s.id.toString(), pc: cpu.getPc(), why: `taken by vm${s.vmId}` });
      return false;
    }
    this.log.info(`[restore] Ckpt hash: ${s.hash.toString(16)}`);
    for (const p of pieces(vm)) {
      const saved = s.memory.get(p.pa);
      if (saved !== undefined) this.ram.writeBytes(p.pa, saved);
      else this.ram.zero(p.pa, p.size);
    }
    writeArchState(cpu, s.vcpu);
    for (const [r, v] of s.timers) cpu.setSysreg(r, v);
    // Guest memory changed behind the core's back: drop decoded and translated code.
    cpu.flushTlb();
    this.log.info(`Restore vcpu state, pc=${hex(s.vcpu.pc)}`);
    this.log.info(`Restore snapshot: ID=${s.id}, size=${s.size}`);
    this.observe?.(vm, cpu, { kind: "restored", id: s.id, pc: s.vcpu.pc });
    return true;
  }
}

/** A size as --snapshot-budget takes it, rounded up to whole MiB (at least 1G, a useful step). */
function sizeArg(bytes: number): string {
  const m = Math.max(1024, Math.ceil(bytes / 2 ** 20));
  return m % 1024 === 0 ? `${m / 1024}G` : `${m}M`;
}

/** Sizes for a log line, to one decimal: 1 GiB, 4.5 MiB, 12 KiB. */
function mib(bytes: number): string {
  const [unit, n] = bytes >= 2 ** 30 ? ["GiB", bytes / 2 ** 30] : bytes >= 2 ** 20 ? ["MiB", bytes / 2 ** 20] : ["KiB", bytes / 1024];
  return `${Number((n as number).toFixed(1))} ${unit}`;
}
