// PSCI (ARM DEN 0022) as the hypervisor answers it for a guest: function ids in x0,
// arguments in x1–x3, the result back in x0.

export const PSCI_FN = {
  VERSION: 0x8400_0000,
  CPU_SUSPEND: 0x8400_0001,
  CPU_SUSPEND64: 0xc400_0001,
  CPU_OFF: 0x8400_0002,
  CPU_ON: 0x8400_0003,
  CPU_ON64: 0xc400_0003,
  AFFINITY_INFO: 0x8400_0004,
  AFFINITY_INFO64: 0xc400_0004,
  MIGRATE_INFO_TYPE: 0x8400_0006,
  SYSTEM_OFF: 0x8400_0008,
  SYSTEM_RESET: 0x8400_0009,
  FEATURES: 0x8400_000a,
} as const;

export const PSCI_RET = {
  SUCCESS: 0,
  NOT_SUPPORTED: -1,
  INVALID_PARAMETERS: -2,
  DENIED: -3,
  ALREADY_ON: -4,
  INVALID_ADDRESS: -9,
} as const;

/** PSCI 1.0: the version our DTB's psci node and our answers describe. */
export const PSCI_VERSION_1_0 = 0x0001_0000;
/** MIGRATE_INFO_TYPE: no Trusted OS, nothing to migrate. */
const TOS_NOT_PRESENT = 2;

const SUPPORTED = new Set<number>(Object.values(PSCI_FN));

/** Is this x0 a PSCI function id (SMC32/SMC64 standard-service range 0x00–0x1F)? */
export function isPsciFunction(x0: bigint): boolean {
  const v = Number(x0 & 0xffff_ffffn);
  return x0 >> 32n === 0n && ((v >= 0x8400_0000 && v <= 0x8400_001f) || (v >= 0xc400_0000 && v <= 0xc400_001f));
}

/** MPIDR_EL1's affinity fields, Aff3 (bits 39:32) and Aff2..Aff0 (bits 23:0): all a PSCI
 *  target_cpu names. RES1 bit 31, U (30) and MT (24) are no part of a CPU's identity, so
 *  target 1 (as the generated DTB's cpu `reg` and Linux say it) and 0x80000001 (the whole
 *  MPIDR) both mean vCPU 1. */
export const MPIDR_AFFINITY_MASK = 0xff_00ff_ffffn;

export function affinityOf(mpidr: bigint): bigint {
  return mpidr & MPIDR_AFFINITY_MASK;
}

export interface PsciVcpuView {
  /** The vCPU of the calling VM whose MPIDR affinity fields (affinityOf) are `affinity`'s, or null. */
  findByAffinity(affinity: bigint): { id: number; on: boolean } | null;
}

export type PsciAction =
  | { kind: "return"; x0: bigint }
  | { kind: "system-off" }
  | { kind: "system-reset" }
  | { kind: "cpu-off" }
  | { kind: "cpu-on"; vcpu: number; entry: bigint; context: bigint };

const ret = (v: number): PsciAction => ({ kind: "return", x0: BigInt.asUintN(64, BigInt(v)) });

export function handlePsci(x0: bigint, x1: bigint, x2: bigint, x3: bigint, vcpus: PsciVcpuView): PsciAction {
  const fn = Number(x0 & 0xffff_ffffn);
  switch (fn) {
    case PSCI_FN.VERSION:
      return ret(PSCI_VERSION_1_0);
    case PSCI_FN.SYSTEM_OFF:
      return { kind: "system-off" };
    case PSCI_FN.SYSTEM_RESET:
      return { kind: "system-reset" };
    case PSCI_FN.CPU_OFF:
      return { kind: "cpu-off" };
    case PSCI_FN.CPU_SUSPEND:
    case PSCI_FN.CPU_SUSPEND64:
      // A standby-state suspend returns on the next interrupt, like WFI; report success.
      return ret(PSCI_RET.SUCCESS);
    case PSCI_FN.CPU_ON:
    case PSCI_FN.CPU_ON64: {
      // The SMC32 form has 32-bit arguments: no Aff3.
      const target = vcpus.findByAffinity(affinityOf(fn === PSCI_FN.CPU_ON ? x1 & 0xffff_ffffn : x1));
      if (target === null) return ret(PSCI_RET.INVALID_PARAMETERS);
      if (target.on) return ret(PSCI_RET.ALREADY_ON);
      if ((x2 & 3n) !== 0n) return ret(PSCI_RET.INVALID_ADDRESS);
      return {
        kind: "cpu-on",
        vcpu: target.id,
        entry: fn === PSCI_FN.CPU_ON ? x2 & 0xffff_ffffn : x2,
        context: fn === PSCI_FN.CPU_ON ? x3 & 0xffff_ffffn : x3,
      };
    }
    case PSCI_FN.AFFINITY_INFO:
    case PSCI_FN.AFFINITY_INFO64: {
      if (x2 !== 0n) return ret(PSCI_RET.INVALID_PARAMETERS); // only affinity level 0
      const target = vcpus.findByAffinity(affinityOf(fn === PSCI_FN.AFFINITY_INFO ? x1 & 0xffff_ffffn : x1));
      if (target === null) return ret(PSCI_RET.INVALID_PARAMETERS);
      return ret(target.on ? 0 : 1); // ON = 0, OFF = 1
    }
    case PSCI_FN.MIGRATE_INFO_TYPE:
      return ret(TOS_NOT_PRESENT);
    case PSCI_FN.FEATURES:
      return ret(SUPPORTED.has(Number(x1 & 0xffff_ffffn)) && x1 >> 32n === 0n ? PSCI_RET.SUCCESS : PSCI_RET.NOT_SUPPORTED);
    default:
      return ret(PSCI_RET.NOT_SUPPORTED);
  }
}
