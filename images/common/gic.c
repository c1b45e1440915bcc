#include "gic.h"

#define GICD 0x08000000UL
#define GICC 0x08010000UL
#define REG(a) (*(volatile unsigned int *)(a))
#define REG8(a) (*(volatile unsigned char *)(a))

void gic_init(void)
{
    REG(GICD + 0x000) = 1;    /* GICD_CTLR: forward interrupts */
    REG(GICC + 0x004) = 0xf0; /* GICC_PMR: let priorities below 0xf0 through */
    REG(GICC + 0x000) = 1;    /* GICC_CTLR: signal them */
}

void gic_enable(unsigned int intid, unsigned int priority)
{
    REG8(GICD + 0x400 + intid) = priority;
    if (intid >= 32)
        REG8(GICD + 0x800 + intid) = 1; /* to CPU 0 */
    REG(GICD + 0x100 + 4 * (intid / 32)) = 1u << (intid % 32);
}

unsigned int gic_ack(void)
{
    return REG(GICC + 0x00c);
}

void gic_eoi(unsigned int iar)
{
    REG(GICC + 0x010) = iar;
}
