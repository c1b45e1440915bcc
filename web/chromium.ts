// Debian's Chromium driven by playwright-core, for the playground's real-browser tests
// (test/web) and its `npm run bench` row: the built page served on 127.0.0.1, each session with a fresh profile, no network.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { buildWeb, type WebBuild } from "./build.ts";
import { serveStatic } from "./serve.ts";

export const CHROMIUM = process.env.AVISOR_CHROMIUM ?? "/usr/bin/chromium";
/** Why the browser tests cannot run here, or null. */
export const chromiumMissing: string | null = existsSync(CHROMIUM) ? null : `chromium not found at ${CHROMIUM} (apt-get install chromium)`;

export interface Playground {
  build: WebBuild;
  url: string;
  context: BrowserContext;
  close(): Promise<void>;
}

export async function openPlayground(): Promise<Playground> {
  const out = mkdtempSync(join(tmpdir(), "avisor-web-"));
  const build = await buildWeb(out);
  const server: Server = await serveStatic(out, 0);
  const profile = mkdtempSync(join(tmpdir(), "avisor-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    build,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    context,
    close: async () => {
      await context.close();
      await new Promise((r) => server.close(r));
      rmSync(profile, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    },
  };
}

/** The text of the newest card's terminal (or card `n`), one line per row, right-trimmed. */
export function terminalText(page: Page, card = 0): Promise<string> {
  return page.evaluate((n) => {
    const rows = document.querySelectorAll(".card")[n]?.querySelector(".xterm-rows");
    if (!rows) return "";
    return Array.from(rows.children, (r) => (r.textContent ?? "").replace(/\u00a0/g, " ").trimEnd())
      .join("\n")
      .trimEnd();
  }, card);
}

/** Wait until the card's terminal shows `text`; fails with what it showed instead. */
export async function waitForTerminal(page: Page, text: string, card = 0, timeout = 60_000): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    const shown = await terminalText(page, card);
    if (shown.includes(text)) return;
    if (Date.now() > end) throw new Error(`terminal never showed ${JSON.stringify(text)}; it shows ${JSON.stringify(shown)}`);
    await page.waitForTimeout(50);
  }
}
