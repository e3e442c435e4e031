#include "wick_launcher.h"

int wick_launcher_linked = 1;
