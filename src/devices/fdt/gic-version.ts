// Which GIC a device tree describes, read from its interrupt controller's compatible string
// (the names Linux's GIC drivers bind to), so a DTB given with --dtb can decide the vGIC.
import type { FdtNode } from "./tree.ts";

const GICV2_NAMES = /^arm,(cortex-a(7|9|15)-gic|gic-400|pl390|arm11mp-gic)$/;

/** 3 for "arm,gic-v3", 2 for the GICv2 family, null when the tree names neither. */
export function dtbGicVersion(root: FdtNode): 2 | 3 | null {
  const decoder = new TextDecoder();
  let found: 2 | 3 | null = null;
  const visit = (n: FdtNode) => {
    const compat = n.props.get("compatible");
    if (compat !== undefined && n.props.has("interrupt-controller")) {
      const names = decoder.decode(compat).split("\0");
      if (names.includes("arm,gic-v3")) found ??= 3;
      else if (names.some((c) => GICV2_NAMES.test(c))) found ??= 2;
    }
    n.children.forEach(visit);
  };
  visit(root);
  return found;
}
