// ESR_ELx in words (ARM ARM D17.2.37, ESR_EL1/ESR_EL2 field descriptions): the exception
// class, and for the classes people meet when a guest dies, the fields of its ISS. One table
// for the hypervisor's death report and for traces; pure data, no BigInt. The fields come
// from the syndrome's one definition (src/arch/syndrome.ts).
import { EC, FSC, decodeDataAbortIss, decodeSysregIss, esrEc, esrIss, issFsc, issImmediate, wfxIsWfe } from "../arch/syndrome.ts";

/** EC values and what they mean. "same"/"lower" EL wording is filled in by describeEc. */
const EC_NAMES: Record<number, string> = {
  0x00: "unknown reason (e.g. an undefined instruction)",
  0x01: "trapped WFI/WFE",
  0x03: "trapped AArch32 MCR/MRC (coproc 0b1111)",
  0x04: "trapped AArch32 MCRR/MRRC (coproc 0b1111)",
  0x05: "trapped AArch32 MCR/MRC (coproc 0b1110)",
  0x06: "trapped AArch32 LDC/STC",
  0x07: "SVE, Advanced SIMD or floating-point access trapped",
  0x0a: "trapped LD64B/ST64B",
  0x0c: "trapped AArch32 MRRC (coproc 0b1110)",
  0x0d: "branch target exception",
  0x0e: "illegal execution state",
  0x11: "SVC from AArch32",
  0x12: "HVC from AArch32",
  0x13: "SMC from AArch32",
  0x15: "SVC",
  0x16: "HVC",
  0x17: "SMC",
  0x18: "trapped MSR, MRS or system instruction",
  0x19: "SVE access trapped",
  0x1a: "trapped ERET",
  0x1c: "pointer authentication failure",
  0x1d: "SME access trapped",
  0x1f: "implementation defined exception to EL3",
  0x20: "instruction abort",
  0x21: "instruction abort",
  0x22: "PC alignment fault",
  0x24: "data abort",
  0x25: "data abort",
  0x26: "SP alignment fault",
  0x27: "memory operation exception",
  0x28: "trapped AArch32 floating-point exception",
  0x2c: "trapped floating-point exception",
  0x2f: "SError interrupt",
  0x30: "breakpoint",
  0x31: "breakpoint",
  0x32: "software step",
  0x33: "software step",
  0x34: "watchpoint",
  0x35: "watchpoint",
  0x38: "AArch32 BKPT",
  0x3a: "AArch32 vector catch",
  0x3c: "BRK",
};

/** Pairs of ECs told apart only by where the exception came from: the lower one is "from a
 *  lower EL", the upper one "without a change in EL". */
const FROM_LOWER = new Set<number>([EC.IABT_LOWER, EC.DABT_LOWER, 0x30, 0x32, 0x34]);
const FROM_SAME = new Set<number>([EC.IABT_SAME, EC.DABT_SAME, 0x31, 0x33, 0x35]);

/** DFSC/IFSC (ISS[5:0]) for the VMSAv8-64 translation regime. */
const FAULT_STATUS: Record<number, string> = {
  [FSC.EXTERNAL]: "synchronous external abort, not on a table walk",
  0x11: "synchronous tag check fault",
  0x13: "synchronous external abort on a table walk level -1",
  0x18: "synchronous parity or ECC error, not on a table walk",
  0x1b: "synchronous parity or ECC error on a table walk level -1",
  [FSC.ALIGNMENT]: "alignment fault",
  0x22: "debug exception",
  0x23: "granule protection fault on a table walk level -1",
  0x28: "granule protection fault, not on a table walk",
  0x29: "address size fault level -1",
  0x2b: "translation fault level -1",
  0x30: "TLB conflict abort",
  0x31: "unsupported atomic hardware update fault",
  0x34: "implementation defined fault (lockdown)",
  0x35: "implementation defined fault (unsupported exclusive or atomic access)",
};
const BY_LEVEL: [number, string][] = [
  [FSC.ADDRESS_SIZE, "address size fault"],
  [FSC.TRANSLATION, "translation fault"],
  [FSC.ACCESS_FLAG, "access flag fault"],
  [FSC.PERMISSION, "permission fault"],
  [FSC.EXTERNAL_WALK, "synchronous external abort on a table walk"],
  [FSC.PARITY_WALK, "synchronous parity or ECC error on a table walk"],
  [FSC.GRANULE_PROTECTION_WALK, "granule protection fault on a table walk"],
];
for (const [base, name] of BY_LEVEL) for (let l = 0; l < 4; l++) FAULT_STATUS[base + l] = `${name} level ${l}`;

const hex2 = (v: number) => `0x${v.toString(16).padStart(2, "0")}`;

/** A fault status code (DFSC/IFSC) in words. */
export function faultStatusName(fsc: number): string {
  return FAULT_STATUS[issFsc(fsc)] ?? "reserved fault status";
}

/**
 * An exception class in words. `takenTo` is the EL whose ESR holds it (1 for ESR_EL1, 2 for
 * ESR_EL2): it turns "from a lower EL" into "from EL0" or "from EL0/EL1".
 */
export function describeEc(ec: number, takenTo?: 1 | 2): string {
  const name = EC_NAMES[ec] ?? "reserved exception class";
  if (FROM_LOWER.has(ec)) return `${name} from ${takenTo === 1 ? "EL0" : takenTo === 2 ? "EL0/EL1" : "a lower EL"}`;
  if (FROM_SAME.has(ec)) return `${name} from ${takenTo === undefined ? "the same EL" : `EL${takenTo}`}`;
  if (ec === EC.SVC64 || ec === EC.HVC64 || ec === EC.SMC64) return `${name} from AArch64`;
  return name;
}

/** The ISS of an instruction or data abort (EC 0x20/0x21/0x24/0x25). */
function describeAbort(ec: number, iss: number): string {
  const data = ec === EC.DABT_LOWER || ec === EC.DABT_SAME;
  // An instruction abort's IFSC, S1PTW and FnV sit where a data abort's fields do.
  const d = decodeDataAbortIss(iss);
  const parts = [`${data ? "DFSC" : "IFSC"} ${hex2(d.fsc)} ${faultStatusName(d.fsc)}`];
  if (data) {
    parts.push(d.cacheMaintenance ? "cache maintenance" : d.write ? "write" : "read");
    if (d.isv) parts.push(`${d.size} bytes, ${d.sixtyFour ? "x" : "w"}${d.reg}`);
  }
  if (d.s1ptw) parts.push("on a stage-1 table walk");
  if (d.farNotValid) parts.push("FAR not valid");
  return parts.join(", ");
}

/** The ISS of a trapped MSR/MRS/system instruction (EC 0x18) as the instruction's operands. */
function describeSysreg(iss: number): string {
  const { op0, op1, crn, crm, op2, rt, read } = decodeSysregIss(iss);
  const reg = `S${op0}_${op1}_C${crn}_C${crm}_${op2}`;
  const x = rt === 31 ? "xzr" : `x${rt}`;
  return read ? `mrs ${x}, ${reg}` : `msr ${reg}, ${x}`;
}

/**
 * A whole syndrome in one line, e.g.
 * `EC 0x25 data abort from EL1, DFSC 0x04 translation fault level 0, write`.
 */
export function describeEsr(esr: number, takenTo?: 1 | 2): string {
  const ec = esrEc(esr);
  const iss = esrIss(esr);
  const head = `EC ${hex2(ec)} ${describeEc(ec, takenTo)}`;
  switch (ec) {
    case EC.IABT_LOWER:
    case EC.IABT_SAME:
    case EC.DABT_LOWER:
    case EC.DABT_SAME:
      return `${head}, ${describeAbort(ec, iss)}`;
    case EC.SVC64:
    case EC.HVC64:
    case EC.SMC64:
    case EC.BRK64:
      return `${head}, #${issImmediate(iss)}`;
    case EC.SYSREG:
      return `${head}, ${describeSysreg(iss)}`;
    case EC.WFX:
      return `${head}, ${wfxIsWfe(iss) ? "WFE" : "WFI"}`;
    default:
      return iss === 0 ? head : `${head}, ISS ${`0x${iss.toString(16)}`}`;
  }
}

/** The 16 entries of an AArch64 vector table (VBAR_ELx + offset), in words. */
const VECTOR_SOURCES = ["the current EL with SP_EL0", "the current EL with SP_ELx", "a lower EL using AArch64", "a lower EL using AArch32"];
const VECTOR_KINDS = ["synchronous exception", "IRQ", "FIQ", "SError"];

/** What the vector table entry at `offset` from VBAR is for, or null if `offset` is not the
 *  start of one of the 16 entries. */
export function vectorEntryName(offset: number): string | null {
  if (offset < 0 || offset >= 0x800 || offset % 0x80 !== 0) return null;
  return `${VECTOR_KINDS[(offset >> 7) & 3]} from ${VECTOR_SOURCES[offset >> 9]}`;
}
