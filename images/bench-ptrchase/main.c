/* Pointer chasing through a random cycle over 16 MiB: almost every step lands on another
 * page, so translation caches miss on purpose. */
#include "bench.h"

#define SLOTS (2u << 20) /* 2M slots of 8 bytes = 16 MiB */
#define STEPS 2000000
static unsigned long next[SLOTS];

int main(void)
{
    unsigned long s = 4242;
    for (unsigned long i = 0; i < SLOTS; i++) next[i] = i;
    /* Sattolo's shuffle: a single cycle through every slot */
    for (unsigned long i = SLOTS - 1; i > 0; i--) {
        unsigned long j = xorshift64(&s) % i;
        unsigned long t = next[i];
        next[i] = next[j];
        next[j] = t;
    }
    unsigned long p = 0;
    for (unsigned long k = 0; k < STEPS; k++) p = next[p];
    bench_result("ptrchase", p);
    return 0;
}
