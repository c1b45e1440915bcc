import { describe, expect, it } from "vitest";
import { affinityOf, handlePsci, isPsciFunction, PSCI_FN, PSCI_RET, type PsciVcpuView } from "../../src/hyp/psci.ts";

const u = (v: number) => BigInt.asUintN(64, BigInt(v));
/** A VM whose vCPU 0 (MPIDR 0x80000000) is on and vCPU 1 (0x80000001) off, as vcpuArchInit sets them. */
const vcpusOf = (mpidrs: bigint[], on: boolean[]): PsciVcpuView => ({
  findByAffinity: (aff) => {
    const id = mpidrs.findIndex((m) => affinityOf(m) === aff);
    return id < 0 ? null : { id, on: on[id] };
  },
});
const two = vcpusOf([0x8000_0000n, 0x8000_0001n], [true, false]);

describe("PSCI", () => {
  it("recognises PSCI function ids in x0 and nothing else", () => {
    expect(isPsciFunction(0x8400_0008n)).toBe(true);
    expect(isPsciFunction(0xc400_0003n)).toBe(true);
    expect(isPsciFunction(0x1_8400_0008n)).toBe(false);
    expect(isPsciFunction(0n)).toBe(false);
    expect(isPsciFunction(0x8400_0020n)).toBe(false);
  });

  it("answers per ARM DEN 0022", () => {
    const call = (fn: number, x1 = 0n, x2 = 0n, x3 = 0n) => handlePsci(BigInt(fn), x1, x2, x3, two);
    expect(call(PSCI_FN.VERSION)).toEqual({ kind: "return", x0: 0x10000n });
    expect(call(PSCI_FN.SYSTEM_OFF)).toEqual({ kind: "system-off" });
    expect(call(PSCI_FN.SYSTEM_RESET)).toEqual({ kind: "system-reset" });
    expect(call(PSCI_FN.CPU_ON64, 0x8000_0000n, 0x4010_0000n)).toEqual({ kind: "return", x0: u(PSCI_RET.ALREADY_ON) });
    expect(call(PSCI_FN.CPU_ON64, 0x8000_0001n, 0x4010_0000n, 7n)).toEqual({ kind: "cpu-on", vcpu: 1, entry: 0x4010_0000n, context: 7n });
    expect(call(PSCI_FN.CPU_ON64, 0x8000_0005n, 0x4010_0000n)).toEqual({ kind: "return", x0: u(PSCI_RET.INVALID_PARAMETERS) });
    expect(call(PSCI_FN.CPU_ON64, 0x8000_0001n, 0x4010_0002n)).toEqual({ kind: "return", x0: u(PSCI_RET.INVALID_ADDRESS) });
    expect(call(PSCI_FN.AFFINITY_INFO64, 0x8000_0001n)).toEqual({ kind: "return", x0: 1n });
    expect(call(PSCI_FN.AFFINITY_INFO64, 0x8000_0000n)).toEqual({ kind: "return", x0: 0n });
    expect(call(PSCI_FN.MIGRATE_INFO_TYPE)).toEqual({ kind: "return", x0: 2n });
    expect(call(PSCI_FN.FEATURES, BigInt(PSCI_FN.CPU_ON64))).toEqual({ kind: "return", x0: 0n });
    expect(call(PSCI_FN.FEATURES, 0x8400_0010n)).toEqual({ kind: "return", x0: u(PSCI_RET.NOT_SUPPORTED) });
    expect(call(0x8400_0010)).toEqual({ kind: "return", x0: u(PSCI_RET.NOT_SUPPORTED) });
  });

  it("CPU_ON and AFFINITY_INFO name a vCPU by its affinity fields Aff3..Aff0 only (target 1 as Linux and the DTB say it)", () => {
    const call = (fn: number, x1: bigint, x2 = 0x4010_0000n) => handlePsci(BigInt(fn), x1, x2, 0n, two);
    for (const target of [1n, 0x8000_0001n, 0xc000_0001n, 0x100_0001n]) {
      expect(call(PSCI_FN.CPU_ON64, target)).toEqual({ kind: "cpu-on", vcpu: 1, entry: 0x4010_0000n, context: 0n });
      expect(call(PSCI_FN.CPU_ON, target)).toMatchObject({ kind: "cpu-on", vcpu: 1 });
      expect(call(PSCI_FN.AFFINITY_INFO64, target, 0n)).toEqual({ kind: "return", x0: 1n });
    }
    expect(call(PSCI_FN.CPU_ON64, 0n)).toEqual({ kind: "return", x0: u(PSCI_RET.ALREADY_ON) });
    // A different Aff1, Aff2 or Aff3 is another CPU, one this VM does not have.
    for (const target of [0x101n, 0x1_0001n, 0x1_0000_0001n, 2n]) {
      expect(call(PSCI_FN.CPU_ON64, target)).toEqual({ kind: "return", x0: u(PSCI_RET.INVALID_PARAMETERS) });
    }
    // The SMC32 form has no Aff3: its x1 is 32 bits.
    expect(call(PSCI_FN.CPU_ON, 0x1_0000_0001n)).toMatchObject({ kind: "cpu-on", vcpu: 1 });
    expect(call(PSCI_FN.AFFINITY_INFO, 0x1_0000_0001n, 0n)).toEqual({ kind: "return", x0: 1n });
    expect(call(PSCI_FN.AFFINITY_INFO64, 0x1_0000_0001n, 0n)).toEqual({ kind: "return", x0: u(PSCI_RET.INVALID_PARAMETERS) });
    expect(PSCI_RET).toMatchObject({ SUCCESS: 0, NOT_SUPPORTED: -1, INVALID_PARAMETERS: -2, DENIED: -3, ALREADY_ON: -4, INVALID_ADDRESS: -9 }); // DEN 0022 table 5.2.2
  });
});
