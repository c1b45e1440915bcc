// What the block compiler keeps for one RAM page: how often each instruction index began a
// span of the run loop, and the blocks compiled there. It lives in the page's decode cache
// (`page.code[JIT_SLOT]`, past the 1024 decoded Ops) so that everything that drops or
// invalidates decoded code (guest stores, hypervisor writes, the debugger) drops it too.
import type { RamPage } from "../../mmu/physical-memory.ts";
import type { CompiledBlock } from "./block-compiler.ts";

export const INSNS_PER_PAGE = 1024;
export const JIT_SLOT = INSNS_PER_PAGE;

/** A block index that was found not worth compiling (so it is not tried again). */
export const NOT_COMPILED = null;

export class JitPage {
  /** Span starts counted so far, per instruction index (saturates). */
  readonly counts = new Uint16Array(INSNS_PER_PAGE);
  readonly blocks: (CompiledBlock | null | undefined)[] = new Array(INSNS_PER_PAGE);
  /** Set when an instruction of the page was overwritten: running blocks stop at once. */
  dead = false;

  /** Called by RamPage.invalidateCode when a decoded instruction is overwritten. */
  invalidate(): void {
    this.dead = true;
  }
}

/** The page's JitPage if it has one (nothing compiled there otherwise). */
export function existingJitPage(code: unknown[] | null): JitPage | undefined {
  return code === null ? undefined : (code[JIT_SLOT] as JitPage | undefined);
}

/** The page's JitPage, created on first use (the decode cache must exist). */
export function jitPageOf(code: unknown[]): JitPage {
  let jp = code[JIT_SLOT] as JitPage | undefined;
  if (jp === undefined) code[JIT_SLOT] = jp = new JitPage();
  return jp;
}

export type { RamPage };
