// Files people pass as the guest image by mistake: a device tree, a README, a config, an
// archive, a script. Booted as a flat binary they die at the first instruction with a vector
// fault that says nothing; recognised, they get one line saying what the file looks like.
// Only unambiguous signs count (magic numbers, or text without a byte a binary would have), so
// a real flat binary, which starts with A64 code and holds zero bytes, is never turned away.

const FDT_MAGIC = [0xd0, 0x0d, 0xfe, 0xed];

function startsWith(b: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (b.length < at + magic.length) return false;
  return magic.every((x, i) => b[at + i] === x);
}

const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

/** Magic numbers at offset 0 (tar's is at 257): what it is, and what to do instead. */
const MAGICS: { magic: number[]; at?: number; what: string; hint: string }[] = [
  { magic: FDT_MAGIC, what: "a device tree blob", hint: "pass it with --dtb" },
  { magic: [0x1f, 0x8b], what: "gzip-compressed data", hint: "decompress it first, with gunzip" },
  { magic: ascii("PK\x03\x04"), what: "a zip archive", hint: "unpack it first" },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: "xz-compressed data", hint: "decompress it first, with unxz" },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], what: "zstd-compressed data", hint: "decompress it first, with unzstd" },
  { magic: ascii("BZh"), what: "bzip2-compressed data", hint: "decompress it first, with bunzip2" },
  { magic: ascii("ustar"), at: 257, what: "a tar archive", hint: "unpack it first" },
  { magic: ascii("%PDF-"), what: "a PDF document", hint: "a guest image is an ELF64 AArch64 executable or a flat binary" },
  { magic: [0x89, 0x50, 0x4e, 0x47], what: "a PNG image", hint: "a guest image is an ELF64 AArch64 executable or a flat binary" },
  { magic: [0x27, 0x05, 0x19, 0x56], what: "a U-Boot uImage", hint: "pass the kernel inside it (dumpimage -T kernel)" },
];

/** Printable ASCII, UTF-8 sequences and the usual whitespace: what text files are made of. */
function looksLikeText(b: Uint8Array): boolean {
  const n = Math.min(b.length, 64 * 1024);
  let i = 0;
  while (i < n) {
    const c = b[i];
    if (c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c < 0x7f)) {
      i++;
      continue;
    }
    // A UTF-8 multi-byte sequence: a lead byte then 1–3 continuation bytes.
    const more = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (more < 0) return false;
    for (let k = 1; k <= more; k++) {
      if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return false;
    }
    i += more + 1;
  }
  return true;
}

/** What `bytes` look like when they are plainly not a guest image, and what to do: or null. */
export function describeNonImage(bytes: Uint8Array): { what: string; hint: string } | null {
  if (bytes.length === 0) return { what: "an empty file", hint: "a guest image is an ELF64 AArch64 executable or a flat binary" };
  for (const m of MAGICS) if (startsWith(bytes, m.magic, m.at ?? 0)) return { what: m.what, hint: m.hint };
  if (!looksLikeText(bytes)) return null;
  if (startsWith(bytes, ascii("#!"))) return { what: "a script", hint: "a guest image is an ELF64 AArch64 executable or a flat binary" };
  const text = new TextDecoder().decode(bytes.subarray(0, 64 * 1024)).trimStart();
  if (text.startsWith("{") || text.startsWith("[")) return { what: "a JSON document", hint: "a VM configuration goes with --config" };
  if (/^\/dts-v1\/;/.test(text)) return { what: "device tree source", hint: "compile it with dtc and pass the blob with --dtb" };
  return { what: "a text file", hint: "a guest image is an ELF64 AArch64 executable or a flat binary" };
}
