// The contract between the CPU and the address-translation machinery.
// translate() turns a virtual address into a physical one, walking stage 1 (EL1&0 regime)
// and stage 2 (when HCR_EL2.VM=1), or reports a fault precisely enough to build ESR/FAR/HPFAR.
import { DOUBLE_ZERO } from "../double-field.ts";

export enum Access {
  Read = 0,
  Write = 1,
  Exec = 2,
}

/** A translation fault, filled in by translate() when it returns -1. */
export interface TranslationFault {
  /** 1: taken to EL1 (stage-1 fault); 2: stage-2 fault, leaves the core as a VM exit. */
  stage: 1 | 2;
  /** The fault status code for DFSC/IFSC (ARM ARM: 0b0001LL translation, 0b0010LL access
   *  flag, 0b0011LL permission, 0b0000LL address size, 0b100001 alignment, 0b010000 external). */
  fsc: number;
  /** Stage-2 faults: the faulting IPA (for HPFAR_EL2); stage-1: unused. */
  ipa: number;
  /** Stage-2 fault on a stage-1 table walk access. */
  s1ptw: boolean;
  /** The access was a write (WnR) — for walks, S1PTW faults report the walk's own access. */
  write: boolean;
}

export function newFault(): TranslationFault {
  const f: TranslationFault = { stage: 1, fsc: 0, ipa: DOUBLE_ZERO, s1ptw: false, write: false }; // an IPA may pass 2^31
  f.ipa = 0;
  return f;
}

/** Extra facts about a successful translation that the CPU's caches need. */
export interface TranslationInfo {
  /** Stage-1 memory type is Device (unaligned accesses fault, no caching of MMIO). */
  device: boolean;
}
