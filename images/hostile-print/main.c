/* The print hypercall as an attacker uses it: a string that would forge a hypervisor log line
 * and clear the terminal, bytes that are not UTF-8 next to a bidi override, and a string far
 * longer than a log line shows. The hypervisor must log each as one inert line. */
#include "hvc.h"
#include "uart.h"

static char long_text[1500];

int main(void)
{
    hvc_print("hi\nAVISOR ERROR: forged by the guest\x1b[2J\x1b]0;pwned\x07");
    hvc_print("bytes: \xff\xfe \xc3\x28 caf\xc3\xa9 \xe2\x80\xae!");
    for (int i = 0; i < (int)sizeof long_text - 1; i++)
        long_text[i] = (char)('A' + i % 26);
    hvc_print(long_text);
    uart_puts("printed three hostile strings\n");
    return 0;
}
