// `npm run web`: builds the playground and serves it on 127.0.0.1 with a small static file
// server (no dependencies). --port N (default 8080), --dir D to serve a folder already built.
import { createReadStream, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildWeb } from "./build.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".png": "image/png",
};

/** Serve `dir` read-only on 127.0.0.1:`port` (0: any free port); resolves once listening. */
export function serveStatic(dir: string, port: number): Promise<Server> {
  const base = resolve(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const file = normalize(join(base, path.endsWith("/") ? `${path}index.html` : path));
    let ok = file.startsWith(`${base}/`) && req.method === "GET";
    try {
      ok &&= statSync(file).isFile();
    } catch {
      ok = false;
    }
    if (!ok) {
      res.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${path}\n`);
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-cache" });
    createReadStream(file).pipe(res);
  });
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => done(server));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const port = Number(opt("--port") ?? 8080);
  let dir = opt("--dir");
  if (dir === undefined) dir = (await buildWeb()).outDir;
  try {
    await serveStatic(dir, port);
  } catch (e) {
    process.stderr.write(`avisor: cannot serve on 127.0.0.1:${port}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
    process.exit(2);
  }
  console.log(`playground: http://127.0.0.1:${port}/  (e.g. http://127.0.0.1:${port}/?image=output.bin&mem=128M&gic=2)`);
}
