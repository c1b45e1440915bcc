/* Reads what a guest can see of the virt board and prints it, one register a line, so the
 * same binary can be run under QEMU virt 7.2 and here and the outputs compared: the GIC
 * distributor (and on a GICv3 the first redistributor), the PCIe host bridge at 00:00.0 in
 * the ECAM (each header word as read and after writing all ones to it, which shows the
 * writable bits), the empty functions next to it, two virtio-mmio slots and the PCIe windows.
 * An abort (QEMU answers some unassigned addresses with one) is printed and skipped. */
#include "arch.h"
#include "uart.h"

#define GICD 0x08000000UL
#define GICR 0x080A0000UL
#define ECAM 0x4010000000UL
#define VIRTIO 0x0A000000UL
#define PCIE_MMIO 0x10000000UL
#define PCIE_PIO 0x3EFF0000UL

#define REG32(a) (*(volatile unsigned int *)(a))
#define REG16(a) (*(volatile unsigned short *)(a))
#define REG8(a) (*(volatile unsigned char *)(a))

static volatile int aborted;

void el1_exception(int kind, struct frame *f)
{
    unsigned long esr = read_sysreg(esr_el1);
    if (kind != VEC_SYNC_EL1H || (esr >> 26) != 0x25) {
        uart_puts("unexpected exception, ESR ");
        uart_puthex(esr);
        uart_putc('\n');
        psci_system_off();
    }
    aborted = 1;
    f->x[0] = 0xdeadbeef; /* the loads below read into x0 (see rd32) */
    f->elr += 4;
}

/* One load into x0, so the abort handler can both skip it and name the value. */
static unsigned int rd32(unsigned long a)
{
    register unsigned long x0 __asm__("x0") = a;
    __asm__ volatile("ldr w0, [x0]" : "+r"(x0) : : "memory");
    return (unsigned int)x0;
}

static void line(const char *name, unsigned long v)
{
    uart_puts(name);
    uart_putc(' ');
    if (aborted) {
        uart_puts("abort");
        aborted = 0;
    } else {
        uart_puthex(v);
    }
    uart_putc('\n');
}

static void line_at(const char *name, unsigned long off, unsigned long v)
{
    uart_puts(name);
    uart_puthex(off);
    uart_putc(' ');
    uart_puthex(v);
    uart_putc('\n');
}

static void gic(void)
{
    /* A GICv2 distributor is 4 KiB on QEMU (GICD_PIDR2 there aborts): ask with rd32. */
    unsigned int pidr2 = rd32(GICD + 0xffe8);
    int v3 = !aborted && ((pidr2 >> 4) & 0xf) >= 3;
    aborted = 0;
    if (v3)
        line("gicd.pidr2", pidr2);
    line("gicd.typer", REG32(GICD + 0x004));
    line("gicd.iidr", REG32(GICD + 0x008));
    if (!v3) {
        line("gicc.iidr", REG32(0x08010000UL + 0x00fc));
        return;
    }
    line("gicd.ctlr", REG32(GICD + 0x000));
    line("gicd.typer2", REG32(GICD + 0x00c));
    line("gicr.ctlr", REG32(GICR + 0x000));
    line("gicr.iidr", REG32(GICR + 0x004));
    line("gicr.typer.lo", REG32(GICR + 0x008));
    line("gicr.typer.hi", REG32(GICR + 0x00c));
    line("gicr.propbaser.lo", REG32(GICR + 0x070));
    line("gicr.pendbaser.lo", REG32(GICR + 0x078));
    line("gicr.pidr2", REG32(GICR + 0xffe8));
}

static void pci(void)
{
    line("pci.00:00.0.vendor16", REG16(ECAM + 0x0));
    line("pci.00:00.0.device16", REG16(ECAM + 0x2));
    line("pci.00:00.0.class8", REG8(ECAM + 0xb));
    for (unsigned long o = 0; o < 0x40; o += 4)
        line_at("pci.00:00.0.word", o, REG32(ECAM + o));
    /* Writable bits: write all ones, read back, put the old value back. */
    for (unsigned long o = 0; o < 0x40; o += 4) {
        unsigned int old = REG32(ECAM + o);
        REG32(ECAM + o) = 0xffffffffu;
        unsigned int now = REG32(ECAM + o);
        REG32(ECAM + o) = old;
        line_at("pci.00:00.0.ones", o, now);
    }
    /* Beyond the header: print only words that are not zero. */
    unsigned long nonzero = 0;
    for (unsigned long o = 0x40; o < 0x1000; o += 4) {
        unsigned int v = REG32(ECAM + o);
        if (v != 0) {
            if (nonzero < 4)
                line_at("pci.00:00.0.extra", o, v);
            nonzero++;
        }
    }
    line("pci.00:00.0.extra.nonzero", nonzero);
    line("pci.00:01.0.word0", REG32(ECAM + (1UL << 15)));
    line("pci.00:00.1.word0", REG32(ECAM + (1UL << 12)));
    line("pci.01:00.0.word0", REG32(ECAM + (1UL << 20)));
    line("pci.00:1f.7.vendor16", REG16(ECAM + (31UL << 15) + (7UL << 12)));
}

static void virtio(unsigned long slot)
{
    unsigned long b = VIRTIO + slot * 0x200;
    static const unsigned int offs[] = {0x000, 0x004, 0x008, 0x00c, 0x010, 0x034, 0x060, 0x070, 0x100};
    for (unsigned long i = 0; i < sizeof(offs) / sizeof(offs[0]); i++)
        line_at(slot ? "virtio31." : "virtio0.", offs[i], REG32(b + offs[i]));
    REG32(b + 0x070) = 1; /* ACKNOWLEDGE: no device behind, so nothing should keep it */
    line("virtio.status.after.write", REG32(b + 0x070));
}

int main(void)
{
    vectors_install();
    gic();
    pci();
    virtio(0);
    virtio(31);
    line("pcie.mmio.word0", rd32(PCIE_MMIO));
    line("pcie.pio.word0", rd32(PCIE_PIO));
    uart_puts("done\n");
    return 0;
}
