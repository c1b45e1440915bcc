/* CRC-32 (IEEE, reflected, table-driven) over 1 MiB of pseudo-random bytes, 4 passes. */
#include "bench.h"

#define SIZE (1u << 20)
static unsigned char buf[SIZE];
static unsigned int table[256];

int main(void)
{
    unsigned long s = 1;
    for (unsigned int i = 0; i < SIZE; i += 8) {
        unsigned long v = xorshift64(&s);
        for (int k = 0; k < 8; k++) buf[i + k] = (unsigned char)(v >> (8 * k));
    }
    for (unsigned int i = 0; i < 256; i++) {
        unsigned int c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
        table[i] = c;
    }
    unsigned int crc = 0;
    for (int pass = 0; pass < 4; pass++) {
        crc = ~crc;
        for (unsigned int i = 0; i < SIZE; i++) crc = table[(crc ^ buf[i]) & 0xff] ^ (crc >> 8);
        crc = ~crc;
    }
    bench_result("crc32", crc);
    return 0;
}
