/* 100,000 hypercalls (PSCI_VERSION through HVC #0): each is a full VM exit and return. */
#include "bench.h"

int main(void)
{
    unsigned long sum = 0;
    for (int i = 0; i < 100000; i++) {
        register unsigned long x0 __asm__("x0") = 0x84000000UL; /* PSCI_VERSION */
        __asm__ volatile("hvc #0" : "+r"(x0) : : "x1", "x2", "x3", "memory");
        sum += x0;
    }
    bench_result("hvc", sum);
    return 0;
}
