// System instructions (ARM ARM C4.1.85 "Branches, Exception Generating and System"):
// exception generation (SVC/HVC/SMC/BRK/HLT), hints, barriers, PSTATE writes, SYS
// (DC/IC/TLBI/AT) and MRS/MSR through the system-register table.
import type { CoreContext } from "../core-context.ts";
import { pattern, type Op, type Pattern } from "../decode-pattern.ts";
import { rZr, wZr } from "../register-file.ts";
import { EC, ISS_CM, ISS_S1PTW, ISS_WNR, hpfarFromIpa, wfxIss } from "../../arch/syndrome.ts";
import { SR } from "../system-registers.ts";
import { Access } from "../../mmu/translation.ts";
import { T } from "./alu.ts";
import { DC_ZVA_BYTES } from "./id-registers.ts";
import { lookupSysreg } from "./sysreg-table.ts";
import { TWO32 } from "../../arch/numbers.ts";

type F = Record<string, number>;

const HCR_TWI = 1 << 13;
const HCR_TWE = 1 << 14;
const HCR_TSC = 1 << 19;

// ---- exception generation ------------------------------------------------------------------

function exceptionGen(f: F): Op | null {
  const imm = f.imm16;
  if (f.op2 !== 0) return null;
  switch ((f.opc << 2) | f.LL) {
    case 0b00001: // SVC: preferred return is the next instruction
      return (c) => {
        c.advancePc(4);
        c.raise(EC.SVC64, imm);
      };
    case 0b00010: // HVC
      return (c) => {
        if (c.el === 0) c.undefinedInstruction();
        c.trapToEl2After(EC.HVC64, imm);
      };
    case 0b00011: // SMC: trapped to EL2 by HCR_EL2.TSC, otherwise UNDEFINED (no EL3)
      return (c) => {
        if (c.el === 0 || (c.tregs.hcrEl2Lo & HCR_TSC) === 0) c.undefinedInstruction();
        c.trapToEl2(EC.SMC64, imm, 0, 0, 0, c.pcHi, c.pcLo);
      };
    case 0b00100: // BRK
      return (c) => c.raise(EC.BRK64, imm);
    default: // HLT (halting debug off), DCPS*: UNDEFINED
      return null;
  }
}

// ---- hints, barriers, PSTATE ---------------------------------------------------------------

function wfx(isWfe: boolean): Op {
  const iss = wfxIss(isWfe);
  return (c) => {
    if (isWfe && c.eventRegister) {
      c.eventRegister = false;
      return;
    }
    if (c.el < 2 && (c.tregs.hcrEl2Lo & (isWfe ? HCR_TWE : HCR_TWI)) !== 0) {
      c.trapToEl2(EC.WFX, iss, 0, 0, 0, c.pcHi, c.pcLo);
    }
    return c.waitForInterrupt();
  };
}

function hint(f: F): Op | null {
  switch ((f.CRm << 3) | f.op2) {
    case 2:
      return wfx(true);
    case 3:
      return wfx(false);
    case 4: // SEV
    case 5: // SEVL: single core, so both just set our own event register
      return (c) => {
        c.eventRegister = true;
      };
    default: // NOP, YIELD, ESB, PSB, CSDB, BTI, the PAC hints …: no architectural effect here
      return () => {};
  }
}

function barrier(f: F): Op | null {
  switch (f.op2) {
    case 2: // CLREX
      return (c) => {
        c.exclusivePa = -1;
      };
    case 4: // DSB (incl. SSBB/PSSBB encodings)
    case 5: // DMB
    case 7: // SB
      return () => {};
    case 6: // ISB: a context synchronisation point
      return (c) => c.syncAfter();
    default:
      return null;
  }
}

function pstateWrite(f: F): Op | null {
  const imm = f.CRm;
  const field = (f.op1 << 3) | f.op2;
  switch (field) {
    case 0b000_101: // SPSel
      return (c) => {
        if (c.el === 0) c.undefinedInstruction();
        c.setElSp(c.el, imm & 1);
      };
    case 0b011_110: // DAIFSet
    case 0b011_111: // DAIFClr
      return (c) => {
        if (c.el === 0 && ((c.tregs.sctlrEl1 >>> 9) & 1) === 0) c.undefinedInstruction();
        c.daif = field === 0b011_110 ? c.daif | imm : c.daif & ~imm;
        return c.syncAfter();
      };
    case 0b000_011: // UAO
    case 0b000_100: // PAN: features we do not advertise (ID_AA64MMFR1/2 = 0)
    default:
      return null;
  }
}

// ---- SYS: cache, TLB and address translation maintenance ------------------------------

function dcZva(rt: number): Op {
  const t = rZr(rt);
  return (c) => {
    if (c.el === 0 && ((c.tregs.sctlrEl1 >>> 14) & 1) === 0) c.undefinedInstruction(); // SCTLR_EL1.DZE
    const lo = (c.x[t] & ~(DC_ZVA_BYTES - 1)) >>> 0;
    const hi = c.x[t + 1];
    const pa = c.translateData(hi, lo, Access.Write, 0, 1);
    const page = c.ramPageFor(pa, hi, lo, true);
    const off = pa & 0xfff;
    page.bytes.fill(0, off, off + DC_ZVA_BYTES);
    page.invalidateCode(off, DC_ZVA_BYTES);
  };
}

/** AT S1E{0,1}{R,W}: stage 1 only, reported in PAR_EL1 as QEMU 7.2 does: success: the IPA,
 *  NS (bit 9), SH (8:7), the MAIR byte (63:56) and RES1 bit 11; failure: F=1 and FST. A
 *  stage-2 fault on the stage-1 walk is not reported in PAR but taken to EL2 (S1PTW, CM). */
function addressTranslate(rt: number, el: number, write: boolean): Op {
  const t = rZr(rt);
  return (c) => {
    if (c.el === 0) c.undefinedInstruction();
    const mmu = c.mmu;
    const ipa = mmu.translateStage1(c.x[t + 1], c.x[t], write ? Access.Write : Access.Read, el);
    if (ipa < 0) {
      const f = mmu.fault;
      if (f.stage === 2) c.trapToEl2(EC.DABT_LOWER, ISS_CM | ISS_S1PTW | ISS_WNR | f.fsc, c.x[t + 1], c.x[t], hpfarFromIpa(f.ipa), c.pcHi, c.pcLo);
      c.sys.set(SR.PAR_EL1, PAR_RES1 | (f.fsc << 1) | 1, 0);
      return;
    }
    const page = ipa - (ipa % 4096);
    c.sys.set(SR.PAR_EL1, (page % TWO32 | PAR_RES1 | PAR_NS | (mmu.atShareability << 7)) >>> 0, (Math.floor(page / TWO32) | (mmu.atMair << 24)) >>> 0);
  };
}

const PAR_RES1 = 1 << 11;
const PAR_NS = 1 << 9;

/** (op1, CRm, op2) of the ARMv8.0 cache maintenance instructions (CRn=7), DC ZVA aside. */
const CACHE_MAINTENANCE = new Set(
  [
    [0, 1, 0], // IC IALLUIS
    [0, 5, 0], // IC IALLU
    [3, 5, 1], // IC IVAU
    [0, 6, 1], // DC IVAC
    [0, 6, 2], // DC ISW
    [0, 10, 2], // DC CSW
    [0, 14, 2], // DC CISW
    [3, 10, 1], // DC CVAC
    [3, 11, 1], // DC CVAU
    [3, 14, 1], // DC CIVAC
  ].map(([op1, crm, op2]) => (op1 << 7) | (crm << 3) | op2),
);

function sys(f: F): Op | null {
  if (f.L === 1) return null; // SYSL: nothing defined at EL0/EL1
  const { op1, CRn, CRm, op2, rt } = f;
  if (CRn === 7) {
    if (op1 === 3 && CRm === 4 && op2 === 1) return dcZva(rt);
    if (op1 === 0 && CRm === 8 && op2 <= 3) return addressTranslate(rt, op2 >= 2 ? 0 : 1, (op2 & 1) === 1);
    // IC IALLU(IS)/IVAU, DC IVAC/ISW/CSW/CISW/CVAC/CVAU/CIVAC: the decoded-instruction cache
    // follows every store, and there is no data cache to clean. Any other CRn=7 encoding
    // is UNDEFINED at EL1, notably the EL2 forms AT S1E2R/W and AT S12E{0,1}{R,W} (op1=4).
    if (!CACHE_MAINTENANCE.has((op1 << 7) | (CRm << 3) | op2)) return null;
    const el0Ok = op1 === 3; // the EL0-accessible forms (permitted by SCTLR_EL1.UCI)
    return (c) => {
      if (c.el === 0 && (!el0Ok || ((c.tregs.sctlrEl1 >>> 26) & 1) === 0)) c.undefinedInstruction();
    };
  }
  if (CRn === 8 && op1 === 0 && (CRm === 3 || CRm === 7)) {
    // TLBI *E1(IS) (single core: the IS forms are the same). The core's front TLB holds no
    // tags, so it is always dropped whole; the architectural TLB drops what was named.
    const t = rZr(rt);
    const drop = (c: CoreContext, f: () => void) => {
      if (c.el === 0) c.undefinedInstruction();
      f();
      c.flushSoftTlb();
    };
    switch (op2) {
      case 0: return (c) => drop(c, () => c.mmu.tlbiVmalle1());
      case 1: // VAE1
      case 5: // VALE1
        return (c) => drop(c, () => c.mmu.tlbiVae1(c.x[t + 1], c.x[t], true));
      case 2: return (c) => drop(c, () => c.mmu.tlbiAside1(c.x[t + 1] >>> 16));
      case 3: // VAAE1
      case 7: // VAALE1
        return (c) => drop(c, () => c.mmu.tlbiVae1(c.x[t + 1], c.x[t], false));
      default:
        return null;
    }
  }
  return null;
}

// ---- MRS / MSR ------------------------------------------------------------------------------

function moveSysreg(f: F): Op | null {
  const op0 = 2 | f.o0;
  const a = lookupSysreg(op0, f.op1, f.CRn, f.CRm, f.op2);
  if (a === undefined) return null;
  const allowedAt0 = (c: CoreContext) => a.el0 === true && (a.el0Allowed === undefined || a.el0Allowed(c));
  if (f.L === 1) {
    const read = a.read;
    if (read === undefined) return null;
    const t = wZr(f.rt);
    return (c) => {
      if (c.el === 0 && !allowedAt0(c)) c.undefinedInstruction();
      read(c);
      c.x[t] = T[0];
      c.x[t + 1] = T[1];
    };
  }
  const write = a.write;
  if (write === undefined) return null;
  const t = rZr(f.rt);
  return (c) => {
    if (c.el === 0 && !allowedAt0(c)) c.undefinedInstruction();
    write(c, c.x[t], c.x[t + 1]);
    // Writes that can unmask an interrupt or change translation end the block.
    return c.syncAfter();
  };
}

export const PATTERNS: Pattern[] = [
  pattern("Exception generation", "11010100 opc:3 imm16:16 op2:3 LL:2", exceptionGen),
  pattern("Hints", "11010101000000110010 CRm:4 op2:3 11111", hint),
  pattern("Barriers", "11010101000000110011 CRm:4 op2:3 11111", barrier),
  pattern("MSR (immediate)", "1101010100000 op1:3 0100 CRm:4 op2:3 11111", pstateWrite),
  pattern("SYS/SYSL", "1101010100 L:1 01 op1:3 CRn:4 CRm:4 op2:3 rt:5", sys),
  pattern("MRS/MSR (register)", "1101010100 L:1 1 o0:1 op1:3 CRn:4 CRm:4 op2:3 rt:5", moveSysreg),
];
