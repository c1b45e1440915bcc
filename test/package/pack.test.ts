// The package as a user gets it: `npm pack`, installed into an empty folder, imported by name,
// booting images/output.bin from bytes; its types compile; `npx avisor` runs the bundle.
// Offline: dependencies come from npm's cache; when the cache lacks them (as here, with no
// network), they are symlinked from this checkout's node_modules and the tarball is installed
// with --no-save, which then finds them already in place.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(".");
const pkg = JSON.parse(readFileSync("package.json", "utf8"));

function npm(args: string[], cwd: string) {
  return spawnSync("npm", args, { cwd, encoding: "utf8", timeout: 240_000 });
}

describe("npm package", () => {
  it("packs what a user needs, installs offline, imports and boots output.bin, types compile", { timeout: 600_000 }, () => {
    const work = mkdtempSync(join(tmpdir(), "avisor-pack-"));
    const packed = npm(["pack", "--silent", "--pack-destination", work], root);
    expect(packed.status, packed.stderr).toBe(0);
    const tgz = join(work, packed.stdout.trim().split("\n").at(-1)!);
    const files = execFileSync("tar", ["tzf", tgz], { encoding: "utf8" }).split("\n").filter(Boolean);
    for (const f of [
      "package/LICENSE",
      "package/README.md",
      "package/bin/avisor.js",
      "package/dist/index.js",
      "package/dist/avisor.cjs",
      "package/bin/code-cache.js",
      "package/dist/types/index.d.ts",
    ])
      expect(files).toContain(f);
    expect(files.filter((f) => /^package\/(test|bench|src|\.ci|images|web)\//.test(f))).toEqual([]);

    const app = join(work, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    let install = npm(["install", "--offline", "--no-audit", "--no-fund", tgz], app);
    if (install.status !== 0) {
      expect(install.stderr).toMatch(/ENOTCACHED|only-if-cached/); // only a cache miss is excused
      for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
        mkdirSync(dirname(join(app, "node_modules", dep)), { recursive: true });
        symlinkSync(realpathSync(join(root, "node_modules", dep)), join(app, "node_modules", dep));
      }
      install = npm(["install", "--offline", "--no-save", "--no-audit", "--no-fund", tgz], app);
    }
    expect(install.status, install.stderr).toBe(0);

    // The README's library example, as a user would paste it (the image path made absolute).
    const readme = readFileSync("README.md", "utf8");
    const example = /<!-- library-example -->\n```js\n([\s\S]*?)```/.exec(readme)![1];
    writeFileSync(join(app, "boot.mjs"), example.replace('"images/output.bin"', JSON.stringify(join(root, "images/output.bin"))));
    const boot = spawnSync("node", ["boot.mjs"], { cwd: app, encoding: "utf8" });
    expect(boot.stdout).toBe("Hello, LibOS!\n{ kind: 'powered-off', exitCode: 0, instructions: 122 }\n");
    expect(boot.stderr).toContain("AVISOR INFO: Guest System off 0");
    expect(example.trim().split("\n").length).toBeLessThanOrEqual(10);

    const cli = spawnSync(join(app, "node_modules/.bin/avisor"), [join(root, "images/output.bin"), "--quiet"], { cwd: app, encoding: "utf8" });
    expect([cli.status, cli.stdout]).toEqual([0, "Hello, LibOS!\n"]);

    writeFileSync(
      join(app, "use.ts"),
      [
        `import { createAvisor, type RunOutcome, type Stage2Range } from "avisor-ts";`,
        `const m = createAvisor({ vms: [{ image: new Uint8Array(4), mem: 0x100000 }], gic: 3 });`,
        `export const outcome: Promise<RunOutcome> = m.run({ maxInsns: 10, sliceMs: 5 });`,
        `export const map: Stage2Range[] = m.stage2(0);`,
      ].join("\n"),
    );
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", noEmit: true, types: [] },
        files: ["use.ts"],
      }),
    );
    const tsc = spawnSync(join(root, "node_modules/.bin/tsc"), ["-p", "."], { cwd: app, encoding: "utf8" });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  });
});
