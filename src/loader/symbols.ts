// Function names from an ELF64 symbol table (.symtab, or .dynsym when stripped of it), so
// traces, the death report and the run summary can say `pc 0x4010a470 <fdt_offset_ptr+0x18>`.
// A flat binary has none: `--symbols ELF` names the ELF it was made from.
import { isElf } from "./elf.ts";
import { ImageError } from "./image-error.ts";

const SHT_SYMTAB = 2;
const SHT_DYNSYM = 11;
const STT_NOTYPE = 0;
const STT_OBJECT = 1;
const STT_FUNC = 2;
const SHN_UNDEF = 0;
const SHN_ABS = 0xfff1;

export interface Symbol {
  name: string;
  addr: number;
  /** 0 when the table does not say; then the symbol reaches up to the next one. */
  size: number;
}

/** Sorted by address; lookups by binary search. */
export class SymbolTable {
  private readonly addrs: Float64Array;

  constructor(readonly symbols: readonly Symbol[]) {
    this.addrs = Float64Array.from(symbols, (s) => s.addr);
  }

  get size(): number {
    return this.symbols.length;
  }

  /** The symbol covering `addr`, with the offset into it, or null. */
  lookup(addr: number): { symbol: Symbol; offset: number } | null {
    let lo = 0;
    let hi = this.addrs.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.addrs[mid] <= addr) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (at === -1) return null;
    const s = this.symbols[at];
    const offset = addr - s.addr;
    if (s.size > 0 ? offset >= s.size : at + 1 < this.symbols.length && offset >= this.addrs[at + 1] - s.addr) return null;
    // A sized-less last symbol (e.g. _end) covers nothing past itself beyond a page.
    if (s.size === 0 && at + 1 === this.symbols.length && offset >= 0x1000) return null;
    return { symbol: s, offset };
  }

  /** "<name+0x18>" (or "<name>" at its start), or "" when no symbol covers `addr`. */
  describe(addr: number): string {
    const hit = this.lookup(addr);
    if (hit === null) return "";
    return hit.offset === 0 ? `<${hit.symbol.name}>` : `<${hit.symbol.name}+0x${hit.offset.toString(16)}>`;
  }
}

/** The functions and objects of an ELF's symbol table; an empty table when it has none. */
export function readElfSymbols(bytes: Uint8Array, name: string): SymbolTable {
  if (!isElf(bytes)) throw new ImageError(`${name}: not an ELF file (no symbol table to read)`);
  if (bytes.length < 64 || bytes[4] !== 2 || bytes[5] !== 1) throw new ImageError(`${name}: not a little-endian ELF64 file`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (why: string): never => {
    throw new ImageError(`${name}: ${why}`);
  };
  const shoff = Number(dv.getBigUint64(40, true));
  const shentsize = dv.getUint16(58, true);
  const shnum = dv.getUint16(60, true);
  if (shnum === 0) return new SymbolTable([]);
  if (shentsize < 64 || shoff + shnum * shentsize > bytes.length) fail("section headers run past the end of the file");
  const section = (i: number) => {
    const o = shoff + i * shentsize;
    return {
      type: dv.getUint32(o + 4, true),
      offset: Number(dv.getBigUint64(o + 24, true)),
      size: Number(dv.getBigUint64(o + 32, true)),
      link: dv.getUint32(o + 40, true),
      entsize: Number(dv.getBigUint64(o + 56, true)),
    };
  };
  let table = -1;
  for (let i = 0; i < shnum; i++) if (section(i).type === SHT_SYMTAB) table = i;
  if (table === -1) for (let i = 0; i < shnum; i++) if (section(i).type === SHT_DYNSYM) table = i;
  if (table === -1) return new SymbolTable([]);
  const st = section(table);
  if (st.link >= shnum) fail("symbol table links to a missing string table");
  const str = section(st.link);
  const entsize = st.entsize || 24;
  if (entsize < 24 || st.offset + st.size > bytes.length || str.offset + str.size > bytes.length) fail("symbol table runs past the end of the file");
  const decoder = new TextDecoder();
  const symbols: Symbol[] = [];
  for (let o = st.offset; o + 24 <= st.offset + st.size; o += entsize) {
    const nameOff = dv.getUint32(o, true);
    const type = bytes[o + 4] & 0xf;
    const shndx = dv.getUint16(o + 6, true);
    const addr = Number(dv.getBigUint64(o + 8, true));
    const size = Number(dv.getBigUint64(o + 16, true));
    if (type !== STT_FUNC && type !== STT_OBJECT && type !== STT_NOTYPE) continue;
    if (shndx === SHN_UNDEF || shndx === SHN_ABS || nameOff === 0 || nameOff >= str.size) continue;
    let end = str.offset + nameOff;
    while (end < str.offset + str.size && bytes[end] !== 0) end++;
    const sym = decoder.decode(bytes.subarray(str.offset + nameOff, end));
    // Mapping symbols ($x, $d) mark code and data, not functions.
    if (sym.startsWith("$") || sym === "") continue;
    symbols.push({ name: sym, addr, size: type === STT_FUNC || type === STT_OBJECT ? size : 0 });
  }
  // Functions before other kinds at one address; then by address.
  symbols.sort((a, b) => a.addr - b.addr || b.size - a.size);
  const unique = symbols.filter((s, i) => i === 0 || s.addr !== symbols[i - 1].addr);
  return new SymbolTable(unique);
}
