// Keeps a compiled block's general-purpose registers in JavaScript locals instead of the
// register file (a Uint32Array), so that V8 can hold them in machine registers across a loop.
// The locals are loaded at block entry; every slot the block writes is stored back before the
// core can look at the register file: before each slow memory path and Op call (marked
// WRITE_BACK) and in every `return` (the run loop, the next block and the interpreter read
// it); after an Op call (marked RELOAD) every local is read again. A store into a Uint32Array
// wraps to 32 bits, so each write to a local does the same (>>> 0).

/** Where the emitters' slow paths may let the core read the register file. */
export const WRITE_BACK = "/*WB*/";
/** Where an Op may have written the register file. */
export const RELOAD = "/*RL*/";

const SLOT = /\bx\[(\d+)\]/g;
const WRITE = /\bx\[(\d+)\] = ([^;]*);/g;
const RETURN = /return ([^;]*);/g;

/** The block body with register slots as locals, and the locals' declarations. */
export function cacheRegisters(body: string): { body: string; locals: string[] } {
  const used = new Set<number>();
  const written = new Set<number>();
  for (const m of body.matchAll(SLOT)) used.add(Number(m[1]));
  for (const m of body.matchAll(WRITE)) written.add(Number(m[1]));
  const byIndex = (a: number, b: number) => a - b;
  const storeBack = [...written].sort(byIndex).map((s) => `x[${s}] = x${s}`);
  const out = body
    .replace(WRITE, (_, s: string, v: string) => `x${s} = (${v}) >>> 0;`)
    .replace(SLOT, (_, s: string) => `x${s}`)
    .replaceAll(WRITE_BACK, storeBack.length === 0 ? "" : `${storeBack.join(", ")};`)
    .replaceAll(
      RELOAD,
      used.size === 0
        ? ""
        : `${[...used]
            .sort(byIndex)
            .map((s) => `x${s} = x[${s}]`)
            .join(", ")};`,
    )
    .replace(RETURN, (_, v: string) => (storeBack.length === 0 ? `return ${v};` : `return (${storeBack.join(", ")}, ${v});`));
  return { body: out, locals: [...used].sort(byIndex).map((s) => `x${s} = x[${s}]`) };
}
