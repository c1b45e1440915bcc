/* The timer guest (../timer/main.c) on a GICv3: the same sleeps, with the interrupt
 * acknowledged and ended through the ICC_* system registers (common/gicv3.c). */
#include "../timer/main.c"
