// Advanced SIMD three same (extra) and its scalar class: the rounding multiply-accumulates
// (FEAT_RDM), dot products (FEAT_DotProd, FEAT_I8MM), matrix multiplies (FEAT_I8MM, FEAT_BF16),
// complex FP arithmetic (FEAT_FCMA) and BFloat16 (FEAT_BF16). None is in ARMv8.0: the core
// models a Cortex-A57 (QEMU -cpu cortex-a57, as Avisor runs), where they are all UNDEFINED.
import { notImplemented, type InsnEntry } from "../decode-pattern.ts";

const absent = (feature: string, version: string) => `${feature} (${version}) is absent on the Cortex-A57 the core models: UNDEFINED there too`;
const RDM = absent("FEAT_RDM", "ARMv8.1");
const DOT = absent("FEAT_DotProd", "ARMv8.2");
const I8MM = absent("FEAT_I8MM", "ARMv8.6");
const FCMA = absent("FEAT_FCMA", "ARMv8.3");
const BF16 = absent("FEAT_BF16", "ARMv8.6");

export const INSNS: InsnEntry[] = [
  notImplemented({ name: "SQRDMLAH (vector)", encoding: "Vector" }, "0 Q:1 1 01110 size:2 0 rm:5 1 0000 1 rn:5 rd:5", { feature: "FEAT_RDM" }, RDM),
  notImplemented({ name: "SQRDMLSH (vector)", encoding: "Vector" }, "0 Q:1 1 01110 size:2 0 rm:5 1 0001 1 rn:5 rd:5", { feature: "FEAT_RDM" }, RDM),
  notImplemented({ name: "SQRDMLAH (vector)", encoding: "Scalar" }, "01 1 11110 size:2 0 rm:5 1 0000 1 rn:5 rd:5", { feature: "FEAT_RDM" }, RDM),
  notImplemented({ name: "SQRDMLSH (vector)", encoding: "Scalar" }, "01 1 11110 size:2 0 rm:5 1 0001 1 rn:5 rd:5", { feature: "FEAT_RDM" }, RDM),
  notImplemented("SDOT (vector)", "0 Q:1 0 01110 size:2 0 rm:5 1 0010 1 rn:5 rd:5", { feature: "FEAT_DotProd" }, DOT),
  notImplemented("UDOT (vector)", "0 Q:1 1 01110 size:2 0 rm:5 1 0010 1 rn:5 rd:5", { feature: "FEAT_DotProd" }, DOT),
  notImplemented("USDOT (vector)", "0 Q:1 0 01110 size:2 0 rm:5 1 0011 1 rn:5 rd:5", { feature: "FEAT_I8MM" }, I8MM),
  notImplemented("SMMLA (vector)", "0 Q:1 0 01110 size:2 0 rm:5 1 0100 1 rn:5 rd:5", { feature: "FEAT_I8MM" }, I8MM),
  notImplemented("UMMLA (vector)", "0 Q:1 1 01110 size:2 0 rm:5 1 0100 1 rn:5 rd:5", { feature: "FEAT_I8MM" }, I8MM),
  notImplemented("USMMLA (vector)", "0 Q:1 0 01110 size:2 0 rm:5 1 0101 1 rn:5 rd:5", { feature: "FEAT_I8MM" }, I8MM),
  notImplemented("FCMLA", "0 Q:1 1 01110 size:2 0 rm:5 1 10 rot:2 1 rn:5 rd:5", { feature: "FEAT_FCMA" }, FCMA),
  notImplemented("FCADD", "0 Q:1 1 01110 size:2 0 rm:5 1 11 rot:1 0 1 rn:5 rd:5", { feature: "FEAT_FCMA" }, FCMA),
  notImplemented("BFMMLA", "0 Q:1 1 01110 01 0 rm:5 1 1101 1 rn:5 rd:5", { feature: "FEAT_BF16" }, BF16),
  notImplemented("BFDOT (vector)", "0 Q:1 1 01110 01 0 rm:5 1 1111 1 rn:5 rd:5", { feature: "FEAT_BF16" }, BF16),
  notImplemented("BFMLALB, BFMLALT (vector)", "0 Q:1 1 01110 11 0 rm:5 1 1111 1 rn:5 rd:5", { feature: "FEAT_BF16" }, BF16),
];
