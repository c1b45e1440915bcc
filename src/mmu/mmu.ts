// Address translation for one CPU: stage 1 (EL1&0) then stage 2 (when HCR_EL2.VM=1).
// PLACEHOLDER WALKS: this version only implements the MMU-off flat mapping for both stages;
// the real VMSAv8-64 walkers and the TLB replace translate() (issue 3).
import type { Bus } from "./bus.ts";
import type { TranslationRegs } from "./translation-regs.ts";
import { Access, newFault, type TranslationFault, type TranslationInfo } from "./translation.ts";

const TWO32 = 4294967296;

export class Mmu {
  readonly fault: TranslationFault = newFault();
  readonly info: TranslationInfo = { device: false };

  constructor(
    readonly bus: Bus,
    readonly regs: TranslationRegs,
  ) {}

  /** VA (hi:lo) → PA, or -1 with `this.fault` describing the fault. `el` is the
   *  privilege the access is checked at (0 for EL0 and for LDTR/STTR). */
  translate(vaHi: number, vaLo: number, access: Access, el: number): number {
    void el;
    this.info.device = false;
    if ((this.regs.sctlrEl1 & 1) !== 0) throw new Error("stage-1 translation not implemented yet");
    if (vaHi >>> 16 !== 0) return this.addressSizeFault(access);
    const ipa = vaHi * TWO32 + vaLo;
    if ((this.regs.hcrEl2Lo & 1) !== 0) throw new Error("stage-2 translation not implemented yet");
    return ipa;
  }

  private addressSizeFault(access: Access): number {
    const f = this.fault;
    f.stage = 1;
    f.fsc = 0b000000;
    f.ipa = 0;
    f.s1ptw = false;
    f.write = access === Access.Write;
    return -1;
  }

  /** Drop every cached translation (all VMIDs, all ASIDs). */
  flushAll(): void {}
}
