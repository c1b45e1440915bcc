// The cryptographic classes (AES, SHA-1/SHA-256 three- and two-register, SHA-512, SHA-3
// and SM3/SM4 three- and four-register, XAR). None is implemented: the board advertises no
// cryptographic extension (ID_AA64ISAR0_EL1.AES, SHA1, SHA2, SHA3, SM3, SM4 all 0), so a
// guest that checks the ID registers never uses them. QEMU's cortex-a57 has AES, SHA1,
// SHA256 and PMULL; those four are a known difference from QEMU, listed in the README.
import { notImplemented, type InsnEntry } from "../decode-pattern.ts";

const NOT_ADVERTISED = (feature: string) =>
  `${feature} is not advertised by the board's ID_AA64ISAR0_EL1 and not implemented by the ts core (QEMU's cortex-a57 has it: a known difference)`;
const ABSENT = (feature: string, version: string) => `${feature} (${version}) is absent on the Cortex-A57 the core models: UNDEFINED there too`;

const AES = NOT_ADVERTISED("FEAT_AES");
const SHA1 = NOT_ADVERTISED("FEAT_SHA1");
const SHA256 = NOT_ADVERTISED("FEAT_SHA256");
const SHA512 = ABSENT("FEAT_SHA512", "ARMv8.2");
const SHA3 = ABSENT("FEAT_SHA3", "ARMv8.2");
const SM3 = ABSENT("FEAT_SM3", "ARMv8.2");
const SM4 = ABSENT("FEAT_SM4", "ARMv8.2");

export const INSNS: InsnEntry[] = [
  notImplemented("AESE", "01001110 00 10100 00100 10 rn:5 rd:5", { feature: "FEAT_AES" }, AES),
  notImplemented("AESD", "01001110 00 10100 00101 10 rn:5 rd:5", { feature: "FEAT_AES" }, AES),
  notImplemented("AESMC", "01001110 00 10100 00110 10 rn:5 rd:5", { feature: "FEAT_AES" }, AES),
  notImplemented("AESIMC", "01001110 00 10100 00111 10 rn:5 rd:5", { feature: "FEAT_AES" }, AES),
  notImplemented("SHA1C", "01011110 00 0 rm:5 0 000 00 rn:5 rd:5", { feature: "FEAT_SHA1" }, SHA1),
  notImplemented("SHA1P", "01011110 00 0 rm:5 0 001 00 rn:5 rd:5", { feature: "FEAT_SHA1" }, SHA1),
  notImplemented("SHA1M", "01011110 00 0 rm:5 0 010 00 rn:5 rd:5", { feature: "FEAT_SHA1" }, SHA1),
  notImplemented("SHA1SU0", "01011110 00 0 rm:5 0 011 00 rn:5 rd:5", { feature: "FEAT_SHA1" }, SHA1),
  notImplemented("SHA256H", "01011110 00 0 rm:5 0 100 00 rn:5 rd:5", { feature: "FEAT_SHA256" }, SHA256),
  notImplemented("SHA256H2", "01011110 00 0 rm:5 0 101 00 rn:5 rd:5", { feature: "FEAT_SHA256" }, SHA256),
  notImplemented("SHA256SU1", "01011110 00 0 rm:5 0 110 00 rn:5 rd:5", { feature: "FEAT_SHA256" }, SHA256),
  notImplemented("SHA1H", "01011110 00 10100 00000 10 rn:5 rd:5", { feature: "FEAT_SHA1" }, SHA1),
  notImplemented("SHA1SU1", "01011110 00 10100 00001 10 rn:5 rd:5", { feature: "FEAT_SHA1" }, SHA1),
  notImplemented("SHA256SU0", "01011110 00 10100 00010 10 rn:5 rd:5", { feature: "FEAT_SHA256" }, SHA256),
  notImplemented("SHA512H", "11001110011 rm:5 1 0 00 00 rn:5 rd:5", { feature: "FEAT_SHA512" }, SHA512),
  notImplemented("SHA512H2", "11001110011 rm:5 1 0 00 01 rn:5 rd:5", { feature: "FEAT_SHA512" }, SHA512),
  notImplemented("SHA512SU1", "11001110011 rm:5 1 0 00 10 rn:5 rd:5", { feature: "FEAT_SHA512" }, SHA512),
  notImplemented("RAX1", "11001110011 rm:5 1 0 00 11 rn:5 rd:5", { feature: "FEAT_SHA3" }, SHA3),
  notImplemented("SM3PARTW1", "11001110011 rm:5 1 1 00 00 rn:5 rd:5", { feature: "FEAT_SM3" }, SM3),
  notImplemented("SM3PARTW2", "11001110011 rm:5 1 1 00 01 rn:5 rd:5", { feature: "FEAT_SM3" }, SM3),
  notImplemented("SM4EKEY", "11001110011 rm:5 1 1 00 10 rn:5 rd:5", { feature: "FEAT_SM4" }, SM4),
  notImplemented("SHA512SU0", "1100111011000000100000 rn:5 rd:5", { feature: "FEAT_SHA512" }, SHA512),
  notImplemented("SM4E", "1100111011000000100001 rn:5 rd:5", { feature: "FEAT_SM4" }, SM4),
  notImplemented("EOR3", "110011100 00 rm:5 0 ra:5 rn:5 rd:5", { feature: "FEAT_SHA3" }, SHA3),
  notImplemented("BCAX", "110011100 01 rm:5 0 ra:5 rn:5 rd:5", { feature: "FEAT_SHA3" }, SHA3),
  notImplemented("SM3SS1", "110011100 10 rm:5 0 ra:5 rn:5 rd:5", { feature: "FEAT_SM3" }, SM3),
  notImplemented("SM3TT1A", "11001110010 rm:5 10 imm2:2 00 rn:5 rd:5", { feature: "FEAT_SM3" }, SM3),
  notImplemented("SM3TT1B", "11001110010 rm:5 10 imm2:2 01 rn:5 rd:5", { feature: "FEAT_SM3" }, SM3),
  notImplemented("SM3TT2A", "11001110010 rm:5 10 imm2:2 10 rn:5 rd:5", { feature: "FEAT_SM3" }, SM3),
  notImplemented("SM3TT2B", "11001110010 rm:5 10 imm2:2 11 rn:5 rd:5", { feature: "FEAT_SM3" }, SM3),
  notImplemented("XAR", "11001110100 rm:5 imm6:6 rn:5 rd:5", { feature: "FEAT_SHA3" }, SHA3),
];
