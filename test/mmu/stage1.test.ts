// Stage 1 as a guest builds it (the Unikraft layout: 4 levels, T0SZ=20, MAIR index 5 =
// Normal), with its faults delivered to EL1, and stage-2 faults leaving the core as VM
// exits with the exact ESR_EL2/FAR_EL2/HPFAR_EL2.
import { describe, expect, it } from "vitest";
import { EC } from "../../src/cpu/vm-exit.ts";
import { Stage2Table, VTCR_VALUE } from "../../src/mmu/stage2-table.ts";
import { PagePool } from "../../src/hyp/mem.ts";
import { CODE_BASE, makeMachine } from "../cpu/harness.ts";

const TABLES = CODE_BASE + 0x40_0000; // guest page tables live here
const VBAR = CODE_BASE + 0x10_000;
const NOP = 0xd503201f;
// MAIR: index 5 = 0xff (Normal WB), index 0 = 0x00 (Device-nGnRnE)
const MAIR = 0xffn << 40n;
// TCR: T0SZ=20, 4 KiB granule, TBI0 (bit 37), EPD1 (no TTBR1 walks), IPS 48 bits
const TCR = 20n | (1n << 23n) | (5n << 32n) | (1n << 37n);

const AF = 1n << 10n;
const PAGE = 3n;
const TABLE = 3n;
const ATTR_NORMAL = 5n << 2n;
const AP_EL0 = 1n << 6n;
const AP_RO = 1n << 7n;
const PXN = 1n << 53n;
const UXN = 1n << 54n;

/** A guest-style table builder writing descriptors into the machine's RAM. */
function guestTables(m: ReturnType<typeof makeMachine>) {
  let next = TABLES + 0x1000;
  const root = TABLES;
  const entry = (table: number, va: bigint, level: number) => table + Number((va >> BigInt(39 - 9 * level)) & 0x1ffn) * 8;
  return {
    root,
    map(va: bigint, pa: number, attrs: bigint) {
      let table = root;
      for (let level = 0; level < 3; level++) {
        const e = entry(table, va, level);
        let d = m.bus.ram.read64(e);
        if ((d & 1n) === 0n) {
          d = BigInt(next) | TABLE;
          next += 0x1000;
          m.bus.ram.write64(e, d);
        }
        table = Number(d & 0xffff_ffff_f000n);
      }
      m.bus.ram.write64(entry(table, va, 3), BigInt(pa) | attrs);
    },
  };
}

function mmuOn(words: number[]) {
  const m = makeMachine();
  const t = guestTables(m);
  // Identity-map the code page (executable at EL1) and the vectors.
  t.map(BigInt(CODE_BASE), CODE_BASE, PAGE | AF | ATTR_NORMAL | AP_RO);
  t.map(BigInt(VBAR), VBAR, PAGE | AF | ATTR_NORMAL | AP_RO);
  m.load(words);
  for (let i = 0; i < 0x800; i += 4) m.bus.ram.write(VBAR + i, 4, NOP);
  m.cpu.setSysreg("VBAR_EL1", BigInt(VBAR));
  m.cpu.setSysreg("MAIR_EL1", MAIR);
  m.cpu.setSysreg("TCR_EL1", TCR);
  m.cpu.setSysreg("TTBR0_EL1", BigInt(t.root) | (7n << 48n)); // ASID 7
  m.cpu.setSysreg("SCTLR_EL1", 0x30d0_0801n); // RES1 | M
  return { m, t };
}

const dabt = (fsc: number, write = false) => BigInt(((EC.DABT_SAME << 26) | (1 << 25) | (write ? 1 << 6 : 0) | fsc) >>> 0);

describe("stage 1 with guest-built tables", () => {
  it("translates through 4 levels (T0SZ=20) to a page elsewhere", () => {
    const { m, t } = mmuOn([0xf9400020]); // ldr x0, [x1]
    t.map(0x0234_5678_9000n, CODE_BASE + 0x9000, PAGE | AF | ATTR_NORMAL);
    m.bus.ram.write64(CODE_BASE + 0x9010, 0xfeed_beefn);
    m.cpu.setX(1, 0x0234_5678_9010n);
    m.cpu.run(1);
    expect(m.cpu.getX(0)).toBe(0xfeed_beefn);
  });

  it("ignores the top byte with TBI0 for data accesses", () => {
    const { m, t } = mmuOn([0xf9400020]);
    t.map(0x9000n, CODE_BASE + 0x9000, PAGE | AF | ATTR_NORMAL);
    m.bus.ram.write64(CODE_BASE + 0x9000, 42n);
    m.cpu.setX(1, 0xab00_0000_0000_9000n);
    m.cpu.run(1);
    expect(m.cpu.getX(0)).toBe(42n);
  });

  it("an unmapped VA is a level-3 translation fault at EL1 with FAR = VA", () => {
    const { m, t } = mmuOn([0xf9400020]);
    t.map(0x9000n, CODE_BASE + 0x9000, PAGE | AF | ATTR_NORMAL);
    m.cpu.setX(1, 0xa008n); // same level-3 table, empty slot
    m.cpu.run(1);
    expect(m.cpu.getSysreg("ESR_EL1")).toBe(dabt(0b000111));
    expect(m.cpu.getSysreg("FAR_EL1")).toBe(0xa008n);
    expect(m.cpu.getPc()).toBe(BigInt(VBAR + 0x200));
    m.cpu.setX(1, 0x8000_0000_0000n); // nothing at level 0
    m.load([0xf9400020]);
    m.cpu.setPstate(0x3c5);
    m.cpu.run(1);
    expect(m.cpu.getSysreg("ESR_EL1")).toBe(dabt(0b000100));
  });

  it("AF=0 is an access-flag fault; a write to a read-only page is a permission fault", () => {
    const { m, t } = mmuOn([0xf9400020, 0xf9000022]);
    t.map(0x9000n, CODE_BASE + 0x9000, PAGE | ATTR_NORMAL); // AF clear
    t.map(0xa000n, CODE_BASE + 0xa000, PAGE | AF | ATTR_NORMAL | AP_RO);
    m.cpu.setX(1, 0x9000n);
    m.cpu.run(1);
    expect(m.cpu.getSysreg("ESR_EL1")).toBe(dabt(0b001011));
    m.load([0xf9000022]);
    m.cpu.setPstate(0x3c5);
    m.cpu.setX(1, 0xa000n);
    m.cpu.run(1);
    expect(m.cpu.getSysreg("ESR_EL1")).toBe(dabt(0b001111, true));
  });

  it("EL0 needs AP[1]; PXN stops EL1 execution (instruction abort, same EL)", () => {
    const { m, t } = mmuOn([NOP]);
    t.map(0x20_0000n, CODE_BASE + 0x20_0000, PAGE | AF | ATTR_NORMAL | PXN);
    m.bus.ram.write(CODE_BASE + 0x20_0000, 4, NOP);
    m.cpu.setPc(0x20_0000n);
    m.cpu.run(1);
    expect(m.cpu.getSysreg("ESR_EL1")).toBe(BigInt(((EC.IABT_SAME << 26) | (1 << 25) | 0b001111) >>> 0));
    expect(m.cpu.getSysreg("FAR_EL1")).toBe(0x20_0000n);
    // EL0 reading an EL1-only page: permission fault taken from a lower EL.
    t.map(0x30_0000n, CODE_BASE + 0x30_0000, PAGE | AF | ATTR_NORMAL | UXN);
    t.map(0x40_0000n, CODE_BASE + 0x40_0000 + 0x10_0000, PAGE | AF | ATTR_NORMAL | AP_EL0 | AP_RO); // EL0 code
    m.bus.ram.write(CODE_BASE + 0x50_0000, 4, 0xf9400020); // ldr x0, [x1]
    m.cpu.flushTlb();
    m.cpu.setPc(0x40_0000n);
    m.cpu.setPstate(0x0);
    m.cpu.setX(1, 0x30_0000n);
    m.cpu.run(1);
    expect(m.cpu.getSysreg("ESR_EL1")).toBe(BigInt(((EC.DABT_LOWER << 26) | (1 << 25) | 0b001111) >>> 0));
    expect(m.cpu.getPc()).toBe(BigInt(VBAR + 0x400));
  });
});

describe("TLB maintenance", () => {
  it("a changed descriptor is seen only after TLBI VAE1 for that VA (and ASID)", () => {
    // ldr x0,[x1]; tlbi vae1,x2; ldr x0,[x1]
    const { m, t } = mmuOn([0xf9400020, 0xd5088722, 0xf9400020]);
    t.map(0x9000n, CODE_BASE + 0x9000, PAGE | AF | ATTR_NORMAL);
    m.bus.ram.write64(CODE_BASE + 0x9000, 1n);
    m.bus.ram.write64(CODE_BASE + 0xb000, 2n);
    m.cpu.setX(1, 0x9000n);
    m.cpu.run(1);
    expect(m.cpu.getX(0)).toBe(1n);
    t.map(0x9000n, CODE_BASE + 0xb000, PAGE | AF | ATTR_NORMAL); // remap without TLBI yet
    expect(m.cpu.mmu.cachedEntries(0)).toBeGreaterThan(0);
    m.cpu.setX(2, (7n << 48n) | (0x9000n >> 12n)); // ASID 7, VA page
    m.cpu.run(2);
    expect(m.cpu.getX(0)).toBe(2n);
  });
});

describe("a cached translation that forbids an access is walked again before faulting (as QEMU)", () => {
  it("a store to a page made writable without TLBI succeeds; it still faults while the page is read-only", () => {
    // ldr x0,[x1]; str x2,[x1]; str x2,[x1]
    const { m, t } = mmuOn([0xf9400020, 0xf9000022, 0xf9000022]);
    t.map(0x9000n, CODE_BASE + 0x9000, PAGE | AF | ATTR_NORMAL | AP_RO);
    m.cpu.setX(1, 0x9000n);
    m.cpu.setX(2, 0x1234n);
    m.cpu.run(1); // the read-only translation is now in the TLB
    expect(m.cpu.mmu.cachedEntries(0)).toBeGreaterThan(0);
    m.cpu.run(1);
    expect(m.cpu.getSysreg("ESR_EL1")).toBe(dabt(0b001111, true)); // still read-only: faults
    m.load([0xf9000022]);
    m.cpu.setPstate(0x3c5);
    t.map(0x9000n, CODE_BASE + 0x9000, PAGE | AF | ATTR_NORMAL); // writable, no TLBI
    m.cpu.run(1);
    expect(m.cpu.getPc()).toBe(BigInt(CODE_BASE + 4));
    expect(m.bus.ram.read64(CODE_BASE + 0x9000)).toBe(0x1234n);
  });

  it("an instruction fetch from a page whose PXN was cleared without TLBI runs", () => {
    const { m, t } = mmuOn([NOP]);
    t.map(0x20_0000n, CODE_BASE + 0x20_0000, PAGE | AF | ATTR_NORMAL | PXN);
    m.bus.ram.write(CODE_BASE + 0x20_0000, 4, NOP);
    m.cpu.setPc(0x20_0000n);
    m.cpu.run(1);
    expect(m.cpu.getPc()).toBe(BigInt(VBAR + 0x200)); // permission fault from the walk
    t.map(0x20_0000n, CODE_BASE + 0x20_0000, PAGE | AF | ATTR_NORMAL);
    m.cpu.setPstate(0x3c5);
    m.cpu.setPc(0x20_0000n);
    m.cpu.run(1);
    expect(m.cpu.getPc()).toBe(0x20_0004n);
  });
});

describe("stage-2 faults leave the core with the exact syndrome", () => {
  function guest(words: number[]) {
    const m = makeMachine();
    const pool = new PagePool("t", CODE_BASE + 0x80_0000, 64);
    const s2 = new Stage2Table(m.bus.ram, pool);
    // IPA 0x40100000.. → PA CODE_BASE.. (so the code the harness loads is the guest's)
    s2.map(0x4010_0000, CODE_BASE, 0x10_000);
    m.load(words);
    m.cpu.setPc(0x4010_0000n);
    m.cpu.setSysreg("VTCR_EL2", BigInt(VTCR_VALUE >>> 0));
    m.cpu.setSysreg("VTTBR_EL2", BigInt(s2.root) | (1n << 48n));
    m.cpu.setSysreg("HCR_EL2", 1n | (1n << 31n));
    return m;
  }

  const iss = (o: { sas: number; sse?: boolean; srt: number; sf: boolean; wnr?: boolean; dfsc: number }) =>
    ((EC.DABT_LOWER << 26) |
      (1 << 25) |
      (1 << 24) |
      (o.sas << 22) |
      ((o.sse ? 1 : 0) << 21) |
      (o.srt << 16) |
      ((o.sf ? 1 : 0) << 15) |
      ((o.wnr ? 1 : 0) << 6) |
      o.dfsc) >>>
    0;

  it("LDR X0 from the UART page: ISV=1, SAS=3, SRT=0, SF=1, level-1 translation fault", () => {
    const m = guest([0xf9400020]);
    m.cpu.setX(1, 0x0900_0018n);
    const exit = m.cpu.run(1);
    if (exit.kind !== "sync") throw new Error(`expected a sync exit, got ${exit.kind}`);
    const { kind, esr, far, hpfar, elr, spsr } = exit; // every field EL2 reads, getters included
    expect({ kind, esr, far, hpfar, elr, spsr }).toEqual({
      kind: "sync",
      esr: iss({ sas: 3, srt: 0, sf: true, dfsc: 0b000101 }),
      far: 0x0900_0018n,
      hpfar: 0x0009_0000,
      elr: 0x4010_0000n,
      spsr: 0x3c5,
    });
  });

  it("STR and a sign-extending LDRSH report WnR, SSE and the register", () => {
    const st = guest([0xf9000022]);
    st.cpu.setX(1, 0x0900_0000n);
    expect(st.cpu.run(1)).toMatchObject({ esr: iss({ sas: 3, srt: 2, sf: true, wnr: true, dfsc: 0b000101 }) });
    const sh = guest([0x79c00423]); // ldrsh w3, [x1, #2]
    sh.cpu.setX(1, 0x0900_0000n);
    expect(sh.cpu.run(1)).toMatchObject({ esr: iss({ sas: 1, sse: true, srt: 3, sf: false, dfsc: 0b000101 }), far: 0x0900_0002n });
  });

  it("a pair access has no valid syndrome (ISV=0)", () => {
    const m = guest([0xa9401424]); // ldp x4, x5, [x1]
    m.cpu.setX(1, 0x0900_0000n);
    expect(m.cpu.run(1)).toMatchObject({ esr: ((EC.DABT_LOWER << 26) | (1 << 25) | 0b000101) >>> 0 });
  });

  it("fetching from an unmapped IPA is an instruction abort exit (EC 0x20) with HPFAR", () => {
    const m = guest([NOP]);
    m.cpu.setPc(0x4020_0000n);
    expect(m.cpu.run(1)).toMatchObject({ kind: "sync", esr: ((EC.IABT_LOWER << 26) | (1 << 25) | 0b000110) >>> 0, hpfar: 0x0040_2000, far: 0x4020_0000n });
  });
});

describe("AT S1E1R/W: stage 1 only, reported in PAR_EL1 as QEMU 7.2 reports it", () => {
  const AT_S1E1R_X1 = 0xd5087801;
  const AT_S1E1W_X1 = 0xd5087821;
  const SH_INNER = 3n << 8n;

  function underStage2(words: number[]) {
    const m = makeMachine();
    const pool = new PagePool("t", CODE_BASE + 0x80_0000, 64);
    const s2 = new Stage2Table(m.bus.ram, pool);
    s2.map(0x4010_0000, CODE_BASE, 0x10_000); // IPA 0x40100000.. -> PA CODE_BASE..
    m.load(words);
    m.cpu.setPc(0x4010_0000n);
    m.cpu.setSysreg("VTCR_EL2", BigInt(VTCR_VALUE >>> 0));
    m.cpu.setSysreg("VTTBR_EL2", BigInt(s2.root) | (1n << 48n));
    m.cpu.setSysreg("HCR_EL2", 1n | (1n << 31n));
    return m;
  }

  it("the MMU off: PAR holds the IPA (not the PA stage 2 gives), NS and RES1; an IPA stage 2 leaves unmapped is no fault", () => {
    const m = underStage2([AT_S1E1R_X1, AT_S1E1W_X1]);
    m.cpu.setX(1, 0x4010_0123n);
    expect(m.cpu.run(1)).toEqual({ kind: "limit" });
    expect(m.cpu.getSysreg("PAR_EL1")).toBe(0x4010_0a00n);
    m.cpu.setX(1, 0x0900_0000n); // the UART: not in stage 2, yet stage 1 translates it
    expect(m.cpu.run(1)).toEqual({ kind: "limit" });
    expect(m.cpu.getSysreg("PAR_EL1")).toBe(0x0900_0a00n);
  });

  it("the MMU on: the MAIR byte and SH of the descriptor; a read-only page fails AT S1E1W with F=1 and the permission FST", () => {
    const { m, t } = mmuOn([AT_S1E1R_X1, AT_S1E1W_X1, AT_S1E1R_X1]);
    t.map(0x9000n, CODE_BASE + 0x9000, PAGE | AF | ATTR_NORMAL | AP_RO | SH_INNER);
    m.cpu.setX(1, 0x9010n);
    m.cpu.run(1);
    expect(m.cpu.getSysreg("PAR_EL1")).toBe((0xffn << 56n) | BigInt(CODE_BASE + 0x9000) | 0xb80n);
    m.cpu.run(1);
    expect(m.cpu.getSysreg("PAR_EL1")).toBe(0x800n | (0b001111n << 1n) | 1n);
    m.cpu.setX(1, 0xa000n); // unmapped: level-3 translation fault
    m.cpu.run(1);
    expect(m.cpu.getSysreg("PAR_EL1")).toBe(0x800n | (0b000111n << 1n) | 1n);
  });

  it("a stage-2 fault on the stage-1 walk is taken to EL2 (S1PTW, CM, WnR), not reported in PAR", () => {
    const m = underStage2([AT_S1E1R_X1]);
    // TTBR0: one level-1 table inside the stage-2 map, a 1 GiB block over the code's IPA;
    // TTBR1: a root at an IPA stage 2 does not map.
    m.bus.ram.write64(CODE_BASE + 0x8008, 0x4000_0000n | AF | ATTR_NORMAL | 1n);
    m.cpu.setSysreg("MAIR_EL1", MAIR);
    m.cpu.setSysreg("TCR_EL1", 25n | (25n << 16n) | (2n << 30n) | (5n << 32n));
    m.cpu.setSysreg("TTBR0_EL1", 0x4010_8000n);
    m.cpu.setSysreg("TTBR1_EL1", 0x5000_0000n);
    m.cpu.setSysreg("SCTLR_EL1", 0x30d0_0801n);
    m.cpu.setSysreg("PAR_EL1", 0x77n);
    m.cpu.setX(1, 0xffff_ff80_0000_0000n);
    const exit = m.cpu.run(1);
    expect(exit).toMatchObject({ kind: "sync", far: 0xffff_ff80_0000_0000n, hpfar: 0x50_0000 });
    if (exit.kind !== "sync") return;
    expect(exit.esr >>> 26).toBe(EC.DABT_LOWER);
    expect(exit.esr & 0x1c0).toBe(0x1c0); // CM, S1PTW, WnR
    expect(exit.esr & 0x3c).toBe(0b000100); // a translation fault
    expect(m.cpu.getSysreg("PAR_EL1")).toBe(0x77n);
  });
});
