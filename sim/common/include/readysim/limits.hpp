#pragma once
// The bounds on every size and number readysim reads, each with its reason. Inputs beyond them
// are rejected where they are read (exit 2, before any simulation), never discovered hours into
// a run. scenarios/README.md's "Bounds" table is generated from bound_rows() (see reference.cpp).

#include <cstdint>
#include <string>
#include <vector>

#include "readysim/units.hpp"

namespace readysim {

/// Longest horizon (and any duration): 10 years, in seconds.
inline constexpr double kMaxHorizonS = 3650.0 * 86400.0;
/// Most replications of a run (`-n`, `run.replications`, a study's replication caps).
inline constexpr long long kMaxReplications = 1'000'000;
/// Largest master seed: 2^63 - 1 (the seed is kept as a signed 64-bit number on the command line).
inline constexpr long long kMaxSeed = 9'223'372'036'854'775'807LL;
/// Largest whole number of any count in a scenario (engines, staff, seats, households…).
inline constexpr long long kMaxCount = 1'000'000;
/// Largest population of one settlement.
inline constexpr long long kMaxPopulation = 10'000'000;
/// Largest population of a district (all settlements together).
inline constexpr long long kMaxDistrictPopulation = 100'000'000;
/// Deepest nesting of lists and mappings in a YAML file.
inline constexpr int kMaxYamlDepth = 64;
/// Most worker processes (`-j`).
inline constexpr long long kMaxJobs = 256;

/// The largest magnitude a value of dimension `d` may have, in SI units (finite).
[[nodiscard]] double max_quantity(Dimension d);

/// One bound as the reference shows it.
struct BoundRow {
  std::string what;    ///< what is bounded
  std::string bound;   ///< the bound, in human digits and units
  std::string reason;  ///< why
};

/// Every bound, for the reference table of scenarios/README.md.
[[nodiscard]] std::vector<BoundRow> bound_rows();

}  // namespace readysim
