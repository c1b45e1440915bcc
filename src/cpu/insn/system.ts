// System instructions (ARM ARM C4.1.85 "Branches, Exception Generating and System"):
// exception generation (SVC/HVC/SMC/BRK/HLT), hints, barriers, PSTATE writes, SYS
// (DC/IC/TLBI/AT) and MRS/MSR through the system-register table.
import type { CoreContext } from "../core-context.ts";
import { insn, notImplemented, overlapGroup, type InsnEntry, type Op, type OverlapGroup } from "../decode-pattern.ts";
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

/** SVC: the preferred return is the next instruction. */
function svc(imm: number): Op {
  return (c) => {
    c.advancePc(4);
    c.raise(EC.SVC64, imm);
  };
}

function hvc(imm: number): Op {
  return (c) => {
    if (c.el === 0) c.undefinedInstruction();
    c.trapToEl2After(EC.HVC64, imm);
  };
}

/** SMC: trapped to EL2 by HCR_EL2.TSC, otherwise UNDEFINED (no EL3). */
function smc(imm: number): Op {
  return (c) => {
    if (c.el === 0 || (c.tregs.hcrEl2Lo & HCR_TSC) === 0) c.undefinedInstruction();
    c.trapToEl2(EC.SMC64, imm, 0, 0, 0, c.pcHi, c.pcLo);
  };
}

function brk(imm: number): Op {
  return (c) => c.raise(EC.BRK64, imm);
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

/** SEV and SEVL: single core, so both just set our own event register. */
function sendEvent(): Op {
  return (c) => {
    c.eventRegister = true;
  };
}

/** NOP, YIELD, the other hints, DMB, DSB, SB: no architectural effect on this core. */
function noEffect(): Op {
  return () => {};
}

function clrex(): Op {
  return (c) => {
    c.exclusivePa = -1;
  };
}

/** ISB: a context synchronisation point. */
function isb(): Op {
  return (c) => c.syncAfter();
}

function spsel(imm: number): Op {
  return (c) => {
    if (c.el === 0) c.undefinedInstruction();
    c.setElSp(c.el, imm & 1);
  };
}

/** MSR DAIFSet / DAIFClr: EL0 only with SCTLR_EL1.UMA; may unmask an interrupt. */
function daifWrite(imm: number, set: boolean): Op {
  return (c) => {
    if (c.el === 0 && ((c.tregs.sctlrEl1 >>> 9) & 1) === 0) c.undefinedInstruction();
    c.daif = set ? c.daif | imm : c.daif & ~imm;
    return c.syncAfter();
  };
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
    c.sys.set(SR.PAR_EL1, ((page % TWO32) | PAR_RES1 | PAR_NS | (mmu.atShareability << 7)) >>> 0, (Math.floor(page / TWO32) | (mmu.atMair << 24)) >>> 0);
  };
}

const PAR_RES1 = 1 << 11;
const PAR_NS = 1 << 9;

/** IC IALLU(IS)/IVAU, DC IVAC/ISW/CSW/CISW/CVAC/CVAU/CIVAC: the decoded-instruction cache
 *  follows every store, and there is no data cache to clean. `el0Ok`: the EL0-accessible
 *  forms (op1=3), permitted by SCTLR_EL1.UCI. */
function cacheMaintenance(el0Ok: boolean): Op {
  return (c) => {
    if (c.el === 0 && (!el0Ok || ((c.tregs.sctlrEl1 >>> 26) & 1) === 0)) c.undefinedInstruction();
  };
}

/** TLBI *E1(IS) (single core: the IS forms are the same). The core's front TLB holds no
 *  tags, so it is always dropped whole; the architectural TLB drops what was named. */
function tlbi(f: { readonly rt: number }, drop: (c: CoreContext, hi: number, lo: number) => void): Op {
  const t = rZr(f.rt);
  return (c) => {
    if (c.el === 0) c.undefinedInstruction();
    drop(c, c.x[t + 1], c.x[t]);
    c.flushSoftTlb();
  };
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

const HALTING =
  "halting debug is not implemented (no external debugger can enable it), so the instruction is UNDEFINED as when halting is not allowed (EDSCR.HDE = 0)";
const DEBUG_STATE = "UNDEFINED outside Debug state, and this core has no halting debug (never in Debug state)";
const TME = "FEAT_TME (transactional memory) is absent on the Cortex-A57-class ARMv8.0 core modelled here, so the instruction is UNDEFINED as on that CPU";
const FLAGM = "FEAT_FlagM/FEAT_FlagM2 are absent on the ARMv8.0 core modelled here (ID_AA64ISAR0_EL1.TS = 0), so the instruction is UNDEFINED as on that CPU";

/** Exception generation and SVC/HVC/SMC/BRK: they change the PC (or trap) by design. */
const EXCEPTION = { endsBlock: true, mayFault: true } as const;
/** Run-time checks (EL0 access, HCR_EL2 traps) may raise an exception. */
const CHECKED = { mayFault: true } as const;

const HINT_PREFIX = "11010101000000110010";
const BARRIER_PREFIX = "11010101000000110011";

const WFE = insn("WFE", `${HINT_PREFIX} 0000 010 11111`, { endsBlock: true, mayFault: true }, () => wfx(true));
const WFI = insn("WFI", `${HINT_PREFIX} 0000 011 11111`, { endsBlock: true, mayFault: true }, () => wfx(false));
const HINTS = [
  insn("NOP", `${HINT_PREFIX} 0000 000 11111`, {}, noEffect),
  insn("YIELD", `${HINT_PREFIX} 0000 001 11111`, {}, noEffect),
  WFE,
  WFI,
  insn("SEV", `${HINT_PREFIX} 0000 100 11111`, {}, sendEvent),
  insn("SEVL", `${HINT_PREFIX} 0000 101 11111`, {}, sendEvent),
];
/** Every other hint (ESB, PSB, CSDB, BTI, the PAC hints of FEAT_PAuth, DGH, ...) executes as
 *  a NOP on a core without the feature, which is what the ARM ARM requires of the hint space. */
const HINT = insn("HINT", `${HINT_PREFIX} CRm:4 op2:3 11111`, {}, noEffect);

const SSBB = insn("SSBB", `${BARRIER_PREFIX} 0000 100 11111`, {}, noEffect);
const PSSBB = insn("PSSBB", `${BARRIER_PREFIX} 0100 100 11111`, {}, noEffect);
const DSB = insn("DSB", `${BARRIER_PREFIX} CRm:4 100 11111`, {}, noEffect);
const BARRIERS = [
  insn("CLREX", `${BARRIER_PREFIX} CRm:4 010 11111`, {}, clrex),
  SSBB,
  PSSBB,
  DSB,
  insn("DMB", `${BARRIER_PREFIX} CRm:4 101 11111`, {}, noEffect),
  insn("ISB", `${BARRIER_PREFIX} CRm:4 110 11111`, { endsBlock: true }, isb),
  // QEMU's cortex-a57 has no FEAT_SB (ID_AA64ISAR1_EL1.SB = 0) and makes SB UNDEFINED.
  notImplemented(
    "SB",
    `${BARRIER_PREFIX} CRm:4 111 11111`,
    { feature: "FEAT_SB" },
    "FEAT_SB (ARMv8.5) is absent on the Cortex-A57 the core models: UNDEFINED there too",
  ),
  notImplemented("TCOMMIT", `${BARRIER_PREFIX} 0000 011 11111`, { feature: "FEAT_TME" }, TME),
];

const SPSEL = insn({ name: "MSR (immediate)", encoding: "SPSel" }, "1101010100000 000 0100 CRm:4 101 11111", CHECKED, (f) => spsel(f.CRm));
const DAIFSET = insn({ name: "MSR (immediate)", encoding: "DAIFSet" }, "1101010100000 011 0100 CRm:4 110 11111", { endsBlock: true, mayFault: true }, (f) =>
  daifWrite(f.CRm, true),
);
const DAIFCLR = insn({ name: "MSR (immediate)", encoding: "DAIFClr" }, "1101010100000 011 0100 CRm:4 111 11111", { endsBlock: true, mayFault: true }, (f) =>
  daifWrite(f.CRm, false),
);
const CFINV = notImplemented("CFINV", "1101010100000 000 0100 0000 000 11111", { feature: "FEAT_FlagM", writesFlags: true }, FLAGM);
const XAFLAG = notImplemented("XAFLAG", "1101010100000 000 0100 0000 001 11111", { feature: "FEAT_FlagM2", readsFlags: true, writesFlags: true }, FLAGM);
const AXFLAG = notImplemented("AXFLAG", "1101010100000 000 0100 0000 010 11111", { feature: "FEAT_FlagM2", readsFlags: true, writesFlags: true }, FLAGM);
const MSR_IMMEDIATE_OTHER = notImplemented(
  { name: "MSR (immediate)", encoding: "other PSTATE fields" },
  "1101010100000 op1:3 0100 CRm:4 op2:3 11111",
  {},
  "PSTATE fields of features absent on the ARMv8.0 core modelled here (PAN, UAO, DIT, SSBS, TCO, ALLINT, SVCR...; ID_AA64MMFR1/2_EL1 advertise none): UNDEFINED as on that CPU",
);

/** op0 = 0 outside the hint, barrier and PSTATE encodings is unallocated; disassemblers show it
 *  as MRS/MSR of a register S0_<op1>_<Cn>_<Cm>_<op2>. */
const OP0_ZERO = "op0 = 0 names no system register: the encoding is unallocated, so UNDEFINED";
const MSR_OP0_ZERO = notImplemented({ name: "MSR (register)", encoding: "op0 = 0, unallocated" }, "1101010100 0 00 op1:3 CRn:4 CRm:4 op2:3 rt:5", {}, OP0_ZERO);

const SYS_PREFIX = "1101010100 0 01";
/** The SYS operations the core implements: (name, op1 CRn CRm op2 bits, builder). */
const DC_ZVA = insn({ name: "DC", encoding: "ZVA" }, `${SYS_PREFIX} 011 0111 0100 001 rt:5`, CHECKED, (f) => dcZva(f.rt));
const AT = insn({ name: "AT", encoding: "S1E1R, S1E1W, S1E0R, S1E0W" }, `${SYS_PREFIX} 000 0111 1000 0 e0:1 w:1 rt:5`, CHECKED, (f) =>
  addressTranslate(f.rt, f.e0 === 1 ? 0 : 1, f.w === 1),
);
/** Cache maintenance by (op1, CRm, op2), CRn = 7; the op1 = 3 forms may be allowed at EL0. */
const CACHE_MAINTENANCE: InsnEntry[] = [
  ["IC", "IALLUIS", "000 0111 0001 000"],
  ["IC", "IALLU", "000 0111 0101 000"],
  ["IC", "IVAU", "011 0111 0101 001"],
  ["DC", "IVAC", "000 0111 0110 001"],
  ["DC", "ISW", "000 0111 0110 010"],
  ["DC", "CSW", "000 0111 1010 010"],
  ["DC", "CISW", "000 0111 1110 010"],
  ["DC", "CVAC", "011 0111 1010 001"],
  ["DC", "CVAU", "011 0111 1011 001"],
  ["DC", "CIVAC", "011 0111 1110 001"],
].map(([name, encoding, bits]) => insn({ name, encoding }, `${SYS_PREFIX} ${bits} rt:5`, CHECKED, () => cacheMaintenance(bits.startsWith("011"))));
/** TLBI <op>E1 and <op>E1IS: CRm = 0b0111 and 0b0011 (Inner Shareable) differ only in bit 2. */
const TLBIS: InsnEntry[] = [
  insn({ name: "TLBI", encoding: "VMALLE1, VMALLE1IS" }, `${SYS_PREFIX} 000 1000 0 nsh:1 11 000 rt:5`, CHECKED, (f) => tlbi(f, (c) => c.mmu.tlbiVmalle1())),
  insn({ name: "TLBI", encoding: "VAE1, VAE1IS" }, `${SYS_PREFIX} 000 1000 0 nsh:1 11 001 rt:5`, CHECKED, (f) =>
    tlbi(f, (c, hi, lo) => c.mmu.tlbiVae1(hi, lo, true)),
  ),
  insn({ name: "TLBI", encoding: "ASIDE1, ASIDE1IS" }, `${SYS_PREFIX} 000 1000 0 nsh:1 11 010 rt:5`, CHECKED, (f) =>
    tlbi(f, (c, hi) => c.mmu.tlbiAside1(hi >>> 16)),
  ),
  insn({ name: "TLBI", encoding: "VAAE1, VAAE1IS" }, `${SYS_PREFIX} 000 1000 0 nsh:1 11 011 rt:5`, CHECKED, (f) =>
    tlbi(f, (c, hi, lo) => c.mmu.tlbiVae1(hi, lo, false)),
  ),
  insn({ name: "TLBI", encoding: "VALE1, VALE1IS" }, `${SYS_PREFIX} 000 1000 0 nsh:1 11 101 rt:5`, CHECKED, (f) =>
    tlbi(f, (c, hi, lo) => c.mmu.tlbiVae1(hi, lo, true)),
  ),
  insn({ name: "TLBI", encoding: "VAALE1, VAALE1IS" }, `${SYS_PREFIX} 000 1000 0 nsh:1 11 111 rt:5`, CHECKED, (f) =>
    tlbi(f, (c, hi, lo) => c.mmu.tlbiVae1(hi, lo, false)),
  ),
];
const SYS_OTHER = notImplemented(
  "SYS",
  `${SYS_PREFIX} op1:3 CRn:4 CRm:4 op2:3 rt:5`,
  {},
  "SYS operations other than the ARMv8.0 EL0/EL1 DC/IC/AT/TLBI ones: the EL2 forms (AT S1E2*, AT S12E*, TLBI *E2, IPAS2*), operations of absent features (DC CVAP/CVADP, the FEAT_MTE DC G*, CFP/DVP/CPP RCTX, TLBI ranges and outer-shareable forms) and the IMPLEMENTATION DEFINED space: UNDEFINED, as on a Cortex-A57-class core at EL1",
);

// MRS/MSR decline the system registers the core does not implement (src/cpu/insn/sysreg-table.ts),
// reads of write-only and writes of read-only ones: UNDEFINED, as on a core without them.
const SYSREG_DECLINES =
  "MRS/MSR of a system register the core does not implement (not in sysreg-table.ts), a write to a read-only one or a read of a write-only one: UNDEFINED, as on a core without it";

/** The op0 = 0 space, most specific first (the order its overlap group gives it). */
const OP0_ZERO_SPACE = [...HINTS, HINT, ...BARRIERS, SPSEL, DAIFSET, DAIFCLR, CFINV, XAFLAG, AXFLAG, MSR_IMMEDIATE_OTHER, MSR_OP0_ZERO];
/** The SYS space: the operations the core implements, then the rest. */
const SYS_SPACE = [DC_ZVA, AT, ...CACHE_MAINTENANCE, ...TLBIS, SYS_OTHER];

export const INSNS: InsnEntry[] = [
  // Exception generation
  insn("SVC", "11010100 000 imm16:16 000 01", EXCEPTION, (f) => svc(f.imm16)),
  insn("HVC", "11010100 000 imm16:16 000 10", EXCEPTION, (f) => hvc(f.imm16)),
  insn("SMC", "11010100 000 imm16:16 000 11", EXCEPTION, (f) => smc(f.imm16)),
  insn("BRK", "11010100 001 imm16:16 000 00", EXCEPTION, (f) => brk(f.imm16)),
  notImplemented("HLT", "11010100 010 imm16:16 000 00", {}, HALTING),
  notImplemented("TCANCEL", "11010100 011 imm16:16 000 00", { feature: "FEAT_TME" }, TME),
  notImplemented("DCPS1", "11010100 101 imm16:16 000 01", {}, DEBUG_STATE),
  notImplemented("DCPS2", "11010100 101 imm16:16 000 10", {}, DEBUG_STATE),
  notImplemented("DCPS3", "11010100 101 imm16:16 000 11", {}, DEBUG_STATE),
  // Hints, barriers, PSTATE (op0 = 0)
  ...OP0_ZERO_SPACE,
  notImplemented({ name: "MRS", encoding: "op0 = 0, unallocated" }, "1101010100 1 00 op1:3 CRn:4 CRm:4 op2:3 rt:5", {}, OP0_ZERO),
  // System instructions
  ...SYS_SPACE,
  notImplemented("SYSL", "1101010100 1 01 op1:3 CRn:4 CRm:4 op2:3 rt:5", {}, "no SYSL operation is defined for EL0/EL1 on an ARMv8.0 core: UNDEFINED"),
  // System register moves
  insn("MRS", "1101010100 1 1 o0:1 op1:3 CRn:4 CRm:4 op2:3 rt:5", { mayFault: true, readsCounter: true, readsFlags: true, declines: SYSREG_DECLINES }, (f) =>
    moveSysreg({ ...f, L: 1 }),
  ),
  insn(
    "MSR (register)",
    "1101010100 0 1 o0:1 op1:3 CRn:4 CRm:4 op2:3 rt:5",
    { endsBlock: true, mayFault: true, writesFlags: true, declines: SYSREG_DECLINES },
    (f) => moveSysreg({ ...f, L: 0 }),
  ),
];

export const OVERLAPS: OverlapGroup[] = [
  // One group for the op0 = 0 space, as the catch-all of unallocated encodings overlaps all.
  overlapGroup(
    "op0 = 0: the allocated hints before the rest of the hint space (which executes as NOP); SSBB and PSSBB (DSB with CRm 0000, 0100) before DSB; " +
      "the PSTATE fields the core implements and the flag-manipulation instructions before the fields of absent features; all of them before the unallocated rest",
    ...OP0_ZERO_SPACE,
  ),
  overlapGroup("the SYS operations the core implements, before the rest of the SYS space", ...SYS_SPACE),
];
