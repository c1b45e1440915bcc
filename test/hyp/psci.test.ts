import { describe, expect, it } from "vitest";
import { handlePsci, isPsciFunction, PSCI_FN, PSCI_RET } from "../../src/hyp/psci.ts";

const u = (v: number) => BigInt.asUintN(64, BigInt(v));
const two = {
  findByMpidr: (m: bigint) => (m === 0x8000_0000n ? { on: true } : m === 0x8000_0001n ? { on: false } : null),
};

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
    expect(call(PSCI_FN.CPU_ON64, 0x8000_0001n, 0x4010_0000n, 7n)).toEqual({ kind: "cpu-on", mpidr: 0x8000_0001n, entry: 0x4010_0000n, context: 7n });
    expect(call(PSCI_FN.CPU_ON64, 0x8000_0005n, 0x4010_0000n)).toEqual({ kind: "return", x0: u(PSCI_RET.INVALID_PARAMETERS) });
    expect(call(PSCI_FN.CPU_ON64, 0x8000_0001n, 0x4010_0002n)).toEqual({ kind: "return", x0: u(PSCI_RET.INVALID_ADDRESS) });
    expect(call(PSCI_FN.AFFINITY_INFO64, 0x8000_0001n)).toEqual({ kind: "return", x0: 1n });
    expect(call(PSCI_FN.AFFINITY_INFO64, 0x8000_0000n)).toEqual({ kind: "return", x0: 0n });
    expect(call(PSCI_FN.MIGRATE_INFO_TYPE)).toEqual({ kind: "return", x0: 2n });
    expect(call(PSCI_FN.FEATURES, BigInt(PSCI_FN.CPU_ON64))).toEqual({ kind: "return", x0: 0n });
    expect(call(PSCI_FN.FEATURES, 0x8400_0010n)).toEqual({ kind: "return", x0: u(PSCI_RET.NOT_SUPPORTED) });
    expect(call(0x8400_0010)).toEqual({ kind: "return", x0: u(PSCI_RET.NOT_SUPPORTED) });
  });
});
