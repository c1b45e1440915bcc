// A full snapshot of the machine for reverse execution: every vCPU's core state (registers,
// system registers, timers, interrupt lines, instruction count), the hypervisor's state of
// each VM and vCPU, its scheduler, virtual clock and hypercall snapshots, every vGIC and
// device, and all of physical RAM (guest memory and stage-2 tables alike).
//
// RAM is kept page by page, and a page equal to the one the previous snapshot holds is
// shared with it, so a snapshot costs host memory only for the pages written since.
import type { Cpu } from "../cpu/cpu-interface.ts";
import { CHUNK_SIZE, PAGE_SIZE, type PhysicalMemory } from "../mmu/physical-memory.ts";
import type { Machine } from "../machine.ts";
import { restoreObject, saveObject, type ObjectState } from "./object-state.ts";

const PAGES_PER_CHUNK = CHUNK_SIZE / PAGE_SIZE;
const ZERO_PAGE = new Uint8Array(PAGE_SIZE);

export interface MachineState {
  /** Instructions retired by all vCPUs together: the position in the machine's history. */
  position: number;
  /** Each vCPU's instruction count, in threadList order. */
  counts: number[];
  cpus: unknown[];
  objects: ObjectState[];
  /** RAM pages by chunk index (absent chunk: never touched, all zeros). */
  ram: Map<number, Uint8Array[]>;
  /** Host bytes this snapshot added (pages not shared with the one before it). */
  ownBytes: number;
}

function allCpus(m: Machine): Cpu[] {
  return m.hv.vms.flatMap((vm) => vm.vcpus.map((v) => v.cpu));
}

/** Every object whose fields are machine state, besides the cores and RAM. */
function stateObjects(m: Machine): object[] {
  const hv = m.hv;
  // The scheduler is private to the hypervisor: read by name, as its position is state.
  const sched = (hv as unknown as { sched: object }).sched;
  const out: object[] = [sched, hv.snapshots];
  if (hv.virtualClock !== null) out.push(hv.virtualClock);
  for (const vm of hv.vms) {
    out.push(vm, hv.vgicOf(vm));
    for (const v of vm.vcpus) out.push(v);
  }
  for (const d of hv.board.devices) out.push(d.device);
  for (const line of m.platform.lines.values()) out.push(line);
  return out;
}

function ramRange(m: Machine): { base: number; size: number } {
  return m.hv.board.ram;
}

export function captureMachine(m: Machine, previous: MachineState | null, extra: object[] = []): MachineState {
  const ram = new Map<number, Uint8Array[]>();
  let ownBytes = 0;
  const phys: PhysicalMemory = m.hv.board.bus.ram;
  const { base, size } = ramRange(m);
  for (let pa = base; pa < base + size; pa += CHUNK_SIZE) {
    if (!phys.hasChunk(pa)) continue;
    const idx = pa / CHUNK_SIZE;
    const chunk = phys.chunk(pa);
    const before = previous?.ram.get(idx);
    const pages: Uint8Array[] = [];
    for (let p = 0; p < PAGES_PER_CHUNK; p++) {
      const view = chunk.subarray(p * PAGE_SIZE, (p + 1) * PAGE_SIZE);
      const old = before?.[p];
      if (old !== undefined && Buffer.compare(old, view) === 0) pages.push(old);
      else if (Buffer.compare(ZERO_PAGE, view) === 0) pages.push(ZERO_PAGE);
      else {
        pages.push(view.slice());
        ownBytes += PAGE_SIZE;
      }
    }
    ram.set(idx, pages);
  }
  const cpus = allCpus(m);
  return {
    position: m.hv.totalInstructions,
    counts: cpus.map((c) => c.instructionCount),
    cpus: cpus.map((c) => c.captureState!()),
    objects: [...stateObjects(m), ...extra].map(saveObject),
    ram,
    ownBytes,
  };
}

export function restoreMachine(m: Machine, s: MachineState): void {
  const phys = m.hv.board.bus.ram;
  const { base, size } = ramRange(m);
  for (let pa = base; pa < base + size; pa += CHUNK_SIZE) {
    if (!phys.hasChunk(pa)) continue;
    const chunk = phys.chunk(pa);
    const pages = s.ram.get(pa / CHUNK_SIZE);
    for (let p = 0; p < PAGES_PER_CHUNK; p++) {
      const want = pages?.[p] ?? ZERO_PAGE;
      const view = chunk.subarray(p * PAGE_SIZE, (p + 1) * PAGE_SIZE);
      if (Buffer.compare(want, view) === 0) continue;
      view.set(want);
      const page = phys.peek(pa + p * PAGE_SIZE);
      if (page !== undefined) page.code = null; // its decoded instructions are stale
    }
  }
  s.objects.forEach(restoreObject);
  allCpus(m).forEach((c, i) => c.restoreState!(s.cpus[i]));
}

/** Pages `later` shares with `earlier` (after `earlier` is dropped, `later` owns them). */
export function sharedBytes(earlier: MachineState, later: MachineState): number {
  let n = 0;
  for (const [idx, pages] of later.ram) {
    const old = earlier.ram.get(idx);
    if (old === undefined) continue;
    for (let p = 0; p < pages.length; p++) if (pages[p] === old[p] && pages[p] !== ZERO_PAGE) n += PAGE_SIZE;
  }
  return n;
}
