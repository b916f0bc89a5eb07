#pragma once
/// \file sequential_run.hpp
/// Sequential stopping (`readysim run --precision`): replications in batches until every named
/// confidence interval is as narrow as asked, within a cap.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "readysim/language.hpp"
#include "readysim/metrics.hpp"
#include "readysim/run.hpp"

namespace readysim {

/// "Run until this CI is this narrow": a metric, a statistic and the half-width wanted.
struct PrecisionGoal {
  std::string metric;           ///< metric name
  stats::Statistic statistic;   ///< mean or a quantile
  double half_width = 0;        ///< wanted half-width of the 95 % CI, SI units of the metric
  std::string text;             ///< as written ("fire.response_time.p90=30s")
  MetricInfo info;              ///< the metric's unit and kind

  /// "fire.response_time.p90".
  [[nodiscard]] std::string name() const;
};

/// Parses METRIC.STAT=HALF_WIDTH: STAT is mean, median or pNN; a share may omit it
/// ("fire.mutual_aid_share=0.005"); a timed metric's half-width carries a unit ("30s", "0.5 min").
/// Throws UsageError saying what is wrong and listing the metrics. With a scenario, its stock
/// metrics (stock.shortfall.<item>, stock.stockout_probability.<item>) may be named too.
PrecisionGoal parse_precision_goal(const std::string& spec, const Scenario* scenario = nullptr);

/// Where a sequential run stands after a batch.
struct PrecisionProgress {
  int batch = 0;                    ///< 1 for the first batch
  std::int64_t replications = 0;    ///< replications run so far
  std::vector<double> reached;      ///< per goal, the 95 % CI half-width reached
  std::int64_t next = 0;            ///< replications in the next batch (0: stopping)
};

/// The outcome of a sequential run.
struct PrecisionRun {
  RunOutput run;                    ///< every replication, indices 0 … n - 1 in order
  std::vector<double> reached;      ///< per goal, the half-width reached
  bool met = false;                 ///< every goal reached (else the cap stopped it)
};

/// Runs `options.replications` replications, then batches (indices continuing, so the result is
/// the same as one run of as many) sized by stats::next_batch, until every goal's 95 % CI
/// half-width is at most its target or `cap` replications have run. `on_batch` (if set) hears
/// after every batch. Throws Error for a goal on an unknown metric.
PrecisionRun run_to_precision(const Scenario& scenario, const RunOptions& options,
                              const std::vector<PrecisionGoal>& goals, std::int64_t cap,
                              const std::function<void(const PrecisionProgress&)>& on_batch = {});

/// "fire.response_time.p90 ±12.3 s (want ±30 s, met); …": the goals and where they stand, worded
/// in `lang` (readysim/messages.hpp).
std::string describe_precision(const std::vector<PrecisionGoal>& goals, const std::vector<double>& reached,
                               Language lang = Language::en);

}  // namespace readysim
