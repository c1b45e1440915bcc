/* The guest handles its own synchronous exceptions at EL1: an SVC, an undefined
 * instruction, and a data abort on a page its own stage-1 tables leave unmapped. */
#include "arch.h"
#include "mmu.h"
#include "uart.h"

void el1_exception(int kind, struct frame *f)
{
    unsigned long esr = read_sysreg(esr_el1);
    unsigned long ec = esr >> 26;
    if (kind != VEC_SYNC_EL1H) {
        uart_puts("unexpected exception kind\n");
        psci_system_off();
    }
    if (ec == 0x15) {
        uart_puts("svc #");
        uart_puthex(esr & 0xffff);
        uart_putc('\n');
        return; /* ELR already points after the SVC */
    }
    if (ec == 0x00) {
        uart_puts("undefined instruction, EC 0\n");
    } else if (ec == 0x25) {
        uart_puts("data abort at ");
        uart_puthex(read_sysreg(far_el1));
        uart_puts(", DFSC ");
        uart_puthex(esr & 0x3f);
        uart_putc('\n');
    } else {
        uart_puts("unexpected EC ");
        uart_puthex(ec);
        uart_putc('\n');
        psci_system_off();
    }
    f->elr += 4; /* skip the faulting instruction */
}

int main(void)
{
    vectors_install();
    __asm__ volatile("svc #0x2a");
    __asm__ volatile(".inst 0x00000000"); /* UDF #0 */
    mmu_enable_identity();
    volatile unsigned int *hole = (volatile unsigned int *)0xC0000000UL; /* no level-1 entry */
    unsigned int v = *hole;
    (void)v;
    uart_puts("all three handled\n");
    return 0;
}
