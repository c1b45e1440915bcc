// DESIGN §1: everything src/index.ts reaches runs in a browser. Bundling it for the browser
// platform fails on any Node built-in it imports (node:fs, node:module, …), and the bundle
// must not lean on Node globals either.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build, type BuildFailure } from "esbuild";
import { describe, expect, it } from "vitest";

async function bundleForBrowser(entry: string): Promise<{ errors: string[]; code: string; inputs: string[] }> {
  try {
    const r = await build({ entryPoints: [entry], bundle: true, platform: "browser", format: "esm", write: false, metafile: true, logLevel: "silent" });
    return { errors: [], code: r.outputFiles[0].text, inputs: Object.keys(r.metafile.inputs) };
  } catch (e) {
    return { errors: (e as BuildFailure).errors.map((m) => m.text), code: "", inputs: [] };
  }
}

describe("src/index.ts in the browser", () => {
  it("bundles for --platform=browser with no Node built-in and no Node global", async () => {
    const r = await bundleForBrowser("src/index.ts");
    expect(r.errors).toEqual([]);
    expect(r.inputs.filter((i) => i.startsWith("node:") || !i.startsWith("src/"))).toEqual([]);
    expect(r.inputs).toContain("src/machine.ts");
    expect(r.inputs.some((i) => i.startsWith("src/cli/") || i.includes("unicorn"))).toBe(false);
    for (const global of [/\bprocess\./, /\bBuffer\./, /\brequire\(/, /\bsetImmediate\(/, /\b__dirname\b/]) expect(r.code).not.toMatch(global);
  });

  it("the check catches a Node import (a module that reads a file fails to bundle)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "avisor-bundle-"));
    const entry = join(dir, "entry.ts");
    writeFileSync(
      entry,
      `import { readFileSync } from "node:fs";\nexport * from ${JSON.stringify(resolve("src/index.ts"))};\nexport const f = () => readFileSync("x");\n`,
    );
    const r = await bundleForBrowser(entry);
    expect(r.errors.join("\n")).toMatch(/node:fs/);
  });
});
