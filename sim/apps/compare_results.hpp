#pragma once
// compare -o: what a comparison writes, for `readysim report`.

#include <string>
#include <vector>

#include "readysim/estimate.hpp"
#include "readysim/metrics.hpp"
#include "readysim/results.hpp"
#include "readysim/scenario.hpp"

namespace readysim::cli {

/// A finished comparison: the two scenarios, the run settings and each metric's samples.
struct CompareFile {
  const Scenario& a;                                 ///< configuration A
  const Scenario& b;                                 ///< configuration B
  std::string a_description, b_description;         ///< each path with its --set overrides
  std::uint64_t seed = 0;                            ///< master seed of both
  std::int64_t replications = 0;                     ///< replications of each
  double confidence = 0.95;                          ///< of the intervals
  const std::vector<MetricInfo>& metrics;            ///< the metrics, in samples' order
  const std::vector<stats::ClusteredSample>& samples_a;  ///< A's values per metric
  const std::vector<stats::ClusteredSample>& samples_b;  ///< B's values per metric
};

/// /compare (a row per metric with values: means, paired difference, interval, half-widths) and
/// /meta (A's effective scenario as effective_scenario, B's as effective_scenario_b, seed,
/// replications).
[[nodiscard]] ResultSet compare_result_set(const CompareFile& c);

}  // namespace readysim::cli
