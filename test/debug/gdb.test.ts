// The GDB stub against the real gdb-multiarch, in batch mode, on images/gdb-target (an ELF
// with debug info): what a student types, and what gdb prints back.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { HAS_GDB, NO_GDB, runGdb, startAvisor } from "./harness.ts";

const ELF = "images/gdb-target/gdb-target.elf";

describe(`gdb-multiarch against --gdb${NO_GDB}`, () => {
  if (!HAS_GDB) console.warn("test/debug: gdb-multiarch not found, the gdb tests are skipped");

  it.skipIf(!HAS_GDB)("break at a symbol, continue, info registers, x/s, stepi, vector and system registers", async () => {
    const a = await startAvisor([ELF]);
    const out = await runGdb(a.port, ELF, [
      "break bump",
      "continue",
      "info registers x0 pc cpsr",
      "x/s &greeting",
      "stepi",
      "p $pc",
      "set $v0.d.u[1] = 0x1122334455667788",
      "p/x $v0.d.u",
      "p/x $q0",
      "info registers sctlr_el1 vbar_el1",
      "info threads",
      "continue",
    ]);
    expect(out).toContain("Breakpoint 1, bump (step=step@entry=10)");
    expect(out).toMatch(/x0\s+0xa\s+10/);
    expect(out).toMatch(/pc\s+0x401001c0\s+0x401001c0 <bump>/);
    expect(out).toMatch(/cpsr\s+0x[0-9a-f]+\s+\[ .*EL=1/);
    expect(out).toMatch(/0x40100288 <greeting>:\t(.*\n)?"Hello from gdb-target"/); // gdb's stderr may land between
    expect(out).toMatch(/= \(void \(\*\)\(\)\) 0x401001c4 <bump\+4>/);
    expect(out).toContain("= {0x0, 0x1122334455667788}");
    expect(out).toContain("= {u = 0x11223344556677880000000000000000,");
    expect(out).toMatch(/sctlr_el1\s+0x30d00800/);
    expect(out).toMatch(/vbar_el1\s+0x0/);
    expect(out).toContain("Thread 1 (vm0 vcpu0)");
    expect(out).toContain("Breakpoint 1, bump (step=step@entry=20)");
    // gdb -batch detaches at the end: the guest runs on to its end and powers off.
    expect(await a.exited).toBe(0);
    expect(a.stdout()).toBe("Hello from gdb-target: counter = 150\n");
  });

  it.skipIf(!HAS_GDB)("a watchpoint fires on the store, reverse-stepi goes back over it, reverse-continue to earlier hits", async () => {
    const a = await startAvisor([ELF]);
    const out = await runGdb(a.port, ELF, [
      "watch counter",
      "continue",
      "continue",
      "p counter",
      "reverse-stepi",
      "p counter",
      "p $pc",
      "stepi",
      "p counter",
      "delete",
      "break bump",
      "continue",
      "reverse-continue",
      "p step",
      "reverse-continue",
      "reverse-continue",
      "kill",
    ]);
    expect(out).toMatch(/Hardware watchpoint 1: counter\s+Old value = 0\s+New value = 10/);
    expect(out).toMatch(/Hardware watchpoint 1: counter\s+Old value = 10\s+New value = 30/);
    // After the second hit counter is 30; one instruction back (the store) it is 10 again,
    // and the PC is on the store; stepping forward redoes it.
    expect(out).toMatch(/\$1 = 30\s+0x00000000401001cc.*\s+\$2 = 10\s+\$3 = \(void \(\*\)\(\)\) 0x401001cc <bump\+12>/);
    expect(out).toMatch(/\$4 = 30/);
    // Breakpoint at bump on the call with 30, then back to the calls with 20 (step printed
    // as $5) and 10, then the start of the history.
    expect(out).toContain("Breakpoint 2, bump (step=step@entry=30)");
    expect(out).toMatch(/Breakpoint 2, bump \(step=step@entry=20\)[\s\S]*\$5 = 20/);
    expect(out).toContain("Breakpoint 2, bump (step=step@entry=10)");
    expect(out).toContain("No more reverse-execution history.");
    expect(out).toContain("[Inferior 1 (Remote target) killed]");
    expect(await a.exited).toBe(130);
    expect(a.stdout()).toBe(""); // killed before it printed
    expect(a.stderr()).toContain("AVISOR WARNING: killed by gdb");
  });

  it.skipIf(!HAS_GDB)("monitor stage2 prints what --dump-stage2 prints; monitor exits, el2 registers, help", async () => {
    const dump = spawnSync(process.execPath, ["bin/avisor.js", ELF, "--dump-stage2", "--max-insns", "1"], { encoding: "utf8" });
    const table = dump.stderr.slice(dump.stderr.indexOf("vm0 stage 2:"), dump.stderr.indexOf("\nAVISOR", dump.stderr.indexOf("vm0 stage 2:")));
    expect(table).toContain("IPA 0x40100000-0x40200000");
    const a = await startAvisor([ELF]);
    const out = await runGdb(a.port, ELF, [
      "monitor stage2",
      "break bump",
      "continue",
      "monitor checkpoint",
      "delete",
      "break psci_system_off",
      "continue",
      "monitor exits",
      "monitor info registers el2",
      "monitor restore 7",
      "monitor restore 0",
      "maintenance flush register-cache",
      "p $pc",
      "p counter",
      "monitor help",
      "monitor nonsense",
      "kill",
    ]);
    // The checkpoint and restore hypercalls' code, from gdb: back in bump with counter 0.
    expect(out).toContain("snapshot 0 taken for vm0 at pc 0x401001c0");
    expect(out).toContain("no snapshot 7 for vm0");
    expect(out).toContain("vm0 restored to snapshot 0, pc 0x401001c0");
    expect(out).toMatch(/\$1 = \(void \(\*\)\(\)\) 0x401001c0 <bump>\s+\$2 = 0\s/);
    expect(out).toContain(table.trim());
    // The UART prints 37 bytes, each a store to the PL011 data register, plus its status polls.
    expect(out).toMatch(/\d+\s+vm0 data abort \(mmio\)/);
    expect(out).toMatch(/hcr_el2\s+0x80080019/);
    expect(out).toMatch(/vttbr_el2\s+0x1[0-9a-f]{12}/);
    expect(out).toContain("monitor restore N");
    expect(out).toContain('unknown monitor command "nonsense"');
    await a.exited;
  });

  it.skipIf(!HAS_GDB)("two VMs are two threads, each with its own memory", async () => {
    const a = await startAvisor([ELF, ELF]);
    // A vCPU keeps the host for a 200,000-instruction slice, so vm0 gets through its bumps
    // before vm1 starts.
    const out = await runGdb(a.port, ELF, [
      "info threads",
      "break bump",
      "continue",
      "continue",
      "thread 2",
      "p counter",
      "thread 1",
      "p counter",
      "continue 4",
      "p counter",
      "kill",
    ]);
    expect(out).toMatch(/1\s+Thread 1 \(vm0 vcpu0\)/);
    expect(out).toMatch(/2\s+Thread 2 \(vm1 vcpu0\)/);
    expect(out).toMatch(/Thread 1 hit Breakpoint 1, bump \(step=step@entry=10\)/);
    expect(out).toMatch(/Thread 1 hit Breakpoint 1, bump \(step=step@entry=20\)/);
    // The same symbol read through each VM's own stage 2: vm1 has not started, vm0 added 10.
    expect(out).toMatch(/\[Switching to thread 2[\s\S]*\$1 = 0\s/);
    expect(out).toMatch(/\[Switching to thread 1[\s\S]*\$2 = 10\s/);
    // Three more hits of vm0 ignored, then vm1's first call stops it.
    expect(out).toMatch(/Thread 2 hit Breakpoint 1, bump \(step=step@entry=10\)[\s\S]*\$3 = 0\s/);
    expect(await a.exited).toBe(130);
  });

  it.skipIf(!HAS_GDB)("--cpu unicorn: breakpoints, stepping and memory; watchpoints and reverse execution refused in one line", async () => {
    const { unicornAvailability } = await import("../../src/cpu/unicorn/unicorn-cpu.ts");
    if (unicornAvailability() !== null) return console.warn(`test/debug: unicorn part skipped: ${unicornAvailability()}`);
    const a = await startAvisor([ELF, "--cpu", "unicorn"]);
    const out = await runGdb(a.port, ELF, [
      "break bump",
      "continue",
      "stepi",
      "p $pc",
      "x/s &greeting",
      "continue",
      "p step",
      "reverse-stepi",
      "watch counter",
      "continue",
      "kill",
    ]);
    expect(out).toContain("Breakpoint 1, bump (step=step@entry=10)");
    expect(out).toMatch(/= \(void \(\*\)\(\)\) 0x401001c4 <bump\+4>/);
    expect(out).toContain('"Hello from gdb-target"');
    expect(out).toMatch(/\$2 = 20/);
    expect(out).toContain("Could not insert hardware watchpoint");
    await a.exited;
    expect(a.stderr()).toContain("avisor: gdb: reverse-stepi refused: reverse execution is not on the unicorn backend (use --cpu ts)");
    expect(a.stderr()).toContain("avisor: gdb: watchpoints are not on the unicorn backend (use --cpu ts)");
  });
});
