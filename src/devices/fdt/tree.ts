// A device tree as data: nodes with named properties holding raw big-endian bytes, plus
// helpers to build property values.
import { TWO32 } from "../../arch/numbers.ts";

export interface FdtNode {
  name: string;
  props: Map<string, Uint8Array>;
  children: FdtNode[];
}

export function node(name: string, props: Record<string, Uint8Array> = {}, children: FdtNode[] = []): FdtNode {
  return { name, props: new Map(Object.entries(props)), children };
}

export function u32s(...values: number[]): Uint8Array {
  const b = new Uint8Array(values.length * 4);
  const dv = new DataView(b.buffer);
  values.forEach((v, i) => dv.setUint32(i * 4, v >>> 0));
  return b;
}

/** 64-bit values as pairs of cells (for #address-cells = #size-cells = 2). */
export function u64s(...values: number[]): Uint8Array {
  const cells: number[] = [];
  for (const v of values) cells.push(Math.floor(v / TWO32), v % TWO32);
  return u32s(...cells);
}

export function str(...values: string[]): Uint8Array {
  return new TextEncoder().encode(values.map((s) => `${s}\0`).join(""));
}

export const empty = new Uint8Array(0);

export function findNode(root: FdtNode, path: string): FdtNode | null {
  let n: FdtNode | undefined = root;
  for (const part of path.split("/").filter(Boolean)) {
    n = n.children.find((c) => c.name === part || c.name.split("@")[0] === part);
    if (n === undefined) return null;
  }
  return n;
}

export function propU32(n: FdtNode, name: string): number[] | null {
  const p = n.props.get(name);
  if (!p || p.length % 4) return null;
  const dv = new DataView(p.buffer, p.byteOffset, p.byteLength);
  return Array.from({ length: p.length / 4 }, (_, i) => dv.getUint32(i * 4));
}

export function propStrings(n: FdtNode, name: string): string[] | null {
  const p = n.props.get(name);
  if (!p) return null;
  const s = new TextDecoder().decode(p);
  return s.split("\0").slice(0, -1);
}
