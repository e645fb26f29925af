#include "CRdKafkaBaseline.h"
int civil_baseline_placeholder(void) { return 0; }
