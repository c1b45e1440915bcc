// Where two machines' RAM first differs, compared in place (no copies of guest memory).
import { CHUNK_SIZE, PAGE_SIZE, type PhysicalMemory } from "../mmu/physical-memory.ts";

/** PA of the first 4 KiB page in [pa, pa+size) whose bytes differ, or null. */
export function firstDifferentPage(a: PhysicalMemory, b: PhysicalMemory, pa: number, size: number): number | null {
  let done = 0;
  while (done < size) {
    const at = pa + done;
    const off = at % CHUNK_SIZE;
    const n = Math.min(size - done, CHUNK_SIZE - off);
    const x = a.chunk(at).subarray(off, off + n);
    const y = b.chunk(at).subarray(off, off + n);
    if (Buffer.compare(x, y) !== 0) {
      for (let p = 0; p < n; p += PAGE_SIZE) {
        const len = Math.min(PAGE_SIZE - ((at + p) % PAGE_SIZE), n - p);
        if (Buffer.compare(x.subarray(p, p + len), y.subarray(p, p + len)) !== 0) return at + p - ((at + p) % PAGE_SIZE);
      }
    }
    done += n;
  }
  return null;
}
