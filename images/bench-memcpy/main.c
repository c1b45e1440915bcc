/* memset and memcpy of 4 MiB, word by word, 4 rounds; checksum of the result. */
#include "bench.h"

#define WORDS (4u << 17) /* 4 MiB of 8-byte words */
static unsigned long src[WORDS], dst[WORDS];

static void set_words(unsigned long *d, unsigned long v, unsigned long n)
{
    for (unsigned long i = 0; i < n; i++) d[i] = v;
}

static void copy_words(unsigned long *d, const unsigned long *s, unsigned long n)
{
    for (unsigned long i = 0; i < n; i += 4) {
        d[i] = s[i];
        d[i + 1] = s[i + 1];
        d[i + 2] = s[i + 2];
        d[i + 3] = s[i + 3];
    }
}

int main(void)
{
    unsigned long h = 0;
    for (unsigned long round = 0; round < 4; round++) {
        set_words(src, 0x0101010101010101UL * (round + 1), WORDS);
        src[round * 1000] = round;
        copy_words(dst, src, WORDS);
        h = h * 31 + dst[round * 1000] + dst[WORDS - 1];
    }
    bench_result("memcpy", h);
    return 0;
}
