// CRC32 (polynomial 0x04C11DB7) and CRC32C (0x1EDC6F41) as the A64 CRC32* instructions
// compute them: bit-reflected, no pre- or post-inversion, bytes taken little-endian.

function table(reflectedPoly: number): Uint32Array {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ reflectedPoly : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
}

const CRC32 = table(0xedb88320);
const CRC32C = table(0x82f63b78);

/** Feed the low `bytes` bytes of `data` into `crc`. */
export function crc32Update(crc: number, data: number, bytes: number, castagnoli: boolean): number {
  const t = castagnoli ? CRC32C : CRC32;
  for (let i = 0; i < bytes; i++) crc = t[(crc ^ (data >>> (8 * i))) & 0xff] ^ (crc >>> 8);
  return crc >>> 0;
}
