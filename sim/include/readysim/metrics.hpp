#pragma once
/// \file metrics.hpp
/// The run's metrics as clustered samples (one value per fire, grouped by replication), for
/// sequential stopping, paired comparisons and sizing studies.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "readysim/estimate.hpp"
#include "readysim/run.hpp"
#include "readysim/scenario.hpp"

namespace readysim {

/// A metric that targets and precision goals can name.
struct MetricInfo {
  std::string name;         ///< "fire.response_time"
  std::string unit;         ///< SI unit of its values: "s", "people", or "1" (dimensionless)
  std::string description;  ///< one line, for help and error messages
  bool flag = false;        ///< values are 0/1 flags, one per item: the mean is a share
  /// True for 0/1 flags (shares): only their mean makes sense.
  [[nodiscard]] bool share() const { return flag; }
  /// True when values are durations (bounds and half-widths then carry a unit).
  [[nodiscard]] bool timed() const { return unit == "s"; }
};

/// Every metric, in the order of the `/summary` table, with summarize_run's definitions: fire
/// times and flags over the fires some unit reached (fire.unreached_share over all), queue and
/// crew waits over those the district's own engines served; evac.clearance_time, evac.stranded,
/// evac.safe_before_inundation, evac.self_clearance_time, evac.assisted_clearance_time and
/// evac.assisted_waiting one value per flooded replication, evac.assisted_wait per assisted
/// household ready to be picked up, evac.warning_time per household, shelter.peak_occupancy per shelter; staff.<task>.wait per request of the task,
/// staff.<task>.unmet_time and .peak_demand one value per replication in which it asked.
const std::vector<MetricInfo>& known_metrics();

/// The metric called `name`, or nullptr.
const MetricInfo* find_metric(std::string_view name);

/// Every metric a run of this scenario can report: known_metrics(), then its stock metrics
/// stock.shortfall.<item> (in the item's unit, one value per replication) and
/// stock.stockout_probability.<item> (a flag per replication) for the items something consumes.
/// Without a scenario, known_metrics().
std::vector<MetricInfo> scenario_metrics(const Scenario* scenario);

/// The names of scenario_metrics(scenario), for lists and did-you-means.
std::vector<std::string> metric_names(const Scenario* scenario = nullptr);

/// The metric called `name` among scenario_metrics(scenario), or nullopt.
std::optional<MetricInfo> find_metric(const Scenario* scenario, std::string_view name);

/// One clustered sample per name in `metrics` (each must be a known_metrics() name, else Error),
/// over the run's replications in order; fires whose alarm came before `warm_up_s` are left out
/// (a queue that starts empty is not yet in its steady state).
std::vector<stats::ClusteredSample> metric_samples(const RunOutput& run, const std::vector<std::string>& metrics,
                                                   double warm_up_s = 0);

/// metric_samples() for any scenario_metrics() name: stock metrics give one value per replication.
/// Fires alarmed before the larger of `warm_up_s` and the scenario's `run.warm_up` are left out.
std::vector<stats::ClusteredSample> metric_samples(const Scenario& scenario, const RunOutput& run,
                                                   const std::vector<std::string>& metrics, double warm_up_s = 0);

/// How many of a metric's values over the run are cut at the horizon, lower bounds of what they
/// would be with a longer one: evac.clearance_time, evac.self_clearance_time and
/// evac.assisted_clearance_time (horizon − warning for a flood in which some people are still
/// waiting for the transport or on the way at the horizon) and evac.assisted_wait (households
/// still waiting then). 0 for every other metric.
std::size_t censored_values(const RunOutput& run, std::string_view metric);

/// The value in the metric's customary display unit ("0.52 min", "0.004").
std::string format_metric_value(const MetricInfo& metric, double si_value);

}  // namespace readysim
