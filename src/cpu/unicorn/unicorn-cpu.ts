// The Unicorn-backed core: the native Unicorn 2 CPU (QEMU's TCG) runs the guest at EL1/EL0,
// behind the same Cpu interface as the ts core.
//
// Unicorn cannot be an EL2 host: when it takes an exception it calls our hook instead of
// entering the vector, without the syndrome; it cannot stop before a device access; and
// (2.0.1) it looks a virtual address up in its physical map before translating it. So:
// - stage 2 is mirrored, not walked: Unicorn's physical address space is the VM's IPA space,
//   built from the stage-2 descriptors in memory (RAM runs mapped as our own host buffers);
// - device accesses are completed inside Unicorn's MMIO callbacks by the hypervisor's device
//   handler (`attachDevices`), instead of leaving as data-abort exits;
// - HVC and trapped SMC leave as VM exits with the syndrome the ARM ARM defines; the
//   exceptions a guest takes itself (SVC, UNDEFINED, aborts at EL1, BRK), interrupt entry and
//   the accesses Unicorn misjudges are executed on a ts core model of that one instruction,
//   which computes the syndrome and enters the EL1 vector;
// - the generic timer and the identification registers are answered by that same model,
//   from the virtual clock (one tick per instruction, counted with a block hook).
import type { Bus } from "../../mmu/bus.ts";
import { CHUNK_SIZE, PAGE_SIZE } from "../../mmu/physical-memory.ts";
import { enumerateStage2 } from "../../mmu/stage2-enumerate.ts";
import { Access } from "../../mmu/translation.ts";
import { readArchState, writeArchState } from "../arch-state.ts";
import { TsCpu } from "../cpu.ts";
import type { Cpu, DeviceWindows, GicCpuInterface, SysRegName } from "../cpu-interface.ts";
import { lookupSysreg } from "../insn/sysreg-table.ts";
import { T } from "../insn/alu.ts";
import type { VmExit } from "../vm-exit.ts";
import { EC, FSC, esrOf, hpfarFromIpa, wnr } from "../../arch/syndrome.ts";
import { DebugTraps } from "../debug-traps.ts";
import { hasValidSyndrome } from "./device-syndrome.ts";
import { loadUnicorn, REG, UC, xRegId, xRegIndex, type UnicornLib } from "./libunicorn.ts";
import {
  HCR_EL2,
  SCR_EL3,
  TLBI_VMALLE1,
  UNICORN_SYSREGS,
  UNICORN_TRANSLATION_SYSREGS,
  VMPIDR_EL2,
  VPIDR_EL2,
  isModelRegister,
  type Encoding,
} from "./sysreg-encodings.ts";
import { TWO32 } from "../../arch/numbers.ts";

/** QEMU's exception numbers (target/arm/cpu.h) as the interrupt hook reports them. */
const EXCP = { UDEF: 1, SWI: 2, PREFETCH_ABORT: 3, DATA_ABORT: 4, BKPT: 7, HVC: 11, HYP_TRAP: 12, SMC: 13 } as const;

const HCR = { VM: 1n << 0n, FMO: 1n << 3n, IMO: 1n << 4n, VF: 1n << 6n, VI: 1n << 7n, RW: 1n << 31n } as const;
const SCR_NS_RW_HCE = 0x531n; // NS, RES1 bits 5:4, HCE, RW: a Non-secure AArch64 EL1 below EL2
const NO_UNTIL = 0xffff_ffff_ffff_ffffn;
const WFI = 0xd503207f;
const PSTATE_IL = 1 << 20;
const WFE = 0xd503205f;

export class UnicornUnavailable extends Error {}

function low32(a: number | bigint): number {
  return typeof a === "number" ? a % TWO32 : Number(a & 0xffff_ffffn);
}

function isSmc(insn: number): boolean {
  return (insn & 0xffe0001f) === 0xd4000003;
}

export class UnicornCpu implements Cpu {
  readonly backend = "unicorn" as const;
  private readonly lib: UnicornLib;
  private uc: unknown;
  private readonly buf = new Uint8Array(32);
  private readonly dv = new DataView(this.buf.buffer);
  /** The ts core as the model of what Unicorn cannot provide: virtual time and timers,
   *  identification registers, EL2 state, exception syndromes and EL1 exception entry. */
  private readonly model: TsCpu;
  private readonly callbacks: unknown[] = [];
  private mapped: { ipa: number; size: number }[] = [];
  private mappingDirty = true;
  private devices: DeviceWindows | null = null;

  private icount = 0;
  /** icount before the block Unicorn is executing, and that block's address (low 32 bits). */
  private blockBase = 0;
  private blockLo = 0;
  private blockBytes = 0;
  /** Set by hooks: the instructions of the current block that ran (exact count), the exit. */
  private partial = -1;
  private pending: VmExit | null = null;
  /** An exception Unicorn reported that the model must deliver, at this PC. */
  private delegate: bigint | null = null;
  /** The delegated instruction is not yet in icount (a failed fetch). */
  private delegateUncounted = false;
  private stopRequested = false;
  private running = false;

  // ---- debugger: breakpoints and single steps (no watchpoints: Unicorn completes memory
  // accesses without a hook we could stop before) ----------------------------------------------
  private traps: DebugTraps | null = null;
  private skipDebugAt = -1;
  private trapStopAt = -1;
  /** Run exactly this many instructions next (up to a breakpoint inside a block). */
  private breakAhead = 0;
  private runningToBreak = false;
  readonly watchpoints = false;
  private modelRunning = false;
  private irqLine = false;
  private fiqLine = false;
  /** SPSR_EL1 holds a value an ERET cannot return to from EL1, or one with IL set: Unicorn
   *  2.0.1 (QEMU 5.0) sets PSTATE.IL on such a return but then ignores it, so while this is
   *  true every block first checks PSTATE.IL and hands the instruction to the model, which
   *  takes the Illegal Execution state exception (EC 0x0E) as the ARM ARM and QEMU 7.2 do. */
  private watchIllegalReturn = false;
  /** The guest ran IC IALLU(IS): Unicorn keeps code it translated through another VA alias
   *  of the page the guest rewrote, so its translated code is dropped after this run. */
  private dropCode = false;
  /** icount at which the current emuStart's budget ends. */
  private runEnd = 0;

  constructor(readonly bus: Bus) {
    const lib = loadUnicorn();
    if (typeof lib === "string") throw new UnicornUnavailable(lib);
    this.lib = lib;
    this.model = new TsCpu(bus);
    this.uc = this.openEngine();
  }

  private openEngine(): unknown {
    const lib = this.lib;
    const out: unknown[] = [null];
    this.check(lib.open(UC.ARCH_ARM64, UC.MODE_ARM, out), "uc_open");
    this.uc = out[0];
    // UC_CTL_WRITE(UC_CTL_CPU_MODEL, 1): Cortex-A57, the ARMv8.0 core the board presents
    // (MIDR). The "max" model adds v8.5 state (PSTATE.BTYPE set by BLR, SSBS, PAN) that an
    // ARMv8.0 core does not have. Newer instructions it lacks (LSE) reach the model as
    // UNDEFINED and are executed there.
    this.check(lib.ctl(this.uc, UC.CTL_CPU_MODEL | (1 << 26) | (UC.CTL_IO_WRITE << 30), "int", UC.CPU_ARM64_A57), "uc_ctl(cpu model)");
    this.installHooks();
    // Unicorn starts in Secure EL3: make EL1 Non-secure AArch64 below an EL2 (stage-1 walks
    // fail otherwise), then drop to EL1h with DAIF masked.
    this.writeReg(REG.PSTATE, 0x3cdn);
    this.writeCp(SCR_EL3, SCR_NS_RW_HCE);
    this.writeCp(HCR_EL2, HCR.RW);
    this.writeReg(REG.PSTATE, 0x3c5n);
    this.mapped = [];
    this.mappingDirty = true;
    return this.uc;
  }

  /** A fresh Unicorn with the same architectural state: the only cheap way to drop all of
   *  its translated code after the hypervisor rewrote guest memory (UC_CTL_TB_FLUSH takes
   *  seconds on Unicorn 2.0.1). */
  private reopenEngine(): void {
    const state = readArchState(this);
    this.closeEngine();
    this.uc = this.openEngine();
    this.updateHcr();
    writeArchState(this, state);
  }

  private closeEngine(): void {
    this.lib.close(this.uc);
    for (const cb of this.callbacks) this.lib.koffi.unregister(cb);
    this.callbacks.length = 0;
  }

  private check(err: number, what: string): void {
    if (err !== UC.ERR_OK) throw new Error(`unicorn: ${what} failed: ${this.lib.strerror(err)}`);
  }

  // ---- registers through Unicorn ---------------------------------------------------------

  private readReg(id: number): bigint {
    this.lib.regRead(this.uc, id, this.buf);
    return this.dv.getBigUint64(0, true);
  }
  private writeReg(id: number, v: bigint): void {
    this.dv.setBigUint64(0, BigInt.asUintN(64, v), true);
    this.lib.regWrite(this.uc, id, this.buf);
  }
  private cpBuffer(e: Encoding, v = 0n): Uint8Array {
    const [op0, op1, crn, crm, op2] = e;
    this.dv.setUint32(0, crn, true);
    this.dv.setUint32(4, crm, true);
    this.dv.setUint32(8, op0, true);
    this.dv.setUint32(12, op1, true);
    this.dv.setUint32(16, op2, true);
    this.dv.setBigUint64(24, BigInt.asUintN(64, v), true);
    return this.buf;
  }
  private readCp(e: Encoding): bigint {
    this.check(this.lib.regRead(this.uc, REG.CP_REG, this.cpBuffer(e)), `reading system register ${e.join(",")}`);
    return this.dv.getBigUint64(24, true);
  }
  private writeCp(e: Encoding, v: bigint): void {
    this.check(this.lib.regWrite(this.uc, REG.CP_REG, this.cpBuffer(e, v)), `writing system register ${e.join(",")}`);
  }

  // ---- hooks -------------------------------------------------------------------------------

  // biome-ignore lint/suspicious/noExplicitAny: koffi, an optional native module, ships no types for what it loads
  private register(fn: (...a: any[]) => unknown, type: unknown): unknown {
    const cb = this.lib.koffi.register(fn, type);
    this.callbacks.push(cb);
    return cb;
  }

  private installHooks(): void {
    const { lib, uc } = this;
    const t = lib.types;
    const add = (type: number, cb: unknown, ...extra: unknown[]) => this.check(lib.hookAdd(uc, [null], type, cb, null, 1n, 0n, ...extra), "uc_hook_add");
    add(
      UC.HOOK_BLOCK,
      this.register((_uc: unknown, address: number | bigint, size: number) => {
        this.blockBase = this.icount;
        this.icount += size >>> 2;
        this.blockLo = low32(address);
        this.blockBytes = size;
        if (this.watchIllegalReturn && (this.getPstate() & PSTATE_IL) !== 0) {
          // Nothing of this block runs; the model takes the exception if the budget allows
          // an instruction (Unicorn calls this hook before its own count stops it).
          this.partial = 0;
          if (this.blockBase < this.runEnd) {
            this.delegate = BigInt(address);
            this.delegateUncounted = true;
          }
          this.lib.emuStop(this.uc);
          return;
        }
        if (this.traps !== null && !this.runningToBreak && this.breakInBlock(BigInt(address), size)) return;
        // A pending interrupt the guest has just unmasked (MSR DAIF*, ERET: Unicorn ends the
        // block after them) is taken here, before this block runs, as the ts core does.
        if ((this.irqLine || this.fiqLine) && this.interruptUnmasked()) {
          this.partial = 0;
          this.lib.emuStop(this.uc);
        }
      }, t.block),
    );
    add(
      UC.HOOK_INTR,
      this.register((_uc: unknown, intno: number) => this.onException(intno), t.intr),
    );
    add(
      UC.HOOK_MEM_READ_UNMAPPED | UC.HOOK_MEM_WRITE_UNMAPPED | UC.HOOK_MEM_FETCH_UNMAPPED,
      this.register((_uc: unknown, type: number) => this.onUnmapped(type), t.unmapped),
    );
    const sys = (write: boolean) => this.register((_uc: unknown, reg: number, cp: unknown) => this.onSysreg(write, reg, cp), t.insnSys);
    add(UC.HOOK_INSN, sys(false), "int", UC.INS_MRS);
    add(UC.HOOK_INSN, sys(true), "int", UC.INS_MSR);
    add(
      UC.HOOK_INSN,
      this.register((_uc: unknown, _reg: number, cp: unknown) => this.onSysInstruction(cp), t.insnSys),
      "int",
      UC.INS_SYS,
    );
  }

  /** SYS (cache, TLB and address-translation maintenance): Unicorn executes it; the IC forms
   *  also drop the code Unicorn translated, which it would otherwise keep when the guest
   *  rewrote it through another VA alias. Returns 0: never skipped. */
  private onSysInstruction(cpPtr: unknown): number {
    try {
      const cp = this.lib.koffi.decode(cpPtr, this.cpType());
      if (cp.crn !== 7) return 0;
      if (cp.op1 === 0 && (cp.crm === 5 || cp.crm === 1) && cp.op2 === 0) {
        // IC IALLU / IC IALLUIS: the range is everything; the engine is rebuilt after this
        // run (Unicorn stops at the end of the current block, which the count already has).
        this.dropCode = true;
        this.lib.emuStop(this.uc);
      } else if (cp.op1 === 3 && cp.crm === 5 && cp.op2 === 1) {
        // IC IVAU: Unicorn translates the VA and drops the code of that physical page.
        const va = BigInt.asUintN(64, BigInt(cp.val)) & ~0xfffn;
        this.check(
          this.lib.ctl(this.uc, UC.CTL_TB_REMOVE_CACHE | (2 << 26) | (UC.CTL_IO_WRITE << 30), "uint64_t", va, "uint64_t", va + 0x1000n),
          "uc_ctl(remove cache)",
        );
      }
    } catch (e) {
      this.fail(`unicorn SYS hook: ${(e as Error).message}`);
    }
    return 0;
  }

  /** Watch for an illegal exception return while SPSR_EL1 says one may come (see
   *  watchIllegalReturn): M is not EL0t, EL1t or EL1h, or IL is set. */
  private noteSpsr(value: bigint): void {
    const v = Number(value & 0x1f_ffffn);
    const m = v & 0x1f;
    this.watchIllegalReturn = (v & PSTATE_IL) !== 0 || (m !== 0b00000 && m !== 0b00100 && m !== 0b00101);
  }

  /** A breakpoint inside the block about to run: stop at the block's start (nothing of it
   *  runs) and have run() go up to the breakpoint. True when stopping. */
  private breakInBlock(address: bigint, size: number): boolean {
    const lo = low32(address);
    const hi = Number((address >> 32n) & 0xffff_ffffn);
    const first = (lo & 0xfff) >>> 2;
    let idx = this.traps!.nextBreakpoint(hi, lo, first);
    if (idx === first && this.blockBase === this.skipDebugAt) idx = this.traps!.nextBreakpoint(hi, lo, first + 1);
    if (idx < 0 || idx - first >= size >>> 2) return false;
    this.breakAhead = idx - first;
    this.partial = 0;
    this.lib.emuStop(this.uc);
    return true;
  }

  debugTraps(): DebugTraps {
    return (this.traps ??= new DebugTraps());
  }

  resumeFromDebugStop(): void {
    this.skipDebugAt = this.trapStopAt === this.icount ? this.icount : -1;
  }

  /** Instructions of the current block up to and including the one at `pcLo`. */
  private countThrough(pcLo: number): number {
    return ((pcLo - this.blockLo) >>> 2) + 1;
  }

  private onException(intno: number): void {
    try {
      const pc = this.readReg(REG.PC);
      const pcLo = low32(pc);
      switch (intno) {
        case EXCP.HVC: {
          // PC is already past the HVC, which is the preferred return address.
          const insn = this.fetchWord(pc - 4n);
          this.partial = this.countThrough(pcLo - 4);
          this.pending = this.syncExit(EC.HVC64, (insn >>> 5) & 0xffff, 0n, 0, pc);
          break;
        }
        case EXCP.HYP_TRAP:
        case EXCP.SMC: {
          // A trapped SMC (HCR_EL2.TSC) returns to the SMC itself; an untrapped one is past it.
          const at = intno === EXCP.SMC ? pc - 4n : pc;
          const insn = this.fetchWord(at);
          this.partial = this.countThrough(low32(at));
          if (isSmc(insn)) this.pending = this.syncExit(EC.SMC64, (insn >>> 5) & 0xffff, 0n, 0, at);
          else this.delegate = at;
          break;
        }
        case EXCP.SWI:
          this.partial = this.countThrough(pcLo - 4);
          this.delegate = pc - 4n;
          break;
        case EXCP.UDEF:
        case EXCP.PREFETCH_ABORT:
        case EXCP.DATA_ABORT:
        case EXCP.BKPT:
          this.partial = this.countThrough(pcLo);
          this.delegate = pc;
          break;
        default:
          this.pending = { kind: "error", message: `Unicorn raised exception ${intno} at pc 0x${pc.toString(16)}, which the backend does not model` };
      }
    } catch (e) {
      this.pending = { kind: "error", message: `unicorn exception hook: ${(e as Error).message}` };
    }
    this.lib.emuStop(this.uc);
  }

  /** Unicorn 2.0.1 looks the *virtual* address up in its memory map before translating it,
   *  and stops with PC on the access. Whatever the access really is (a stage-1 fault the
   *  guest handles, a stage-2 fault, or a valid access through an alias Unicorn misjudges),
   *  the model executes that one instruction through both stages. */
  private onUnmapped(type: number): boolean {
    try {
      const pc = this.readReg(REG.PC);
      // A fetch fails before its block starts: the block before it ran in full, and the
      // model counts the failed fetch itself.
      if (type === UC.MEM_FETCH_UNMAPPED) this.delegateUncounted = true;
      else this.partial = this.countThrough(low32(pc));
      this.delegate = pc;
    } catch (e) {
      this.pending = { kind: "error", message: `unicorn unmapped-access hook: ${(e as Error).message}` };
    }
    this.lib.emuStop(this.uc);
    return false;
  }

  /** MRS/MSR of the timer and identification registers, answered by the model. Returns 1
   *  when the instruction is handled here (Unicorn skips it). */
  private onSysreg(write: boolean, reg: number, cpPtr: unknown): number {
    try {
      const cp = this.lib.koffi.decode(cpPtr, this.cpType());
      if (write && cp.op0 === 3 && cp.op1 === 0 && cp.crn === 4 && cp.crm === 0 && cp.op2 === 0) this.noteSpsr(BigInt(cp.val)); // SPSR_EL1
      if (!isModelRegister(cp.op0, cp.op1, cp.crn)) return 0;
      const access = lookupSysreg(cp.op0, cp.op1, cp.crn, cp.crm, cp.op2);
      if (access === undefined) return 0; // Unicorn decides (UNDEFINED)
      const pc = this.readReg(REG.PC);
      this.syncModelClock(this.blockBase + ((low32(pc) - this.blockLo) >>> 2));
      if (write) {
        if (access.write === undefined) return 0;
        const v = BigInt.asUintN(64, BigInt(cp.val));
        access.write(this.model, Number(v & 0xffff_ffffn), Number(v >> 32n));
        // A timer may now be due sooner than this run planned: stop after this MSR (Unicorn
        // ends the block after a system-register write).
        if (this.running) this.lib.emuStop(this.uc);
        this.partial = this.countThrough(low32(pc));
      } else {
        if (access.read === undefined) return 0;
        access.read(this.model);
        const n = xRegIndex(reg);
        if (n >= 0) this.writeReg(xRegId(n), (BigInt(T[1] >>> 0) << 32n) | BigInt(T[0] >>> 0));
      }
      return 1;
    } catch (e) {
      this.pending = { kind: "error", message: `unicorn system-register hook: ${(e as Error).message}` };
      this.lib.emuStop(this.uc);
      return 1;
    }
  }

  private cpTypeCache: unknown = null;
  private cpType(): unknown {
    this.cpTypeCache ??= this.lib.koffi.struct({ crn: "uint32_t", crm: "uint32_t", op0: "uint32_t", op1: "uint32_t", op2: "uint32_t", val: "uint64_t" });
    return this.cpTypeCache;
  }

  private syncExit(ec: number, iss: number, far: bigint, hpfar: number, elr: bigint): VmExit {
    return { kind: "sync", esr: esrOf(ec, iss), far, hpfar, elr, spsr: this.getPstate() };
  }

  // ---- the model -------------------------------------------------------------------------------

  private syncModelClock(icount: number): void {
    // While the model executes an instruction its clock is the true one (the hypervisor may
    // ask for timer levels from inside it, through a vGIC access).
    if (this.modelRunning) return;
    this.model.icount = icount;
    this.model.blockPcLo = this.model.pcLo;
  }

  /** Copy the guest's state into the model (for exception entry). */
  private syncModelState(): void {
    writeArchState(this.model, readArchState(this));
  }

  /** Copy only what stage-1 translation depends on (cheap enough for every HVC). */
  private syncModelTranslation(): void {
    this.model.setPstate(this.getPstate());
    for (const r of UNICORN_TRANSLATION_SYSREGS) {
      const v = this.readCp(UNICORN_SYSREGS[r]!);
      if (this.model.getSysreg(r) !== v) this.model.setSysreg(r, v);
    }
  }

  /** Read an instruction word at a guest VA, through both stages as the guest fetches it. */
  private fetchWord(va: bigint): number {
    const pa = this.translate(va, Access.Exec);
    if (pa === null) throw new Error(`cannot fetch the instruction at 0x${va.toString(16)}`);
    return this.bus.read(pa, 4);
  }

  /** Let the model execute the instruction at `pc` that Unicorn raised an exception on: it
   *  takes the exception (into the EL1 vector, or out to EL2 as a VM exit). */
  private deliverThroughModel(pc: bigint): VmExit | null {
    this.syncModelState();
    this.model.setPc(pc);
    this.model.flushTlb(); // the guest may have changed its tables while Unicorn ran
    const pa = this.model.translate(pc, Access.Exec);
    if (pa !== null) {
      const page = this.bus.ram.peek(pa);
      if (page) page.code = null; // Unicorn may have rewritten this code
    }
    this.syncModelClock(this.delegateUncounted ? this.icount : this.icount - 1);
    this.modelRunning = true;
    let exit: VmExit;
    try {
      exit = this.model.run(1);
    } finally {
      this.modelRunning = false;
    }
    this.icount = this.model.icount;
    writeArchState(this, readArchState(this.model));
    return exit.kind === "sync" || exit.kind === "idle" ? exit : null;
  }

  // ---- stage 2 as Unicorn's physical address space ---------------------------------------------

  private remap(): void {
    const { lib, uc } = this;
    for (const m of this.mapped) lib.memUnmap(uc, BigInt(m.ipa), BigInt(m.size));
    this.mapped = [];
    const vttbr = this.model.getSysreg("VTTBR_EL2");
    const vtcr = this.model.getSysreg("VTCR_EL2");
    const vmOn = (this.model.getSysreg("HCR_EL2") & HCR.VM) !== 0n;
    const runs = vmOn
      ? enumerateStage2(this.bus.ram, vttbr, vtcr)
      : this.bus.ramRegions.map((r) => ({ ipa: r.base, pa: r.base, size: r.size, read: true, write: true, exec: true }));
    for (const r of runs) {
      if (!this.bus.isRam(r.pa, r.size)) continue; // stage 2 pointing at devices: not on this board
      const perms = (r.read ? UC.PROT_READ : 0) | (r.write ? UC.PROT_WRITE : 0) | (r.exec ? UC.PROT_EXEC : 0);
      // One host chunk at a time: each is a contiguous buffer.
      for (let done = 0; done < r.size; ) {
        const pa = r.pa + done;
        const off = pa % CHUNK_SIZE;
        const n = Math.min(r.size - done, CHUNK_SIZE - off);
        const host = this.bus.ram.chunk(pa).subarray(off, off + n);
        this.check(lib.memMapPtr(uc, BigInt(r.ipa + done), BigInt(n), perms, host), `mapping IPA 0x${(r.ipa + done).toString(16)}`);
        this.mapped.push({ ipa: r.ipa + done, size: n });
        done += n;
      }
    }
    if (this.devices !== null) this.mapDevices(this.devices);
    this.writeCp(TLBI_VMALLE1, 0n);
    this.mappingDirty = false;
  }

  private mapDevices(w: DeviceWindows): void {
    const { lib, uc } = this;
    const t = lib.types;
    for (const r of w.regions) {
      const base = r.base - (r.base % PAGE_SIZE);
      const size = Math.ceil((r.base + r.size - base) / PAGE_SIZE) * PAGE_SIZE;
      if (this.mapped.some((m) => base < m.ipa + m.size && m.ipa < base + size)) continue;
      const read = this.register((_uc: unknown, off: number | bigint, n: number) => this.deviceRead(base + Number(off), n), t.mmioRead);
      const write = this.register(
        (_uc: unknown, off: number | bigint, n: number, v: number | bigint) => this.deviceWrite(base + Number(off), n, BigInt(v)),
        t.mmioWrite,
      );
      this.check(lib.mmioMap(uc, BigInt(base), BigInt(size), read, null, write, null), `mapping device window 0x${base.toString(16)}`);
      this.mapped.push({ ipa: base, size });
    }
  }

  /** Per PC: does the access instruction there have a valid syndrome (see device-syndrome)? */
  private readonly syndromeAt = new Map<bigint, boolean>();

  /** A device access the ts core would leave with ISV=0, which Avisor cannot emulate: stop
   *  with the data abort it would have taken instead of completing it. */
  private refuseWithoutSyndrome(ipa: number, write: boolean): boolean {
    const pc = this.readReg(REG.PC);
    let valid = this.syndromeAt.get(pc);
    if (valid === undefined) {
      valid = hasValidSyndrome(this.fetchWord(pc));
      this.syndromeAt.set(pc, valid);
    }
    if (valid) return false;
    this.partial = this.countThrough(low32(pc));
    this.pending = this.syncExit(EC.DABT_LOWER, wnr(write) | (FSC.TRANSLATION + 3), BigInt(ipa), hpfarFromIpa(ipa), pc);
    this.lib.emuStop(this.uc);
    return true;
  }

  private deviceRead(ipa: number, size: number): bigint {
    return this.deviceAccess("read", ipa, size, false, 0n) ?? 0n;
  }

  private deviceWrite(ipa: number, size: number, v: bigint): void {
    this.deviceAccess("write", ipa, size, true, v);
  }

  /** The hypervisor's device path (the one the ts core's data aborts take); a guest access
   *  nothing answers, or a device that fails, stops the run with an error exit. */
  private deviceAccess(what: string, ipa: number, size: number, write: boolean, v: bigint): bigint | null {
    try {
      if (this.refuseWithoutSyndrome(ipa, write)) return null;
      const r = this.devices!.access(ipa, size as 1 | 2 | 4 | 8, write, v, this.readReg(REG.PC));
      if (r === null)
        this.fail(`device ${what} at 0x${ipa.toString(16)}: guest access of ${size} bytes at 0x${ipa.toString(16)} is outside its memory and every device`);
      return r;
    } catch (e) {
      this.fail(`device ${what} at 0x${ipa.toString(16)}: ${(e as Error).message}`);
      return null;
    }
  }

  private fail(message: string): void {
    this.pending ??= { kind: "error", message };
    this.lib.emuStop(this.uc);
  }

  setClock(clock: () => number): void {
    this.model.setClock(clock);
  }

  /** ICC_* registers do not exist on Unicorn's Cortex-A57 (no GIC attached to it): they are
   *  UNDEFINED there and reach the model, which forwards them to the vGICv3. */
  attachGicCpuInterface(icc: GicCpuInterface): void {
    this.model.attachGicCpuInterface(icc);
  }

  attachDevices(w: DeviceWindows): void {
    this.devices = w;
    this.mappingDirty = true;
  }

  // ---- running -----------------------------------------------------------------------------------

  get instructionCount(): number {
    return this.icount;
  }

  requestStop(): void {
    this.stopRequested = true;
    if (this.running) this.lib.emuStop(this.uc);
  }

  run(maxInsns: number): VmExit {
    if (this.mappingDirty) this.remap();
    this.syncModelClock(this.icount);
    this.model.followClock();
    const end = this.icount + maxInsns;
    for (;;) {
      if (this.stopRequested) {
        this.stopRequested = false;
        return { kind: "stopped" };
      }
      this.syncModelClock(this.icount);
      const fired = this.model.checkTimers();
      if (fired !== null) return fired;
      if (this.icount >= end) return { kind: "limit" };
      if ((this.irqLine || this.fiqLine) && this.interruptUnmasked()) this.takeInterrupt();
      let budget = Math.max(1, Math.min(end, this.model.timerDeadline) - this.icount);
      this.runningToBreak = false;
      const traps = this.traps;
      if (traps !== null) {
        if (traps.stopAtCount === this.icount) {
          traps.stopAtCount = -1;
          return { kind: "debug", stop: { reason: "count" } };
        }
        if (this.icount !== this.skipDebugAt && traps.hasBreakpoint(this.getPc())) {
          this.trapStopAt = this.icount;
          return { kind: "debug", stop: { reason: "breakpoint" } };
        }
        if (traps.stopAtCount > this.icount) budget = Math.min(budget, traps.stopAtCount - this.icount);
        if (this.breakAhead > 0) {
          budget = Math.min(budget, this.breakAhead);
          this.runningToBreak = true;
        }
        this.breakAhead = 0;
      }
      const start = this.icount;
      this.partial = -1;
      this.pending = null;
      this.delegate = null;
      this.delegateUncounted = false;
      this.running = true;
      this.runEnd = start + budget;
      const err = this.lib.emuStart(this.uc, this.readReg(REG.PC), NO_UNTIL, 0n, BigInt(budget));
      this.running = false;
      if (this.partial >= 0) this.icount = this.blockBase + this.partial;
      else if (this.icount - start > budget) this.icount = start + budget; // count ran out mid-block
      if (this.dropCode) {
        this.dropCode = false;
        this.reopenEngine();
        this.remap();
      }
      if (this.pending !== null) return this.pending;
      if (this.delegate !== null) {
        const exit = this.deliverThroughModel(this.delegate);
        if (exit !== null) return exit;
        continue;
      }
      if (err !== UC.ERR_OK) return { kind: "error", message: `unicorn stopped: ${this.lib.strerror(err)} at pc 0x${this.getPc().toString(16)}` };
      if (this.partial < 0 && this.stoppedAfterWfi()) {
        // WFI with nothing pending (Unicorn halts): as the ts core, jump virtual time to
        // the next timer deadline, or report the vCPU idle.
        if (this.irqLine || this.fiqLine) continue;
        this.syncModelClock(this.icount);
        const outcome = this.model.waitOutcome(this.icount);
        if (outcome !== null) return outcome;
      }
    }
  }

  /** The last instruction run was a WFI/WFE (QEMU ends a block with it): Unicorn halted, or
   *  the budget ran out on it. Either way the ts core's WFI rule applies. */
  private interruptUnmasked(): boolean {
    const daif = (this.getPstate() >>> 6) & 0xf;
    return (this.irqLine && (daif & 2) === 0) || (this.fiqLine && (daif & 1) === 0);
  }

  /** Interrupt entry through the model. Unicorn could take virtual interrupts itself
   *  (HCR_EL2.VI), but Unicorn 2.0.1 (QEMU 5.0) clears PSTATE.NZCV on exception entry,
   *  where the ARM ARM's AArch64.TakeException leaves them unchanged. */
  private takeInterrupt(): void {
    this.syncModelState();
    this.model.setIrqLine(this.irqLine);
    this.model.setFiqLine(this.fiqLine);
    this.model.takePendingInterrupt();
    writeArchState(this, readArchState(this.model));
  }

  private stoppedAfterWfi(): boolean {
    try {
      const pc = this.getPc();
      if (low32(pc) !== (this.blockLo + this.blockBytes) % TWO32) return false;
      const w = this.fetchWord(pc - 4n);
      return w === WFI || w === WFE;
    } catch {
      return false;
    }
  }

  // ---- the host's view ----------------------------------------------------------------------------

  getX(n: number): bigint {
    return this.readReg(xRegId(n));
  }
  setX(n: number, value: bigint): void {
    if (n < 0 || n > 30) throw new RangeError(`X${n} is not a general-purpose register`);
    this.writeReg(xRegId(n), value);
  }
  getPc(): bigint {
    return this.readReg(REG.PC);
  }
  setPc(value: bigint): void {
    this.writeReg(REG.PC, value);
  }
  getPstate(): number {
    return Number(this.readReg(REG.PSTATE) & 0xffff_ffffn);
  }
  /** Unicorn's PSTATE write does not switch stack pointers: move SP between banks here. */
  setPstate(spsr: number): void {
    if ((spsr & PSTATE_IL) !== 0) this.watchIllegalReturn = true; // e.g. a restored snapshot
    const before = this.getPstate();
    const liveBefore = this.spBank(before);
    const sp = this.readReg(REG.SP);
    this.writeReg(liveBefore === 0 ? REG.SP_EL0 : REG.SP_EL1, sp);
    this.writeReg(REG.PSTATE, BigInt(spsr >>> 0));
    this.writeReg(REG.SP, this.readReg(this.spBank(spsr) === 0 ? REG.SP_EL0 : REG.SP_EL1));
  }
  /** Which SP_ELx is the live SP in this PSTATE (0 or 1; EL1 guests only). */
  private spBank(pstate: number): 0 | 1 {
    return (pstate & 0xc) !== 0 && (pstate & 1) !== 0 ? 1 : 0;
  }

  getV(n: number): bigint {
    const b = new Uint8Array(16);
    this.lib.regRead(this.uc, REG.Q0 + n, b);
    const d = new DataView(b.buffer);
    return (d.getBigUint64(8, true) << 64n) | d.getBigUint64(0, true);
  }
  setV(n: number, value: bigint): void {
    const b = new Uint8Array(16);
    const d = new DataView(b.buffer);
    d.setBigUint64(0, BigInt.asUintN(64, value), true);
    d.setBigUint64(8, BigInt.asUintN(64, value >> 64n), true);
    this.lib.regWrite(this.uc, REG.Q0 + n, b);
  }

  getSysreg(name: SysRegName): bigint {
    if (name === "FPCR") return this.readReg(REG.FPCR) & 0xffff_ffffn;
    if (name === "FPSR") return this.readReg(REG.FPSR) & 0xffff_ffffn;
    if (name === "SP_EL0" || name === "SP_EL1") {
      const bank = name === "SP_EL0" ? 0 : 1;
      return this.readReg(this.spBank(this.getPstate()) === bank ? REG.SP : bank === 0 ? REG.SP_EL0 : REG.SP_EL1);
    }
    const e = UNICORN_SYSREGS[name];
    if (e !== undefined) return this.readCp(e);
    this.syncModelClock(this.icount);
    return this.model.getSysreg(name);
  }

  setSysreg(name: SysRegName, value: bigint): void {
    if (name === "FPCR") return this.writeReg(REG.FPCR, value);
    if (name === "FPSR") return this.writeReg(REG.FPSR, value);
    if (name === "SP_EL0" || name === "SP_EL1") {
      const bank = name === "SP_EL0" ? 0 : 1;
      return this.writeReg(this.spBank(this.getPstate()) === bank ? REG.SP : bank === 0 ? REG.SP_EL0 : REG.SP_EL1, value);
    }
    const e = UNICORN_SYSREGS[name];
    if (name === "SPSR_EL1") this.noteSpsr(value);
    if (e !== undefined) return this.writeCp(e, value);
    this.syncModelClock(this.icount);
    this.model.setSysreg(name, value);
    if (name === "HCR_EL2") this.updateHcr();
    else if (name === "VTTBR_EL2" || name === "VTCR_EL2") this.mappingDirty = true;
    else if (name === "VPIDR_EL2") this.writeCp(VPIDR_EL2, value);
    else if (name === "VMPIDR_EL2") this.writeCp(VMPIDR_EL2, value);
  }

  /** Unicorn's HCR_EL2: the hypervisor's, minus stage 2 (mirrored instead) and minus the
   *  virtual interrupt lines (taken by the backend itself, see takeInterrupt). */
  private updateHcr(): void {
    this.writeCp(HCR_EL2, (this.model.getSysreg("HCR_EL2") & ~(HCR.VM | HCR.VI | HCR.VF)) | HCR.RW | HCR.IMO | HCR.FMO);
  }

  setIrqLine(level: boolean): void {
    this.irqLine = level;
  }
  setFiqLine(level: boolean): void {
    this.fiqLine = level;
  }

  counter(): number {
    this.syncModelClock(this.icount);
    return this.model.counter();
  }
  timerLevel(timer: "virtual" | "physical"): boolean {
    this.syncModelClock(this.icount);
    return this.model.timerLevel(timer);
  }

  translate(va: bigint, access: Access): number | null {
    this.syncModelTranslation();
    return this.model.translate(va, access);
  }

  flushTlb(): void {
    // The hypervisor changed stage 2 or rewrote guest memory (restart): remap and drop
    // Unicorn's translated code.
    this.reopenEngine();
    this.model.flushTlb();
    this.syndromeAt.clear();
  }

  close(): void {
    this.closeEngine();
  }
}

/** Null when the backend can be created, otherwise one line saying why not and how to fix it. */
export function unicornAvailability(): string | null {
  const lib = loadUnicorn();
  return typeof lib === "string" ? lib : null;
}
