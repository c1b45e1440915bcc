/* The guest turns its MMU on with its own tables and maps one page at a second address:
 * a store through one alias is read back through the other. */
#include "mmu.h"
#include "uart.h"

static volatile unsigned int shared[1024] __attribute__((aligned(4096)));

int main(void)
{
    mmu_enable_identity();
    uart_puts("mmu on\n");
    volatile unsigned int *alias = (volatile unsigned int *)0x80001000UL;
    mmu_map_page((unsigned long)alias, (unsigned long)&shared[0]);
    alias[3] = 0xc0ffee;
    uart_puts(shared[3] == 0xc0ffee ? "alias sees the same page\n" : "alias mismatch\n");
    return 0;
}
