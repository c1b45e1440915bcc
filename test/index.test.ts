// The library API (src/index.ts): a machine from bytes, run in slices, observed and driven
// from outside as a web page or another program would.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createAvisor, GuestAddressError, type ExitEvent, type LogLine } from "../src/index.ts";

const bytes = (p: string) => new Uint8Array(readFileSync(p));
const text = (chunks: Uint8Array[]) => new TextDecoder().decode(Uint8Array.from(chunks.flatMap((c) => [...c])));

describe("library API", () => {
  it("boots images/output.bin from bytes, streams its UART and logs, and reports power-off", async () => {
    const m = createAvisor({ vms: [{ image: bytes("images/output.bin"), name: "output.bin" }] });
    const uart: Uint8Array[] = [];
    const logs: LogLine[] = [];
    m.onUart((b) => uart.push(b));
    m.onLog((l) => logs.push(l));
    const r = await m.run();
    expect(r).toMatchObject({ kind: "powered-off", exitCode: 0 });
    expect(r.instructions).toBeGreaterThan(50);
    expect(text(uart)).toBe("Hello, LibOS!\n");
    expect(logs.some((l) => l.level === "INFO" && l.text === "AVISOR INFO: Guest System off 0 (vm0)")).toBe(true);
    // Lines logged while the machine was built reach the first listener too, first.
    expect(logs[0].text).toMatch(/^AVISOR INFO: Shared memory initialized: va=0x70000000/);
    expect(logs.some((l) => /^AVISOR INFO: Copy vm0 to 0x[0-9a-f]+, size = 0x20f$/.test(l.text))).toBe(true);
    expect(m.vms).toEqual([{ id: 0, name: "output.bin", state: "off", vcpus: 1, entry: 0x4010_0000 }]);
  });

  it("reports each VM exit in words, with its kind and PC", async () => {
    const m = createAvisor({ vms: [{ image: bytes("images/hypercall/hypercall.bin") }] });
    const exits: ExitEvent[] = [];
    m.onExit((e) => exits.push(e));
    await m.run();
    const hvc = exits.filter((e) => e.kind === "hvc");
    expect(hvc.some((e) => /^HVC #3: print message \(x0 0x4010[0-9a-f]+\)$/.test(e.text))).toBe(true);
    expect(exits.some((e) => e.kind === "mmio" && /^MMIO (read|write) of \d bytes? at 0x90000\w+ \(pl011\)$/.test(e.text))).toBe(true);
    expect(exits.at(-1)!.text).toBe("HVC #0: PSCI SYSTEM_OFF");
    expect(hvc.every((e) => e.pc >= 0x4010_0000n && e.pc < 0x4020_0000n)).toBe(true);
  });

  it("runs in slices: maxInsns stops it, step() runs one, stop() ends a run waiting for input", async () => {
    const m = createAvisor({ vms: [{ image: bytes("images/loop/loop.bin") }] });
    expect(await m.run({ maxInsns: 1000 })).toEqual({ kind: "limit", instructions: 1000 });
    expect(m.step(500)).toEqual({ kind: "running", instructions: 1500 });
    const echo = createAvisor({ vms: [{ image: bytes("images/echo/echo.bin") }] });
    const running = echo.run({ sliceMs: 5 });
    await new Promise((r) => setTimeout(r, 100));
    echo.stop();
    expect((await running).kind).toBe("stopped");
  });

  it("takes keyboard input while running and echoes it (images/echo)", async () => {
    const m = createAvisor({ vms: [{ image: bytes("images/echo/echo.bin") }] });
    const uart: Uint8Array[] = [];
    m.onUart((b) => {
      uart.push(b);
      if (text(uart).endsWith("powers off)\n")) m.sendInput("ok\r");
      if (text(uart).endsWith("ok\r\n")) m.sendInput("\x04");
    });
    expect(await m.run({ sliceMs: 5 })).toMatchObject({ kind: "powered-off" });
    expect(text(uart)).toBe("echo: type something (Ctrl-D powers off)\nok\r\n\necho: 3 bytes echoed, bye\n");
  });

  it("reads and writes registers and memory, by guest VA (stage 1 + 2) and by IPA", async () => {
    const image = bytes("images/loop/loop.bin");
    const m = createAvisor({ vms: [{ image }] });
    const regs = m.registers();
    expect(regs.pc).toBe(0x4010_0000n);
    expect(regs.x).toHaveLength(31);
    expect(regs.el2.VTTBR_EL2! >> 48n).toBe(1n); // VMID 1 for vm0
    expect(regs.el2.HCR_EL2! & 1n).toBe(1n); // stage 2 on
    expect(regs.pstate & 0xf).toBe(0b0101); // EL1h
    expect([...m.readVirtual(0x4010_0000n, 64)]).toEqual([...image.subarray(0, 64)]);
    // Across a page boundary, written by IPA, read back through both stages.
    const pattern = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);
    m.writeIpa(0x4010_0ff0, pattern);
    expect([...m.readVirtual(0x4010_0ff0n, 32)]).toEqual([...pattern]);
    m.writeIpa(0x4100_0000, Uint8Array.of(1, 2, 3));
    expect([...m.readVirtual(0x4100_0000, 3)]).toEqual([1, 2, 3]);
    expect(() => m.readIpa(0x2000_0000, 4)).toThrow(GuestAddressError);
    expect(() => m.readIpa(0x2000_0000, 4)).toThrow("IPA 0x20000000 is not mapped to memory");
    m.setRegister("x7", 0x1234n);
    m.setRegister("pc", 0x4010_0004n);
    expect(m.registers().x[7]).toBe(0x1234n);
    expect(m.registers().pc).toBe(0x4010_0004n);
    expect(() => m.setRegister("x31", 0n)).toThrow("unknown register x31");
  });

  it("shows the stage-2 map: RAM, DTB and shared memory with their permissions", () => {
    const m = createAvisor({ vms: [{ image: bytes("images/output.bin"), mem: 0x10_0000 }] });
    const map = m.stage2();
    const ram = map.find((r) => r.what === "ram")!;
    expect(ram.ipa).toBe(0x4010_0000);
    expect(ram.size).toBeGreaterThanOrEqual(0x10_0000);
    expect(ram).toMatchObject({ read: true, write: true, exec: true });
    expect(map.find((r) => r.what === "dtb")).toMatchObject({ ipa: 0x4000_0000, read: true });
    expect(map.find((r) => r.what === "shared")).toMatchObject({ ipa: 0x7000_0000, size: 0x100_0000 });
    // Every range lands in the hypervisor's RAM and none overlap in IPA space.
    for (let i = 1; i < map.length; i++) expect(map[i].ipa).toBeGreaterThanOrEqual(map[i - 1].ipa + map[i - 1].size);
    expect(map.every((r) => m.readIpa(r.ipa, 1).length === 1)).toBe(true);
  });

  it("checkpoint, restore and restart do what the hypercalls do", async () => {
    const m = createAvisor({ vms: [{ image: bytes("images/loop/loop.bin") }] });
    const logs: string[] = [];
    m.onLog((l) => logs.push(l.text));
    await m.run({ maxInsns: 5000 });
    const before = m.registers();
    const mem = m.readIpa(0x4010_0000, 0x100);
    expect(m.checkpoint()).toEqual({ id: 0, vm: 0 });
    expect(logs).toContain("AVISOR INFO: Create snapshot: ID=0");
    m.writeIpa(0x4010_0000, new Uint8Array(0x100).fill(0xee));
    await m.run({ maxInsns: 9000 });
    expect(m.registers().pc).not.toBe(before.pc);
    expect(m.restore()).toBe(true);
    expect(m.registers()).toEqual(before);
    expect([...m.readIpa(0x4010_0000, 0x100)]).toEqual([...mem]);
    expect(m.restore(0, 9)).toBe(false);
    expect(logs).toContain("AVISOR ERROR: No such snapshot. (ssid=9)");
    m.restart();
    expect(m.registers().pc).toBe(0x4010_0000n);
    expect(logs).toContain("AVISOR INFO: Restart vm0");
  });

  it("restore and restart also work on a vCPU waiting in WFI (images/echo between keys)", async () => {
    const m = createAvisor({ vms: [{ image: bytes("images/echo/echo.bin") }] });
    const uart: Uint8Array[] = [];
    m.onUart((b) => uart.push(b));
    const waitFor = async (s: string) => {
      const run = m.run({ sliceMs: 5 });
      while (!text(uart).endsWith(s)) await new Promise((r) => setTimeout(r, 5));
      m.stop();
      await run;
    };
    await waitFor("powers off)\n");
    m.checkpoint();
    m.sendInput("ab");
    await waitFor("ab");
    expect(m.restore()).toBe(true);
    m.sendInput("c");
    await waitFor("abc");
    m.restart();
    await waitFor("abcecho: type something (Ctrl-D powers off)\n");
  });

  it("several images make several VMs; a restarted VM that powered off runs again", async () => {
    const m = createAvisor({ vms: [{ image: bytes("images/output.bin") }, { image: bytes("images/output.bin") }] });
    const uart: Uint8Array[] = [];
    m.onUart((b) => uart.push(b));
    expect(await m.run()).toMatchObject({ kind: "powered-off" });
    expect(text(uart)).toBe("Hello, LibOS!\n".repeat(2));
    expect(m.stage2(1).find((r) => r.what === "ram")!.pa).not.toBe(m.stage2(0).find((r) => r.what === "ram")!.pa);
    m.restart(1);
    expect(m.vms.map((v) => v.state)).toEqual(["off", "running"]);
    expect(await m.run()).toMatchObject({ kind: "powered-off" });
    expect(text(uart)).toBe("Hello, LibOS!\n".repeat(3));
  });

  it("rejects bad input with the machine's typed errors", () => {
    expect(() => createAvisor({ vms: [] })).toThrow("no VM to run");
    expect(() => createAvisor({ vms: [{ image: new Uint8Array(0), name: "empty.bin" }] })).toThrow("empty.bin is an empty file, not a guest image");
    expect(() => createAvisor({ vms: [{ image: bytes("images/output.bin"), base: 0x1000 }] })).toThrow(/below RAM/);
    expect(() => createAvisor({ vms: [{ image: bytes("images/output.bin"), cpus: 9 }] })).toThrow("cpus must be 1..8");
  });
});
