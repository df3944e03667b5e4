// How the hot stage loops are compiled.
//
// Stage loops are simple passes over the arrays of one block. With GCC on x86-64 Linux they are
// compiled three times, for x86-64-v4 (AVX-512), x86-64-v3 (AVX2, FMA, POPCNT, BMI) and the
// baseline ISA, and the loader picks the best the CPU has. Every clone does the same integer and
// IEEE arithmetic in the same order (the build uses -ffp-contract=off, so no multiply-add is
// ever fused), hence identical results on any CPU.
#pragma once

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__) && \
    !defined(FOEDUS_NO_CLONES)
#define FOEDUS_CLONES \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#define FOEDUS_HAVE_CLONES 1
#else
#define FOEDUS_CLONES
#define FOEDUS_HAVE_CLONES 0
#endif

#if defined(__GNUC__) || defined(__clang__)
#define FOEDUS_RESTRICT __restrict__
#else
#define FOEDUS_RESTRICT
#endif
