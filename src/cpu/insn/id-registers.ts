// The identification registers: they describe exactly what this core implements, so a
// guest that probes features finds what we emulate and nothing more.

/** ARMv8.0 AArch64-only EL0/EL1 (EL2/EL3 not visible to the guest), FP and AdvSIMD
 *  present (FP=0, AdvSIMD=0 mean "implemented"), no GIC system registers, no SVE/RAS. */
export const ID_AA64PFR0_EL1 = 0x0000_0011n;
/** CRC32 (bits 19:16 = 1) and the LSE atomics (bits 23:20 = 2); no crypto, no RDM. */
export const ID_AA64ISAR0_EL1 = 0x0021_0000n;
/** No PAuth, no JSCVT, no LRCPC: DPB/… all zero. */
export const ID_AA64ISAR1_EL1 = 0n;
/** PARange 48 bits (5), 16-bit ASIDs (2), 4 KiB granule only (TGran4=0, TGran64=0xF,
 *  TGran16=0). */
export const ID_AA64MMFR0_EL1 = 0x0f00_0025n;
export const ID_AA64MMFR1_EL1 = 0n;
export const ID_AA64MMFR2_EL1 = 0n;
/** Debug architecture v8 (6); no PMU (PMUVer 0), no trace. */
export const ID_AA64DFR0_EL1 = 0x0000_0006n;

/** Cortex-A57's cache geometry as QEMU's model reports it. */
export const CTR_EL0 = 0x8444_c004n;
export const CLIDR_EL1 = 0x0a20_0023n;
export const CCSIDR_EL1 = 0x701f_e00an;
/** DC ZVA zeroes 2^4 words = 64 bytes, and is permitted (DZP = 0). */
export const DCZID_EL0 = 4n;
export const DC_ZVA_BYTES = 64;

/** CNTFRQ_EL0: 62.5 MHz, as QEMU's virt board (DESIGN §3). */
export const CNTFRQ_HZ = 62_500_000;
