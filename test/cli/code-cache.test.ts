// bin/code-cache.js: the command's bundle run through vm.Script with a V8 code cache. A cache
// is used when it fits, replaced when the bundle changed or V8 rejects it, and never in the
// way: an unwritable place only means no cache. The real bundle, built as build:cli builds it,
// still loads Capstone lazily from a cached start (import() lowered to require()).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { defaultCacheDir } from "../../bin/code-cache.js";

/** A small CommonJS bundle that records what it was given in a global. */
function fakeBundle(dir: string, tag: string): string {
  const file = join(dir, "bundle.cjs");
  writeFileSync(
    file,
    [
      `const path = require("node:path");`,
      `globalThis.__codeCacheRuns = globalThis.__codeCacheRuns ?? [];`,
      `globalThis.__codeCacheRuns.push({ tag: ${JSON.stringify(tag)}, file: path.basename(__filename), url: __avisor_url, strict: (function () { return this === undefined; })() });`,
      `module.exports.tag = ${JSON.stringify(tag)};`,
    ].join("\n"),
  );
  return file;
}
interface Start {
  status: string;
  saved: boolean;
  runs: { tag: string; file: string; url: string; strict: boolean }[];
}
/** runBundle + save in a fresh process, as the command does (V8 keeps compiled scripts per
 *  process, so only a new process shows what the file cache does). */
function start(bundle: string, cacheDir: string | null): Start {
  const script = [
    `import { runBundle } from ${JSON.stringify(pathToFileURL(resolve("bin/code-cache.js")).href)};`,
    `const r = runBundle(${JSON.stringify(bundle)}, ${JSON.stringify(cacheDir)});`,
    `const saved = r.save();`,
    `console.log(JSON.stringify({ status: r.status, saved, runs: globalThis.__codeCacheRuns }));`,
  ].join("\n");
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout);
}
const cacheFiles = (dir: string) => readdirSync(dir).filter((n) => n.endsWith(".v8cache"));

describe("code cache of the command's bundle", () => {
  it("a first start makes the cache, the next one uses it; the bundle runs each time, in strict mode", () => {
    const dir = mkdtempSync(join(tmpdir(), "avisor-cc-"));
    const cache = join(dir, "cache");
    const bundle = fakeBundle(dir, "one");
    const first = start(bundle, cache);
    expect(first).toMatchObject({ status: "miss", saved: true });
    expect(cacheFiles(cache)).toHaveLength(1);
    const second = start(bundle, cache);
    expect(second).toMatchObject({ status: "hit", saved: false }); // nothing to refresh
    for (const s of [first, second]) expect(s.runs).toEqual([{ tag: "one", file: "bundle.cjs", url: pathToFileURL(bundle).href, strict: true }]);
  });

  it("a rebuilt bundle does not meet the old cache, and its cache replaces the old file", () => {
    const dir = mkdtempSync(join(tmpdir(), "avisor-cc-"));
    const cache = join(dir, "cache");
    expect(start(fakeBundle(dir, "old"), cache).saved).toBe(true);
    const [oldFile] = cacheFiles(cache);
    const fresh = start(fakeBundle(dir, "new"), cache);
    expect(fresh).toMatchObject({ status: "miss", saved: true });
    expect(fresh.runs[0].tag).toBe("new");
    expect(cacheFiles(cache)).toHaveLength(1);
    expect(cacheFiles(cache)[0]).not.toBe(oldFile);
    expect(start(fakeBundle(dir, "new"), cache).status).toBe("hit");
  });

  it("a cache V8 rejects (damaged) is ignored, then rewritten", () => {
    const dir = mkdtempSync(join(tmpdir(), "avisor-cc-"));
    const cache = join(dir, "cache");
    const bundle = fakeBundle(dir, "damaged");
    start(bundle, cache);
    const file = join(cache, cacheFiles(cache)[0]);
    writeFileSync(file, Buffer.alloc(readFileSync(file).length, 0x5a));
    const r = start(bundle, cache);
    expect(r).toMatchObject({ status: "rejected", saved: true });
    expect(r.runs[0].tag).toBe("damaged");
    expect(start(bundle, cache).status).toBe("hit");
  });

  it("an unwritable cache place costs nothing but the cache: no error, the bundle runs", () => {
    const dir = mkdtempSync(join(tmpdir(), "avisor-cc-"));
    const notADir = join(dir, "file");
    writeFileSync(notADir, "x"); // mkdir below a regular file fails, even for root
    const r = start(fakeBundle(dir, "unwritable"), join(notADir, "cache"));
    expect(r).toMatchObject({ status: "miss", saved: false });
    expect(r.runs[0].tag).toBe("unwritable");
    expect(start(fakeBundle(dir, "off"), null)).toMatchObject({ status: "off", saved: false });
  });

  it("lives in $XDG_CACHE_HOME/avisor-ts, else ~/.cache/avisor-ts", () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: "/x" }, "/home/u")).toBe("/x/avisor-ts");
    expect(defaultCacheDir({}, "/home/u")).toBe("/home/u/.cache/avisor-ts");
    expect(defaultCacheDir({ XDG_CACHE_HOME: "" }, "")).toBeNull();
  });

  it("the real bundle from a cached start still disassembles (Capstone loaded lazily)", { timeout: 120_000 }, async () => {
    const scripts = JSON.parse(readFileSync("package.json", "utf8")).scripts;
    // The options below are build:cli's; the two that make vm.Script + cache work are checked.
    expect(scripts["build:cli"]).toContain("--format=cjs");
    expect(scripts["build:cli"]).toContain("--supported:dynamic-import=false");
    const dir = mkdtempSync(join(tmpdir(), "avisor-cc-"));
    const bundle = join(dir, "avisor.cjs");
    await build({
      entryPoints: ["src/cli/main.ts"],
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      outfile: bundle,
      logLevel: "warning",
      external: ["@alexaltea/capstone-js"],
      define: { "import.meta.url": "__avisor_url" },
      supported: { "dynamic-import": false },
    });
    const driver = join(dir, "driver.mjs");
    writeFileSync(
      driver,
      `import { runBundle } from ${JSON.stringify(pathToFileURL(resolve("bin/code-cache.js")).href)};\n` +
        `const { status, save } = runBundle(${JSON.stringify(bundle)}, ${JSON.stringify(join(dir, "cache"))});\n` +
        `process.stderr.write("cache " + status + "\\n");\nprocess.on("exit", save);\n`,
    );
    const go = () =>
      spawnSync(process.execPath, [driver, "images/output.bin", "--trace", "insn", "--max-insns", "3", "--quiet"], {
        encoding: "utf8",
        env: { ...process.env, NODE_PATH: resolve("node_modules") },
      });
    const a = go();
    const b = go();
    expect(a.stderr).toContain("cache miss");
    expect(b.stderr).toContain("cache hit");
    for (const r of [a, b]) {
      expect(r.status).toBe(3); // the instruction limit
      expect(r.stderr).toContain("ldr x0, #0x40100040"); // Capstone's text
      expect(r.stderr).not.toContain("internal error");
    }
  });
});
