/* Avisor's print hypercall: HVC #3 with x0 = the guest virtual address of a string. */
#include "uart.h"

static void hypercall_print(const char *msg)
{
    register unsigned long x0 __asm__("x0") = (unsigned long)msg;
    __asm__ volatile("hvc #3" : "+r"(x0) : : "memory");
}

int main(void)
{
    hypercall_print("Hello, Hypervisor!");
    uart_puts("hypercall returned\n");
    return 0;
}
