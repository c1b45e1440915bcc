// assertNever: the default branch of exhaustive switches (tsc rejects an unhandled kind;
// at run time an unknown one is a typed error naming it, never a silent fall-through).
import { describe, expect, it } from "vitest";
import { assertNever, UnhandledCaseError } from "../src/assert-never.ts";
import { describeExit } from "../src/hyp/exit-description.ts";
import { exitIndex } from "../src/hyp/stats.ts";
import type { VmExit } from "../src/cpu/vm-exit.ts";
import type { Vm } from "../src/hyp/vm.ts";

describe("assertNever", () => {
  it("throws an UnhandledCaseError naming the kind", () => {
    expect(() => assertNever({ kind: "teleport" } as never, "VM exit")).toThrow(UnhandledCaseError);
    expect(() => assertNever({ kind: "teleport" } as never, "VM exit")).toThrow("unhandled VM exit: teleport");
    expect(() => assertNever("size" as never, "option kind")).toThrow("unhandled option kind: size");
  });

  it("guards the switches over VM exits: an exit of no known kind is an error, not ignored", () => {
    const alien = { kind: "teleport" } as unknown as VmExit;
    expect(() => exitIndex(alien)).toThrow("unhandled VM exit: teleport");
    expect(() => describeExit({} as Vm, alien, 0n)).toThrow("unhandled VM exit: teleport");
  });
});
