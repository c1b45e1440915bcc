// Differential fuzzing of the ts core against Unicorn: random A64 guests (src/lockstep/
// random-guest.ts) run in lockstep after every instruction (--jit: the ts core compiling every
// block on first sight, compared every --window instructions). With --against interpreter, the
// ts core with every block compiled on first sight (AVISOR_JIT_THRESHOLD=1) against the ts
// core interpreting, compared every --window instructions (default 7 there: a window of 1
// would never let a block run whole).
//
//   npx tsx tools/fuzz-lockstep.ts [--seed N] [--images N] [--length N] [--against interpreter] [--jit] [--window N]
//
// Prints each image's first divergence (instruction, disassembly, what differs) and a summary.
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultConfig } from "../src/hyp/config.ts";
import { loadDisassembler } from "../src/lockstep/disassembler.ts";
import { runLockstep } from "../src/lockstep/lockstep.ts";
import { knownUnicornDeviation, randomGuest } from "../src/lockstep/random-guest.ts";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seed0 = arg("--seed", 1);
  const images = arg("--images", 20);
  const length = arg("--length", 500);
  const vsInterpreter = process.argv.includes("--against") && process.argv[process.argv.indexOf("--against") + 1] === "interpreter";
  const jit = vsInterpreter || process.argv.includes("--jit");
  const window = arg("--window", jit ? 7 : 1);
  if (jit) process.env.AVISOR_JIT_THRESHOLD ??= "1";
  const dir = mkdtempSync(join(tmpdir(), "avisor-fuzz-"));
  const dis = await loadDisassembler();
  const found = new Map<string, number>();
  for (let k = 0; k < images; k++) {
    const seed = seed0 + k;
    const file = join(dir, `fuzz-${seed}.bin`);
    writeFileSync(file, randomGuest(seed, length));
    const r = runLockstep(defaultConfig(file), {
      window,
      maxInsns: 200_000,
      ramEvery: 1_000,
      disassembler: dis,
      against: vsInterpreter ? "interpreter" : "unicorn",
      jit,
    });
    if (r.kind === "agree") {
      console.log(`seed ${seed}: agree (${r.instructions} instructions${jit ? `, ${r.compiled} compiled` : ""}, ${r.why})`);
      continue;
    }
    const d = r.divergence;
    const known = vsInterpreter ? null : knownUnicornDeviation(d);
    if (known !== null) {
      console.log(`seed ${seed}: known Unicorn deviation at instruction ${d.instructions + 1}: ${d.disassembly}: ${known}`);
      continue;
    }
    const mnemonic = d.disassembly.split(" ")[0];
    found.set(mnemonic, (found.get(mnemonic) ?? 0) + 1);
    console.log(`seed ${seed}: diverged at instruction ${d.instructions + 1}, pc 0x${d.pc.toString(16)}: ${d.disassembly}`);
    for (const l of d.differences.slice(0, 6)) console.log(`    ${l}`);
  }
  console.log(`summary: ${[...found].map(([m, n]) => `${m} x${n}`).join(", ") || "no divergence"}`);
}
