// The CPU backends a test runs on: ts always; unicorn when koffi and libunicorn.so.2 are
// present, otherwise its tests are skipped and say why (and how to install it), in their
// titles (label) and once on stderr.
import { unicornAvailability } from "../src/cpu/unicorn/unicorn-cpu.ts";
import { skipNote } from "./skip-note.ts";

export type Backend = "ts" | "unicorn";

const unicornMissing = unicornAvailability();

export const BACKENDS: { cpu: Backend; skip: string | null; label: string }[] = [
  { cpu: "ts", skip: null, label: "--cpu ts" },
  { cpu: "unicorn", skip: unicornMissing, label: `--cpu unicorn${skipNote(unicornMissing)}` },
];
