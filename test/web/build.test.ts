// The playground's static folder and its server, without a browser: what `npm run web:build`
// writes and what `npm run web` serves (the browser tests in playground.test.ts use both).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWeb, type WebBuild } from "../../web/build.ts";
import { serveStatic } from "../../web/serve.ts";

describe("playground build and server", () => {
  let out: string;
  let b: WebBuild;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "avisor-web-build-"));
    b = await buildWeb(out);
    server = await serveStatic(out, 0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    rmSync(out, { recursive: true, force: true });
  });

  it("writes the page, the worker, xterm's CSS, Capstone and a catalogue of our images", () => {
    for (const f of ["index.html", "main.js", "worker.js", "xterm.css", "playground.css", "vendor/capstone.js", "vendor/capstone.wasm", "images.json"])
      expect(existsSync(join(out, f)), f).toBe(true);
    const cat: { name: string; url: string; entry: string | null; gic: number }[] = JSON.parse(readFileSync(join(out, "images.json"), "utf8"));
    expect(cat[0]).toMatchObject({ name: "output.bin", url: "images/output.bin", entry: "0x40100000", gic: 2 });
    expect(cat.find((c) => c.name === "timer-gicv3.bin")?.gic).toBe(3);
    expect(cat.find((c) => c.name === "echo.bin")).toBeDefined();
    for (const c of cat)
      expect(readFileSync(join(out, c.url))).toEqual(
        readFileSync(join("images", c.name === "output.bin" ? "output.bin" : `${c.name.replace(/\.bin$/, "")}/${c.name}`)),
      );
    expect(b.codeBytes).toBe(readFileSync(join(out, "main.js")).length + readFileSync(join(out, "worker.js")).length);
    expect(b.codeGzipBytes).toBeLessThan(b.codeBytes);
  });

  it("the worker bundle holds the machine, the page bundle does not (it only talks to workers)", () => {
    expect(readFileSync(join(out, "worker.js"), "utf8")).toContain("Shared memory initialized");
    expect(readFileSync(join(out, "main.js"), "utf8")).not.toContain("Shared memory initialized");
  });

  it("serves files with their types, and nothing outside the folder", async () => {
    const wasm = await fetch(`${base}/vendor/capstone.wasm`);
    expect([wasm.status, wasm.headers.get("content-type")]).toEqual([200, "application/wasm"]);
    const index = await fetch(`${base}/`);
    expect(index.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await index.text()).toContain("<title>avisor-ts playground");
    expect((await fetch(`${base}/nothing.js`)).status).toBe(404);
    // A raw request (fetch would fold the dots away): a path that climbs out is refused.
    const port = (server.address() as AddressInfo).port;
    const status = await new Promise<number>((done) =>
      request({ host: "127.0.0.1", port, path: "/../../../../etc/passwd" }, (res) => done(res.statusCode!)).end(),
    );
    expect(status).toBe(404);
  });

  it("npm run web on a port in use: one line and exit 2", () => {
    const port = (server.address() as AddressInfo).port;
    const r = spawnSync(process.execPath, ["--import", "tsx", "web/serve.ts", "--dir", out, "--port", String(port)], { encoding: "utf8" });
    expect(r.stderr).toBe(`avisor: cannot serve on 127.0.0.1:${port}: EADDRINUSE\n`);
    expect(r.status).toBe(2);
  });
});
