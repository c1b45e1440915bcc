// A guest image as the hypervisor loads it: ELF64 (detected by its magic) or a flat binary
// placed at a base address.
import { ImageError } from "./image-error.ts";
import { isElf, parseElf } from "./elf.ts";
import { entryAlignmentProblem } from "./entry-alignment.ts";
import { describeNonImage } from "./non-image.ts";
import { findUnikraftEntry } from "./unikraft-entry.ts";

export interface LoadedImage {
  format: "elf" | "flat";
  /** memsz ≥ data.length; the rest is zero (bss). */
  segments: { addr: number; data: Uint8Array; memsz: number }[];
  entry: number;
  /** Where the entry came from: given (--entry / config), the ELF header, Unikraft's entry code found in a flat binary, or the load address. */
  entryFrom: "given" | "elf" | "unikraft" | "base";
  /** Unikraft's kvm-arm64 entry found in a flat binary even though an entry was given: the
   *  hypervisor warns when the two differ. */
  unikraftEntry?: number;
}

export interface FlatOptions {
  base: number;
  /** Entry point; for a flat binary without one: Unikraft's kvm-arm64 entry if it has one, else the base. */
  entry?: number | null;
}

export function loadFlat(bytes: Uint8Array, o: FlatOptions): LoadedImage {
  if (bytes.length === 0) throw new ImageError("the image is empty");
  const segments = [{ addr: o.base, data: bytes, memsz: bytes.length }];
  const unikraft = findUnikraftEntry(bytes, o.base);
  if (o.entry != null) return { format: "flat", segments, entry: o.entry, entryFrom: "given", ...(unikraft !== null ? { unikraftEntry: unikraft } : {}) };
  if (unikraft !== null) return { format: "flat", segments, entry: unikraft, entryFrom: "unikraft" };
  return { format: "flat", segments, entry: o.base, entryFrom: "base" };
}

/** Detect the format and load; an explicit entry overrides the ELF's e_entry. Files that are
 *  plainly something else (a DTB, text, an archive, nothing at all) are refused, not booted. */
export function loadImage(bytes: Uint8Array, name: string, o: FlatOptions): LoadedImage {
  if (isElf(bytes)) {
    const img = parseElf(bytes, name);
    if (o.entry != null) return { ...img, entry: o.entry, entryFrom: "given" };
    // The same rule, and words, as for --entry: an odd e_entry would die on its first fetch.
    const misaligned = entryAlignmentProblem(img.entry);
    if (misaligned !== null) throw new ImageError(`${name}: e_entry ${misaligned}`);
    return img;
  }
  const other = describeNonImage(bytes);
  if (other !== null) throw new ImageError(`${name} is ${other.what}, not a guest image (${other.hint})`);
  return loadFlat(bytes, o);
}
