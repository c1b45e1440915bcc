// ELF64 little-endian AArch64 executables: PT_LOAD segments at their physical addresses,
// entry from e_entry. Every header field we rely on is checked against the file's size.
import { ImageError } from "./image-error.ts";
import type { LoadedImage } from "./image.ts";

const PT_LOAD = 1;
const EM_AARCH64 = 183;
const ET_EXEC = 2;
const ET_DYN = 3;

export function isElf(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
}

export function parseElf(bytes: Uint8Array, name: string): LoadedImage {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (why: string): never => {
    throw new ImageError(`${name}: ${why}`);
  };
  if (bytes.length < 64) fail(`truncated ELF header (${bytes.length} bytes, need 64)`);
  if (bytes[4] !== 2) fail(`32-bit ELF (EI_CLASS ${bytes[4]}); an AArch64 guest must be ELF64`);
  if (bytes[5] !== 1) fail(`big-endian ELF (EI_DATA ${bytes[5]}); expected little-endian`);
  const type = dv.getUint16(16, true);
  const machine = dv.getUint16(18, true);
  if (machine !== EM_AARCH64) fail(`ELF for machine ${machine}${machine === 62 ? " (x86-64)" : ""}, not AArch64 (183)`);
  if (type !== ET_EXEC && type !== ET_DYN) fail(`ELF type ${type} is not an executable`);
  const entry = Number(dv.getBigUint64(24, true));
  const phoff = Number(dv.getBigUint64(32, true));
  const phentsize = dv.getUint16(54, true);
  const phnum = dv.getUint16(56, true);
  if (phnum === 0) fail("no program headers");
  if (phentsize < 56) fail(`program header entries of ${phentsize} bytes (need 56)`);
  if (phoff + phnum * phentsize > bytes.length) fail(`program headers run past the end of the file (${bytes.length} bytes)`);
  const segments: LoadedImage["segments"] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    if (dv.getUint32(o, true) !== PT_LOAD) continue;
    const offset = Number(dv.getBigUint64(o + 8, true));
    const paddr = Number(dv.getBigUint64(o + 24, true));
    const filesz = Number(dv.getBigUint64(o + 32, true));
    const memsz = Number(dv.getBigUint64(o + 40, true));
    if (memsz === 0) continue;
    if (filesz > memsz) fail(`segment ${i} has p_filesz ${filesz} larger than p_memsz ${memsz}`);
    if (offset + filesz > bytes.length) fail(`segment ${i} (offset 0x${offset.toString(16)}, ${filesz} bytes) runs past the end of the file`);
    if (!Number.isSafeInteger(paddr + memsz) || paddr + memsz > 2 ** 48) fail(`segment ${i} at 0x${paddr.toString(16)} is outside the 48-bit physical space`);
    for (const s of segments) {
      if (paddr < s.addr + s.memsz && s.addr < paddr + memsz) fail(`segment ${i} at 0x${paddr.toString(16)} overlaps another segment`);
    }
    segments.push({ addr: paddr, data: bytes.subarray(offset, offset + filesz), memsz });
  }
  if (segments.length === 0) fail("no PT_LOAD segment to load");
  return { format: "elf", segments, entry, entryFrom: "elf" };
}
