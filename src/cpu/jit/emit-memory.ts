// Emitters for general-purpose loads and stores (ARM ARM C4.1.88: unsigned offset, unscaled,
// pre/post-index, register offset, and LDP/STP). The front-TLB hit of memory-access.ts is
// written out inline (a tag compare and a typed-array access); a miss calls the core's own
// ld/st, which translates, faults, reaches devices and fills the TLB exactly as the
// interpreter's Op would. Before that call the site makes the PC and the retired count exact,
// and a store that overwrote decoded code stops the block after this instruction.
import type { Fields } from "../decode-pattern.ts";
import { dataAbortIss } from "../insn/ldst-access.ts";
import { rSp, rZr, wZr } from "../register-file.ts";
import { CODE_MARK, SOFT_TLB_MASK } from "../soft-tlb.ts";
import type { EmitSite, Emitter } from "./emitter.ts";

/** A transfer of 2^size bytes; loads sign-extend when `signed`, to 64 bits when `to64`. */
interface Transfer {
  load: boolean;
  size: number;
  signed: boolean;
  to64: boolean;
}

/** Statements that find the page of an access of `bytes` at (aLo, aHi) and run `hit` with
 *  `w` (the page's chunk view) and `h` (its offset in the chunk, a store's with CODE_MARK)
 *  and `o` (the offset in the page) set, and the page's RamPage as the argument's
 *  expression, else `miss`. The block keeps the current read (R*)
 *  and write (W*) TLB's arrays in locals (block-compiler.ts). In a tight loop, the site first
 *  compares with the page it used last (its locals, siteLocals): a loop's access mostly
 *  stays on one page, and that compare costs less than the TLB's four arrays. */
function probe(tlb: "R" | "W", bytes: number, site: EmitSite, hit: (page: string) => string, miss: string): string {
  const fits = bytes > 1 ? ` && o <= ${4096 - bytes}` : "";
  const tlbHit = `${tlb}L[i] === (aLo & -4096) && ${tlb}H[i] === (aHi | 0)${fits}`;
  const fromTlb = `{ const w = ${tlb}V[i]; let h = ${tlb}O[i]; ${hit("WP[i]")} }`;
  const s = site.cache;
  if (s === null) return `{ const i = (aLo >>> 12) & ${SOFT_TLB_MASK}, o = aLo & 4095; if (${tlbHit}) ${fromTlb} else { ${miss} } }`;
  const remember = `${s}t = aLo & -4096; ${s}h = aHi | 0; ${s}v = ${tlb}V[i]; ${s}o = ${tlb}O[i];${tlb === "W" ? ` ${s}p = WP[i];` : ""}`;
  return (
    `{ const o = aLo & 4095; if ((aLo & -4096) === ${s}t && (aHi | 0) === ${s}h${fits}) { const w = ${s}v; let h = ${s}o; ${hit(`${s}p`)} }` +
    ` else { const i = (aLo >>> 12) & ${SOFT_TLB_MASK}; if (${tlbHit}) { ${remember} ${fromTlb} } else { ${miss} ${SITES_FORGET} } } }`
  );
}

/** Marks where every site's remembered page is dropped: after a slow path or a call, which
 *  may have changed the translation (rememberedPages fills it in). */
export const SITES_FORGET = "/*SITES*/";

/** The remembered pages of a block's body: their locals' declarations (a store's keeps its
 *  RamPage too; `RV[0]` gives the views one shape from the start) and the statement that
 *  drops them all, for SITES_FORGET and wherever the TLB may have changed. */
export function rememberedPages(body: string): { locals: string[]; forget: string } {
  const sites = [...new Set(Array.from(body.matchAll(/\b(S\d+)t\b/g), (m) => m[1]))];
  const locals = sites.flatMap((s) => [`${s}t = -1, ${s}h = 0, ${s}v = RV[0], ${s}o = 0`, ...(body.includes(`${s}p = `) ? [`${s}p = null`] : [])]);
  return { locals, forget: sites.length === 0 ? "" : `${sites.map((s) => `${s}t = -1`).join(", ")};` };
}

/** Statements loading 2^size bytes at (aLo, aHi) into the locals `v` (bits 31:0) and `vH`
 *  (bits 63:32 of an 8-byte load), both declared by the caller. */
function loadInto(size: number, iss: number, site: EmitSite, v: string, vH: string): string {
  const read = [
    `${v} = w.getUint8(h + o);`,
    `${v} = w.getUint16(h + o, true);`,
    `${v} = w.getUint32(h + o, true);`,
    `h += o; ${v} = w.getUint32(h, true); ${vH} = w.getUint32(h + 4, true);`,
  ][size];
  // The calls' results are made uint32 here, as the reads' are: with one representation on
  // both paths V8 keeps the loaded value in an integer register instead of boxing it.
  const call = [
    `${v} = c.ld8(aHi, aLo, ${iss}) >>> 0;`,
    `${v} = c.ld16(aHi, aLo, ${iss}) >>> 0;`,
    `${v} = c.ld32(aHi, aLo, ${iss}) >>> 0;`,
    `${v} = c.ld64(aHi, aLo, ${iss}) >>> 0; ${vH} = c.hi32 >>> 0;`,
  ][size];
  return probe("R", 1 << size, site, () => read, `${site.exact} ${call}`);
}

/** Statements storing 2^size bytes of the locals `v`, `vH` at (aLo, aHi). On a page holding
 *  decoded code the store drops what it overwrites (the site's dead check then stops the
 *  block if that was this page's code). */
function storeFrom(size: number, iss: number, site: EmitSite, v: string, vH: string): string {
  const write = [
    `w.setUint8(h, ${v});`,
    `w.setUint16(h, ${v}, true);`,
    `w.setUint32(h, ${v}, true);`,
    `w.setUint32(h, ${v}, true); w.setUint32(h + 4, ${vH}, true);`,
  ][size];
  const call = [
    `c.st8(aHi, aLo, ${v}, ${iss});`,
    `c.st16(aHi, aLo, ${v}, ${iss});`,
    `c.st32(aHi, aLo, ${v}, ${iss});`,
    `c.st64(aHi, aLo, ${v}, ${vH}, ${iss});`,
  ][size];
  const drop = (page: string) => `if (h >= ${CODE_MARK}) { h -= ${CODE_MARK}; ${page}.invalidateCode(o, ${1 << size}); }`;
  return probe("W", 1 << size, site, (page) => `${drop(page)} h += o; ${write}`, `${site.exact} ${call}`);
}

/** Register slot `t` = the loaded locals, extended as the transfer says. */
function loadResult(tr: Transfer, t: number, v: string, vH: string): string {
  if (tr.size === 3) return `x[${t}] = ${v}; x[${t + 1}] = ${vH};`;
  if (!tr.signed) return `x[${t}] = ${v}; x[${t + 1}] = 0;`;
  const ext = tr.size === 0 ? `(${v} << 24) >> 24` : tr.size === 1 ? `(${v} << 16) >> 16` : `${v} | 0`;
  return `{ const e = ${ext}; x[${t}] = e; x[${t + 1}] = ${tr.to64 ? "e >> 31" : "0"}; }`;
}

/** The value a store of 2^size bytes takes from register slot `t`, as locals v and vH. */
function storeValue(size: number, t: number, v: string, vH: string): string {
  const lo = size === 0 ? `x[${t}] & 0xff` : size === 1 ? `x[${t}] & 0xffff` : `x[${t}]`;
  return `const ${v} = ${lo}, ${vH} = ${size === 3 ? `x[${t + 1}]` : "0"};`;
}

/** A single-register transfer at (aLo, aHi) with register slot `t`; `writeback` runs after
 *  the transfer and after a load's result, so the written-back base wins. */
function access(tr: Transfer, t: number, iss: number, site: EmitSite, writeback: string): string {
  if (!tr.load) return `{ ${storeValue(tr.size, t, "v", "vH")} ${storeFrom(tr.size, iss, site, "v", "vH")} ${writeback} ${site.deadCheck} }`;
  return `{ let v = 0, vH = 0; ${loadInto(tr.size, iss, site, "v", "vH")} ${loadResult(tr, t, "v", "vH")} ${writeback} }`;
}

/** Statements declaring (`${lo}`, `${hi}`) = (bL, bH) + a signed constant (|off| < 2^32). The
 *  carry or borrow comes from comparing the wrapped low half with bL, never from a sum past
 *  2^32, so V8 keeps it all in 32-bit integer registers. An address almost never carries, so
 *  the compare's branch is always predicted; data takes js64's branch-free carryOut instead,
 *  which runs more instructions (valgrind: about 5% more host instructions on matmul). */
function plusConstant(bL: string, bH: string, off: number, lo: string, hi: string): string {
  if (off === 0) return `const ${lo} = ${bL}, ${hi} = ${bH};`;
  const wrap = off > 0 ? `${lo} < ${bL} ? (${bH} + 1) >>> 0 : ${bH}` : `${lo} > ${bL} ? (${bH} - 1) >>> 0 : ${bH}`;
  return `const ${lo} = (${bL} + ${off}) >>> 0; const ${hi} = ${wrap};`;
}

/** (aLo, aHi) = Xn + a signed constant. */
const offsetAddress = (n: number, off: number) => plusConstant(`x[${n}]`, `x[${n + 1}]`, off, "aLo", "aHi");

const slotOf = (tr: Transfer, rt: number) => (tr.load ? wZr(rt) : rZr(rt));
const issOf = (tr: Transfer, rt: number) => dataAbortIss(tr.size, tr.signed, rt, tr.to64, false);

function unsignedOffset(tr: Transfer): Emitter {
  return (f, site) => `{ ${offsetAddress(rSp(f.rn), f.imm12 * (1 << tr.size))} ${access(tr, slotOf(tr, f.rt), issOf(tr, f.rt), site, "")} }`;
}

function unscaled(tr: Transfer): Emitter {
  return (f, site) => `{ ${offsetAddress(rSp(f.rn), f.imm9)} ${access(tr, slotOf(tr, f.rt), issOf(tr, f.rt), site, "")} }`;
}

/** Pre- and post-index: the base is written back after the transfer (it wins over a load into
 *  it); a writeback form's abort has no valid syndrome (ISV = 0). */
function indexed(tr: Transfer, post: boolean): Emitter {
  return (f, site) => {
    const n = rSp(f.rn);
    const addr = `const bL = x[${n}], bH = x[${n + 1}]; ${plusConstant("bL", "bH", f.imm9, "nL", "nH")}`;
    const at = post ? "const aLo = bL, aHi = bH;" : "const aLo = nL, aHi = nH;";
    return `{ ${addr} ${at} ${access(tr, slotOf(tr, f.rt), 0, site, `x[${n}] = nL; x[${n + 1}] = nH;`)} }`;
  };
}

/** [Xn, Rm, extend #shift]: option 010 UXTW, 011 LSL, 110 SXTW, 111 SXTX. */
function registerOffset(tr: Transfer): Emitter {
  return (f, site) => {
    if ((f.option & 2) === 0) return null;
    const n = rSp(f.rn);
    const m = rZr(f.rm);
    const sh = f.S ? tr.size : 0;
    const hi = f.option === 2 ? "0" : f.option === 6 ? `x[${m}] >> 31` : `x[${m + 1}]`;
    const shifted = sh === 0 ? `const mL = x[${m}], mH = ${hi};` : `const mL = (x[${m}] << ${sh}) >>> 0, mH = ((${hi}) << ${sh}) | (x[${m}] >>> ${32 - sh});`;
    const addr = `${shifted} const aLo = (x[${n}] + mL) >>> 0; const aHi = (x[${n + 1}] + mH + (aLo < mL ? 1 : 0)) >>> 0;`;
    return `{ ${addr} ${access(tr, slotOf(tr, f.rt), issOf(tr, f.rt), site, "")} }`;
  };
}

const OFFSET = 0;
const PRE = 1;
const POST = 2;

/** LDP/STP of W or X registers: loads write both registers after both reads, stores read
 *  both values before the first write (the base may be one of them); the base is written
 *  back last. Pair aborts have no valid syndrome. */
function pair(load: boolean, mode: number): Emitter {
  return (f, site) => {
    const size = 2 + f.sf;
    const bytes = 1 << size;
    const n = rSp(f.rn);
    const addr = `const bL = x[${n}], bH = x[${n + 1}]; ${plusConstant("bL", "bH", f.imm7 * bytes, "nL", "nH")}`;
    const first = mode === POST ? "const a1L = bL, a1H = bH;" : "const a1L = nL, a1H = nH;";
    const second = plusConstant("a1L", "a1H", bytes, "a2L", "a2H");
    const wb = mode === OFFSET ? "" : `x[${n}] = nL; x[${n + 1}] = nH;`;
    const at = (k: 1 | 2, body: string) => `{ const aLo = a${k}L, aHi = a${k}H; ${body} }`;
    if (load) {
      const tr: Transfer = { load, size, signed: false, to64: size === 3 };
      const [t1, t2] = [wZr(f.rt), wZr(f.rt2)];
      return (
        `{ ${addr} ${first} ${second} let v1 = 0, v1H = 0, v2 = 0, v2H = 0;` +
        ` ${at(1, loadInto(size, 0, site, "v1", "v1H"))} ${at(2, loadInto(size, 0, site, "v2", "v2H"))}` +
        ` ${loadResult(tr, t1, "v1", "v1H")} ${loadResult(tr, t2, "v2", "v2H")} ${wb} }`
      );
    }
    const [t1, t2] = [rZr(f.rt), rZr(f.rt2)];
    return (
      `{ ${addr} ${first} ${second} ${storeValue(size, t1, "v1", "v1H")} ${storeValue(size, t2, "v2", "v2H")}` +
      ` ${at(1, storeFrom(size, 0, site, "v1", "v1H"))} ${at(2, storeFrom(size, 0, site, "v2", "v2H"))} ${wb} ${site.deadCheck} }`
    );
  };
}

const LOAD = (size: number, signed = false, to64 = size === 3): Transfer => ({ load: true, size, signed, to64 });
const STORE = (size: number): Transfer => ({ load: false, size, signed: false, to64: size === 3 });

/** The single-register forms of one transfer kind, by encoding. */
function forms(name: string, unscaledName: string, byWidth: (f: Fields) => Transfer | null): Record<string, Emitter> {
  const guard =
    (e: (tr: Transfer) => Emitter): Emitter =>
    (f, site) => {
      const tr = byWidth(f);
      return tr === null ? null : e(tr)(f, site);
    };
  return {
    [`${name} (immediate) [Unsigned offset]`]: guard(unsignedOffset),
    [`${name} (immediate) [Post-index]`]: guard((tr) => indexed(tr, true)),
    [`${name} (immediate) [Pre-index]`]: guard((tr) => indexed(tr, false)),
    [unscaledName]: guard(unscaled),
    [`${name} (register)`]: guard(registerOffset),
  };
}

/** Emitters by table entry id. */
export const MEMORY_EMITTERS: Readonly<Record<string, Emitter>> = {
  ...forms("STRB", "STURB", () => STORE(0)),
  ...forms("LDRB", "LDURB", () => LOAD(0)),
  ...forms("LDRSB", "LDURSB", (f) => LOAD(0, true, f.opc0 === 0)),
  ...forms("STRH", "STURH", () => STORE(1)),
  ...forms("LDRH", "LDURH", () => LOAD(1)),
  ...forms("LDRSH", "LDURSH", (f) => LOAD(1, true, f.opc0 === 0)),
  ...forms("STR", "STUR", (f) => STORE(2 + f.sz)),
  ...forms("LDR", "LDUR", (f) => LOAD(2 + f.sz)),
  ...forms("LDRSW", "LDURSW", () => LOAD(2, true, true)),
  "STP [Signed offset]": pair(false, OFFSET),
  "STP [Pre-index]": pair(false, PRE),
  "STP [Post-index]": pair(false, POST),
  "LDP [Signed offset]": pair(true, OFFSET),
  "LDP [Pre-index]": pair(true, PRE),
  "LDP [Post-index]": pair(true, POST),
};
