// Why the half-precision (FEAT_FP16) forms of the scalar FP and Advanced SIMD FP classes are
// UNDEFINED here: shared by their notImplemented() entries.

/** The reason given for every FEAT_FP16 encoding. */
export const HALF_PRECISION_ABSENT =
  "half-precision arithmetic (FEAT_FP16, ARMv8.2) is absent on the Cortex-A57 the core models (QEMU -cpu cortex-a57, as Avisor runs): UNDEFINED there too";
