#!/usr/bin/env node
// The `avisor` command (and `npm run boot`). Runs the prebuilt bundle dist/avisor.cjs
// (made by `npm run build`, which `npm ci` runs) when it is newer than every source file,
// because starting it takes a fifth of the time of compiling the sources, with a V8 code cache
// (bin/code-cache.js); otherwise runs the TypeScript sources through tsx, so an edit is never
// hidden behind a stale bundle.
import { existsSync, readdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { fileURLToPath } from "node:url";
import { defaultCacheDir, runBundle } from "./code-cache.js";

const root = fileURLToPath(new URL("..", import.meta.url));

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

let bundleFresh = false;
try {
  // An installed package ships the bundle without the sources: then the bundle is all there is.
  bundleFresh = !existsSync(`${root}/src`) || statSync(`${root}/dist/avisor.cjs`).mtimeMs >= newestSource(`${root}/src`);
} catch {
  bundleFresh = false; // no bundle yet
}

if (bundleFresh) {
  const { save } = runBundle(`${root}/dist/avisor.cjs`, defaultCacheDir(process.env, homedir()));
  process.on("exit", save);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli/main.ts");
}
