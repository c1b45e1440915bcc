/* Sieve of Eratosthenes below 2,000,000: the number of primes (148933). */
#include "bench.h"

#define N 2000000
static unsigned char composite[N];

int main(void)
{
    unsigned long count = 0;
    for (unsigned long i = 2; i < N; i++) {
        if (composite[i]) continue;
        count++;
        for (unsigned long j = i * i; j < N; j += i) composite[j] = 1;
    }
    bench_result("sieve", count);
    return 0;
}
