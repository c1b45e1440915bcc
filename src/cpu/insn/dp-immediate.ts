// Data processing — immediate (ARM ARM C4.1.86): PC-relative addressing, add/subtract,
// logical, move wide, bitfield and extract.
import { pattern, type Op, type Pattern } from "../decode-pattern.ts";
import { rSp, rZr, wSp, wZr } from "../register-file.ts";
import { adds32, adds64, decodeBitMasks, hi32, lo32, LSL, LSR, ROR, shift32, shift64, T } from "./alu.ts";

import { TWO32 } from "../../arch/numbers.ts";

function adr(f: Record<string, number>): Op {
  const page = f.op === 1;
  let imm = (f.immhi << 2) | f.immlo; // 21-bit signed
  imm = (imm << 11) >> 11;
  const off = page ? imm * 4096 : imm;
  const d = wZr(f.rd);
  return (c) => {
    const base = page ? c.pcLo & ~0xfff : c.pcLo;
    const s = (base >>> 0) + off;
    const lo = s >>> 0;
    c.x[d] = lo;
    c.x[d + 1] = c.pcHi + Math.floor((s - lo) / TWO32);
  };
}

function addSubImm(f: Record<string, number>): Op {
  const imm = f.sh ? f.imm12 << 12 : f.imm12;
  const sub = f.op === 1;
  const n = rSp(f.rn);
  if (f.S === 1) {
    const d = wZr(f.rd);
    // SUBS x = a + ~imm + 1
    if (f.sf) {
      if (sub) return (c) => adds64(c, c.x[n], c.x[n + 1], ~imm >>> 0, 0xffffffff, 1, d);
      return (c) => adds64(c, c.x[n], c.x[n + 1], imm, 0, 0, d);
    }
    if (sub) return (c) => adds32(c, c.x[n], ~imm >>> 0, 1, d);
    return (c) => adds32(c, c.x[n], imm, 0, d);
  }
  const d = wSp(f.rd);
  if (f.sf) {
    if (sub)
      return (c) => {
        const x = c.x;
        const lo = x[n] - imm;
        const hi = x[n + 1] - (lo < 0 ? 1 : 0);
        x[d] = lo;
        x[d + 1] = hi;
      };
    return (c) => {
      const x = c.x;
      const lo = x[n] + imm;
      const hi = x[n + 1] + (lo >= TWO32 ? 1 : 0);
      x[d] = lo;
      x[d + 1] = hi;
    };
  }
  if (sub)
    return (c) => {
      const x = c.x;
      x[d] = x[n] - imm;
      x[d + 1] = 0;
    };
  return (c) => {
    const x = c.x;
    x[d] = x[n] + imm;
    x[d + 1] = 0;
  };
}

function logicalImm(f: Record<string, number>): Op | null {
  if (!f.sf && f.N) return null;
  const m = decodeBitMasks(f.N, f.imms, f.immr, true, f.sf ? 64 : 32);
  if (m === null) return null;
  const iLo = lo32(m.wmask);
  const iHi = f.sf ? hi32(m.wmask) : 0;
  const n = rZr(f.rn);
  const sf = f.sf;
  switch (f.opc) {
    case 0: {
      const d = wSp(f.rd);
      return (c) => {
        const x = c.x;
        x[d] = x[n] & iLo;
        x[d + 1] = x[n + 1] & iHi;
      };
    }
    case 1: {
      const d = wSp(f.rd);
      return (c) => {
        const x = c.x;
        x[d] = x[n] | iLo;
        x[d + 1] = sf ? x[n + 1] | iHi : 0;
      };
    }
    case 2: {
      const d = wSp(f.rd);
      return (c) => {
        const x = c.x;
        x[d] = x[n] ^ iLo;
        x[d + 1] = sf ? x[n + 1] ^ iHi : 0;
      };
    }
    default: {
      const d = wZr(f.rd);
      return (c) => {
        const x = c.x;
        const lo = (x[n] & iLo) >>> 0;
        const hi = sf ? (x[n + 1] & iHi) >>> 0 : 0;
        x[d] = lo;
        x[d + 1] = hi;
        c.n = sf ? hi >>> 31 : lo >>> 31;
        c.z = (lo | hi) === 0 ? 1 : 0;
        c.c = 0;
        c.v = 0;
      };
    }
  }
}

function moveWide(f: Record<string, number>): Op | null {
  if (f.opc === 1) return null;
  if (!f.sf && f.hw >= 2) return null;
  const d = wZr(f.rd);
  const shift = f.hw * 16;
  const vLo = shift < 32 ? (f.imm16 << shift) >>> 0 : 0;
  const vHi = shift >= 32 ? (f.imm16 << (shift - 32)) >>> 0 : 0;
  const sf = f.sf;
  if (f.opc === 2)
    return (c) => {
      c.x[d] = vLo;
      c.x[d + 1] = vHi;
    };
  if (f.opc === 0) {
    const lo = ~vLo >>> 0;
    const hi = sf ? ~vHi >>> 0 : 0;
    return (c) => {
      c.x[d] = lo;
      c.x[d + 1] = hi;
    };
  }
  // MOVK (opc 3): keep the other bits
  const keepLo = shift < 32 ? ~(0xffff << shift) >>> 0 : 0xffffffff;
  const keepHi = shift >= 32 ? ~(0xffff << (shift - 32)) >>> 0 : 0xffffffff;
  return (c) => {
    const x = c.x;
    x[d] = (x[d] & keepLo) | vLo;
    x[d + 1] = sf ? (x[d + 1] & keepHi) | vHi : 0;
  };
}

function bitfield(f: Record<string, number>): Op | null {
  const sf = f.sf;
  if (f.opc === 3 || f.N !== sf) return null;
  if (!sf && (f.immr >= 32 || f.imms >= 32)) return null;
  const m = decodeBitMasks(f.N, f.imms, f.immr, false, sf ? 64 : 32);
  if (m === null) return null;
  const R = f.immr;
  const S = f.imms;
  const n = rZr(f.rn);
  const d = wZr(f.rd);
  const wLo = lo32(m.wmask);
  const wHi = hi32(m.wmask);
  const tLo = lo32(m.tmask);
  const tHi = hi32(m.tmask);
  const opc = f.opc;
  if (sf) {
    const sWord = S >= 32 ? 1 : 0;
    const sBit = S & 31;
    return (c) => {
      const x = c.x;
      shift64(ROR, R, x[n], x[n + 1]);
      let botLo = T[0] & wLo;
      let botHi = T[1] & wHi;
      if (opc === 1) {
        botLo |= x[d] & ~wLo;
        botHi |= x[d + 1] & ~wHi;
        x[d] = (x[d] & ~tLo) | (botLo & tLo);
        x[d + 1] = (x[d + 1] & ~tHi) | (botHi & tHi);
        return;
      }
      if (opc === 0) {
        const top = -((x[n + sWord] >>> sBit) & 1); // all ones or zeros
        x[d] = (top & ~tLo) | (botLo & tLo);
        x[d + 1] = (top & ~tHi) | (botHi & tHi);
        return;
      }
      x[d] = botLo & tLo;
      x[d + 1] = botHi & tHi;
    };
  }
  return (c) => {
    const x = c.x;
    const src = x[n];
    let bot = shift32(ROR, R, src) & wLo;
    if (opc === 1) {
      bot |= x[d] & ~wLo;
      x[d] = (x[d] & ~tLo) | (bot & tLo);
    } else if (opc === 0) {
      const top = -((src >>> S) & 1);
      x[d] = (top & ~tLo) | (bot & tLo);
    } else x[d] = bot & tLo;
    x[d + 1] = 0;
  };
}

function extract(f: Record<string, number>): Op | null {
  if (f.N !== f.sf || (!f.sf && f.imms >= 32)) return null;
  const n = rZr(f.rn);
  const m = rZr(f.rm);
  const d = wZr(f.rd);
  const lsb = f.imms;
  if (f.sf) {
    return (c) => {
      const x = c.x;
      if (lsb === 0) {
        x[d] = x[m];
        x[d + 1] = x[m + 1];
        return;
      }
      const nLo = x[n];
      const nHi = x[n + 1];
      shift64(LSR, lsb, x[m], x[m + 1]);
      const lo = T[0];
      const hi = T[1];
      shift64(LSL, 64 - lsb, nLo, nHi);
      x[d] = lo | T[0];
      x[d + 1] = hi | T[1];
    };
  }
  return (c) => {
    const x = c.x;
    x[d] = lsb === 0 ? x[m] : (x[m] >>> lsb) | (x[n] << (32 - lsb));
    x[d + 1] = 0;
  };
}

export const PATTERNS: Pattern[] = [
  pattern("ADR/ADRP", "op:1 immlo:2 10000 immhi:19 rd:5", adr),
  pattern("ADD/SUB (immediate)", "sf:1 op:1 S:1 100010 sh:1 imm12:12 rn:5 rd:5", addSubImm),
  pattern("Logical (immediate)", "sf:1 opc:2 100100 N:1 immr:6 imms:6 rn:5 rd:5", logicalImm),
  pattern("Move wide (immediate)", "sf:1 opc:2 100101 hw:2 imm16:16 rd:5", moveWide),
  pattern("Bitfield", "sf:1 opc:2 100110 N:1 immr:6 imms:6 rn:5 rd:5", bitfield),
  pattern("Extract", "sf:1 00 100111 N:1 0 rm:5 imms:6 rn:5 rd:5", extract),
];
