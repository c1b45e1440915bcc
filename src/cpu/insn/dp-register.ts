// Data processing — register (ARM ARM C4.1.87): logical and add/subtract (shifted and
// extended), add/subtract with carry, conditional compare and select, 1-, 2- and
// 3-source operations (bit manipulation, division, shifts, CRC32, multiplies).
import type { CoreContext } from "../core-context.ts";
import { pattern, type Op, type Pattern } from "../decode-pattern.ts";
import { rSp, rZr, wSp, wZr } from "../register-file.ts";
import { adds32, adds64, extend32, extend64, shift32, shift64, T } from "./alu.ts";
import { condition } from "./condition.ts";
import { crc32Update } from "./crc32.ts";
import { accumulate, mulAdd64, smulh64, umul32, umulh64 } from "./multiply.ts";
import { TWO32 } from "../../arch/numbers.ts";

type F = Record<string, number>;

// ---- logical (shifted register) -------------------------------------------------------

function logicalShifted(f: F): Op | null {
  if (!f.sf && f.imm6 >= 32) return null;
  const n = rZr(f.rn);
  const m = rZr(f.rm);
  const d = wZr(f.rd);
  const sf = f.sf;
  const type = f.shift;
  const amt = f.imm6;
  const inv = f.N === 1;
  const opc = f.opc;
  const setFlags = opc === 3;
  // MOV (register) is ORR Xd, XZR, Xm: the hottest form, given its own closure.
  if (opc === 1 && !inv && amt === 0 && f.rn === 31) {
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

function addSubShifted(f: F): Op | null {
  if (f.shift === 3 || (!f.sf && f.imm6 >= 32)) return null;
  const n = rZr(f.rn);
  const m = rZr(f.rm);
  const d = wZr(f.rd);
  const type = f.shift;
  const amt = f.imm6;
  const sub = f.op === 1;
  const flags = f.S === 1;
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
  return addSubOp(f.sf === 1, sub, flags, n, d, (c) => {
    shift64(type, amt, c.x[m], c.x[m + 1]);
  }, (c) => shift32(type, amt, c.x[m]));
}

function addSubExtended(f: F): Op | null {
  if (f.opt !== 0 || f.imm3 > 4) return null;
  const n = rSp(f.rn);
  const m = rZr(f.rm);
  const d = f.S ? wZr(f.rd) : wSp(f.rd);
  const option = f.option;
  const sh = f.imm3;
  return addSubOp(f.sf === 1, f.op === 1, f.S === 1, n, d, (c) => {
    extend64(option, sh, c.x[m], c.x[m + 1]);
  }, (c) => extend32(option, sh, c.x[m]));
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

function addSubCarry(f: F): Op {
  const n = rZr(f.rn);
  const m = rZr(f.rm);
  const d = wZr(f.rd);
  const sub = f.op === 1;
  const flags = f.S === 1;
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

function condCompare(f: F, immediate: boolean): Op {
  const holds = condition(f.cond);
  const n = rZr(f.rn);
  const m = rZr(f.rm);
  const imm = f.rm; // imm5 shares the field
  const nzcv = f.nzcv;
  const sub = f.op === 1;
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

function condSelect(f: F): Op | null {
  if (f.op2 >= 2) return null;
  const holds = condition(f.cond);
  const n = rZr(f.rn);
  const m = rZr(f.rm);
  const d = wZr(f.rd);
  const kind = (f.op << 1) | f.op2; // 0 CSEL, 1 CSINC, 2 CSINV, 3 CSNEG
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
    if (kind === 1) {
      const s = lo + 1;
      lo = s >>> 0;
      if (s > 0xffffffff) hi = hi + 1;
    } else if (kind === 2) {
      lo = ~lo;
      hi = ~hi;
    } else if (kind === 3) {
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

function dp1(f: F): Op | null {
  const n = rZr(f.rn);
  const d = wZr(f.rd);
  const sf = f.sf;
  const un = (fn32: (v: number) => number, fn64: (lo: number, hi: number) => void): Op =>
    sf
      ? (c) => {
          fn64(c.x[n], c.x[n + 1]);
          c.x[d] = T[0];
          c.x[d + 1] = T[1];
        }
      : (c) => {
          c.x[d] = fn32(c.x[n]);
          c.x[d + 1] = 0;
        };
  switch (f.opcode) {
    case 0: // RBIT
      return un(rbit32, (lo, hi) => {
        const a = rbit32(hi);
        T[1] = rbit32(lo);
        T[0] = a;
      });
    case 1: // REV16
      return un(rev16, (lo, hi) => {
        T[0] = rev16(lo);
        T[1] = rev16(hi);
      });
    case 2: // REV (32-bit) / REV32 (64-bit)
      return un(rev32, (lo, hi) => {
        T[0] = rev32(lo);
        T[1] = rev32(hi);
      });
    case 3: // REV (64-bit)
      if (!sf) return null;
      return un(rev32, (lo, hi) => {
        const a = rev32(hi);
        T[1] = rev32(lo);
        T[0] = a;
      });
    case 4: // CLZ
      return un(Math.clz32, (lo, hi) => {
        T[0] = hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
        T[1] = 0;
      });
    case 5: // CLS
      return un(cls32, (lo, hi) => {
        // x ^ (x asr 1), then CLZ − 1
        const yHi = (hi ^ ((hi | 0) >> 1)) >>> 0;
        const yLo = (lo ^ ((lo >>> 1) | (hi << 31))) >>> 0;
        T[0] = (yHi !== 0 ? Math.clz32(yHi) : 32 + Math.clz32(yLo)) - 1;
        T[1] = 0;
      });
    default:
      return null;
  }
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
  const aLo = x[n], aHi = x[n + 1], bLo = x[m], bHi = x[m + 1];
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
  const a = (BigInt(aHi) << 32n) | BigInt(aLo);
  const b = (BigInt(bHi) << 32n) | BigInt(bLo);
  storeBig(c, d, a / b);
}

function sdiv64(c: CoreContext, n: number, m: number, d: number): void {
  const x = c.x;
  const aLo = x[n], aHi = x[n + 1], bLo = x[m], bHi = x[m + 1];
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

function dp2(f: F): Op | null {
  const n = rZr(f.rn);
  const m = rZr(f.rm);
  const d = wZr(f.rd);
  const sf = f.sf;
  const op = f.opcode;
  if (op === 2) {
    // UDIV
    if (sf) return (c) => udiv64(c, n, m, d);
    return (c) => {
      const b = c.x[m];
      c.x[d] = b === 0 ? 0 : Math.floor(c.x[n] / b);
      c.x[d + 1] = 0;
    };
  }
  if (op === 3) {
    // SDIV
    if (sf) return (c) => sdiv64(c, n, m, d);
    return (c) => {
      const b = c.x[m] | 0;
      c.x[d] = b === 0 ? 0 : Math.trunc((c.x[n] | 0) / b);
      c.x[d + 1] = 0;
    };
  }
  if (op >= 8 && op <= 11) {
    // LSLV, LSRV, ASRV, RORV: amount = Rm mod datasize
    const type = op - 8;
    if (sf) {
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
  if ((op & 0b111000) === 0b010000) {
    // CRC32{B,H,W,X} / CRC32C{…}: sz in opcode[1:0], C in opcode[2]
    const sz = op & 3;
    if ((sz === 3) !== (sf === 1)) return null;
    const castagnoli = (op & 4) !== 0;
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
  return null;
}

// ---- 3-source --------------------------------------------------------------------------

function dp3(f: F): Op | null {
  const n = rZr(f.rn);
  const m = rZr(f.rm);
  const a = rZr(f.ra);
  const d = wZr(f.rd);
  const sub = f.o0 === 1;
  const sf = f.sf;
  switch (f.op31) {
    case 0: // MADD/MSUB
      if (sf) return (c) => mulAdd64(c, n, m, a, d, sub);
      return (c) => {
        const x = c.x;
        const p = Math.imul(x[n], x[m]);
        x[d] = sub ? x[a] - p : x[a] + p;
        x[d + 1] = 0;
      };
    case 1: // SMADDL/SMSUBL
    case 5: {
      // UMADDL/UMSUBL
      if (!sf) return null;
      const signed = f.op31 === 1;
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
    case 2: // SMULH
      if (!sf || sub) return null;
      return (c) => smulh64(c, n, m, d);
    case 6: // UMULH
      if (!sf || sub) return null;
      return (c) => umulh64(c, n, m, d);
    default:
      return null;
  }
}

export const PATTERNS: Pattern[] = [
  pattern("Logical (shifted register)", "sf:1 opc:2 01010 shift:2 N:1 rm:5 imm6:6 rn:5 rd:5", logicalShifted),
  pattern("ADD/SUB (shifted register)", "sf:1 op:1 S:1 01011 shift:2 0 rm:5 imm6:6 rn:5 rd:5", addSubShifted),
  pattern("ADD/SUB (extended register)", "sf:1 op:1 S:1 01011 opt:2 1 rm:5 option:3 imm3:3 rn:5 rd:5", addSubExtended),
  pattern("ADC/SBC", "sf:1 op:1 S:1 11010000 rm:5 000000 rn:5 rd:5", addSubCarry),
  pattern("CCMN/CCMP (register)", "sf:1 op:1 1 11010010 rm:5 cond:4 0 0 rn:5 0 nzcv:4", (f) => condCompare(f, false)),
  pattern("CCMN/CCMP (immediate)", "sf:1 op:1 1 11010010 rm:5 cond:4 1 0 rn:5 0 nzcv:4", (f) => condCompare(f, true)),
  pattern("Conditional select", "sf:1 op:1 0 11010100 rm:5 cond:4 op2:2 rn:5 rd:5", condSelect),
  pattern("Data-processing (2 source)", "sf:1 0 0 11010110 rm:5 opcode:6 rn:5 rd:5", dp2),
  pattern("Data-processing (1 source)", "sf:1 1 0 11010110 00000 opcode:6 rn:5 rd:5", dp1),
  pattern("Data-processing (3 source)", "sf:1 00 11011 op31:3 rm:5 o0:1 ra:5 rn:5 rd:5", dp3),
];
