/* PL011 on QEMU virt at 0x09000000: polled transmit only. */
#ifndef UART_H
#define UART_H
void uart_putc(char c);
void uart_puts(const char *s);
void uart_puthex(unsigned long v);
void uart_putdec(unsigned long v);
#endif
