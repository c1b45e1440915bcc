// Data processing — immediate (ARM ARM C4.1.86): PC-relative addressing, add/subtract,
// logical, move wide, bitfield and extract.
import { insn, notImplemented, type InsnEntry, type Op } from "../decode-pattern.ts";
import { rSp, rZr, wSp, wZr } from "../register-file.ts";
import { adds32, adds64, AND, ANDS, decodeBitMasks, EOR, hi32, lo32, LSL, LSR, ORR, ROR, shift32, shift64, T } from "./alu.ts";

import { TWO32 } from "../../arch/numbers.ts";

interface AdrFields {
  readonly immlo: number;
  readonly immhi: number;
  readonly rd: number;
}

function adr(f: AdrFields, page: boolean): Op {
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

interface AddSubImmFields {
  readonly sf: number;
  readonly sh: number;
  readonly imm12: number;
  readonly rn: number;
  readonly rd: number;
}

function addSubImm(f: AddSubImmFields, sub: boolean, setFlags: boolean): Op {
  const imm = f.sh ? f.imm12 << 12 : f.imm12;
  const n = rSp(f.rn);
  if (setFlags) {
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

interface BitmaskFields {
  readonly sf: number;
  readonly N: number;
  readonly immr: number;
  readonly imms: number;
  readonly rn: number;
  readonly rd: number;
}

function logicalImm(f: BitmaskFields, opc: number): Op | null {
  if (!f.sf && f.N) return null;
  const m = decodeBitMasks(f.N, f.imms, f.immr, true, f.sf ? 64 : 32);
  if (m === null) return null;
  const iLo = lo32(m.wmask);
  const iHi = f.sf ? hi32(m.wmask) : 0;
  const n = rZr(f.rn);
  const sf = f.sf;
  switch (opc) {
    case AND: {
      const d = wSp(f.rd);
      return (c) => {
        const x = c.x;
        x[d] = x[n] & iLo;
        x[d + 1] = x[n + 1] & iHi;
      };
    }
    case ORR: {
      const d = wSp(f.rd);
      return (c) => {
        const x = c.x;
        x[d] = x[n] | iLo;
        x[d + 1] = sf ? x[n + 1] | iHi : 0;
      };
    }
    case EOR: {
      const d = wSp(f.rd);
      return (c) => {
        const x = c.x;
        x[d] = x[n] ^ iLo;
        x[d + 1] = sf ? x[n + 1] ^ iHi : 0;
      };
    }
    default: {
      // ANDS
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

interface MoveWideFields {
  readonly sf: number;
  readonly hw: number;
  readonly imm16: number;
  readonly rd: number;
}

const MOVN = 0;
const MOVZ = 2;
const MOVK = 3;

function moveWide(f: MoveWideFields, opc: number): Op | null {
  if (!f.sf && f.hw >= 2) return null;
  const d = wZr(f.rd);
  const shift = f.hw * 16;
  const vLo = shift < 32 ? (f.imm16 << shift) >>> 0 : 0;
  const vHi = shift >= 32 ? (f.imm16 << (shift - 32)) >>> 0 : 0;
  const sf = f.sf;
  if (opc === MOVZ)
    return (c) => {
      c.x[d] = vLo;
      c.x[d + 1] = vHi;
    };
  if (opc === MOVN) {
    const lo = ~vLo >>> 0;
    const hi = sf ? ~vHi >>> 0 : 0;
    return (c) => {
      c.x[d] = lo;
      c.x[d + 1] = hi;
    };
  }
  // MOVK: keep the other bits
  const keepLo = shift < 32 ? ~(0xffff << shift) >>> 0 : 0xffffffff;
  const keepHi = shift >= 32 ? ~(0xffff << (shift - 32)) >>> 0 : 0xffffffff;
  return (c) => {
    const x = c.x;
    x[d] = (x[d] & keepLo) | vLo;
    x[d + 1] = sf ? (x[d + 1] & keepHi) | vHi : 0;
  };
}

const SBFM = 0;
const BFM = 1;
const UBFM = 2;

function bitfield(f: BitmaskFields, opc: number): Op | null {
  const sf = f.sf;
  if (f.N !== sf) return null;
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
  if (sf) {
    const sWord = S >= 32 ? 1 : 0;
    const sBit = S & 31;
    return (c) => {
      const x = c.x;
      shift64(ROR, R, x[n], x[n + 1]);
      let botLo = T[0] & wLo;
      let botHi = T[1] & wHi;
      if (opc === BFM) {
        botLo |= x[d] & ~wLo;
        botHi |= x[d + 1] & ~wHi;
        x[d] = (x[d] & ~tLo) | (botLo & tLo);
        x[d + 1] = (x[d + 1] & ~tHi) | (botHi & tHi);
        return;
      }
      if (opc === SBFM) {
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
    if (opc === BFM) {
      bot |= x[d] & ~wLo;
      x[d] = (x[d] & ~tLo) | (bot & tLo);
    } else if (opc === SBFM) {
      const top = -((src >>> S) & 1);
      x[d] = (top & ~tLo) | (bot & tLo);
    } else x[d] = bot & tLo;
    x[d + 1] = 0;
  };
}

function extract(f: {
  readonly sf: number;
  readonly N: number;
  readonly rm: number;
  readonly imms: number;
  readonly rn: number;
  readonly rd: number;
}): Op | null {
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

const MTE =
  "FEAT_MTE (memory tagging) is absent on the Cortex-A57-class ARMv8.0 core modelled here (ID_AA64PFR1_EL1.MTE = 0), so the instruction is UNDEFINED as on that CPU";

// Reserved field values (sf=0 with N=1 or hw>=2, bitmask immediates DecodeBitMasks rejects)
// decline: they are unallocated in the ARM ARM and disassemblers show them as data.
export const INSNS: InsnEntry[] = [
  insn("ADR", "0 immlo:2 10000 immhi:19 rd:5", { readsPc: true }, (f) => adr(f, false)),
  insn("ADRP", "1 immlo:2 10000 immhi:19 rd:5", { readsPc: true }, (f) => adr(f, true)),
  insn("ADD (immediate)", "sf:1 0 0 100010 sh:1 imm12:12 rn:5 rd:5", {}, (f) => addSubImm(f, false, false)),
  insn("ADDS (immediate)", "sf:1 0 1 100010 sh:1 imm12:12 rn:5 rd:5", { writesFlags: true }, (f) => addSubImm(f, false, true)),
  insn("SUB (immediate)", "sf:1 1 0 100010 sh:1 imm12:12 rn:5 rd:5", {}, (f) => addSubImm(f, true, false)),
  insn("SUBS (immediate)", "sf:1 1 1 100010 sh:1 imm12:12 rn:5 rd:5", { writesFlags: true }, (f) => addSubImm(f, true, true)),
  notImplemented("ADDG", "1 0 0 100011 0 uimm6:6 -- uimm4:4 rn:5 rd:5", { feature: "FEAT_MTE" }, MTE),
  notImplemented("SUBG", "1 1 0 100011 0 uimm6:6 -- uimm4:4 rn:5 rd:5", { feature: "FEAT_MTE" }, MTE),
  insn("AND (immediate)", "sf:1 00 100100 N:1 immr:6 imms:6 rn:5 rd:5", {}, (f) => logicalImm(f, AND)),
  insn("ORR (immediate)", "sf:1 01 100100 N:1 immr:6 imms:6 rn:5 rd:5", {}, (f) => logicalImm(f, ORR)),
  insn("EOR (immediate)", "sf:1 10 100100 N:1 immr:6 imms:6 rn:5 rd:5", {}, (f) => logicalImm(f, EOR)),
  insn("ANDS (immediate)", "sf:1 11 100100 N:1 immr:6 imms:6 rn:5 rd:5", { writesFlags: true }, (f) => logicalImm(f, ANDS)),
  insn("MOVN", "sf:1 00 100101 hw:2 imm16:16 rd:5", {}, (f) => moveWide(f, MOVN)),
  insn("MOVZ", "sf:1 10 100101 hw:2 imm16:16 rd:5", {}, (f) => moveWide(f, MOVZ)),
  insn("MOVK", "sf:1 11 100101 hw:2 imm16:16 rd:5", {}, (f) => moveWide(f, MOVK)),
  insn("SBFM", "sf:1 00 100110 N:1 immr:6 imms:6 rn:5 rd:5", {}, (f) => bitfield(f, SBFM)),
  insn("BFM", "sf:1 01 100110 N:1 immr:6 imms:6 rn:5 rd:5", {}, (f) => bitfield(f, BFM)),
  insn("UBFM", "sf:1 10 100110 N:1 immr:6 imms:6 rn:5 rd:5", {}, (f) => bitfield(f, UBFM)),
  insn("EXTR", "sf:1 00 100111 N:1 0 rm:5 imms:6 rn:5 rd:5", {}, extract),
];
