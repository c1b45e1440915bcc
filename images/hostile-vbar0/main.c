/* Takes a data abort at EL1 without ever installing a vector table: with VBAR_EL1 = 0 the
 * exception vectors to 0x200, which is no memory of the VM. The hypervisor's report must say
 * which exception that was (ESR_EL1, FAR_EL1, ELR_EL1) and that 0x200 is VBAR_EL1 + 0x200. */
#include "mmu.h"
#include "uart.h"

int main(void)
{
    uart_puts("writing to an unmapped VA with VBAR_EL1 = 0\n");
    mmu_enable_identity();
    *(volatile unsigned int *)0xC0000000UL = 1; /* no level-1 entry: translation fault */
    uart_puts("still alive: this must not be printed\n");
    return 0;
}
