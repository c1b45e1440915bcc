/* A minimal GICv3 driver for QEMU virt: the distributor at 0x08000000, the redistributor of
 * CPU 0 at 0x080A0000 (its SGI/PPI frame 64 KiB above), and the CPU interface through the
 * ICC_* system registers. Everything is group 1 (no security). Same API as gic.c. */
#include "gic.h"

#define GICD 0x08000000UL
#define GICR 0x080A0000UL
#define GICR_SGI (GICR + 0x10000UL)
#define REG32(a) (*(volatile unsigned int *)(a))
#define REG8(a) (*(volatile unsigned char *)(a))
#define REG64(a) (*(volatile unsigned long *)(a))

#define WRITE_ICC(reg, v) __asm__ volatile("msr " reg ", %0" : : "r"((unsigned long)(v)))
#define READ_ICC(reg) ({ unsigned long _v; __asm__ volatile("mrs %0, " reg : "=r"(_v)); _v; })
#define ICC_PMR_EL1 "S3_0_C4_C6_0"
#define ICC_IAR1_EL1 "S3_0_C12_C12_0"
#define ICC_EOIR1_EL1 "S3_0_C12_C12_1"
#define ICC_BPR1_EL1 "S3_0_C12_C12_3"
#define ICC_SRE_EL1 "S3_0_C12_C12_5"
#define ICC_IGRPEN1_EL1 "S3_0_C12_C12_7"

void gic_init(void)
{
    REG32(GICD) = (1u << 4) | (1u << 1); /* ARE, EnableGrp1 */
    REG32(GICR + 0x14) &= ~2u;           /* WAKER.ProcessorSleep = 0 ... */
    while (REG32(GICR + 0x14) & 4u)      /* ... and wait for ChildrenAsleep = 0 */
        ;
    REG32(GICR_SGI + 0x80) = ~0u;        /* IGROUPR0: SGIs and PPIs in group 1 */
    WRITE_ICC(ICC_SRE_EL1, READ_ICC(ICC_SRE_EL1) | 1);
    __asm__ volatile("isb");
    WRITE_ICC(ICC_PMR_EL1, 0xff);
    WRITE_ICC(ICC_BPR1_EL1, 0);
    WRITE_ICC(ICC_IGRPEN1_EL1, 1);
    __asm__ volatile("isb");
}

void gic_enable(unsigned int intid, unsigned int priority)
{
    if (intid < 32) {
        REG8(GICR_SGI + 0x400 + intid) = priority;
        REG32(GICR_SGI + 0x100) = 1u << intid;
    } else {
        REG64(GICD + 0x6000 + 8 * intid) = 0; /* route to the CPU with affinity 0 */
        REG8(GICD + 0x400 + intid) = priority;
        REG32(GICD + 0x80 + 4 * (intid / 32)) |= 1u << (intid % 32);
        REG32(GICD + 0x100 + 4 * (intid / 32)) = 1u << (intid % 32);
    }
}

unsigned int gic_ack(void)
{
    return READ_ICC(ICC_IAR1_EL1);
}

void gic_eoi(unsigned int iar)
{
    WRITE_ICC(ICC_EOIR1_EL1, iar);
}
