// Keeps a compiled block's general-purpose registers in JavaScript locals instead of the
// register file (a Uint32Array), so that V8 can hold them in machine registers across a loop.
// The locals are loaded at block entry; everything the block writes is stored back before
// the core can look: before each slow memory path and Op call (marked WRITE_BACK) and in
// every `return` (the run loop, the next block and the interpreter read it); after an Op
// call (marked RELOAD) every local is read again. A store into a Uint32Array wraps to 32
// bits, so each write to a register local does the same (>>> 0).
// Writes to the sink slot (XZR as a destination) are dropped: nothing ever reads it. Reads of
// the zero slot (XZR as a source) are the constant 0: nothing ever writes it.
// NZCV (c.n, c.z, c.c, c.v in the emitters' code) is cached the same way, in fn, fz, fc and
// fv: a compare in a loop then writes four locals instead of four fields of the core.
import { SINK_SLOT, ZR_SLOT } from "../register-file.ts";

/** Where the emitters' slow paths may let the core read the register file. */
export const WRITE_BACK = "/*WB*/";
/** Where an Op may have written the register file. */
export const RELOAD = "/*RL*/";

/** In a narrowed marker's list: all four flags. */
export const FLAGS = "f";
/** WRITE_BACK narrowed to some slots and maybe FLAGS (an Op that reads only those). */
export const writeBackOnly = (slots: (number | typeof FLAGS)[]) => `/*WB:${slots.join(",")}*/`;
/** RELOAD narrowed to some slots and maybe FLAGS (an Op that writes only those). */
export const reloadOnly = (slots: (number | typeof FLAGS)[]) => `/*RL:${slots.join(",")}*/`;
/** The label of the block's loop: breaking out of it stores the registers and returns `ret`. */
export const EXIT = "block";
const NARROW = /\/\*(WB|RL):([\d,f]*)\*\//g;

const SLOT = /\bx\[(\d+)\]/g;
const WRITE = /\bx\[(\d+)\] = ([^;]*);/g;
const RETURN = /return ([^;]*);/g;
const SINK = [2 * SINK_SLOT, 2 * SINK_SLOT + 1];
const FLAG = /\bc\.([nzcv])\b/g;
const FLAG_WRITE = /\bc\.([nzcv]) = /g;
const ZERO = new RegExp(`\\bx\\[(${2 * ZR_SLOT}|${2 * ZR_SLOT + 1})\\]`, "g");

/** The block body with register slots as locals, and the locals' declarations. */
export function cacheRegisters(body: string): { body: string; locals: string[]; epilogue: string } {
  const sinkWrite = new RegExp(`\\bx\\[(${SINK.join("|")})\\] = [^;]*;`, "g");
  const src = body.replace(sinkWrite, "").replace(ZERO, "0");
  const slots = (re: RegExp) => [...new Set(Array.from(src.matchAll(re), (m) => Number(m[1])))].sort((a, b) => a - b);
  const written = slots(WRITE);
  const used = slots(SLOT);
  const flags = (re: RegExp) => [...new Set(Array.from(src.matchAll(re), (m) => m[1]))].sort();
  const flagsWritten = flags(FLAG_WRITE);
  const flagsUsed = flags(FLAG);
  const storeFlags = flagsWritten.map((f) => `c.${f} = f${f}`);
  const reloadFlags = flagsUsed.map((f) => `f${f} = c.${f}`);
  const storeBack = [...written.map((s) => `x[${s}] = x${s}`), ...storeFlags];
  const reload = [...used.map((s) => `x${s} = x[${s}]`), ...reloadFlags];
  // A narrowed marker stores only the listed slots the block wrote, reloads only those it uses.
  const narrowed = (kind: string, list: string) => {
    const wanted = list.split(",");
    const regs = wanted.filter((w) => w !== FLAGS && w !== "").map(Number);
    const withFlags = wanted.includes(FLAGS);
    const code =
      kind === "WB"
        ? [...regs.filter((s) => written.includes(s)).map((s) => `x[${s}] = x${s}`), ...(withFlags ? storeFlags : [])]
        : [...regs.filter((s) => used.includes(s)).map((s) => `x${s} = x[${s}]`), ...(withFlags ? reloadFlags : [])];
    return code.length === 0 ? "" : `${code.join(", ")};`;
  };
  const out = src
    .replace(WRITE, (_, s: string, v: string) => `x${s} = (${v}) >>> 0;`)
    .replace(SLOT, (_, s: string) => `x${s}`)
    .replace(FLAG, (_, f: string) => `f${f}`)
    .replaceAll(WRITE_BACK, storeBack.length === 0 ? "" : `${storeBack.join(", ")};`)
    .replaceAll(RELOAD, reload.length === 0 ? "" : `${reload.join(", ")};`)
    .replace(NARROW, (_, kind: string, list: string) => narrowed(kind, list))
    .replace(RETURN, (_, v: string) => {
      if (storeBack.length === 0) return `return ${v};`;
      // A plain count leaves through the one store-back after the loop (EXIT); a return that
      // calls on (the next block, the interpreter) must store before the call.
      if (!v.includes("(")) return `{ ret = ${v}; break ${EXIT}; }`;
      return `return (${storeBack.join(", ")}, ${v});`;
    });
  const epilogue = storeBack.length === 0 ? "" : `${storeBack.join(", ")}; return ret;`;
  return { body: out, locals: epilogue === "" ? reload : [...reload, "ret = 0"], epilogue };
}
