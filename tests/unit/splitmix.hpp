#pragma once
// A self-contained generator for statistics tests, so they depend on nothing but the statistics.

#include <cmath>
#include <cstdint>

namespace readysim::testing {

/// SplitMix64 (Steele, Lea and Flood): 64 random bits per call.
struct SplitMix64 {
  std::uint64_t state;  ///< the seed, then the running state
  /// Next 64 bits.
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform on [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// Exponential with mean 1.
  double exponential() { return -std::log1p(-uniform()); }
};

}  // namespace readysim::testing
