/* Touches an address that is neither its RAM nor any device: the hypervisor must stop it
 * with an error (exit code 1), never perform the access on host memory. */
#include "uart.h"

int main(void)
{
    uart_puts("about to touch 0x04000000\n");
    volatile unsigned int *nothing = (volatile unsigned int *)0x04000000UL;
    *nothing = 1;
    uart_puts("still alive: this must not be printed\n");
    return 0;
}
