// Flattened device tree blob reader that trusts nothing: every offset and length is
// checked, and any malformation is a DtbError with one line saying what and where.
import { FDT_BEGIN_NODE, FDT_END, FDT_END_NODE, FDT_MAGIC, FDT_NOP, FDT_PROP } from "./builder.ts";
import type { FdtNode } from "./tree.ts";

export class DtbError extends Error {
  override name = "DtbError";
}

const MAX_DEPTH = 64;

export function parseDtb(blob: Uint8Array, name = "DTB"): FdtNode {
  const fail = (why: string): never => {
    throw new DtbError(`${name}: ${why}`);
  };
  if (blob.length < 40) fail(`too short for an FDT header (${blob.length} bytes)`);
  const dv = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const h = (i: number) => dv.getUint32(i * 4);
  if (h(0) !== FDT_MAGIC) fail(`bad magic 0x${h(0).toString(16)} (expected 0xd00dfeed)`);
  const total = h(1),
    offStruct = h(2),
    offStrings = h(3),
    version = h(5),
    lastComp = h(6),
    sizeStrings = h(8),
    sizeStruct = h(9);
  if (total > blob.length) fail(`totalsize ${total} exceeds the ${blob.length} bytes given`);
  if (version < 16 || lastComp > 17) fail(`unsupported version ${version} (last compatible ${lastComp})`);
  if (offStruct + sizeStruct > total || offStrings + sizeStrings > total) fail("structure or strings block runs past totalsize");
  if (offStruct % 4) fail("structure block is not 4-byte aligned");
  const end = offStruct + sizeStruct;
  let p = offStruct;
  const u32 = () => {
    if (p + 4 > end) fail(`structure block truncated at offset ${p}`);
    const v = dv.getUint32(p);
    p += 4;
    return v;
  };
  const cstr = (from: number, limit: number, what: string) => {
    let q = from;
    while (q < limit && blob[q] !== 0) q++;
    if (q >= limit) fail(`unterminated ${what} at offset ${from}`);
    return new TextDecoder().decode(blob.subarray(from, q));
  };
  const stack: FdtNode[] = [];
  let root: FdtNode | null = null;
  for (;;) {
    const tok = u32();
    if (tok === FDT_NOP) continue;
    if (tok === FDT_BEGIN_NODE) {
      const nm = cstr(p, end, "node name");
      p = (p + nm.length + 1 + 3) & ~3;
      const n: FdtNode = { name: nm, props: new Map(), children: [] };
      if (stack.length === 0) {
        if (root !== null) fail("more than one root node");
        root = n;
      } else stack[stack.length - 1].children.push(n);
      stack.push(n);
      if (stack.length > MAX_DEPTH) fail(`nodes nested deeper than ${MAX_DEPTH}`);
    } else if (tok === FDT_END_NODE) {
      if (stack.pop() === undefined) fail(`END_NODE without a node at offset ${p - 4}`);
    } else if (tok === FDT_PROP) {
      if (stack.length === 0) fail(`property outside any node at offset ${p - 4}`);
      const len = u32();
      const nameoff = u32();
      if (p + len > end) fail(`property at offset ${p - 12} runs past the structure block`);
      if (nameoff >= sizeStrings) fail(`property name offset ${nameoff} outside the strings block`);
      const pname = cstr(offStrings + nameoff, offStrings + sizeStrings, "property name");
      stack[stack.length - 1].props.set(pname, blob.slice(p, p + len));
      p = (p + len + 3) & ~3;
    } else if (tok === FDT_END) {
      if (stack.length !== 0) fail(`${stack.length} node(s) not closed before END`);
      if (root === null) fail("no root node");
      return root!;
    } else fail(`unknown token 0x${tok.toString(16)} at offset ${p - 4}`);
  }
}
