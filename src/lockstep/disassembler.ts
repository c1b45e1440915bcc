// A one-instruction A64 disassembler for divergence reports: Capstone (Debian libcapstone4,
// libcapstone.so.4) through koffi when present; otherwise the raw instruction word.
import { createRequire } from "node:module";

export interface Disassembler {
  /** "ldr w1, [x1]" for the word at `address`, or ".word 0x…" when it cannot say. */
  disassemble(word: number, address: bigint): string;
  readonly source: string;
}

const CS_ARCH_ARM64 = 1; // capstone 4 numbering
const CS_MODE_LITTLE_ENDIAN = 0;

function rawWord(word: number): string {
  return `.word 0x${(word >>> 0).toString(16).padStart(8, "0")}`;
}

/** Capstone 4's cs_insn, up to the fields we read. */
const CS_INSN_FIELDS = { id: "uint32_t", address: "uint64_t", size: "uint16_t", bytes: "uint8_t[16]", mnemonic: "char[32]", op_str: "char[160]", detail: "void *" };

export function loadDisassembler(): Disassembler {
  try {
    const koffi = createRequire(import.meta.url)("koffi");
    const lib = koffi.load("libcapstone.so.4");
    const csOpen = lib.func("int cs_open(int arch, int mode, _Out_ size_t *handle)");
    const insnType = koffi.struct("cs_insn_v4", CS_INSN_FIELDS);
    const csDisasm = lib.func("size_t cs_disasm(size_t handle, const uint8_t *code, size_t size, uint64_t address, size_t count, _Out_ void **insn)");
    const csFree = lib.func("void cs_free(void *insn, size_t count)");
    const handle: unknown[] = [null];
    if (csOpen(CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN, handle) !== 0) throw new Error("cs_open failed");
    const code = new Uint8Array(4);
    return {
      source: "capstone 4",
      disassemble(word, address) {
        new DataView(code.buffer).setUint32(0, word >>> 0, true);
        const out: unknown[] = [null];
        const n = Number(csDisasm(handle[0], code, 4, address, 1, out));
        if (n !== 1) return `${rawWord(word)} (not an instruction Capstone knows)`;
        const insn = koffi.decode(out[0], insnType);
        csFree(out[0], n);
        return `${insn.mnemonic} ${insn.op_str}`.trim();
      },
    };
  } catch {
    return { source: "none (install libcapstone4 for a disassembly)", disassemble: (word) => rawWord(word) };
  }
}
