// The playground's row of `npm run bench`: bundle size, and the boot time of the same guests
// in Chromium (the page's Web Worker, through the library) and in Node (the built library in
// a fresh process), measured in one run. Boot time: from the bytes in hand to the guest's power-off,
// machine construction included. Alone: `npm run bench:browser`.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromiumMissing, openPlayground } from "../web/chromium.ts";

const UNIKRAFT = `${process.env.AVISOR_COMPAT_IMAGES ?? "/work/compat-images"}/app-helloworld_kvm-arm64`;

export interface BrowserBootRow {
  image: string;
  instructions: number;
  nodeMs: number;
  chromiumMs: number;
}

export interface BrowserBench {
  codeBytes: number;
  codeGzipBytes: number;
  lazyBytes: number;
  boots: BrowserBootRow[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The boot in a fresh Node process through the built library (dist/index.js), cold as a
 *  new page's worker is, timed inside from the bytes in hand to power-off as the worker is. */
function nodeBoot(path: string): { ms: number; instructions: number } {
  const script = [
    `import { readFileSync } from "node:fs";`,
    `const { createAvisor } = await import(${JSON.stringify(resolve("dist/index.js"))});`,
    `const image = new Uint8Array(readFileSync(${JSON.stringify(resolve(path))}));`,
    `const t0 = performance.now();`,
    `const r = await createAvisor({ vms: [{ image }] }).run({ sliceMs: 15 });`,
    `console.log(JSON.stringify({ kind: r.kind, instructions: r.instructions, ms: performance.now() - t0 }));`,
  ].join("\n");
  const r = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }));
  if (r.kind !== "powered-off") throw new Error(`${path}: ${r.kind} in Node`);
  return r;
}

export async function runBrowserBench(runs = 3): Promise<BrowserBench> {
  execFileSync("npm", ["run", "--silent", "build:lib"], { stdio: "ignore" });
  const pg = await openPlayground();
  try {
    const page = await pg.context.newPage();
    const images = [
      { name: "images/output.bin", path: "images/output.bin" },
      ...(existsSync(UNIKRAFT) ? [{ name: "app-helloworld_kvm-arm64", path: UNIKRAFT }] : []),
    ];
    const boots: BrowserBootRow[] = [];
    for (const img of images) {
      const node: number[] = [];
      const chromium: number[] = [];
      let instructions = 0;
      for (let i = 0; i < runs; i++) {
        const n = nodeBoot(img.path);
        node.push(n.ms);
        instructions = n.instructions;
        await page.goto(pg.url);
        await page.waitForSelector("body[data-ready='1']");
        await page.setInputFiles("#upload", img.path);
        await page.click("#boot");
        const state = page.locator(".card .state");
        await state.filter({ hasText: /^powered off after/ }).waitFor({ timeout: 120_000 });
        const m = /^powered off after ([\d,]+) instructions in (\d+) ms$/.exec((await state.textContent()) ?? "");
        if (m === null) throw new Error(`${img.name}: the page said ${await state.textContent()}`);
        if (Number(m[1].replace(/,/g, "")) !== instructions) throw new Error(`${img.name}: ${m[1]} instructions in Chromium, ${instructions} in Node`);
        chromium.push(Number(m[2]));
      }
      boots.push({ image: img.name, instructions, nodeMs: median(node), chromiumMs: median(chromium) });
    }
    return { codeBytes: pg.build.codeBytes, codeGzipBytes: pg.build.codeGzipBytes, lazyBytes: pg.build.lazyBytes, boots };
  } finally {
    await pg.close();
  }
}

export function printBrowserBench(b: BrowserBench): void {
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  console.log(`playground bundle: ${kb(b.codeBytes)} page + worker (${kb(b.codeGzipBytes)} gzipped); Capstone on first pause ${kb(b.lazyBytes)}`);
  for (const r of b.boots) {
    console.log(
      `boot of ${r.image} (${r.instructions} instructions) to power-off: Chromium ${r.chromiumMs.toFixed(0)} ms, Node ${r.nodeMs.toFixed(0)} ms (Chromium/Node ${(r.chromiumMs / r.nodeMs).toFixed(2)})`,
    );
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (chromiumMissing !== null) {
    console.log(`playground row skipped: ${chromiumMissing}`);
  } else printBrowserBench(await runBrowserBench());
}
