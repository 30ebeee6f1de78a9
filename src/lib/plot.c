/* plot.c - placeholder until the plotting module lands (registers nothing). */
#include "lib/lib.h"

bool lib_open_plot(VM *vm)
{
    (void)vm;
    return true;
}
