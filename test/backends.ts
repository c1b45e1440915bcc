// The CPU backends a test runs on: ts always; unicorn when koffi and libunicorn.so.2 are
// present, otherwise its tests are skipped and say why (and how to install it).
import { unicornAvailability } from "../src/cpu/unicorn/unicorn-cpu.ts";

export type Backend = "ts" | "unicorn";

const unicornMissing = unicornAvailability();

export const BACKENDS: { cpu: Backend; skip: string | null; label: string }[] = [
  { cpu: "ts", skip: null, label: "--cpu ts" },
  { cpu: "unicorn", skip: unicornMissing, label: unicornMissing === null ? "--cpu unicorn" : `--cpu unicorn (skipped: ${unicornMissing})` },
];
