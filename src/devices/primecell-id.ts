// PrimeCell peripheral and component identification registers (offsets 0xFE0–0xFFC), which
// PL011/PL031 drivers read to recognise the part.

/** PeriphID0-3 then PCellID0-3, one byte per 32-bit register. */
export function primeCellIdRead(offset: number, periphId: readonly number[]): number | null {
  if (offset < 0xfe0 || offset > 0xffc || offset & 3) return null;
  const i = (offset - 0xfe0) >> 2;
  const PCELL = [0x0d, 0xf0, 0x05, 0xb1];
  return i < 4 ? periphId[i] : PCELL[i - 4];
}
