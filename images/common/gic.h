/* A minimal GICv2 driver for QEMU virt: distributor 0x08000000, CPU interface 0x08010000. */
#ifndef GIC_H
#define GIC_H
void gic_init(void);
void gic_enable(unsigned int intid, unsigned int priority);
unsigned int gic_ack(void);
void gic_eoi(unsigned int iar);
#endif
