/* Checkpoints until the hypervisor's snapshot budget refuses one: each taken checkpoint must
 * answer x0 = 0, the refused one x0 = -1; then the first and the last snapshot must both
 * still restore (none was dropped to make room). Progress is kept in Avisor's shared memory
 * at 0x70000000, which no snapshot covers. */
#include "hvc.h"
#include "uart.h"

#define PHASE (*(volatile unsigned long *)0x70000100UL)
#define LAST (*(volatile unsigned long *)0x70000108UL)
#define MAX_CHECKPOINTS 100000UL

int main(void)
{
    PHASE = 0;
    for (unsigned long i = 0; i < MAX_CHECKPOINTS; i++) {
        unsigned long r = hvc_checkpoint(); /* snapshot i, if taken */
        if (PHASE == 1) {
            uart_puts(i == 0 ? "restored snapshot 0\n" : "restored the wrong snapshot\n");
            PHASE = 2;
            hvc_restore(LAST);
        }
        if (PHASE == 2) {
            uart_puts(i == LAST ? "restored the last snapshot\n" : "restored the wrong snapshot\n");
            PHASE = 3;
            r = hvc_checkpoint();
            uart_puts(r == ~0UL ? "a further checkpoint: x0 = -1 again\n" : "a further checkpoint was taken\n");
            return 0;
        }
        if (r == 0)
            continue;
        if (r != ~0UL) {
            uart_puts("checkpoint left x0 = ");
            uart_puthex(r);
            uart_putc('\n');
            return 0;
        }
        uart_puts(i >= 2 ? "checkpoint refused with x0 = -1 after at least 2 snapshots\n" : "checkpoint refused too early\n");
        LAST = i - 1;
        PHASE = 1;
        hvc_restore(0);
        uart_puts("restore 0 failed\n");
        return 0;
    }
    uart_puts("no checkpoint was ever refused\n");
    return 0;
}
