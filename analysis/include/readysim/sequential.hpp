#pragma once
/// \file sequential.hpp
/// Sequential stopping: run replications in batches until every named confidence interval is
/// as narrow as asked, within a cap on replications.

#include <cstdint>
#include <span>

namespace readysim::stats {

/// How large the next batch should be, given `done` replications so far and, per goal, the
/// half-width reached and the half-width wanted. CI half-widths shrink like 1/sqrt(n), so the
/// goal furthest from its target needs about done·(reached/wanted)² replications in all; the
/// batch asks for 10 % more than that (so one more batch usually suffices), at least
/// `min_batch`, at most three times `done` (early half-widths are themselves noisy, and an
/// infinite one — too little data — just quadruples the count), and never beyond `cap` in all.
/// Returns 0 when every goal is met or `done` has reached `cap`.
std::int64_t next_batch(std::int64_t done, std::span<const double> reached, std::span<const double> wanted,
                        std::int64_t cap, std::int64_t min_batch);

}  // namespace readysim::stats
