/* Shared by the benchmark guests: a deterministic PRNG and the result line. */
#ifndef BENCH_H
#define BENCH_H
#include "uart.h"

static inline unsigned long xorshift64(unsigned long *s)
{
    unsigned long x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

static inline void bench_result(const char *name, unsigned long value)
{
    uart_puts(name);
    uart_puts(" ");
    uart_puthex(value);
    uart_putc('\n');
}
#endif
