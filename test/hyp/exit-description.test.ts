// VM exits in words (the library's exit events, the playground's trace) and their kinds.
import { describe, expect, it } from "vitest";
import { EC, ESR_IL, type SyncExit, type VmExit } from "../../src/cpu/vm-exit.ts";
import { describeExit, exitKind } from "../../src/hyp/exit-description.ts";
import type { Vm } from "../../src/hyp/vm.ts";

const sync = (ec: number, iss: number, far = 0n, hpfar = 0): SyncExit => ({
  kind: "sync",
  esr: (ec << 26) | ESR_IL | iss,
  far,
  hpfar,
  elr: 0x4010_0000n,
  spsr: 0x3c5,
});
const vm = { findDevice: (ipa: number) => (ipa >= 0x900_0000 && ipa < 0x900_1000 ? { name: "pl011" } : null) } as unknown as Vm;

describe("exit description", () => {
  const cases: [string, VmExit, bigint, string, string][] = [
    ["hvc print", sync(EC.HVC64, 3), 0x4010_0200n, "hvc", "HVC #3: print message (x0 0x40100200)"],
    ["hvc checkpoint", sync(EC.HVC64, 1), 0n, "hvc", "HVC #1: checkpoint (x0 0x0)"],
    ["hvc unknown", sync(EC.HVC64, 9), 0n, "hvc", "HVC #9: unknown hypercall (x0 0x0)"],
    ["psci over hvc", sync(EC.HVC64, 0), 0x8400_0009n, "hvc", "HVC #0: PSCI SYSTEM_RESET"],
    ["psci over smc", sync(EC.SMC64, 0), 0xc400_0003n, "smc", "SMC: PSCI CPU_ON64"],
    ["smc, not psci", sync(EC.SMC64, 0), 0x1234n, "smc", "SMC: not a PSCI call (x0 0x1234)"],
    // ISV, SAS = 2 (4 bytes), WnR: a 4-byte write at IPA 0x9000000 + 0x30.
    [
      "mmio write",
      sync(EC.DABT_LOWER, (1 << 24) | (2 << 22) | (1 << 6), 0x30n, (0x900_0000 / 4096) * 16),
      0n,
      "mmio",
      "MMIO write of 4 bytes at 0x9000030 (pl011)",
    ],
    [
      "mmio nowhere",
      sync(EC.DABT_LOWER, (1 << 24) | (0 << 22), 0n, (0x2000_0000 / 4096) * 16),
      0n,
      "mmio",
      "MMIO read of 1 byte at 0x20000000 (no device: the guest dies)",
    ],
    ["wfi", sync(EC.WFX, 0), 0n, "wfx", "WFI/WFE trapped"],
    ["instruction abort", sync(EC.IABT_LOWER, 0, 0x1000n), 0n, "instruction-abort", "instruction fetch outside the VM's memory at 0x1000"],
    ["other", sync(EC.SYSREG, 0), 0n, "other-sync", `exception class 0x18 (ESR_EL2 ${`0x${((0x18 << 26) | ESR_IL).toString(16)}`})`],
    ["timer", { kind: "timer", timer: "virtual" }, 0n, "timer", "virtual timer fired"],
    ["idle", { kind: "idle" }, 0n, "wfi-idle", "WFI with nothing armed to wake it"],
    ["wait", { kind: "wait", until: 1000 }, 0n, "wfi-wait", "WFI until counter 1000"],
    ["limit", { kind: "limit" }, 0n, "limit", "slice of instructions used up"],
    ["error", { kind: "error", message: "boom" }, 0n, "error", "backend error: boom"],
  ];
  for (const [name, exit, x0, kind, words] of cases) {
    it(name, () => {
      expect(exitKind(exit)).toBe(kind);
      expect(describeExit(vm, exit, x0)).toBe(words);
    });
  }
});
