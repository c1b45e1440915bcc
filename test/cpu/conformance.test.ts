// Replays the Unicorn-generated vectors (tools/gen-vectors.py) on the ts core: one
// instruction per case, every register, NZCV, SP, PC and the data window compared.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeMachine } from "./harness.ts";

interface Case {
  asm: string;
  word: string;
  regs: string[];
  nzcv: number;
  pc: string;
  mem?: string;
  vregs?: string[];
  expect: { regs: Record<string, string>; nzcv: number; sp: string; pc: string; mem?: [number, number][]; vregs?: Record<string, string>; fpsr?: number };
}
interface VectorFile {
  reference: string;
  data: string;
  window: number;
  sp: string;
  cases: Case[];
}

const dir = join(import.meta.dirname, "vectors");
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort();

/** jit: every instruction compiled alone on its first run (threshold 1, blocks of one). */
function runCase(v: VectorFile, k: Case, jit = false): string[] {
  const m = makeMachine(undefined, undefined, jit ? { jit: { threshold: 1, maxBlock: 1 } } : {});
  const data = Number(v.data);
  const pc = Number(k.pc);
  m.bus.ram.write(pc, 4, parseInt(k.word, 16));
  const before = k.mem ? Uint8Array.from(Buffer.from(k.mem, "hex")) : new Uint8Array(v.window);
  m.bus.ram.writeBytes(data, before);
  k.regs.forEach((r, i) => m.cpu.setX(i, BigInt(r)));
  k.vregs?.forEach((v, i) => m.cpu.setV(i, BigInt(v)));
  m.cpu.setSysreg("SP_EL1", BigInt(v.sp));
  m.cpu.setPstate(((k.nzcv << 28) | 0x3c5) >>> 0);
  m.cpu.setPc(BigInt(pc));
  m.cpu.run(1);
  const bad: string[] = [];
  if (jit && m.cpu.jit!.stats.retired !== 1) bad.push(`ran ${m.cpu.jit!.stats.retired} instructions compiled, want 1`);
  for (let i = 0; i < 31; i++) {
    const want = BigInt(k.expect.regs[i] ?? k.regs[i]);
    const got = m.cpu.getX(i);
    if (got !== want) bad.push(`x${i} = 0x${got.toString(16)}, want 0x${want.toString(16)}`);
  }
  if (k.vregs) {
    for (let i = 0; i < 32; i++) {
      const want = BigInt(k.expect.vregs?.[i] ?? k.vregs[i] ?? 0); // registers not listed start at zero
      const got = m.cpu.getV(i);
      if (got !== want) bad.push(`v${i} = 0x${got.toString(16)}, want 0x${want.toString(16)}`);
    }
  }
  if (k.expect.fpsr !== undefined) {
    const fpsr = Number(m.cpu.getSysreg("FPSR"));
    if (fpsr !== k.expect.fpsr) bad.push(`fpsr = 0x${fpsr.toString(16)}, want 0x${k.expect.fpsr.toString(16)}`);
  }
  const nzcv = m.cpu.getPstate() >>> 28;
  if (nzcv !== k.expect.nzcv) bad.push(`nzcv = ${nzcv.toString(2).padStart(4, "0")}, want ${k.expect.nzcv.toString(2).padStart(4, "0")}`);
  const sp = m.cpu.getSysreg((m.cpu.getPstate() & 1) === 1 ? "SP_EL1" : "SP_EL0"); // the SP in use (MSR SPSel)
  if (sp !== BigInt(k.expect.sp)) bad.push(`sp = 0x${sp.toString(16)}, want ${k.expect.sp}`);
  const gotPc = m.cpu.getPc();
  if (gotPc !== BigInt(k.expect.pc)) bad.push(`pc = 0x${gotPc.toString(16)}, want ${k.expect.pc}`);
  const after = Uint8Array.from(before);
  for (const [off, b] of k.expect.mem ?? []) after[off] = b;
  const mem = m.bus.ram.readBytes(data, v.window);
  for (let i = 0; i < v.window; i++) {
    if (mem[i] !== after[i]) {
      bad.push(`mem[+${i}] = 0x${mem[i].toString(16)}, want 0x${after[i].toString(16)}`);
      break;
    }
  }
  return bad;
}

describe.each([
  ["interpreted", false],
  ["compiled (src/cpu/jit, threshold 1)", true],
])("conformance with Unicorn (one instruction per case), %s", (_how, jit) => {
  for (const file of files) {
    const v = JSON.parse(readFileSync(join(dir, file), "utf8")) as VectorFile;
    it(`${file.replace(".json", "")}: ${v.cases.length} cases agree with ${v.reference}`, () => {
      const failures: string[] = [];
      for (const k of v.cases) {
        let bad: string[];
        try {
          bad = runCase(v, k, jit);
        } catch (e) {
          bad = [`threw ${(e as Error).message}`];
        }
        if (bad.length) failures.push(`${k.asm} [${k.word}]: ${bad.join("; ")}`);
      }
      expect(failures.slice(0, 12), `${failures.length} of ${v.cases.length} cases disagree`).toEqual([]);
    });
  }
});
