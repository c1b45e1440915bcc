// The code around the PC in words: Capstone 5 (its JavaScript + WebAssembly build), loaded
// the first time the user pauses, since it is ten times the size of the rest of the page.
// Without it (failed to load) the words are shown as hex, one per line.

export interface DisasmLine {
  address: bigint;
  text: string;
}

interface CapstoneInsn {
  address: number | bigint;
  mnemonic: string;
  op_str: string;
  size: number;
}
interface CapstoneModule {
  ARCH_ARM64: number;
  MODE_ARM: number;
  Capstone: new (arch: number, mode: number) => { disasm(code: Uint8Array | number[], address: number | bigint): CapstoneInsn[]; close(): void };
}
declare global {
  // Set by vendor/capstone.js (an Emscripten factory).
  var MCapstone: ((opts?: object) => Promise<CapstoneModule>) | undefined;
}

let loading: Promise<CapstoneModule | null> | null = null;

function loadCapstone(): Promise<CapstoneModule | null> {
  loading ??= new Promise((resolve) => {
    const s = document.createElement("script");
    s.src = "vendor/capstone.js";
    s.onload = () => (globalThis.MCapstone ? globalThis.MCapstone().then(resolve, () => resolve(null)) : resolve(null));
    s.onerror = () => resolve(null);
    document.head.append(s);
  });
  return loading;
}

function hexWords(code: Uint8Array, va: bigint): DisasmLine[] {
  const out: DisasmLine[] = [];
  const view = new DataView(code.buffer, code.byteOffset, code.byteLength);
  for (let i = 0; i + 4 <= code.length; i += 4) out.push({ address: va + BigInt(i), text: `.word 0x${view.getUint32(i, true).toString(16).padStart(8, "0")}` });
  return out;
}

export async function disassemble(code: Uint8Array, va: bigint): Promise<DisasmLine[]> {
  const cs = await loadCapstone();
  if (cs === null) return hexWords(code, va);
  const d = new cs.Capstone(cs.ARCH_ARM64, cs.MODE_ARM);
  try {
    // Capstone stops at the first word it cannot decode: go on after it, word by word.
    const out: DisasmLine[] = [];
    for (let off = 0; off < code.length; ) {
      const insns = d.disasm(code.subarray(off), va + BigInt(off));
      for (const i of insns) out.push({ address: BigInt(i.address), text: `${i.mnemonic} ${i.op_str}`.trim() });
      off += insns.reduce((n, i) => n + i.size, 0);
      if (off < code.length) {
        out.push(...hexWords(code.subarray(off, off + 4), va + BigInt(off)));
        off += 4;
      }
    }
    return out;
  } finally {
    d.close();
  }
}
