// Small, dependency-free SVG plots for the samples.
