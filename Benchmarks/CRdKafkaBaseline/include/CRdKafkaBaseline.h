int civil_baseline_placeholder(void);
