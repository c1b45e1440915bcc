import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/hyp/config.ts";
import { Log } from "../../src/hyp/log.ts";
import { createMachine } from "../../src/cli/node-machine.ts";

function boot(image: string, patch: (c: ReturnType<typeof defaultConfig>) => void = () => {}) {
  const config = defaultConfig(image);
  patch(config);
  const out: number[] = [];
  const log = new Log(() => {}, false, true);
  const m = createMachine(config, { cpu: "ts", log, uartOut: (b) => out.push(b) });
  return { m, out, log, text: () => Buffer.from(out).toString() };
}

function runToEnd(m: ReturnType<typeof boot>["m"], limit = 50_000_000) {
  for (;;) {
    const r = m.hv.step();
    if (r.kind !== "running") return r;
    if (m.hv.totalInstructions > limit) throw new Error("did not finish");
  }
}

describe("booting images/hello under the hypervisor", () => {
  const meta = JSON.parse(readFileSync("images/hello/hello.json", "utf8"));

  it("prints exactly the expected line and powers off, at EL1 with stage 2 on", () => {
    const b = boot("images/output.bin");
    const vcpu = b.m.hv.vms[0].vcpus[0];
    // Before the first instruction: Avisor's vcpu_arch_reset state.
    expect(vcpu.cpu.getPc()).toBe(0x4010_0000n);
    expect(vcpu.cpu.getPstate()).toBe(0x3c5); // EL1h, DAIF masked
    expect(vcpu.cpu.getSysreg("HCR_EL2") & 1n).toBe(1n); // stage 2 on
    expect(vcpu.cpu.getSysreg("SCTLR_EL1")).toBe(0x30d0_0800n);
    expect(vcpu.cpu.getSysreg("VMPIDR_EL2")).toBe(0xc000_0000n); // RES1 | U (uniprocessor)
    // The guest's RAM is elsewhere in PA: stage 2 really translates.
    const vm = b.m.hv.vms[0];
    expect(vm.ram.pa).not.toBe(0x4010_0000);
    expect(vm.stage2.translate(0x4010_0000)).toBe(vm.ram.pa);
    const r = runToEnd(b.m);
    expect(r).toEqual({ kind: "finished", exitCode: 0 });
    expect(b.text()).toBe(meta.expect.stdout);
    expect(b.log.lines).toContain("AVISOR INFO: Guest System off 0 (vm0)");
    // It ran at EL1 throughout and stopped at the HVC (SYSTEM_OFF) after ~120 instructions.
    expect(vcpu.cpu.getPstate() & 0xf).toBe(0x5);
    expect(vcpu.cpu.getX(0)).toBe(0x8400_0008n);
    expect(vcpu.cpu.instructionCount).toBeGreaterThanOrEqual(meta.reference.unicorn_instructions);
  });

  it("boots the ELF build without --entry (entry from e_entry)", () => {
    const b = boot("images/hello/hello.elf");
    expect(runToEnd(b.m)).toEqual({ kind: "finished", exitCode: 0 });
    expect(b.text()).toBe("Hello, LibOS!\n");
  });

  it("two runs print the same bytes and execute the same number of instructions", () => {
    const runs = [0, 1].map(() => {
      const b = boot("images/loop/loop.bin");
      runToEnd(b.m);
      return { text: b.text(), n: b.m.hv.totalInstructions };
    });
    expect(runs[0]).toEqual(runs[1]);
    expect(runs[0].text).toBe(JSON.parse(readFileSync("images/loop/loop.json", "utf8")).expect.stdout);
  });
});
