// Builds the playground into a static folder (default dist/web): the page and its Web Worker
// bundled by esbuild, xterm.js's stylesheet, Capstone (loaded on first pause), and our guest
// images with a catalogue (images.json) the page offers. `npm run web:build`.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));

export interface WebBuild {
  outDir: string;
  /** Bytes of the page's own code (main.js + worker.js) as served, and gzipped. */
  codeBytes: number;
  codeGzipBytes: number;
  /** Capstone's JS + WebAssembly, fetched only when the user first pauses. */
  lazyBytes: number;
}

interface CatalogueEntry {
  name: string;
  url: string;
  entry: string | null;
  gic: 2 | 3;
  description: string;
}

function catalogue(outDir: string): CatalogueEntry[] {
  mkdirSync(join(outDir, "images"), { recursive: true });
  const out: CatalogueEntry[] = [];
  for (const d of readdirSync(join(root, "images"), { withFileTypes: true })) {
    const meta = join(root, "images", d.name, `${d.name}.json`);
    if (!d.isDirectory() || !existsSync(meta)) continue;
    const m = JSON.parse(readFileSync(meta, "utf8"));
    const name = basename(m.bin);
    copyFileSync(join(root, "images", m.bin), join(outDir, "images", name));
    out.push({ name, url: `images/${name}`, entry: m.entry ?? null, gic: m.gic === 3 ? 3 : 2, description: m.description.split(/[:;(]/)[0].trim() });
  }
  // The default image first, then by name.
  return out.sort((a, b) => (a.name === "output.bin" ? -1 : b.name === "output.bin" ? 1 : a.name.localeCompare(b.name)));
}

export async function buildWeb(outDir = join(root, "dist/web")): Promise<WebBuild> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, "vendor"), { recursive: true });
  await build({
    entryPoints: { main: join(root, "web/main.ts"), worker: join(root, "web/worker.ts") },
    outdir: outDir,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    sourcemap: false,
    logLevel: "warning",
  });
  for (const f of ["index.html", "playground.css"]) copyFileSync(join(root, "web", f), join(outDir, f));
  copyFileSync(join(root, "node_modules/@xterm/xterm/css/xterm.css"), join(outDir, "xterm.css"));
  for (const f of ["capstone.js", "capstone.wasm"]) copyFileSync(join(root, "node_modules/@alexaltea/capstone-js/dist", f), join(outDir, "vendor", f));
  writeFileSync(join(outDir, "images.json"), JSON.stringify(catalogue(outDir), null, 1));
  const code = ["main.js", "worker.js"].map((f) => readFileSync(join(outDir, f)));
  return {
    outDir,
    codeBytes: code.reduce((n, b) => n + b.length, 0),
    codeGzipBytes: code.reduce((n, b) => n + gzipSync(b).length, 0),
    lazyBytes: ["capstone.js", "capstone.wasm"].reduce((n, f) => n + statSync(join(outDir, "vendor", f)).size, 0),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ? resolve(process.argv[2]) : undefined;
  const b = await buildWeb(out);
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  console.log(
    `playground built in ${b.outDir}: page + worker ${kb(b.codeBytes)} (${kb(b.codeGzipBytes)} gzipped); Capstone, on first pause, ${kb(b.lazyBytes)}`,
  );
}
