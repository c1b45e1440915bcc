// Messages between the playground page and the Web Worker that runs one machine. 64-bit
// values cross as hex strings (structured clone carries BigInt, but the page only shows them).

export interface BootVm {
  name: string;
  image: ArrayBuffer;
  entry: number | null;
  mem: number;
}

export type ToWorker =
  | { type: "boot"; vms: BootVm[]; dtb: ArrayBuffer | null; gic: 2 | 3 }
  | { type: "input"; data: Uint8Array }
  | { type: "pause" }
  | { type: "resume" }
  | { type: "checkpoint"; vm: number }
  | { type: "restore"; vm: number }
  | { type: "restart"; vm: number }
  | { type: "inspect"; vm: number; vcpu: number };

export interface Stage2View {
  ipa: number;
  pa: number;
  size: number;
  perms: string;
  what: string;
}

export interface RegistersView {
  vm: number;
  vcpu: number;
  x: string[];
  pc: string;
  pstate: number;
  el1: Record<string, string>;
  el2: Record<string, string>;
  /** Code bytes around the PC (through stage 1 + 2), from `codeVa`; empty if unmapped. */
  code: Uint8Array;
  codeVa: string;
}

export interface Stats {
  instructions: number;
  mips: number;
  exits: Record<string, number>;
  /** The newest exits in words, oldest first. */
  trace: string[];
  vms: { id: number; name: string; state: string }[];
  snapshots: number;
}

export type FromWorker =
  | { type: "booted"; vms: { id: number; name: string; entry: number }[]; maps: Stage2View[][] }
  | { type: "uart"; data: Uint8Array }
  | { type: "log"; line: string }
  | { type: "stats"; stats: Stats; running: boolean }
  | { type: "registers"; regs: RegistersView }
  | { type: "ended"; outcome: string }
  | { type: "error"; message: string };
