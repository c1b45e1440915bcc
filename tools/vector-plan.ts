// The conformance-vector plan, drawn from the instruction table: for every entry, random
// instruction words that decode to it (field values biased to the edges), with what the
// generator must set up around each (base registers pointing into the data window, small
// index registers, the PC of a literal load). tools/gen-vectors.py runs the plan on Unicorn.
// The table is the only list of instructions: a new entry gets vectors with no other edit.
//
// usage: npx tsx tools/vector-plan.ts [--seed N] [--per-entry N]  (JSON on stdout)
import type { FieldSpec, InsnEntry } from "../src/cpu/decode-pattern.ts";
import { defaultDecoder } from "../src/cpu/decoder.ts";
import { CLAIMED_CLASSES, INSN_TABLE } from "../src/cpu/insn/index.ts";
import { loadDisassembler } from "../src/debug/disassembler.ts";
import { KNOWN_UNICORN_DEVIATIONS, rng } from "../src/lockstep/random-guest.ts"; // xorshift32: a seed names the plan

export const CODE = 0x4000_0000;
export const DATA = 0x4010_0000; // the 256-byte window the conformance test compares
export const WINDOW = 256;

export interface PlannedCase {
  entry: string;
  /** The vector file: the entry's top-level encoding class. */
  group: string;
  word: string;
  asm: string;
  pc: string;
  /** Registers to set up, "x<n>:<kind>" as gen-vectors.py reads them. */
  bases: string[];
  memory: boolean;
  simd: boolean;
}

const GROUP_FILES: Record<string, string> = {
  "Data Processing -- Immediate": "dp-immediate",
  "Branches, Exception Generating and System instructions": "branch-system",
  "Loads and Stores": "load-store",
  "Data Processing -- Register": "dp-register",
  "Data Processing -- Scalar Floating-Point and Advanced SIMD": "simd-fp",
};

function classOf(word: number): string {
  const c = CLAIMED_CLASSES.find((k) => (word & k.mask) >>> 0 === k.value);
  return c === undefined ? "other" : GROUP_FILES[c.name];
}

function setField(word: number, f: FieldSpec, raw: number): number {
  const m = f.width === 32 ? 0xffffffff : ((1 << f.width) - 1) << f.shift;
  return ((word & ~m) | ((raw << f.shift) & m)) >>> 0;
}

const fieldRaw = (word: number, f: FieldSpec) => (word >>> f.shift) & (f.width === 32 ? 0xffffffff : (1 << f.width) - 1);

const REGISTER_FIELDS = new Set(["rd", "rn", "rm", "rt", "rt2", "ra", "rs"]);
/** Immediate offsets of loads and stores: kept small so the access stays in the window. */
const OFFSET_LIMITS: Record<string, [number, number]> = { imm12: [0, 6], imm9: [-48, 48], imm7: [-3, 3] };

/** A random word of entry e with its operands biased to edge values. */
function sampleWord(e: InsnEntry, next: () => number, memory: boolean): number {
  let w = ((next() & ~e.mask) | e.value) >>> 0;
  for (const f of e.fields) {
    const k = next() % 10;
    const max = f.width === 32 ? 0xffffffff : (1 << f.width) - 1;
    if (memory && OFFSET_LIMITS[f.name] !== undefined) {
      const [lo, hi] = OFFSET_LIMITS[f.name];
      w = setField(w, f, lo + (next() % (hi - lo + 1)));
    } else if (REGISTER_FIELDS.has(f.name) && k < 2) w = setField(w, f, k === 0 ? 31 : 0);
    else if (!REGISTER_FIELDS.has(f.name) && k < 3) w = setField(w, f, [0, max, 1][k]);
  }
  return w;
}

/** Registers a memory access uses as base and index point into the window; a base must not
 *  also be the data register (that is CONSTRAINED UNPREDICTABLE with writeback). */
function memorySetup(e: InsnEntry, word: number, next: () => number): { bases: string[]; pc: number | null } | null {
  const reg = (name: string) => {
    const f = e.fields.find((x) => x.name === name);
    return f === undefined ? null : fieldRaw(word, f);
  };
  const rn = reg("rn");
  const others = ["rt", "rt2", "rs", "rm"].map(reg).filter((r): r is number => r !== null);
  if (rn === null) {
    // A literal load: the PC is chosen so that the target lands in the window.
    const imm = e.fields.find((x) => x.name === "imm19");
    if (imm === undefined || !e.props.readsPc) return { bases: [], pc: null };
    let off = fieldRaw(word, imm);
    if (off >= 1 << 18) off -= 1 << 19;
    const pc = DATA + 8 * (next() % 16) - off * 4;
    if (pc < CODE + 0x1000 || pc + 4 > DATA) return null;
    return { bases: [], pc };
  }
  if (rn !== 31 && others.includes(rn)) return null;
  const bases = rn === 31 ? [] : [`x${rn}:align16`];
  const rm = reg("rm");
  if (rm !== null && rm !== 31 && rm !== rn) bases.push(`x${rm}:idx`);
  // Unicorn 2.0.1 compares a narrow atomic's Rs with its upper bits included (QEMU 7.2
  // truncates it, as the ARM ARM says): give Rs no upper bits, so both must agree.
  const rs = reg("rs");
  const size = word >>> 30; // bits 31:30 of every single-register load/store
  // Its signed forms compare Rs as a 64-bit signed number: give them Rs sign-extended.
  const signed = /S(MAX|MIN)/.test(e.name);
  if (rs !== null && rs !== 31 && rs !== rn) bases.push(`x${rs}:${signed ? "snarrow" : "narrow"}${1 << size}`);
  return { bases, pc: null };
}

export async function vectorPlan(seed: number, perEntry: number): Promise<PlannedCase[]> {
  const decoder = defaultDecoder();
  const dis = await loadDisassembler();
  const next = rng(seed);
  const out: PlannedCase[] = [];
  for (const e of INSN_TABLE) {
    if (e.undefinedBecause !== null) continue;
    const want = perEntry;
    let made = 0;
    for (let attempt = 0; attempt < want * 500 && made < want; attempt++) {
      const cls = classOf(e.value);
      const memory = cls === "load-store";
      const word = sampleWord(e, next, memory);
      if (decoder.find(word) !== e) continue; // a reserved value, or another entry's word
      if (KNOWN_UNICORN_DEVIATIONS.some((k) => k.matches(word, 0n))) continue; // the reference is wrong there
      // A word disassemblers reject although it decodes is CONSTRAINED UNPREDICTABLE (e.g. a
      // pair load into one register twice): implementations may differ there.
      const asm = dis.disassemble(word, CODE);
      if (asm.startsWith(".word")) continue;
      // The ID and cache-type registers (op0 3, CRn 0) hold what a CPU model is, and SCTLR,
      // ACTLR and CPACR (CRn 1) reset to IMPLEMENTATION DEFINED values;
      // Unicorn's "max" model is not the board's Cortex-A57 (test/cpu/exceptions.test.ts reads ours).
      if (e.name === "MRS" && ((word >>> 12) & 0xf) <= 1 && ((word >>> 19) & 3) === 3) continue;
      let pc: number = CODE + 0x1000 * (1 + (next() % 200));
      let bases: string[] = [];
      if (memory) {
        const s = memorySetup(e, word, next);
        if (s === null) continue;
        bases = s.bases;
        if (s.pc !== null) pc = s.pc;
      }
      // DC ZVA zeroes the block its register points into: point it into the window too.
      if (e.name === "DC" && e.encoding === "ZVA") {
        const rt = fieldRaw(word, e.fields.find((x) => x.name === "rt")!);
        if (rt === 31) continue;
        bases = [`x${rt}:align16`];
      }
      const simd = cls === "simd-fp" || (memory && ((word >>> 26) & 1) === 1);
      out.push({
        entry: e.id,
        group: classOf(word),
        word: word.toString(16).padStart(8, "0"),
        asm: dis.disassemble(word, pc),
        pc: `0x${pc.toString(16)}`,
        bases,
        memory,
        simd,
      });
      made++;
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, dflt: number) => {
    const i = process.argv.indexOf(name);
    return i < 0 ? dflt : Number(process.argv[i + 1]);
  };
  const plan = await vectorPlan(arg("--seed", 20261130), arg("--per-entry", 8));
  process.stdout.write(JSON.stringify({ code: CODE, data: DATA, window: WINDOW, cases: plan }));
}
