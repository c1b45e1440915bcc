/* 100,000 reads of the PL011 flag register: each is a stage-2 fault emulated by the
 * hypervisor (a device access round trip). */
#include "bench.h"

int main(void)
{
    volatile unsigned int *fr = (volatile unsigned int *)0x09000018UL;
    unsigned long sum = 0;
    for (int i = 0; i < 100000; i++) sum += *fr;
    bench_result("mmio", sum);
    return 0;
}
