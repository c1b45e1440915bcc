// The named contract between instruction handlers and the core (src/cpu/core-context.ts).
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { CoreContext } from "../../src/cpu/core-context.ts";
import { defaultDecoder } from "../../src/cpu/decoder.ts";
import { makeMachine } from "./harness.ts";

const CPU_DIR = new URL("../../src/cpu/", import.meta.url);
const HANDLER_FILES = [...readdirSync(new URL("insn/", CPU_DIR)).map((f) => new URL(`insn/${f}`, CPU_DIR)), new URL("decode-pattern.ts", CPU_DIR)];

/** The member names CoreContext declares, read from its source. */
function contractMembers(): string[] {
  const src = readFileSync(new URL("core-context.ts", CPU_DIR), "utf8");
  const body = src.slice(src.indexOf("export interface CoreContext"));
  return [...body.matchAll(/^ {2}(?:readonly )?([A-Za-z0-9]+)[(:?]/gm)].map((m) => m[1]);
}

describe("CoreContext", () => {
  it("is the only way instruction handlers reach the core", () => {
    for (const file of HANDLER_FILES) {
      const src = readFileSync(file, "utf8");
      expect(src, file.pathname).not.toMatch(/from "\.\.?\/cpu\.ts"/);
      expect(src, file.pathname).not.toMatch(/\bTsCpu\b/);
    }
  });

  it("lists members a TsCpu has at run time", () => {
    const members = contractMembers();
    expect(members.length).toBeGreaterThan(40);
    const { cpu } = makeMachine();
    for (const name of members) expect(name in cpu, name).toBe(true);
  });

  it("runs a decoded Op on a TsCpu seen only as a CoreContext", () => {
    const { cpu } = makeMachine();
    const ctx: CoreContext = cpu;
    ctx.x[2] = 40; // x1
    ctx.x[4] = 2; // x2
    const op = defaultDecoder().decode(0x8b020020); // add x0, x1, x2
    op(ctx);
    expect(cpu.getX(0)).toBe(42n);
  });
});
