/* UART throughput: 1024 lines of 64 bytes through the PL011, one byte after another with no
 * other work between them (each byte polls FR, then writes DR, as a guest's driver does),
 * then a closing line. npm run bench divides the bytes by the run's time. */
#include "uart.h"

#define LINES 1024

int main(void)
{
    /* 53 characters; with the 10-character prefix and the newline a line is 64 bytes. */
    static const char body[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0";
    for (unsigned int i = 0; i < LINES; i++) {
        uart_puts("flood ");
        uart_putc((char)('0' + (i / 1000) % 10));
        uart_putc((char)('0' + (i / 100) % 10));
        uart_putc((char)('0' + (i / 10) % 10));
        uart_putc((char)('0' + i % 10));
        uart_puts(body);
        uart_putc('\n');
    }
    uart_puts("uart-flood: 65536 bytes sent\n");
    return 0;
}
