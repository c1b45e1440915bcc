#include "arch.h"
#include "mmu.h"

#define DESC_BLOCK 0x1UL
#define DESC_TABLE 0x3UL
#define DESC_PAGE 0x3UL
#define AF (1UL << 10)
#define SH_INNER (3UL << 8)
#define ATTR(i) ((unsigned long)(i) << 2)

static unsigned long l1[512] __attribute__((aligned(4096)));
static unsigned long l2[512] __attribute__((aligned(4096)));
static unsigned long l3[512] __attribute__((aligned(4096)));

void mmu_enable_identity(void)
{
    l1[0] = 0x00000000UL | DESC_BLOCK | AF | ATTR(0);            /* devices: Device-nGnRnE */
    l1[1] = 0x40000000UL | DESC_BLOCK | AF | SH_INNER | ATTR(1); /* RAM: Normal */
    l1[2] = (unsigned long)l2 | DESC_TABLE;                      /* 0x80000000..: page-mapped */
    l2[0] = (unsigned long)l3 | DESC_TABLE;
    write_sysreg(mair_el1, 0xff00UL);
    write_sysreg(tcr_el1, 25UL | (1UL << 23) | (2UL << 32) | (1UL << 8) | (1UL << 10) | (3UL << 12));
    write_sysreg(ttbr0_el1, (unsigned long)l1);
    isb();
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | 1 | (1 << 2) | (1 << 12)); /* M, C, I */
    isb();
}

void mmu_map_page(unsigned long va, unsigned long pa)
{
    l3[(va >> 12) & 511] = pa | DESC_PAGE | AF | SH_INNER | ATTR(1);
    dsb();
    __asm__ volatile("tlbi vmalle1" ::: "memory");
    dsb();
    isb();
}
