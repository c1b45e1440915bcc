// A64 disassembly without a native library: Capstone 5 compiled to WebAssembly
// (@alexaltea/capstone-js, BSD-3). Loaded on first use (a dynamic import plus a WebAssembly
// compile, ~0.1 s), so a run that disassembles nothing never loads it. Used by `--trace
// insn`, the guest-death report and `npm run lockstep`.

export interface Disassembler {
  /** "ldr w1, [x1]" for the little-endian word at `address`; ".word 0x…" when it is none. */
  disassemble(word: number, address: bigint | number): string;
  readonly source: string;
}

/** `.word 0x…`, how objdump and Capstone's users write a word that is not an instruction. */
export function rawWord(word: number): string {
  return `.word 0x${(word >>> 0).toString(16).padStart(8, "0")}`;
}

interface CapstoneModule {
  ARCH_ARM64: number;
  MODE_ARM: number;
  Capstone: new (
    arch: number,
    mode: number,
  ) => { disasm(code: number[] | Uint8Array, address: number | bigint, count?: number): { mnemonic: string; op_str: string }[] };
}

let loading: Promise<Disassembler> | null = null;
let loaded: Disassembler | null = null;

/** The disassembler, loading Capstone the first time. */
export function loadDisassembler(): Promise<Disassembler> {
  loading ??= (async () => {
    const mod = (await import("@alexaltea/capstone-js")) as unknown as { default: () => Promise<CapstoneModule> };
    const cs = await mod.default();
    const handle = new cs.Capstone(cs.ARCH_ARM64, cs.MODE_ARM);
    const code = new Uint8Array(4);
    const view = new DataView(code.buffer);
    loaded = {
      source: "capstone 5 (WebAssembly)",
      disassemble(word, address) {
        view.setUint32(0, word >>> 0, true);
        let out: { mnemonic: string; op_str: string }[];
        try {
          out = handle.disasm(code, BigInt(address), 1);
        } catch {
          return rawWord(word);
        }
        if (out.length !== 1) return rawWord(word);
        return `${out[0].mnemonic} ${out[0].op_str}`.trim();
      },
    };
    return loaded;
  })();
  return loading;
}

/** The disassembler if something already loaded it, else null (callers that cannot wait,
 *  like a report written in the middle of a run, fall back to the raw word). */
export function loadedDisassembler(): Disassembler | null {
  return loaded;
}
