// Data processing — register (ARM ARM C4.1.87): logical and add/subtract (shifted and
// extended), add/subtract with carry, conditional compare and select, 1-, 2- and
// 3-source operations (bit manipulation, division, shifts, CRC32, multiplies).
import type { CoreContext } from "../core-context.ts";
import { insn, notImplemented, type InsnEntry, type Op } from "../decode-pattern.ts";
import { rSp, rZr, wSp, wZr } from "../register-file.ts";
import { adds32, adds64, AND, ANDS, ASR, EOR, extend32, extend64, LSL, LSR, ORR, ROR, shift32, shift64, T } from "./alu.ts";
import { condition } from "./condition.ts";
import { crc32Update } from "./crc32.ts";
import { accumulate, mulAdd64, smulh64, umul32, umulh64 } from "./multiply.ts";
import { TWO32 } from "../../arch/numbers.ts";

interface ShiftedFields {
  readonly sf: number;
  readonly shift: number;
  readonly rm: number;
  readonly imm6: number;
  readonly rn: number;
  readonly rd: number;
}

// ---- logical (shifted register) -------------------------------------------------------

/** AND/ORR/EOR/ANDS, and with `inv` their BIC/ORN/EON/BICS forms (Rm inverted). */
function logicalShifted(f: ShiftedFields, opc: number, inv: boolean): Op | null {
  if (!f.sf && f.imm6 >= 32) return null;
  const n = rZr(f.rn);
  const m = rZr(f.rm);
  const d = wZr(f.rd);
  const sf = f.sf;
  const type = f.shift;
  const amt = f.imm6;
  const setFlags = opc === ANDS;
  // MOV (register) is ORR Xd, XZR, Xm: the hottest form, given its own closure.
  if (opc === ORR && !inv && amt === 0 && f.rn === 31) {
    return sf
      ? (c) => {
          c.x[d] = c.x[m];
          c.x[d + 1] = c.x[m + 1];
        }
      : (c) => {
          c.x[d] = c.x[m];
          c.x[d + 1] = 0;
        };
  }
  if (sf && amt === 0 && !setFlags) {
    // unshifted AND/ORR/EOR (and their inverted forms): no helper call
    return (c) => {
      const x = c.x;
      const bLo = inv ? ~x[m] : x[m];
      const bHi = inv ? ~x[m + 1] : x[m + 1];
      if (opc === 1) {
        x[d] = x[n] | bLo;
        x[d + 1] = x[n + 1] | bHi;
      } else if (opc === 2) {
        x[d] = x[n] ^ bLo;
        x[d + 1] = x[n + 1] ^ bHi;
      } else {
        x[d] = x[n] & bLo;
        x[d + 1] = x[n + 1] & bHi;
      }
    };
  }
  if (sf) {
    return (c) => {
      const x = c.x;
      shift64(type, amt, x[m], x[m + 1]);
      let bLo = T[0];
      let bHi = T[1];
      if (inv) {
        bLo = ~bLo;
        bHi = ~bHi;
      }
      let lo: number;
      let hi: number;
      if (opc === 1) {
        lo = x[n] | bLo;
        hi = x[n + 1] | bHi;
      } else if (opc === 2) {
        lo = x[n] ^ bLo;
        hi = x[n + 1] ^ bHi;
      } else {
        lo = x[n] & bLo;
        hi = x[n + 1] & bHi;
      }
      x[d] = lo;
      x[d + 1] = hi;
      if (setFlags) {
        c.n = hi >>> 31;
        c.z = (lo | hi) === 0 ? 1 : 0;
        c.c = 0;
        c.v = 0;
      }
    };
  }
  return (c) => {
    const x = c.x;
    let b = shift32(type, amt, x[m]);
    if (inv) b = ~b;
    const a = x[n];
    const r = (opc === 1 ? a | b : opc === 2 ? a ^ b : a & b) >>> 0;
    x[d] = r;
    x[d + 1] = 0;
    if (setFlags) {
      c.n = r >>> 31;
      c.z = r === 0 ? 1 : 0;
      c.c = 0;
      c.v = 0;
    }
  };
}

// ---- add/subtract (shifted and extended register) ---------------------------------------

function addSubShifted(f: ShiftedFields, sub: boolean, flags: boolean): Op | null {
  if (f.shift === 3 || (!f.sf && f.imm6 >= 32)) return null;
  const n = rZr(f.rn);
  const m = rZr(f.rm);
  const d = wZr(f.rd);
  const type = f.shift;
  const amt = f.imm6;
  // The plain register form (no shift) is the common one: read Xm directly, no helper call.
  if (amt === 0 && f.sf === 1) {
    if (flags)
      return sub
        ? (c) => adds64(c, c.x[n], c.x[n + 1], ~c.x[m] >>> 0, ~c.x[m + 1] >>> 0, 1, d)
        : (c) => adds64(c, c.x[n], c.x[n + 1], c.x[m], c.x[m + 1], 0, d);
    return sub
      ? (c) => {
          const x = c.x;
          const lo = x[n] - x[m];
          const hi = x[n + 1] - x[m + 1] - (lo < 0 ? 1 : 0);
          x[d] = lo;
          x[d + 1] = hi;
        }
      : (c) => {
          const x = c.x;
          const lo = x[n] + x[m];
          const hi = x[n + 1] + x[m + 1] + (lo > 0xffffffff ? 1 : 0);
          x[d] = lo;
          x[d + 1] = hi;
        };
  }
  return addSubOp(
    f.sf === 1,
    sub,
    flags,
    n,
    d,
    (c) => {
      shift64(type, amt, c.x[m], c.x[m + 1]);
    },
    (c) => shift32(type, amt, c.x[m]),
  );
}

interface ExtendedFields {
  readonly sf: number;
  readonly rm: number;
  readonly option: number;
  readonly imm3: number;
  readonly rn: number;
  readonly rd: number;
}

function addSubExtended(f: ExtendedFields, sub: boolean, flags: boolean): Op | null {
  if (f.imm3 > 4) return null;
  const n = rSp(f.rn);
  const m = rZr(f.rm);
  const d = flags ? wZr(f.rd) : wSp(f.rd);
  const option = f.option;
  const sh = f.imm3;
  return addSubOp(
    f.sf === 1,
    sub,
    flags,
    n,
    d,
    (c) => {
      extend64(option, sh, c.x[m], c.x[m + 1]);
    },
    (c) => extend32(option, sh, c.x[m]),
  );
}

/** Builds the add/sub closure around an operand producer (64-bit into T, or 32-bit). */
function addSubOp(sf: boolean, sub: boolean, flags: boolean, n: number, d: number, op64: (c: CoreContext) => void, op32: (c: CoreContext) => number): Op {
  if (sf) {
    if (flags) {
      return sub
        ? (c) => {
            op64(c);
            adds64(c, c.x[n], c.x[n + 1], ~T[0] >>> 0, ~T[1] >>> 0, 1, d);
          }
        : (c) => {
            op64(c);
            adds64(c, c.x[n], c.x[n + 1], T[0], T[1], 0, d);
          };
    }
    return sub
      ? (c) => {
          op64(c);
          const x = c.x;
          const lo = x[n] - T[0];
          const hi = x[n + 1] - T[1] - (lo < 0 ? 1 : 0);
          x[d] = lo;
          x[d + 1] = hi;
        }
      : (c) => {
          op64(c);
          const x = c.x;
          const lo = x[n] + T[0];
          const hi = x[n + 1] + T[1] + (lo > 0xffffffff ? 1 : 0);
          x[d] = lo;
          x[d + 1] = hi;
        };
  }
  if (flags) {
    return sub ? (c) => adds32(c, c.x[n], ~op32(c) >>> 0, 1, d) : (c) => adds32(c, c.x[n], op32(c), 0, d);
  }
  return sub
    ? (c) => {
        const b = op32(c);
        c.x[d] = c.x[n] - b;
        c.x[d + 1] = 0;
      }
    : (c) => {
        const b = op32(c);
        c.x[d] = c.x[n] + b;
        c.x[d + 1] = 0;
      };
}

// ---- add/subtract with carry ------------------------------------------------------------

interface ThreeRegFields {
  readonly sf: number;
  readonly rm: number;
  readonly rn: number;
  readonly rd: number;
}

function addSubCarry(f: ThreeRegFields, sub: boolean, flags: boolean): Op {
  const n = rZr(f.rn);
  const m = rZr(f.rm);
  const d = wZr(f.rd);
  if (f.sf) {
    return (c) => {
      const x = c.x;
      const bLo = sub ? ~x[m] >>> 0 : x[m];
      const bHi = sub ? ~x[m + 1] >>> 0 : x[m + 1];
      if (flags) return adds64(c, x[n], x[n + 1], bLo, bHi, c.c, d);
      const lo = x[n] + bLo + c.c;
      const hi = x[n + 1] + bHi + (lo > 0xffffffff ? 1 : 0);
      x[d] = lo;
      x[d + 1] = hi;
    };
  }
  return (c) => {
    const x = c.x;
    const b = sub ? ~x[m] >>> 0 : x[m];
    if (flags) return adds32(c, x[n], b, c.c, d);
    x[d] = x[n] + b + c.c;
    x[d + 1] = 0;
  };
}

// ---- conditional compare and select ------------------------------------------------------

interface CondCompareFields {
  readonly sf: number;
  readonly cond: number;
  readonly rn: number;
  readonly nzcv: number;
}

/** CCMN/CCMP; `rmOrImm` is Rm, or imm5 when `immediate`. */
function condCompare(f: CondCompareFields, sub: boolean, immediate: boolean, rmOrImm: number): Op {
  const holds = condition(f.cond);
  const n = rZr(f.rn);
  const m = rZr(rmOrImm);
  const imm = rmOrImm;
  const nzcv = f.nzcv;
  const sink = wZr(31);
  if (f.sf) {
    return (c) => {
      if (!holds(c)) {
        c.nzcv = nzcv;
        return;
      }
      const x = c.x;
      const bLo = immediate ? imm : x[m];
      const bHi = immediate ? 0 : x[m + 1];
      if (sub) adds64(c, x[n], x[n + 1], ~bLo >>> 0, ~bHi >>> 0, 1, sink);
      else adds64(c, x[n], x[n + 1], bLo, bHi, 0, sink);
    };
  }
  return (c) => {
    if (!holds(c)) {
      c.nzcv = nzcv;
      return;
    }
    const b = immediate ? imm : c.x[m];
    if (sub) adds32(c, c.x[n], ~b >>> 0, 1, sink);
    else adds32(c, c.x[n], b, 0, sink);
  };
}

const CSEL = 0;
const CSINC = 1;
const CSINV = 2;
const CSNEG = 3;

function condSelect(f: ThreeRegFields & { readonly cond: number }, kind: number): Op {
  const holds = condition(f.cond);
  const n = rZr(f.rn);
  const m = rZr(f.rm);
  const d = wZr(f.rd);
  const sf = f.sf;
  return (c) => {
    const x = c.x;
    if (holds(c)) {
      x[d] = x[n];
      x[d + 1] = sf ? x[n + 1] : 0;
      return;
    }
    let lo = x[m];
    let hi = sf ? x[m + 1] : 0;
    if (kind === CSINC) {
      const s = lo + 1;
      lo = s >>> 0;
      if (s > 0xffffffff) hi = hi + 1;
    } else if (kind === CSINV) {
      lo = ~lo;
      hi = ~hi;
    } else if (kind === CSNEG) {
      // -m = ~m + 1
      const s = (~lo >>> 0) + 1;
      lo = s >>> 0;
      hi = (~hi >>> 0) + (s > 0xffffffff ? 1 : 0);
    }
    x[d] = lo;
    x[d + 1] = sf ? hi : 0;
  };
}

// ---- 1-source --------------------------------------------------------------------------

function rbit32(v: number): number {
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return ((v >>> 16) | (v << 16)) >>> 0;
}

function rev32(v: number): number {
  return ((v >>> 24) | ((v >>> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24)) >>> 0;
}

function rev16(v: number): number {
  return (((v >>> 8) & 0x00ff00ff) | ((v << 8) & 0xff00ff00)) >>> 0;
}

function cls32(v: number): number {
  return Math.clz32((v ^ (v >> 1)) >>> 0) - 1; // sign bit of v ^ (v asr 1) is 0
}

interface OneSourceFields {
  readonly rn: number;
  readonly rd: number;
}

/** A 1-source operation on Wn (fn32) or Xn (fn64, result in T). */
function unary(f: OneSourceFields, sf: number, fn32: (v: number) => number, fn64: (lo: number, hi: number) => void): Op {
  const n = rZr(f.rn);
  const d = wZr(f.rd);
  return sf
    ? (c) => {
        fn64(c.x[n], c.x[n + 1]);
        c.x[d] = T[0];
        c.x[d + 1] = T[1];
      }
    : (c) => {
        c.x[d] = fn32(c.x[n]);
        c.x[d + 1] = 0;
      };
}

function rbit(f: OneSourceFields & { readonly sf: number }): Op {
  return unary(f, f.sf, rbit32, (lo, hi) => {
    const a = rbit32(hi);
    T[1] = rbit32(lo);
    T[0] = a;
  });
}

function rev16Op(f: OneSourceFields & { readonly sf: number }): Op {
  return unary(f, f.sf, rev16, (lo, hi) => {
    T[0] = rev16(lo);
    T[1] = rev16(hi);
  });
}

/** REV (32-bit) and REV32 (64-bit): bytes reversed within each word. */
function revWords(f: OneSourceFields, sf: number): Op {
  return unary(f, sf, rev32, (lo, hi) => {
    T[0] = rev32(lo);
    T[1] = rev32(hi);
  });
}

/** REV (64-bit). */
function rev64(f: OneSourceFields): Op {
  return unary(f, 1, rev32, (lo, hi) => {
    const a = rev32(hi);
    T[1] = rev32(lo);
    T[0] = a;
  });
}

function clz(f: OneSourceFields & { readonly sf: number }): Op {
  return unary(f, f.sf, Math.clz32, (lo, hi) => {
    T[0] = hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
    T[1] = 0;
  });
}

function cls(f: OneSourceFields & { readonly sf: number }): Op {
  return unary(f, f.sf, cls32, (lo, hi) => {
    // x ^ (x asr 1), then CLZ − 1
    const yHi = (hi ^ ((hi | 0) >> 1)) >>> 0;
    const yLo = (lo ^ ((lo >>> 1) | (hi << 31))) >>> 0;
    T[0] = (yHi !== 0 ? Math.clz32(yHi) : 32 + Math.clz32(yLo)) - 1;
    T[1] = 0;
  });
}

// ---- 2-source --------------------------------------------------------------------------

const TWO53 = 9007199254740992;

function toSigned(lo: number, hi: number): number {
  return (hi | 0) * TWO32 + lo;
}

function storeBig(c: CoreContext, d: number, v: bigint): void {
  c.x[d] = Number(v & 0xffffffffn);
  c.x[d + 1] = Number((v >> 32n) & 0xffffffffn);
}

function udiv64(c: CoreContext, n: number, m: number, d: number): void {
  const x = c.x;
  const aLo = x[n],
    aHi = x[n + 1],
    bLo = x[m],
    bHi = x[m + 1];
  if ((bLo | bHi) === 0) {
    x[d] = 0;
    x[d + 1] = 0;
    return;
  }
  if (aHi < 0x200000 && bHi < 0x200000) {
    // Both below 2^53: a double quotient, corrected by one if it rounded up.
    const a = aHi * TWO32 + aLo;
    const b = bHi * TWO32 + bLo;
    let q = Math.floor(a / b);
    if (q * b > a) q--;
    x[d] = q % TWO32;
    x[d + 1] = Math.floor(q / TWO32);
    return;
  }
  if (bHi === 0) {
    // A 32-bit divisor: long division in 16-bit digits below the high word, every partial
    // dividend under 2^48 (exact in doubles), no BigInt (hashing loops divide like this).
    const qHi = Math.floor(aHi / bLo);
    const r = aHi - qHi * bLo;
    const p1 = r * 65536 + (aLo >>> 16);
    const q1 = Math.floor(p1 / bLo);
    const p0 = (p1 - q1 * bLo) * 65536 + (aLo & 0xffff);
    x[d] = q1 * 65536 + Math.floor(p0 / bLo);
    x[d + 1] = qHi;
    return;
  }
  const a = (BigInt(aHi) << 32n) | BigInt(aLo);
  const b = (BigInt(bHi) << 32n) | BigInt(bLo);
  storeBig(c, d, a / b);
}

function sdiv64(c: CoreContext, n: number, m: number, d: number): void {
  const x = c.x;
  const aLo = x[n],
    aHi = x[n + 1],
    bLo = x[m],
    bHi = x[m + 1];
  if ((bLo | bHi) === 0) {
    x[d] = 0;
    x[d + 1] = 0;
    return;
  }
  const a = toSigned(aLo, aHi);
  const b = toSigned(bLo, bHi);
  if (Math.abs(a) < TWO53 && Math.abs(b) < TWO53) {
    let q = Math.trunc(a / b);
    // correct a possible rounding of the double quotient away from the true one
    if (Math.abs(q * b) > Math.abs(a)) q -= Math.sign(q);
    const qLo = ((q % TWO32) + TWO32) % TWO32;
    x[d] = qLo;
    x[d + 1] = Math.floor((q - qLo) / TWO32);
    return;
  }
  const A = BigInt.asIntN(64, (BigInt(aHi) << 32n) | BigInt(aLo));
  const B = BigInt.asIntN(64, (BigInt(bHi) << 32n) | BigInt(bLo));
  storeBig(c, d, BigInt.asUintN(64, A / B)); // INT64_MIN / -1 wraps to INT64_MIN
}

function udiv(f: ThreeRegFields): Op {
  const n = rZr(f.rn);
  const m = rZr(f.rm);
  const d = wZr(f.rd);
  if (f.sf) return (c) => udiv64(c, n, m, d);
  return (c) => {
    const b = c.x[m];
    c.x[d] = b === 0 ? 0 : Math.floor(c.x[n] / b);
    c.x[d + 1] = 0;
  };
}

function sdiv(f: ThreeRegFields): Op {
  const n = rZr(f.rn);
  const m = rZr(f.rm);
  const d = wZr(f.rd);
  if (f.sf) return (c) => sdiv64(c, n, m, d);
  return (c) => {
    const b = c.x[m] | 0;
    c.x[d] = b === 0 ? 0 : Math.trunc((c.x[n] | 0) / b);
    c.x[d + 1] = 0;
  };
}

/** LSLV, LSRV, ASRV, RORV: amount = Rm mod datasize. */
function shiftVariable(f: ThreeRegFields, type: number): Op {
  const n = rZr(f.rn);
  const m = rZr(f.rm);
  const d = wZr(f.rd);
  if (f.sf) {
    return (c) => {
      const x = c.x;
      shift64(type, x[m] & 63, x[n], x[n + 1]);
      x[d] = T[0];
      x[d + 1] = T[1];
    };
  }
  return (c) => {
    c.x[d] = shift32(type, c.x[m] & 31, c.x[n]);
    c.x[d + 1] = 0;
  };
}

/** CRC32{B,H,W,X} and CRC32C{B,H,W,X}: sz gives the width of Rm; X (sz=3) only with sf=1. */
function crc32(f: ThreeRegFields & { readonly sz: number }, castagnoli: boolean): Op | null {
  const sz = f.sz;
  if ((sz === 3) !== (f.sf === 1)) return null;
  const n = rZr(f.rn);
  const m = rZr(f.rm);
  const d = wZr(f.rd);
  const bytes = 1 << sz;
  return (c) => {
    const x = c.x;
    let crc = x[n];
    crc = crc32Update(crc, x[m], Math.min(bytes, 4), castagnoli);
    if (bytes === 8) crc = crc32Update(crc, x[m + 1], 4, castagnoli);
    x[d] = crc;
    x[d + 1] = 0;
  };
}

// ---- 3-source --------------------------------------------------------------------------

interface ThreeSourceFields {
  readonly rm: number;
  readonly ra: number;
  readonly rn: number;
  readonly rd: number;
}

/** MADD/MSUB. */
function mulAdd(f: ThreeSourceFields & { readonly sf: number }, sub: boolean): Op {
  const n = rZr(f.rn);
  const m = rZr(f.rm);
  const a = rZr(f.ra);
  const d = wZr(f.rd);
  if (f.sf) return (c) => mulAdd64(c, n, m, a, d, sub);
  return (c) => {
    const x = c.x;
    const p = Math.imul(x[n], x[m]);
    x[d] = sub ? x[a] - p : x[a] + p;
    x[d + 1] = 0;
  };
}

/** SMADDL/SMSUBL/UMADDL/UMSUBL: Xa ± Wn × Wm (32×32 → 64). */
function mulAddLong(f: ThreeSourceFields, signed: boolean, sub: boolean): Op {
  const n = rZr(f.rn);
  const m = rZr(f.rm);
  const a = rZr(f.ra);
  const d = wZr(f.rd);
  return (c) => {
    const x = c.x;
    const u = x[n];
    const v = x[m];
    umul32(u, v);
    let pHi = T[1];
    if (signed) pHi = (pHi - ((u | 0) < 0 ? v : 0) - ((v | 0) < 0 ? u : 0)) >>> 0;
    accumulate(x, a, T[0], pHi, d, sub);
  };
}

/** SMULH/UMULH: the high 64 bits of the 128-bit product. */
function mulHigh(f: { readonly rm: number; readonly rn: number; readonly rd: number }, signed: boolean): Op {
  const n = rZr(f.rn);
  const m = rZr(f.rm);
  const d = wZr(f.rd);
  return signed ? (c) => smulh64(c, n, m, d) : (c) => umulh64(c, n, m, d);
}

/** Entries whose operands are the general-purpose registers rn, rm, ra and rd only. */
const GPR = { gprOperands: true } as const;

const PAUTH =
  "FEAT_PAuth (pointer authentication) is absent on the Cortex-A57-class ARMv8.0 core modelled here (ID_AA64ISAR1_EL1.APA/API/GPA = 0), so the instruction is UNDEFINED as on that CPU";
const MTE =
  "FEAT_MTE (memory tagging) is absent on the Cortex-A57-class ARMv8.0 core modelled here (ID_AA64PFR1_EL1.MTE = 0), so the instruction is UNDEFINED as on that CPU";

// Reserved values decline (disassemblers show them as data): a shift amount >= 32 with
// sf=0, shift type ROR in add/subtract, an extend shift above 4, CRC32X with sf=0 or
// CRC32B/H/W with sf=1.
export const INSNS: InsnEntry[] = [
  // Logical (shifted register)
  insn("AND (shifted register)", "sf:1 00 01010 shift:2 0 rm:5 imm6:6 rn:5 rd:5", {}, (f) => logicalShifted(f, AND, false)),
  insn("BIC (shifted register)", "sf:1 00 01010 shift:2 1 rm:5 imm6:6 rn:5 rd:5", {}, (f) => logicalShifted(f, AND, true)),
  insn("ORR (shifted register)", "sf:1 01 01010 shift:2 0 rm:5 imm6:6 rn:5 rd:5", {}, (f) => logicalShifted(f, ORR, false)),
  insn("ORN (shifted register)", "sf:1 01 01010 shift:2 1 rm:5 imm6:6 rn:5 rd:5", {}, (f) => logicalShifted(f, ORR, true)),
  insn("EOR (shifted register)", "sf:1 10 01010 shift:2 0 rm:5 imm6:6 rn:5 rd:5", {}, (f) => logicalShifted(f, EOR, false)),
  insn("EON (shifted register)", "sf:1 10 01010 shift:2 1 rm:5 imm6:6 rn:5 rd:5", {}, (f) => logicalShifted(f, EOR, true)),
  insn("ANDS (shifted register)", "sf:1 11 01010 shift:2 0 rm:5 imm6:6 rn:5 rd:5", { writesFlags: true }, (f) => logicalShifted(f, ANDS, false)),
  insn("BICS (shifted register)", "sf:1 11 01010 shift:2 1 rm:5 imm6:6 rn:5 rd:5", { writesFlags: true }, (f) => logicalShifted(f, ANDS, true)),
  // Add/subtract (shifted register)
  insn("ADD (shifted register)", "sf:1 0 0 01011 shift:2 0 rm:5 imm6:6 rn:5 rd:5", {}, (f) => addSubShifted(f, false, false)),
  insn("ADDS (shifted register)", "sf:1 0 1 01011 shift:2 0 rm:5 imm6:6 rn:5 rd:5", { writesFlags: true }, (f) => addSubShifted(f, false, true)),
  insn("SUB (shifted register)", "sf:1 1 0 01011 shift:2 0 rm:5 imm6:6 rn:5 rd:5", {}, (f) => addSubShifted(f, true, false)),
  insn("SUBS (shifted register)", "sf:1 1 1 01011 shift:2 0 rm:5 imm6:6 rn:5 rd:5", { writesFlags: true }, (f) => addSubShifted(f, true, true)),
  // Add/subtract (extended register)
  insn("ADD (extended register)", "sf:1 0 0 01011 00 1 rm:5 option:3 imm3:3 rn:5 rd:5", {}, (f) => addSubExtended(f, false, false)),
  insn("ADDS (extended register)", "sf:1 0 1 01011 00 1 rm:5 option:3 imm3:3 rn:5 rd:5", { writesFlags: true }, (f) => addSubExtended(f, false, true)),
  insn("SUB (extended register)", "sf:1 1 0 01011 00 1 rm:5 option:3 imm3:3 rn:5 rd:5", {}, (f) => addSubExtended(f, true, false)),
  insn("SUBS (extended register)", "sf:1 1 1 01011 00 1 rm:5 option:3 imm3:3 rn:5 rd:5", { writesFlags: true }, (f) => addSubExtended(f, true, true)),
  // Add/subtract (with carry)
  insn("ADC", "sf:1 0 0 11010000 rm:5 000000 rn:5 rd:5", { readsFlags: true, ...GPR }, (f) => addSubCarry(f, false, false)),
  insn("ADCS", "sf:1 0 1 11010000 rm:5 000000 rn:5 rd:5", { readsFlags: true, writesFlags: true, ...GPR }, (f) => addSubCarry(f, false, true)),
  insn("SBC", "sf:1 1 0 11010000 rm:5 000000 rn:5 rd:5", { readsFlags: true, ...GPR }, (f) => addSubCarry(f, true, false)),
  insn("SBCS", "sf:1 1 1 11010000 rm:5 000000 rn:5 rd:5", { readsFlags: true, writesFlags: true, ...GPR }, (f) => addSubCarry(f, true, true)),
  // Conditional compare (register, immediate)
  insn("CCMN (register)", "sf:1 0 1 11010010 rm:5 cond:4 0 0 rn:5 0 nzcv:4", { readsFlags: true, writesFlags: true }, (f) =>
    condCompare(f, false, false, f.rm),
  ),
  insn("CCMP (register)", "sf:1 1 1 11010010 rm:5 cond:4 0 0 rn:5 0 nzcv:4", { readsFlags: true, writesFlags: true }, (f) => condCompare(f, true, false, f.rm)),
  insn("CCMN (immediate)", "sf:1 0 1 11010010 imm5:5 cond:4 1 0 rn:5 0 nzcv:4", { readsFlags: true, writesFlags: true }, (f) =>
    condCompare(f, false, true, f.imm5),
  ),
  insn("CCMP (immediate)", "sf:1 1 1 11010010 imm5:5 cond:4 1 0 rn:5 0 nzcv:4", { readsFlags: true, writesFlags: true }, (f) =>
    condCompare(f, true, true, f.imm5),
  ),
  // Conditional select
  insn("CSEL", "sf:1 0 0 11010100 rm:5 cond:4 00 rn:5 rd:5", { readsFlags: true }, (f) => condSelect(f, CSEL)),
  insn("CSINC", "sf:1 0 0 11010100 rm:5 cond:4 01 rn:5 rd:5", { readsFlags: true }, (f) => condSelect(f, CSINC)),
  insn("CSINV", "sf:1 1 0 11010100 rm:5 cond:4 00 rn:5 rd:5", { readsFlags: true }, (f) => condSelect(f, CSINV)),
  insn("CSNEG", "sf:1 1 0 11010100 rm:5 cond:4 01 rn:5 rd:5", { readsFlags: true }, (f) => condSelect(f, CSNEG)),
  // Data-processing (2 source)
  insn("UDIV", "sf:1 0 0 11010110 rm:5 000010 rn:5 rd:5", GPR, udiv),
  insn("SDIV", "sf:1 0 0 11010110 rm:5 000011 rn:5 rd:5", GPR, sdiv),
  insn("LSLV", "sf:1 0 0 11010110 rm:5 001000 rn:5 rd:5", GPR, (f) => shiftVariable(f, LSL)),
  insn("LSRV", "sf:1 0 0 11010110 rm:5 001001 rn:5 rd:5", GPR, (f) => shiftVariable(f, LSR)),
  insn("ASRV", "sf:1 0 0 11010110 rm:5 001010 rn:5 rd:5", GPR, (f) => shiftVariable(f, ASR)),
  insn("RORV", "sf:1 0 0 11010110 rm:5 001011 rn:5 rd:5", GPR, (f) => shiftVariable(f, ROR)),
  insn("CRC32B, CRC32H, CRC32W, CRC32X", "sf:1 0 0 11010110 rm:5 010 0 sz:2 rn:5 rd:5", { feature: "FEAT_CRC32", ...GPR }, (f) => crc32(f, false)),
  insn("CRC32CB, CRC32CH, CRC32CW, CRC32CX", "sf:1 0 0 11010110 rm:5 010 1 sz:2 rn:5 rd:5", { feature: "FEAT_CRC32", ...GPR }, (f) => crc32(f, true)),
  notImplemented("SUBP", "1 0 0 11010110 rm:5 000000 rn:5 rd:5", { feature: "FEAT_MTE" }, MTE),
  notImplemented("SUBPS", "1 0 1 11010110 rm:5 000000 rn:5 rd:5", { feature: "FEAT_MTE" }, MTE),
  notImplemented("IRG", "1 0 0 11010110 rm:5 000100 rn:5 rd:5", { feature: "FEAT_MTE" }, MTE),
  notImplemented("GMI", "1 0 0 11010110 rm:5 000101 rn:5 rd:5", { feature: "FEAT_MTE" }, MTE),
  notImplemented("PACGA", "1 0 0 11010110 rm:5 001100 rn:5 rd:5", { feature: "FEAT_PAuth" }, PAUTH),
  // Data-processing (1 source)
  insn("RBIT", "sf:1 1 0 11010110 00000 000000 rn:5 rd:5", GPR, rbit),
  insn("REV16", "sf:1 1 0 11010110 00000 000001 rn:5 rd:5", GPR, rev16Op),
  insn({ name: "REV", encoding: "32-bit" }, "0 1 0 11010110 00000 000010 rn:5 rd:5", GPR, (f) => revWords(f, 0)),
  insn("REV32", "1 1 0 11010110 00000 000010 rn:5 rd:5", GPR, (f) => revWords(f, 1)),
  insn({ name: "REV", encoding: "64-bit" }, "1 1 0 11010110 00000 000011 rn:5 rd:5", GPR, rev64),
  insn("CLZ", "sf:1 1 0 11010110 00000 000100 rn:5 rd:5", GPR, clz),
  insn("CLS", "sf:1 1 0 11010110 00000 000101 rn:5 rd:5", GPR, cls),
  // Data-processing (3 source)
  insn("MADD", "sf:1 00 11011 000 rm:5 0 ra:5 rn:5 rd:5", GPR, (f) => mulAdd(f, false)),
  insn("MSUB", "sf:1 00 11011 000 rm:5 1 ra:5 rn:5 rd:5", GPR, (f) => mulAdd(f, true)),
  insn("SMADDL", "1 00 11011 001 rm:5 0 ra:5 rn:5 rd:5", GPR, (f) => mulAddLong(f, true, false)),
  insn("SMSUBL", "1 00 11011 001 rm:5 1 ra:5 rn:5 rd:5", GPR, (f) => mulAddLong(f, true, true)),
  insn("SMULH", "1 00 11011 010 rm:5 0 ----- rn:5 rd:5", GPR, (f) => mulHigh(f, true)),
  insn("UMADDL", "1 00 11011 101 rm:5 0 ra:5 rn:5 rd:5", GPR, (f) => mulAddLong(f, false, false)),
  insn("UMSUBL", "1 00 11011 101 rm:5 1 ra:5 rn:5 rd:5", GPR, (f) => mulAddLong(f, false, true)),
  insn("UMULH", "1 00 11011 110 rm:5 0 ----- rn:5 rd:5", GPR, (f) => mulHigh(f, false)),
];
