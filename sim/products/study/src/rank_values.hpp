#pragma once
// What rank 0 decides from the records it alone holds, for every rank (mpirun): metric samples
// for the sizing search, the precision reached and the next batch of a sequential run. Every
// rank then goes on from the same values, so the ranks stay in step and the result is the one
// of a single process.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "readysim/estimate.hpp"
#include "readysim/run.hpp"
#include "readysim/sizing.hpp"

namespace readysim {

/// True when `options.ranks` holds more than one rank.
[[nodiscard]] bool shared_run(const RunOptions& options);
/// True where the records of a run arrive: alone, or on rank 0.
[[nodiscard]] bool holds_records(const RunOptions& options);
/// Rank 0's samples on every rank (the other ranks' `samples` are ignored); bit for bit.
std::vector<stats::ClusteredSample> samples_from_root(const RunOptions& options,
                                                      std::vector<stats::ClusteredSample> samples);
/// Rank 0's numbers on every rank.
void numbers_from_root(const RunOptions& options, std::vector<double>& values, std::int64_t& count);

/// A configuration's screening, run whole by one rank.
struct ScreenedConfiguration {
  sizing::Candidate simulated_as;              ///< what was simulated (a never-crewed engine lowered)
  std::string why;                             ///< why it differs from the one asked (empty if not)
  std::vector<stats::ClusteredSample> samples;  ///< one per metric
};

/// Items 0 … count − 1 shared out whole to the ranks (item k to rank k mod size, run by `screen`
/// there), every item's result on every rank, in item order; bit for bit.
std::vector<ScreenedConfiguration> share_out(Ranks& ranks, std::size_t count,
                                             const std::function<ScreenedConfiguration(std::size_t)>& screen);

}  // namespace readysim
