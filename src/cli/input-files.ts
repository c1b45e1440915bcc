// The reader the CLI injects into the machine: the config's images and DTB, each checked and
// bounded by what it is for (read-input.ts does the reading).
import { constants as bufferConstants } from "node:buffer";
import { RAM_WINDOW, type Config } from "../hyp/config.ts";
import { convertValue } from "./option-parser.ts";
import { OPTIONS } from "./option-table.ts";
import { MAX_DTB_BYTES, readInputFile } from "./read-input.ts";

/** The most image bytes a VM can hold: its RAM starts at base_addr and must end inside the
 *  virt RAM window, after the image and dmem_size more (no host buffer is larger than
 *  MAX_LENGTH either). */
export function maxImageBytes(vm: { baseAddr: number; dmemSize: number }): number {
  const room = RAM_WINDOW.end - vm.baseAddr;
  // When dmem_size alone cannot fit, the layout check says so in its own words; the limit then
  // only keeps the read bounded by the window.
  const afterDmem = room - vm.dmemSize > 0 ? room - vm.dmemSize : room;
  return Math.max(0, Math.min(afterDmem, bufferConstants.MAX_LENGTH));
}

export const FORGOT_DASHES_HINT = ` (did you forget "--" after "npm run boot"? npm keeps options before it for itself)`;

/** Whether an image argument is really the value of an option npm swallowed: `npm run boot
 *  x.bin --entry 0x401014b0` reaches us as `x.bin 0x401014b0`. True for anything some option
 *  accepts as its value (numbers, sizes, counts, ts, unicorn, 2, 3), file names aside. */
export function looksLikeOptionValue(arg: string): boolean {
  return OPTIONS.some((o) => o.kind !== "boolean" && (o.kind !== "string" || o.choices !== undefined) && convertValue(o, arg) !== null);
}

export function configFileReader(config: Config): (path: string, kind: "image" | "DTB") => Uint8Array {
  return (path, kind) => {
    if (kind === "DTB") return readInputFile(path, "DTB", MAX_DTB_BYTES);
    const vms = config.vms.filter((vm) => vm.image === path);
    const limit = Math.max(...vms.map(maxImageBytes), 0);
    return readInputFile(path, "image", limit, looksLikeOptionValue(path) ? FORGOT_DASHES_HINT : "");
  };
}
