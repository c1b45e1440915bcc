// The table's static properties hold against what the Ops do: every conformance vector is run
// once as recorded, once at another address and once with NZCV inverted, and each effect
// seen must be allowed by the entry's props (they may say more than is seen, never less).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXCEPTION_TAKEN } from "../../src/cpu/exceptions.ts";
import type { InsnEntry } from "../../src/cpu/decode-pattern.ts";
import { makeMachine } from "./harness.ts";

interface Case {
  word: string;
  regs: string[];
  nzcv: number;
  pc: string;
  mem?: string;
  vregs?: string[];
}
interface VectorFile {
  data: string;
  window: number;
  sp: string;
  cases: Case[];
}

interface Effects {
  entry: InsnEntry | null;
  endedBlock: boolean;
  faulted: boolean;
  pcMoved: boolean;
  nzcvAfter: number;
  /** Registers, vector registers and the data window after the instruction. */
  state: string;
}

const SHIFT = 0x1000; // the second address: one page on, same offsets within the page

function run(v: VectorFile, k: Case, pcOffset: number, nzcv: number): Effects {
  const m = makeMachine();
  const pc = Number(k.pc) + pcOffset;
  const word = parseInt(k.word, 16);
  m.bus.ram.write(pc, 4, word);
  m.bus.ram.writeBytes(Number(v.data), k.mem ? Uint8Array.from(Buffer.from(k.mem, "hex")) : new Uint8Array(v.window));
  k.regs.forEach((r, i) => m.cpu.setX(i, BigInt(r)));
  k.vregs?.forEach((x, i) => m.cpu.setV(i, BigInt(x)));
  m.cpu.setSysreg("SP_EL1", BigInt(v.sp));
  m.cpu.setPstate(((nzcv << 28) | 0x3c5) >>> 0);
  m.cpu.setPc(BigInt(pc));
  const entry = m.cpu.decoder.find(word);
  const op = m.cpu.decoder.decode(word);
  let endedBlock = false;
  let faulted = false;
  try {
    endedBlock = op(m.cpu) === true;
  } catch (e) {
    if (e !== EXCEPTION_TAKEN) throw e;
    faulted = true;
  }
  const regs = Array.from({ length: 31 }, (_, i) => m.cpu.getX(i).toString(16));
  const vregs = Array.from({ length: 32 }, (_, i) => m.cpu.getV(i).toString(16));
  const mem = Buffer.from(m.bus.ram.readBytes(Number(v.data), v.window)).toString("hex");
  return {
    entry,
    endedBlock,
    faulted,
    pcMoved: m.cpu.getPc() !== BigInt(pc),
    nzcvAfter: m.cpu.getPstate() >>> 28,
    state: `${regs.join(",")}|${vregs.join(",")}|${m.cpu.getSysreg("SP_EL1").toString(16)}|${mem}`,
  };
}

const dir = join(import.meta.dirname, "vectors");

describe("instruction props against the Ops", () => {
  it("every effect seen over the conformance vectors is declared by the entry", () => {
    const missing = new Map<string, Set<string>>();
    const note = (e: InsnEntry, prop: string) => {
      if (!missing.has(e.id)) missing.set(e.id, new Set());
      missing.get(e.id)!.add(prop);
    };
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort()) {
      const v = JSON.parse(readFileSync(join(dir, file), "utf8")) as VectorFile;
      for (const k of v.cases) {
        const a = run(v, k, 0, k.nzcv);
        const e = a.entry;
        if (e === null) continue;
        const p = e.props;
        if ((a.endedBlock || a.pcMoved) && !p.endsBlock) note(e, "endsBlock");
        if (a.faulted && !p.mayFault) note(e, "mayFault");
        if (a.nzcvAfter !== k.nzcv && !p.writesFlags) note(e, "writesFlags");
        if (!a.faulted && !p.readsPc && run(v, k, SHIFT, k.nzcv).state !== a.state) note(e, "readsPc");
        if (!a.faulted && !p.readsFlags) {
          const flipped = run(v, k, 0, ~k.nzcv & 0xf);
          if (flipped.state !== a.state || flipped.pcMoved !== a.pcMoved || (!p.writesFlags && flipped.nzcvAfter !== (~k.nzcv & 0xf))) note(e, "readsFlags");
        }
      }
    }
    expect([...missing].map(([id, props]) => `${id}: ${[...props].join(", ")}`).sort()).toEqual([]);
  }, 300_000);
});
