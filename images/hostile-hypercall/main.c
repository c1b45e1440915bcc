/* Hypercall numbers Avisor does not know (7 and 0xffff): each is logged as a warning naming
 * it, and the guest goes on. */
#include "uart.h"

int main(void)
{
    register unsigned long x0 __asm__("x0") = 0x1234abcdUL;
    __asm__ volatile("hvc #7" : "+r"(x0) : : "memory");
    x0 = 0;
    __asm__ volatile("hvc #0xffff" : "+r"(x0) : : "memory");
    uart_puts("unknown hypercalls ignored\n");
    return 0;
}
