// Runs the command's bundle (dist/avisor.cjs, CommonJS) through vm.Script with a V8 code
// cache, so that a start after the first skips most of parsing and compiling it (a quarter
// of the compile time, measured: README, "Start-up"). The cache file's name carries a hash of the
// bundle's text, the Node version and the CPU architecture, so a rebuilt bundle or another
// Node never meets a cache made for something else; V8 checks the rest and rejects what does
// not fit, and then a fresh cache replaces it. Any failure to read or write the cache only
// costs the time it would have saved: nothing is printed, the run is the same.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";

const PREFIX = "avisor-";
const SUFFIX = ".v8cache";

/**
 * Evaluates `bundlePath` as a CommonJS module (strict mode, as its ES module sources are),
 * using and later refreshing a code cache in `cacheDir` (null: no cache). Returns how the cache
 * was found ("hit", "miss", "rejected" or "off") and `save`, to be called once the run is
 * over: by then V8 has compiled the functions the run used, and the cache holds them too.
 */
export function runBundle(bundlePath, cacheDir) {
  const source = readFileSync(bundlePath, "utf8");
  const key = createHash("sha256").update(`${process.version} ${process.arch}\0`).update(source).digest("hex").slice(0, 16);
  const cacheFile = cacheDir === null ? null : join(cacheDir, `${PREFIX}${key}${SUFFIX}`);
  let cached;
  if (cacheFile !== null) {
    try {
      cached = readFileSync(cacheFile);
    } catch {
      cached = undefined; // none yet, or unreadable: compile from source
    }
  }
  // One line of wrapper before the source, so stack traces keep the bundle's line numbers.
  const wrapped = `(function (exports, require, module, __filename, __dirname, __avisor_url) {"use strict";${source}\n})`;
  // No importModuleDynamically: Node 20 drops it from a script made from cached data, so the
  // bundle is built with import() lowered to require() (build:cli, --supported:dynamic-import=false).
  const script = new vm.Script(wrapped, { filename: bundlePath, cachedData: cached });
  const status = cacheFile === null ? "off" : cached === undefined ? "miss" : script.cachedDataRejected ? "rejected" : "hit";
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath), pathToFileURL(bundlePath).href);

  function save() {
    if (cacheFile === null || status === "hit") return false;
    try {
      mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
      // Written aside then renamed: a concurrent start reads a whole cache or none.
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
      renameSync(tmp, cacheFile);
      for (const name of readdirSync(cacheDir)) {
        if (name.startsWith(PREFIX) && name.endsWith(SUFFIX) && join(cacheDir, name) !== cacheFile) rmSync(join(cacheDir, name), { force: true });
      }
      return true;
    } catch {
      return false; // not writable (read-only home, full disk): run without a cache
    }
  }
  return { status, save };
}

/** Where the cache lives: $XDG_CACHE_HOME/avisor-ts, else ~/.cache/avisor-ts. */
export function defaultCacheDir(env, home) {
  const base = env.XDG_CACHE_HOME || (home ? join(home, ".cache") : "");
  return base === "" ? null : join(base, "avisor-ts");
}
