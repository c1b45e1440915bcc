// The one place that reads the user's files (images, DTBs, configs). Reading files is a Node
// concern, so it lives at the edge; the machine is handed the bytes.
//
// Only regular files are read, and only up to a limit: /dev/zero would otherwise be read until
// the host runs out of memory, and a FIFO would block the run before it starts.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { InputError } from "../hyp/errors.ts";

/** What a file is for; it names the file in messages ("cannot read DTB …"). */
export type InputKind = "image" | "DTB" | "config" | "symbols file";

/** Linux's and QEMU's limit on a flattened device tree. */
export const MAX_DTB_BYTES = 2 * 1024 * 1024;
/** A config is a few lines of JSON; anything larger is not one. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** An ELF read only for its symbol table (--symbols): generous, but bounded. */
export const MAX_SYMBOLS_BYTES = 512 * 1024 * 1024;

const LIMIT_WORDS: Record<InputKind, string> = {
  image: "the VM's RAM can hold",
  DTB: "a DTB may have (QEMU's and Linux's limit)",
  config: "a config file may have",
  "symbols file": "a symbols ELF may have",
};

/** A file we will not read, for any reason: one line, exit code 2. */
export class InputFileError extends InputError {
  override name = "InputFileError";
}

function whatItIs(s: Stats): string {
  if (s.isDirectory()) return "a directory";
  if (s.isCharacterDevice()) return "a character device";
  if (s.isBlockDevice()) return "a block device";
  if (s.isFIFO()) return "a FIFO";
  if (s.isSocket()) return "a socket";
  return "not a file";
}

const ERRNO_WORDS: Record<string, string> = {
  ENOENT: "no such file",
  ENOTDIR: "no such file (a path component is not a directory)",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "the name is too long",
};

/** Sizes in messages: whole units where they are whole, bytes otherwise. */
export function sizeInWords(n: number): string {
  for (const [unit, scale] of [
    ["GiB", 2 ** 30],
    ["MiB", 2 ** 20],
    ["KiB", 2 ** 10],
  ] as const) {
    if (n >= scale && n % scale === 0) return `${n / scale} ${unit}`;
  }
  return `${n} bytes`;
}

/**
 * Reads a whole regular file of at most `maxBytes` bytes. Anything else (missing, not a regular
 * file, too large, unreadable) is an InputFileError whose message reads
 * `cannot read <kind> <path>: <reason>`; `hint` is appended to it when given (the CLI's
 * "did you forget --" for image arguments).
 */
export function readInputFile(path: string, kind: InputKind, maxBytes: number, hint = ""): Uint8Array {
  const fail = (reason: string): never => {
    throw new InputFileError(`cannot read ${kind} ${path}: ${reason}${hint}`);
  };
  const errnoReason = (e: unknown): string => {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    return ERRNO_WORDS[code] ?? (code || String(e));
  };
  // stat first: opening a socket fails (ENXIO) and we would rather say what the path is.
  let before: Stats;
  try {
    before = statSync(path);
  } catch (e) {
    return fail(errnoReason(e));
  }
  if (!before.isFile()) return fail(`not a regular file (${whatItIs(before)})`);
  // O_NONBLOCK: if the path was swapped for a FIFO since the stat, open does not wait for a
  // writer; fstat on the open descriptor then tells the truth about what we would read.
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return fail(errnoReason(e));
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return fail(`not a regular file (${whatItIs(st)})`);
    if (st.size > maxBytes) return fail(`${sizeInWords(st.size)} is larger than the ${sizeInWords(maxBytes)} ${LIMIT_WORDS[kind]}`);
    // Read what fstat promised and not a byte more, even if the file grows meanwhile.
    const bytes = new Uint8Array(st.size);
    let got = 0;
    while (got < bytes.length) {
      const n = readSync(fd, bytes, got, bytes.length - got, got);
      if (n === 0) break; // truncated while we read: keep what is there
      got += n;
    }
    return got === bytes.length ? bytes : bytes.subarray(0, got);
  } catch (e) {
    if (e instanceof InputFileError) throw e;
    return fail(errnoReason(e));
  } finally {
    closeSync(fd);
  }
}
