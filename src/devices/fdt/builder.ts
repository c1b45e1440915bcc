// Flattened device tree blob writer (Devicetree Specification v0.4, chapter 5): header,
// empty memory reservation map, structure block, de-duplicated strings block.
import type { FdtNode } from "./tree.ts";

export const FDT_MAGIC = 0xd00dfeed;
export const FDT_BEGIN_NODE = 1;
export const FDT_END_NODE = 2;
export const FDT_PROP = 3;
export const FDT_NOP = 4;
export const FDT_END = 9;

export function buildDtb(root: FdtNode, bootCpu = 0): Uint8Array {
  const struct: number[] = [];
  const strings: number[] = [];
  const stringOffsets = new Map<string, number>();
  const enc = new TextEncoder();
  const word = (v: number) => struct.push((v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
  const pad = () => {
    while (struct.length % 4) struct.push(0);
  };
  const nameOff = (name: string) => {
    let off = stringOffsets.get(name);
    if (off === undefined) {
      off = strings.length;
      stringOffsets.set(name, off);
      strings.push(...enc.encode(name), 0);
    }
    return off;
  };
  const emit = (n: FdtNode) => {
    word(FDT_BEGIN_NODE);
    struct.push(...enc.encode(n.name), 0);
    pad();
    for (const [k, v] of n.props) {
      word(FDT_PROP);
      word(v.length);
      word(nameOff(k));
      struct.push(...v);
      pad();
    }
    for (const c of n.children) emit(c);
    word(FDT_END_NODE);
  };
  emit(root);
  word(FDT_END);

  const HEADER = 40;
  const rsvmap = 16; // one terminating (0, 0) entry
  const offRsv = HEADER;
  const offStruct = offRsv + rsvmap;
  const offStrings = offStruct + struct.length;
  const total = offStrings + strings.length;
  const out = new Uint8Array(Math.ceil(total / 8) * 8);
  const dv = new DataView(out.buffer);
  [FDT_MAGIC, out.length, offStruct, offStrings, offRsv, 17, 16, bootCpu, strings.length, struct.length].forEach((v, i) => dv.setUint32(i * 4, v));
  out.set(struct, offStruct);
  out.set(strings, offStrings);
  return out;
}
