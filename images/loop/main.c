/* A CPU-bound benchmark guest: an xorshift PRNG feeding a 4 KiB table of loads, stores
 * and branches; the checksum makes the result checkable. */
#include "uart.h"

#define WORDS 512
#define ROUNDS 2000000

static unsigned long table[WORDS];

int main(void)
{
    unsigned long x = 0x9E3779B97F4A7C15UL, sum = 0;
    for (unsigned long i = 0; i < ROUNDS; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        unsigned long slot = x % WORDS;
        if (x & 1)
            table[slot] += x;
        else
            sum ^= table[slot] + i;
        sum += (x >> 3) * 3;
    }
    uart_puts("loop checksum ");
    uart_puthex(sum);
    uart_putc('\n');
    return 0;
}
