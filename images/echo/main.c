/* Echoes what is typed: the PL011's receive interrupt (SPI 1, INTID 33) wakes a WFI, the
 * handler drains the FIFO and writes each byte back (CR as CR LF, as a terminal expects).
 * Ctrl-D (0x04) powers off. It needs input to do anything, so it is the guest for testing
 * keyboard input (the playground's terminal, the CLI's stdin, the library's sendInput). */
#include "arch.h"
#include "gic.h"
#include "uart.h"

#define UART_BASE 0x09000000UL
#define UART_DR (*(volatile unsigned int *)(UART_BASE + 0x00))
#define UART_FR (*(volatile unsigned int *)(UART_BASE + 0x18))
#define UART_LCR_H (*(volatile unsigned int *)(UART_BASE + 0x2c))
#define UART_IMSC (*(volatile unsigned int *)(UART_BASE + 0x38))
#define LCR_FEN_WLEN8 0x70 /* FIFOs on (32 bytes, not 1), 8-bit words */
#define FR_RXFE (1u << 4)
#define INT_RX (1u << 4)
#define INT_RT (1u << 6)
#define UART_INTID 33

static volatile int done;
static volatile unsigned long echoed;

void el1_exception(int kind, struct frame *f)
{
    (void)f;
    if (kind != VEC_IRQ_EL1H) {
        uart_puts("unexpected exception\n");
        psci_system_off();
    }
    unsigned int iar = gic_ack();
    if ((iar & 0x3ff) == UART_INTID) {
        while (!(UART_FR & FR_RXFE)) {
            char c = (char)(UART_DR & 0xff);
            if (c == 4) {
                done = 1;
                break;
            }
            if (c == '\r')
                uart_putc('\r'), c = '\n';
            uart_putc(c);
            echoed++;
        }
    }
    gic_eoi(iar);
}

int main(void)
{
    vectors_install();
    gic_init();
    gic_enable(UART_INTID, 0xa0);
    UART_LCR_H = LCR_FEN_WLEN8;
    UART_IMSC = INT_RX | INT_RT;
    __asm__ volatile("msr daifclr, #2");
    uart_puts("echo: type something (Ctrl-D powers off)\n");
    while (!done)
        __asm__ volatile("wfi");
    uart_puts("\necho: ");
    uart_putdec(echoed);
    uart_puts(" bytes echoed, bye\n");
    return 0;
}
