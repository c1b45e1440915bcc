/* 64×64 integer matrix multiply, 8 rounds feeding each result back in. */
#include "bench.h"

#define N 64
static long a[N][N], b[N][N], c[N][N];

int main(void)
{
    unsigned long s = 7;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = (long)(xorshift64(&s) % 1000) - 500;
            b[i][j] = (long)(xorshift64(&s) % 1000) - 500;
        }
    for (int round = 0; round < 8; round++) {
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) {
                long sum = 0;
                for (int k = 0; k < N; k++) sum += a[i][k] * b[k][j];
                c[i][j] = sum;
            }
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) a[i][j] = c[i][j] % 1009;
    }
    unsigned long h = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) h = h * 31 + (unsigned long)c[i][j];
    bench_result("matmul", h);
    return 0;
}
