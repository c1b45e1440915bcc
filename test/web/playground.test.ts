// The playground in a real browser (Debian's Chromium through playwright-core): the built page
// boots our images in Web Workers, shows their UART in xterm.js, takes keyboard input, pauses
// to show registers and code, and drives checkpoint / restore / restart. Screenshots are kept
// in test-artifacts/ (not committed).
import { existsSync, mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumMissing, openPlayground, terminalText, waitForTerminal, type Playground } from "../../web/chromium.ts";

const ARTIFACTS = "test-artifacts";
const QEMU_DTB = "../shared/fixtures/virt.dtb";
const UNIKRAFT = `${process.env.AVISOR_COMPAT_IMAGES ?? ""}/app-helloworld_kvm-arm64`;

if (chromiumMissing !== null) console.warn(`playground browser tests skipped: ${chromiumMissing}`);

describe.skipIf(chromiumMissing !== null)(`playground in Chromium${chromiumMissing === null ? "" : ` (skipped: ${chromiumMissing})`}`, () => {
  let pg: Playground;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    pg = await openPlayground();
    page = await pg.context.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await pg?.close();
  });

  const state = (card = 0) => page.locator(".card").nth(card).locator(".state").textContent();
  const card = (n = 0) => page.locator(".card").nth(n);

  it("a deep link boots images/output.bin: Hello, LibOS! in the terminal, exits, stage-2 map", async () => {
    await page.goto(`${pg.url}?image=output.bin&mem=64M&gic=2`);
    await waitForTerminal(page, "Hello, LibOS!");
    await expect.poll(() => state(), { timeout: 30_000 }).toMatch(/^powered off after 122 instructions in \d+ ms$/);
    expect(await card().locator(".title").textContent()).toBe("output.bin · GICv2 · 64 MiB");
    await expect.poll(() => card().locator(".exits tr[data-kind=mmio] td.num").textContent()).toBe("28");
    expect(await card().locator(".exits tr[data-kind=hvc] td.num").textContent()).toBe("1");
    expect(await card().locator(".trace").textContent()).toContain("HVC #0: PSCI SYSTEM_OFF");
    const map = await card().locator(".stage2 svg").textContent();
    expect(map).toContain("0x40100000–0x441");
    expect(map).toContain("0x70000000–0x70ffffff");
    expect(map).toContain("rwx");
    expect(await page.locator("#link").getAttribute("href")).toBe("?image=output.bin&mem=64M&gic=2");
    await page.screenshot({ path: `${ARTIFACTS}/playground-output.png` });
  }, 120_000);

  it("a deep link with boot=0 only fills in the form", async () => {
    await page.goto(`${pg.url}?image=echo.bin&mem=0x4000000&gic=3&entry=0x40100000&boot=0`);
    await page.waitForSelector("body[data-ready='1']");
    expect(await page.locator("#image option:checked").allTextContents()).toEqual([expect.stringMatching(/^echo\.bin — /)]);
    expect([await page.locator("#mem").inputValue(), await page.locator("#gic").inputValue(), await page.locator("#entry").inputValue()]).toEqual([
      "0x4000000",
      "3",
      "0x40100000",
    ]);
    expect(await page.locator(".card").count()).toBe(0);
  }, 60_000);

  it("uploads an image from disk and boots it", async () => {
    await page.goto(pg.url);
    await page.waitForSelector("body[data-ready='1']");
    await page.setInputFiles("#upload", "images/hypercall/hypercall.bin");
    await expect.poll(() => page.locator("#image option:checked").textContent()).toBe("hypercall.bin (yours, 572 B)");
    await page.click("#boot");
    await waitForTerminal(page, "hypercall returned");
    await expect.poll(() => card().locator(".log").textContent()).toContain("AVISOR INFO: Hypercall message: Hello, Hypervisor!");
  }, 120_000);

  it.skipIf(!existsSync(QEMU_DTB))(
    `uploads a DTB with the image: the guest gets that device tree${existsSync(QEMU_DTB) ? "" : ` (skipped: no ${QEMU_DTB})`}`,
    async () => {
      await page.goto(pg.url);
      await page.waitForSelector("body[data-ready='1']");
      await page.selectOption("#image", "output.bin");
      await page.setInputFiles("#dtb", QEMU_DTB);
      await expect.poll(() => page.locator("#dtb-name").textContent()).toBe("virt.dtb");
      await page.click("#boot");
      await waitForTerminal(page, "Hello, LibOS!");
      await expect.poll(() => card().locator(".log").textContent()).toMatch(/Copy dtb to 0x[0-9a-f]+, size = 0x100000/);
    },
    120_000,
  );

  it("bad input is one line: on the page for options, on the card for the machine", async () => {
    await page.goto(`${pg.url}?image=output.bin&mem=12X`);
    await expect.poll(() => page.locator("#status").textContent()).toBe('memory: expected a number or "0x…" string, got "12X"');
    expect(await page.locator(".card").count()).toBe(0);
    await page.goto(`${pg.url}?image=output.bin&entry=0x40100002`);
    await expect
      .poll(() => state())
      .toBe("error: vm[0].entry 0x40100002 is not 4-byte aligned (A64 instructions are 4-byte words; the first fetch would fault)");
    await page.goto(pg.url);
    await page.waitForSelector("body[data-ready='1']");
    await page.setInputFiles("#upload", { name: "empty.bin", mimeType: "application/octet-stream", buffer: Buffer.alloc(0) });
    await page.click("#boot");
    await expect
      .poll(() => state())
      .toBe("error: empty.bin is an empty file, not a guest image (a guest image is an ELF64 AArch64 executable or a flat binary)");
  }, 120_000);

  it("types into the guest (images/echo) and Ctrl-D powers it off", async () => {
    await page.goto(`${pg.url}?image=echo.bin`);
    await waitForTerminal(page, "echo: type something (Ctrl-D powers off)");
    await card().locator(".term-box").click();
    await page.keyboard.type("hello");
    await page.keyboard.press("Enter");
    await waitForTerminal(page, "powers off)\nhello");
    await page.keyboard.press("Control+d");
    await waitForTerminal(page, "echo: 6 bytes echoed, bye");
    await expect.poll(() => state(), { timeout: 30_000 }).toMatch(/^powered off after/);
  }, 120_000);

  it("pauses and shows registers, PSTATE, EL1/EL2 registers and the code at the PC", async () => {
    await page.goto(`${pg.url}?image=echo.bin`);
    await waitForTerminal(page, "echo: type something");
    await card().locator("button.pause").click();
    await expect.poll(() => state()).toBe("paused");
    const reg = (name: string) => card().locator(`.regs tr[data-reg=${name}] td`).textContent();
    await expect.poll(() => reg("pc"), { timeout: 30_000 }).toMatch(/^0x4010[0-9a-f]{4}$/);
    expect(await reg("pstate")).toMatch(/ EL1h$/);
    expect(await reg("VTTBR_EL2")).toMatch(/^0x1[0-9a-f]{12}$/); // VMID 1 in bits 63:48
    expect(await reg("HCR_EL2")).toMatch(/^0x[0-9a-f]*[13579bdf]$/); // VM bit set
    expect(await reg("VBAR_EL1")).toMatch(/^0x4010/);
    // The guest sleeps in WFI: the instruction at the PC (or just before it) is the wfi.
    await expect.poll(() => card().locator(".disasm").textContent(), { timeout: 60_000 }).toMatch(/wfi/);
    const pcLine = await card().locator(".disasm .pc").textContent();
    expect(pcLine).toContain((await reg("pc"))!);
    await page.screenshot({ path: `${ARTIFACTS}/playground-paused.png`, fullPage: true });
    await card().locator("button.pause").click();
    await expect.poll(() => state()).toBe("running");
    await card().locator(".term-box").click();
    await page.keyboard.type("x");
    await waitForTerminal(page, "powers off)\nx");
  }, 120_000);

  it("checkpoint, restore and restart drive the hypervisor's own code", async () => {
    await page.goto(`${pg.url}?image=echo.bin`);
    await waitForTerminal(page, "echo: type something");
    await card().locator("button.checkpoint").click();
    await expect.poll(() => card().locator(".log").textContent()).toContain("AVISOR INFO: Checkpoint snapshot created: ID=0");
    await expect.poll(() => card().locator(".snapshots").textContent()).toBe("1");
    await card().locator(".term-box").click();
    await page.keyboard.type("ab");
    await waitForTerminal(page, "powers off)\nab");
    await card().locator("button.restore").click();
    await expect.poll(() => card().locator(".log").textContent()).toContain("AVISOR INFO: Restore snapshot: ID=0");
    await card().locator("button.restart").click();
    await expect.poll(() => card().locator(".log").textContent()).toContain("AVISOR INFO: Restart vm0");
    await expect.poll(async () => (await terminalText(page)).split("echo: type something").length - 1).toBe(2);
  }, 120_000);

  it("several images boot as several VMs, and several machines side by side", async () => {
    await page.goto(`${pg.url}?image=output.bin,hypercall.bin`);
    await waitForTerminal(page, "Hello, LibOS!");
    await waitForTerminal(page, "hypercall returned");
    expect(await card().locator(".vm-select option").allTextContents()).toEqual([
      "vm0: output.bin (entry 0x40100000)",
      "vm1: hypercall.bin (entry 0x40100000)",
    ]);
    await page.selectOption("#image", "timer-gicv3.bin");
    expect(await page.locator("#gic").inputValue()).toBe("3"); // the image asks for a GICv3
    await page.click("#boot");
    await waitForTerminal(page, "slept at least 30 ms of virtual time");
    expect(await page.locator(".card").count()).toBe(2);
    expect(await card(0).locator(".title").textContent()).toBe("timer-gicv3.bin · GICv3 · 128 MiB");
    expect(await terminalText(page, 1)).toContain("hypercall returned");
  }, 120_000);

  it("stays responsive while a guest computes", async () => {
    await page.goto(`${pg.url}?image=bench-sha256.bin`);
    await expect.poll(async () => Number(await card().locator(".mips").textContent()), { timeout: 30_000 }).toBeGreaterThan(0);
    // The machine runs in the worker: the page's own thread answers at once meanwhile.
    const t0 = Date.now();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(await state()).toBe("running");
  }, 120_000);

  it.skipIf(!existsSync(UNIKRAFT))(
    `boots a Unikraft image uploaded from disk${existsSync(UNIKRAFT) ? "" : ` (skipped: no ${UNIKRAFT})`}`,
    async () => {
      await page.goto(pg.url);
      await page.waitForSelector("body[data-ready='1']");
      await page.setInputFiles("#upload", UNIKRAFT);
      await page.click("#boot");
      await waitForTerminal(page, "Hello World!", 0, 90_000);
      await expect.poll(() => state(), { timeout: 30_000 }).toMatch(/^powered off after/);
      expect(await card().locator(".log").textContent()).toContain("AVISOR INFO: vm0: entry 0x40101b20, Unikraft's kvm-arm64 entry found in the flat image");
      await card().screenshot({ path: `${ARTIFACTS}/playground-unikraft.png` });
    },
    180_000,
  );

  it("no page errors", () => expect(errors).toEqual([]));
});
