/* Quicksort of 100,000 pseudo-random words; the checksum weighs each by its position. */
#include "bench.h"

#define N 100000
static unsigned long v[N];

static void quicksort(unsigned long *x, long lo, long hi)
{
    while (lo < hi) {
        unsigned long pivot = x[lo + (hi - lo) / 2];
        long i = lo, j = hi;
        while (i <= j) {
            while (x[i] < pivot) i++;
            while (x[j] > pivot) j--;
            if (i <= j) {
                unsigned long t = x[i];
                x[i++] = x[j];
                x[j--] = t;
            }
        }
        if (j - lo < hi - i) {
            quicksort(x, lo, j);
            lo = i;
        } else {
            quicksort(x, i, hi);
            hi = j;
        }
    }
}

int main(void)
{
    unsigned long s = 12345;
    for (long i = 0; i < N; i++) v[i] = xorshift64(&s);
    quicksort(v, 0, N - 1);
    unsigned long h = 0;
    for (long i = 0; i < N; i++) {
        if (i && v[i - 1] > v[i]) {
            uart_puts("qsort: not sorted\n");
            return 1;
        }
        h += v[i] * (unsigned long)(i + 1);
    }
    bench_result("qsort", h);
    return 0;
}
