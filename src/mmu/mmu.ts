// Address translation for one CPU: stage 1 (EL1&0 regime, TTBR0/TTBR1, 4 KiB granule)
// then stage 2 (HCR_EL2.VM=1: VTTBR_EL2/VTCR_EL2), walking real descriptors in emulated
// memory (ARM ARM D8), with a TLB of combined translations tagged by VMID, ASID and nG.
import type { Bus } from "./bus.ts";
import {
  DESC_AF,
  DESC_TABLE,
  DESC_VALID,
  levelIndex,
  levelSize,
  outputAddress,
  POW2,
  S1_AP_EL0,
  S1_AP_RO,
  S1_APTABLE0_HI,
  S1_APTABLE1_HI,
  S1_NG,
  S1_PXN_HI,
  S1_PXNTABLE_HI,
  S1_UXN_HI,
  S1_UXNTABLE_HI,
  S2_XN_HI,
  S2AP_READ,
  S2AP_WRITE,
} from "./descriptors.ts";
import { Stage2WalkCache } from "./stage2-walk-cache.ts";
import type { TranslationRegs } from "./translation-regs.ts";
import { Access, newFault, type TranslationFault, type TranslationInfo } from "./translation.ts";
import { TWO32 } from "../arch/numbers.ts";
import { FSC } from "../arch/syndrome.ts";

// Permission bits of a TLB entry: [EL0 r,w,x][EL1 r,w,x].
const P_R0 = 1,
  P_W0 = 2,
  P_X0 = 4,
  P_R1 = 8,
  P_W1 = 16,
  P_X1 = 32;
const P_ALL = 63;

function permBit(access: Access, el: number): number {
  const base = access === Access.Read ? P_R0 : access === Access.Write ? P_W0 : P_X0;
  return el === 0 ? base : base << 3;
}

interface TlbEntry {
  paPage: number;
  ipaPage: number;
  asid: number; // -1: global
  s1perms: number;
  s2perms: number;
  s1level: number;
  s2level: number;
  device: boolean;
}

export class Mmu {
  readonly fault: TranslationFault = newFault();
  readonly info: TranslationInfo = { device: false };
  /** VMID → (VA page → entry). */
  private readonly tlb = new Map<number, Map<number, TlbEntry>>();
  /** Walk scratch: results of the last stage-2 walk. */
  private s2Perms = P_ALL;
  private s2Level = 0;
  /** Successful stage-2 walks, so that a stage-1 walk's descriptor fetches rarely walk stage 2. */
  private readonly s2Cache = new Stage2WalkCache();

  constructor(
    readonly bus: Bus,
    readonly regs: TranslationRegs,
  ) {}

  // ---- the CPU's entry point ---------------------------------------------------------------

  /** VA (hi:lo) → PA, or -1 with `fault` filled. `el` is the privilege checked (0 for EL0
   *  and for LDTR/STTR). */
  translate(vaHi: number, vaLo: number, access: Access, el: number): number {
    const r = this.regs;
    const s1 = (r.sctlrEl1 & 1) !== 0;
    const s2 = (r.hcrEl2Lo & 1) !== 0;
    let hi = vaHi;
    let upper = false;
    if (s1) {
      upper = (vaHi & 0x0080_0000) !== 0; // bit 55 selects TTBR1
      const tbi = upper ? (r.tcrEl1Hi >>> 6) & 1 : (r.tcrEl1Hi >>> 5) & 1; // TBI1 bit 38, TBI0 bit 37
      if (tbi && access !== Access.Exec) hi = upper ? (hi | 0xff00_0000) >>> 0 : hi & 0x00ff_ffff;
    }
    const vmid = s2 ? (r.vttbrEl2Hi >>> 16) & 0xff : 0;
    const asid = s1 ? this.currentAsid(upper) : 0;
    const vaPage = hi * 1048576 + (vaLo >>> 12);
    let space = this.tlb.get(vmid);
    const e = space?.get(vaPage);
    if (e !== undefined && (e.asid < 0 || e.asid === asid)) {
      const bit = permBit(access, el);
      if ((e.s1perms & bit) !== 0 && (e.s2perms & bit) !== 0) {
        this.info.device = e.device;
        return e.paPage + (vaLo & 0xfff);
      }
      // Not permitted by the cached entry: walk again before raising a permission fault,
      // as QEMU does, so that tables made more permissive without a TLBI naming this page
      // take effect (the ARM ARM allows either; guests are compared against QEMU).
      space!.delete(vaPage);
    }
    // Miss: walk.
    let ipa: number;
    let s1perms = P_ALL;
    let s1level = 0;
    let global = true;
    let device = false;
    if (s1) {
      const w = this.walkStage1(hi, vaLo, upper, access);
      if (w < 0) return -1;
      ipa = w;
      s1perms = this.w1Perms;
      s1level = this.w1Level;
      global = this.w1Global;
      device = this.w1Device;
    } else {
      // Stage 1 off: flat mapping of a 48-bit physical space; data is Device memory.
      if (vaHi >>> 16 !== 0) return this.setFault(1, FSC.ADDRESS_SIZE, 0, false, access);
      ipa = vaHi * TWO32 + vaLo;
      device = access !== Access.Exec;
    }
    let pa = ipa;
    let s2perms = P_ALL;
    let s2level = 0;
    if (s2) {
      pa = this.walkStage2(ipa, access, false);
      if (pa < 0) return -1;
      s2perms = this.s2Perms;
      s2level = this.s2Level;
    }
    const ipaPage = ipa - (ipa % 4096);
    const entry: TlbEntry = { paPage: pa - (pa % 4096), ipaPage, asid: global ? -1 : asid, s1perms, s2perms, s1level, s2level, device };
    if (space === undefined) this.tlb.set(vmid, (space = new Map()));
    space.set(vaPage, entry);
    const bit = permBit(access, el);
    if ((s1perms & bit) === 0) return this.setFault(1, FSC.PERMISSION + s1level, 0, false, access);
    if ((s2perms & bit) === 0) return this.setFault(2, FSC.PERMISSION + s2level, ipa, false, access);
    this.info.device = device;
    return pa;
  }

  /** Stage-1 attributes of the last translateStage1: the MAIR byte and SH[1:0]. */
  atMair = 0;
  atShareability = 0;

  /** AT S1E0x and S1E1x: stage 1 alone, walked afresh (as QEMU does), its output an IPA. Returns
   *  the IPA, or -1 with `fault` (a stage-2 fault here can only be on the walk: s1ptw). */
  translateStage1(vaHi: number, vaLo: number, access: Access, el: number): number {
    const r = this.regs;
    if ((r.sctlrEl1 & 1) === 0) {
      // Stage 1 off: VA = IPA, data is Device-nGnRnE (MAIR byte 0), non-shareable as QEMU reports it.
      if (vaHi >>> 16 !== 0) return this.setFault(1, FSC.ADDRESS_SIZE, 0, false, access);
      this.atMair = 0;
      this.atShareability = 0;
      return vaHi * TWO32 + vaLo;
    }
    const upper = (vaHi & 0x0080_0000) !== 0;
    const tbi = upper ? (r.tcrEl1Hi >>> 6) & 1 : (r.tcrEl1Hi >>> 5) & 1;
    const hi = tbi ? (upper ? (vaHi | 0xff00_0000) >>> 0 : vaHi & 0x00ff_ffff) : vaHi;
    const ipa = this.walkStage1(hi, vaLo, upper, access);
    if (ipa < 0) return -1;
    if ((this.w1Perms & permBit(access, el)) === 0) return this.setFault(1, FSC.PERMISSION + this.w1Level, 0, false, access);
    this.atMair = this.w1Mair;
    this.atShareability = this.w1Shareability;
    return ipa;
  }

  private currentAsid(upper: boolean): number {
    const r = this.regs;
    const a1 = (r.tcrEl1Lo >>> 22) & 1; // TCR_EL1.A1: ASID comes from TTBR1
    const hiWord = a1 ? r.ttbr1El1Hi : r.ttbr0El1Hi;
    const as16 = (r.tcrEl1Hi >>> 4) & 1; // TCR_EL1.AS (bit 36)
    void upper;
    return as16 ? hiWord >>> 16 : (hiWord >>> 16) & 0xff;
  }

  private setFault(stage: 1 | 2, fsc: number, ipa: number, s1ptw: boolean, access: Access): -1 {
    const f = this.fault;
    f.stage = stage;
    f.fsc = fsc;
    f.ipa = ipa;
    f.s1ptw = s1ptw;
    f.write = access === Access.Write;
    return -1;
  }

  // ---- stage 1 ------------------------------------------------------------------------------

  private w1Perms = P_ALL;
  private w1Level = 0;
  private w1Global = true;
  private w1Device = false;
  private w1Mair = 0;
  private w1Shareability = 0;

  private walkStage1(vaHi: number, vaLo: number, upper: boolean, access: Access): number {
    const r = this.regs;
    const tsz = upper ? (r.tcrEl1Lo >>> 16) & 0x3f : r.tcrEl1Lo & 0x3f;
    const epd = upper ? (r.tcrEl1Lo >>> 23) & 1 : (r.tcrEl1Lo >>> 7) & 1;
    const tg = upper ? (r.tcrEl1Lo >>> 30) & 3 : (r.tcrEl1Lo >>> 14) & 3;
    const granule4k = upper ? tg === 2 : tg === 0;
    if (epd || !granule4k || tsz < 16 || tsz > 39) return this.setFault(1, FSC.TRANSLATION + 0, 0, false, access);
    const inputBits = 64 - tsz;
    // The bits above the input size must all equal bit 55's side (0 for TTBR0, 1 for TTBR1).
    const topMask = inputBits >= 32 ? (0xffffffff << (inputBits - 32)) >>> 0 : 0xffffffff;
    if (upper ? (vaHi & topMask) >>> 0 !== topMask : (vaHi & topMask) !== 0) {
      return this.setFault(1, FSC.TRANSLATION + 0, 0, false, access);
    }
    // The VA's low `inputBits` bits index the tables.
    const vaIn = inputBits >= 32 ? ((vaHi & ~topMask) >>> 0) * TWO32 + vaLo : vaLo % POW2[inputBits];
    let level = inputBits > 39 ? 0 : inputBits > 30 ? 1 : 2;
    const ttbrLo = upper ? r.ttbr1El1Lo : r.ttbr0El1Lo;
    const ttbrHi = upper ? r.ttbr1El1Hi : r.ttbr0El1Hi;
    let table = (ttbrHi & 0xffff) * TWO32 + ((ttbrLo & ~0xfff) >>> 0);
    // Hierarchical permissions collected from table descriptors.
    let noEl0 = false,
      readOnly = false,
      pxn = false,
      uxn = false;
    for (;;) {
      const span = levelSize(level);
      // The root table is indexed by the remaining input bits, which may be fewer than 9.
      const idx = Math.floor(vaIn / span) % 512;
      const descPa = this.stage1TableAccess(table + idx * 8, access);
      if (descPa < 0) return -1;
      if (!this.bus.isRam(descPa, 8)) return this.setFault(1, FSC.EXTERNAL_WALK + level, 0, false, access);
      // Descriptors are 8-aligned: both halves sit in one page, found once.
      const view = this.bus.ram.page(descPa).view;
      const lo = view.getUint32(descPa & 0xfff, true);
      const hi = view.getUint32((descPa & 0xfff) + 4, true);
      if ((lo & DESC_VALID) === 0) return this.setFault(1, FSC.TRANSLATION + level, 0, false, access);
      const isTable = (lo & DESC_TABLE) !== 0;
      if (level < 3 && isTable) {
        noEl0 ||= (hi & S1_APTABLE0_HI) !== 0;
        readOnly ||= (hi & S1_APTABLE1_HI) !== 0;
        pxn ||= (hi & S1_PXNTABLE_HI) !== 0;
        uxn ||= (hi & S1_UXNTABLE_HI) !== 0;
        table = outputAddress(lo, hi);
        level++;
        continue;
      }
      // Blocks exist at levels 1 and 2 only with the 4 KiB granule; level 3 needs a page.
      if ((level === 3 && !isTable) || (level === 0 && !isTable)) return this.setFault(1, FSC.TRANSLATION + level, 0, false, access);
      if ((lo & DESC_AF) === 0) return this.setFault(1, FSC.ACCESS_FLAG + level, 0, false, access);
      const out = outputAddress(lo, hi);
      const base = out - (out % span);
      const ap0 = (lo & S1_AP_EL0) !== 0 && !noEl0;
      const ro = (lo & S1_AP_RO) !== 0 || readOnly;
      const wxn = (r.sctlrEl1 >>> 19) & 1;
      let perms = P_R1 | (ro ? 0 : P_W1);
      if (ap0) perms |= P_R0 | (ro ? 0 : P_W0);
      const el0Writable = ap0 && !ro;
      // EL1 never executes EL0-writable memory; WXN makes writable memory execute-never.
      // EL0 execution depends on UXN alone (AP[1] only governs data accesses).
      if (!((hi & S1_PXN_HI) !== 0 || pxn || el0Writable || (wxn && !ro))) perms |= P_X1;
      if (!((hi & S1_UXN_HI) !== 0 || uxn || (wxn && el0Writable))) perms |= P_X0;
      this.w1Perms = perms;
      this.w1Level = level;
      this.w1Global = (lo & S1_NG) === 0;
      const attr = (lo >>> 2) & 7; // AttrIndx
      const mairByte = attr < 4 ? (r.mairEl1Lo >>> (8 * attr)) & 0xff : (r.mairEl1Hi >>> (8 * (attr - 4))) & 0xff;
      this.w1Device = (mairByte & 0xf0) === 0;
      this.w1Mair = mairByte;
      this.w1Shareability = (lo >>> 8) & 3;
      return base + (vaIn % span);
    }
  }

  /** A stage-1 descriptor fetch: its address is an IPA, translated by stage 2 when on. */
  private stage1TableAccess(ipa: number, access: Access): number {
    if ((this.regs.hcrEl2Lo & 1) === 0) return ipa;
    return this.walkStage2(ipa, Access.Read, true, access);
  }

  // ---- stage 2 ------------------------------------------------------------------------------

  /** IPA → PA through VTTBR_EL2/VTCR_EL2; -1 with a stage-2 fault. `s1ptw` marks a walk of
   *  stage-1 tables (then `origin` is the access that caused the walk). */
  walkStage2(ipa: number, access: Access, s1ptw: boolean, origin: Access = access): number {
    const r = this.regs;
    const vtcr = r.vtcrEl2;
    const t0sz = vtcr & 0x3f;
    const sl0 = (vtcr >>> 6) & 3;
    const tg0 = (vtcr >>> 14) & 3;
    const reported = s1ptw ? origin : access;
    if (tg0 !== 0 || sl0 === 3) return this.setFault(2, FSC.TRANSLATION + 0, ipa, s1ptw, reported);
    const startLevel = 2 - sl0;
    const inputBits = 64 - t0sz;
    if (ipa >= POW2[inputBits]) return this.setFault(2, FSC.TRANSLATION + startLevel, ipa, s1ptw, reported);
    const baseLo = (r.vttbrEl2Lo & ~0xfff) >>> 0;
    const baseHi = r.vttbrEl2Hi & 0xffff;
    const ipaPage = Math.floor(ipa / 4096);
    const cache = this.s2Cache;
    if (cache.lookup(baseLo, baseHi, vtcr, ipaPage)) {
      this.s2Perms = cache.perms;
      this.s2Level = cache.level;
      if (s1ptw && (cache.perms & P_R1) === 0) return this.setFault(2, FSC.PERMISSION + cache.level, ipa, true, reported);
      return cache.paPage * 4096 + (ipa % 4096);
    }
    let table = baseHi * TWO32 + baseLo;
    let level = startLevel;
    for (;;) {
      const span = levelSize(level);
      // At the start level the index may run past 512: concatenated root tables.
      const idx = level === startLevel ? Math.floor(ipa / span) : levelIndex(ipa, level);
      const descPa = table + idx * 8;
      if (!this.bus.isRam(descPa, 8)) return this.setFault(2, FSC.EXTERNAL_WALK + level, ipa, s1ptw, reported);
      // Descriptors are 8-aligned: both halves sit in one page, found once.
      const view = this.bus.ram.page(descPa).view;
      const lo = view.getUint32(descPa & 0xfff, true);
      const hi = view.getUint32((descPa & 0xfff) + 4, true);
      if ((lo & DESC_VALID) === 0) return this.setFault(2, FSC.TRANSLATION + level, ipa, s1ptw, reported);
      const isTable = (lo & DESC_TABLE) !== 0;
      if (level < 3 && isTable) {
        table = outputAddress(lo, hi);
        level++;
        continue;
      }
      if ((level === 3 && !isTable) || level === 0) return this.setFault(2, FSC.TRANSLATION + level, ipa, s1ptw, reported);
      if ((lo & DESC_AF) === 0) return this.setFault(2, FSC.ACCESS_FLAG + level, ipa, s1ptw, reported);
      let perms = 0;
      if (lo & S2AP_READ) perms |= P_R0 | P_R1;
      if (lo & S2AP_WRITE) perms |= P_W0 | P_W1;
      if ((hi & S2_XN_HI) === 0) perms |= P_X0 | P_X1;
      this.s2Perms = perms;
      this.s2Level = level;
      const out = outputAddress(lo, hi);
      const pa = out - (out % span) + (ipa % span);
      cache.fill(ipaPage, Math.floor(pa / 4096), perms, level);
      if (s1ptw && (perms & P_R1) === 0) return this.setFault(2, FSC.PERMISSION + level, ipa, true, reported);
      return pa;
    }
  }

  // ---- maintenance -------------------------------------------------------------------------

  /** Drop every cached translation (all VMIDs, all ASIDs) and every cached stage-2 walk. */
  flushAll(): void {
    this.tlb.clear();
    this.s2Cache.clear();
  }

  /** Drop one VMID's translations (the hypervisor, after changing a VM's stage 2). */
  flushVmid(vmid: number): void {
    this.tlb.delete(vmid);
    this.s2Cache.clear();
  }

  /** Drop a VMID's translations whose IPA falls in [ipa, ipa+size). */
  flushIpaRange(vmid: number, ipa: number, size: number): void {
    this.s2Cache.clear(); // a few hundred slots: cheaper to drop than to sort out
    const space = this.tlb.get(vmid);
    if (space === undefined) return;
    for (const [k, e] of space) if (e.ipaPage + 4096 > ipa && e.ipaPage < ipa + size) space.delete(k);
  }

  private currentVmid(): number {
    return (this.regs.hcrEl2Lo & 1) !== 0 ? (this.regs.vttbrEl2Hi >>> 16) & 0xff : 0;
  }

  /** TLBI VMALLE1(IS): every stage-1 entry of the current VMID. */
  tlbiVmalle1(): void {
    this.tlb.delete(this.currentVmid());
  }

  /** TLBI VAE1/VALE1(IS): Xt holds VA[55:12] in bits [43:0] and the ASID in [63:48].
   *  Global entries for the VA go too (ARM ARM: VAE1 matches global entries). */
  tlbiVae1(xtHi: number, xtLo: number, byAsid: boolean): void {
    const space = this.tlb.get(this.currentVmid());
    if (space === undefined) return;
    const asid = xtHi >>> 16;
    // VA[55:12] → the page number our keys use; bit 55 decides the upper half's ones.
    const pageLo = xtLo >>> 0;
    const pageHi = xtHi & 0xfff; // VA bits [55:44]
    const upper = (pageHi & 0x800) !== 0;
    const vaHi = ((pageHi << 12) | (pageLo >>> 20) | (upper ? 0xff00_0000 : 0)) >>> 0;
    const key = vaHi * 1048576 + (pageLo & 0xfffff);
    const e = space.get(key);
    if (e !== undefined && (!byAsid || e.asid < 0 || e.asid === asid)) space.delete(key);
  }

  /** TLBI ASIDE1(IS): non-global entries of one ASID. */
  tlbiAside1(asid: number): void {
    const space = this.tlb.get(this.currentVmid());
    if (space === undefined) return;
    for (const [k, e] of space) if (e.asid === asid) space.delete(k);
  }

  /** Stage-2 walks cached (tests, statistics). The stage-1 TLBIs above leave them: TLBI
   *  VMALLE1/VAE1/ASIDE1 invalidate stage-1 information only (ARM ARM D8.13). */
  cachedStage2Walks(): number {
    return this.s2Cache.size();
  }

  /** Entries cached for a VMID (tests, statistics). */
  cachedEntries(vmid: number): number {
    return this.tlb.get(vmid)?.size ?? 0;
  }
}
