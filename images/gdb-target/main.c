/* A guest to debug with gdb-multiarch (built with -g, so symbols, types and lines are in
 * the ELF): a loop that adds to a global through a function (break on it, watch the global,
 * reverse-step back over the store), a string to look at with x/s, then PSCI SYSTEM_OFF. */
#include "uart.h"

volatile unsigned long counter;
const char greeting[] = "Hello from gdb-target";

__attribute__((noinline)) unsigned long bump(unsigned long step)
{
    counter = counter + step;
    return counter;
}

int main(void)
{
    for (unsigned long i = 1; i <= 5; i++) bump(i * 10);
    uart_puts(greeting);
    uart_puts(": counter = ");
    uart_putdec(counter);
    uart_puts("\n");
    return 0;
}
