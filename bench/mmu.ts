// Translations per second through Mmu.translate: TLB hits, full two-stage walks (stage 1
// with 4 levels, every descriptor fetch itself translated by stage 2, all caches flushed), and
// stage-1 walks after TLBI VMALLE1 (the stage-2 walk cache keeps the descriptor fetches' walks).
import { Bus } from "../src/mmu/bus.ts";
import { Mmu } from "../src/mmu/mmu.ts";
import { Stage2Table, VTCR_VALUE } from "../src/mmu/stage2-table.ts";
import { newTranslationRegs } from "../src/mmu/translation-regs.ts";
import { Access } from "../src/mmu/translation.ts";
import { PagePool } from "../src/hyp/mem.ts";

export interface MmuBench {
  tlbHitsPerSecond: number;
  twoStageWalksPerSecond: number;
  stage1WalksPerSecond: number;
}

/** `MmuClass`: another implementation of the same interface, to compare (before/after). */
export function runMmuBench(MmuClass: typeof Mmu = Mmu): MmuBench {
  const bus = new Bus();
  bus.addRam("ram", 0x4000_0000, 0x4000_0000);
  const pool = new PagePool("t", 0x7000_0000, 1 << 16);
  const s2 = new Stage2Table(bus.ram, pool);
  s2.map(0x4000_0000, 0x4000_0000, 0x1000_0000); // guest IPA == PA for the bench
  const regs = newTranslationRegs();
  regs.hcrEl2Lo = 1;
  regs.vtcrEl2 = VTCR_VALUE;
  regs.vttbrEl2Lo = s2.root;
  regs.vttbrEl2Hi = 1 << 16;
  // Guest stage 1: 4 levels, T0SZ=16, 512 pages mapped at VA 0 → IPA 0x48000000.
  const root = 0x4100_0000;
  const l1 = root + 0x1000,
    l2 = root + 0x2000,
    l3 = root + 0x3000;
  bus.ram.write64(root, BigInt(l1) | 3n);
  bus.ram.write64(l1, BigInt(l2) | 3n);
  bus.ram.write64(l2, BigInt(l3) | 3n);
  for (let i = 0; i < 512; i++) bus.ram.write64(l3 + i * 8, BigInt(0x4800_0000 + i * 4096) | 3n | (1n << 10n) | (5n << 2n));
  regs.mairEl1Hi = 0xff << 8;
  regs.tcrEl1Lo = 16 | (1 << 23);
  regs.ttbr0El1Lo = root;
  regs.sctlrEl1 = 1;
  const mmu = new MmuClass(bus, regs);
  const check = mmu.translate(0, 0x5123, Access.Read, 1);
  if (check !== 0x4800_5123) throw new Error(`bench setup: VA 0x5123 translated to ${check}`);

  const N = 2_000_000;
  let sink = 0;
  let t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) sink += mmu.translate(0, (i & 511) << 12, Access.Read, 1);
  const hit = N / (Number(process.hrtime.bigint() - t0) / 1e9);
  const W = 100_000;
  t0 = process.hrtime.bigint();
  for (let i = 0; i < W; i++) {
    mmu.flushAll();
    sink += mmu.translate(0, (i & 511) << 12, Access.Read, 1);
  }
  const walk = W / (Number(process.hrtime.bigint() - t0) / 1e9);
  t0 = process.hrtime.bigint();
  for (let i = 0; i < W; i++) {
    mmu.tlbiVmalle1();
    sink += mmu.translate(0, (i & 511) << 12, Access.Read, 1);
  }
  const stage1 = W / (Number(process.hrtime.bigint() - t0) / 1e9);
  if (sink === 42) console.log("");
  return { tlbHitsPerSecond: hit, twoStageWalksPerSecond: walk, stage1WalksPerSecond: stage1 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = runMmuBench();
  console.log(
    `mmu: ${(r.tlbHitsPerSecond / 1e6).toFixed(1)} M TLB hits/s, ${(r.twoStageWalksPerSecond / 1e6).toFixed(2)} M full two-stage walks/s, ${(r.stage1WalksPerSecond / 1e6).toFixed(2)} M stage-1 walks/s after TLBI VMALLE1`,
  );
}
