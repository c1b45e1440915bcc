/* Avisor's checkpoint (HVC #1) and restore (HVC #2, x0 = snapshot id or -1 for the latest).
 * A restore returns to just after the checkpoint with its registers and memory; a counter in
 * Avisor's shared memory (0x70000000, not part of the VM's snapshot) ends the loop. */
#include "uart.h"

#define SHARED_RESTORES ((volatile unsigned long *)0x70000010)

static unsigned long counter;

static void checkpoint(void)
{
    __asm__ volatile("hvc #1" : : : "memory");
}

static void restore(unsigned long id)
{
    register unsigned long x0 __asm__("x0") = id;
    __asm__ volatile("hvc #2" : "+r"(x0) : : "memory");
}

int main(void)
{
    register unsigned long kept __asm__("x19") = 0x5eed;
    counter = 1;
    *SHARED_RESTORES = 0;
    checkpoint();
    uart_puts("after checkpoint: counter=");
    uart_putdec(counter);
    uart_puts(" x19=");
    uart_puthex(kept);
    uart_puts(" restores=");
    uart_putdec(*SHARED_RESTORES);
    uart_puts("\n");
    counter += 10;
    kept = 0;
    __asm__ volatile("" : "+r"(kept));
    if (*SHARED_RESTORES < 3) {
        *SHARED_RESTORES += 1;
        restore(-1UL);
    }
    restore(7); /* no such snapshot: refused, the guest goes on */
    uart_puts("done: counter=");
    uart_putdec(counter);
    uart_puts("\n");
    return 0;
}
