/* The default guest: one line on the UART, then PSCI SYSTEM_OFF (from start.S). */
#include "uart.h"

int main(void)
{
    uart_puts("Hello, LibOS!\n");
    return 0;
}
