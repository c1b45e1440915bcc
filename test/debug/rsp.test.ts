// The stub at the protocol level, with a bare RSP client: what gdb relies on but does not
// show directly (Ctrl-C, errors for unmapped memory, the target description, thread names,
// detach, the exit reply, no-ack mode).
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { RspClient, startAvisor } from "./harness.ts";
import { textToHex } from "../../src/debug/packet.ts";

const ELF = "images/gdb-target/gdb-target.elf";

describe("the RSP stub", () => {
  it("answers memory outside the guest's stage 2 with an error, and reads and writes through it", async () => {
    const a = await startAvisor([ELF]);
    const c = await RspClient.connect(a.port);
    expect(await c.ask("?")).toBe("T02thread:1;");
    expect(await c.ask("m40100288,5")).toBe(Buffer.from("Hello").toString("hex"));
    // Device space (the PL011) and unmapped IPAs: no host access, an error.
    expect(await c.ask("m9000000,4")).toBe("E0e");
    expect(await c.ask("m80000000,4")).toBe("E0e");
    expect(await c.ask("Mffff000000000000,2:0000")).toBe("E0e");
    // Binary write (X) with an escaped byte, read back.
    expect(await c.ask("X401002a0,4:}\x03\x01\x02\x03")).toBe("OK");
    expect(await c.ask("m401002a0,4")).toBe("23010203");
    expect(await c.ask("Z2,401002a0,8")).toBe("OK");
    expect(await c.ask("p20")).toBe("0000104000000000"); // pc (regnum 32)
    expect(await c.ask("p99")).toBe("E16");
    c.close();
    await a.exited;
  });

  it("serves the target description and names each thread", async () => {
    const a = await startAvisor([ELF, ELF]);
    const c = await RspClient.connect(a.port);
    const sup = await c.ask("qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+");
    for (const f of ["PacketSize=", "qXfer:features:read+", "vContSupported+", "swbreak+", "hwbreak+", "ReverseStep+", "ReverseContinue+", "QStartNoAckMode+"])
      expect(sup).toContain(f);
    let xml = "";
    for (let off = 0; ; ) {
      const r = await c.ask(`qXfer:features:read:target.xml:${off.toString(16)},200`);
      xml += r.slice(1);
      off += r.length - 1;
      if (r[0] === "l") break;
    }
    expect(xml).toContain('<feature name="org.gnu.gdb.aarch64.core">');
    expect(xml).toContain('<reg name="cpsr" bitsize="32" type="cpsr_flags" regnum="33"/>');
    expect(xml).toContain('<reg name="v31" bitsize="128" type="aarch64v" regnum="65"/>');
    expect(xml).toContain('<reg name="sctlr_el1" bitsize="64" type="uint64" regnum="68" group="system"/>');
    expect(xml).toContain('<reg name="sp_el1" bitsize="64" type="uint64" regnum="79" group="system"/>');
    expect(await c.ask("qfThreadInfo")).toBe("m1,2");
    expect(await c.ask("qsThreadInfo")).toBe("l");
    expect(await c.ask("qThreadExtraInfo,2")).toBe(textToHex("vm1 vcpu0"));
    expect(await c.ask("Hg2")).toBe("OK");
    expect(await c.ask("qC")).toBe("QC2");
    expect(await c.ask("T3")).toBe("E16");
    expect(await c.ask("vCont?")).toBe("vCont;c;C;s;S");
    expect(await c.ask("QStartNoAckMode")).toBe("OK");
    expect(await c.ask(`qRcmd,${textToHex("help")}`)).toMatch(/^[0-9a-f]+$/);
    // Detach: the guests run to their end, both print, exit code 0.
    expect(await c.ask("D")).toBe("OK");
    expect(await a.exited).toBe(0);
    expect(a.stdout()).toBe("Hello from gdb-target: counter = 150\n".repeat(2));
  });

  it("Ctrl-C interrupts a running guest; the end of the run is reported as W; --timeout waits while attached", async () => {
    // images/loop runs 28M instructions; with a 1 s timeout and the debugger attached it
    // is not cut short.
    const a = await startAvisor(["images/loop/loop.elf", "--timeout", "1"]);
    const c = await RspClient.connect(a.port);
    c.send("c");
    await new Promise((r) => setTimeout(r, 300));
    c.raw("\x03");
    const stop = await c.next();
    expect(stop).toBe("T02thread:1;");
    const pc = await c.ask("p20");
    expect(pc).toMatch(/^[0-9a-f]{16}$/);
    expect(await c.ask("s")).toBe("T05thread:1;");
    expect(await c.ask("bs")).toBe("T05thread:1;");
    expect(await c.ask("p20")).toBe(pc); // one back: where Ctrl-C stopped it
    await new Promise((r) => setTimeout(r, 1200)); // past --timeout, stopped under gdb
    c.send("c");
    expect(await c.next()).toBe("W00");
    expect(await a.exited).toBe(0);
    expect(a.stdout()).toMatch(/^loop checksum 0x[0-9a-f]+\n$/);
  });

  it("with --realtime there is no reverse execution: gdb gets an error, the terminal one line", async () => {
    const a = await startAvisor([ELF, "--realtime"]);
    const c = await RspClient.connect(a.port);
    expect(await c.ask("s")).toBe("T05thread:1;");
    expect(await c.ask("bs")).toBe("E01");
    expect(await c.ask("bc")).toBe("E01");
    c.send("k");
    expect(await a.exited).toBe(130);
    expect(a.stderr()).toContain("avisor: gdb: reverse-stepi refused: reverse execution needs virtual time (not with --realtime)\n");
    expect(a.stderr()).toContain("avisor: gdb: reverse-continue refused: reverse execution needs virtual time (not with --realtime)\n");
  });

  it("--gdb takes a port number; a port in use is bad input (exit 2)", async () => {
    const bad = spawnSync(process.execPath, ["bin/avisor.js", ELF, "--gdb", "http"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe(`avisor: --gdb: expected a TCP port (0-65535), got "http"`);
    const a = await startAvisor([ELF]);
    const dup = spawnSync(process.execPath, ["bin/avisor.js", ELF, "--gdb", String(a.port)], { encoding: "utf8" });
    expect(dup.status).toBe(2);
    expect(dup.stderr.trim().split("\n").at(-1)).toBe(`avisor: --gdb ${a.port}: cannot listen on 127.0.0.1:${a.port} (EADDRINUSE)`);
    a.proc.kill("SIGINT");
    expect(await a.exited).toBe(130);
  });
});
