#pragma once
/// \file flood.hpp
/// The flood hazard: water in the polder over time, and what it closes. A scenario describes it
/// (FloodHazard, read from `hazards.flood`); each replication draws its own flood
/// (FloodTimeline) from streams keyed by the replication, independent of every resource.

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "readysim/distribution.hpp"
#include "readysim/error.hpp"
#include "readysim/road_graph.hpp"

namespace readysim {

struct Scenario;

/// Never (a time that does not come).
inline constexpr double kNever = std::numeric_limits<double>::infinity();

/// Where the water comes from.
enum class FloodSource {
  breach,        ///< a levee breach or overtopping: an inflow hydrograph fills the polder (level pool)
  level_series,  ///< a given water-level time series (CSV: time, level)
  node_depths,   ///< given depth time series per node from an external hydraulic model (CSV)
};

/// The shape of a breach's inflow over time.
enum class FloodHydrograph {
  triangular,  ///< 0 at the breach, rising linearly to the peak at time_to_peak, back to 0 at inflow_duration
  constant,    ///< peak_inflow throughout, from the breach to inflow_duration (validation bowls, steady overtopping)
};

/// The flood as a scenario describes it (all SI).
struct FloodHazard {
  bool enabled = false;                      ///< a `flood:` section is present
  FloodSource source = FloodSource::breach;  ///< where the water comes from
  // breach / overtopping
  std::string breach_at;                     ///< road node id on the levee where water enters
  NodeIndex breach_node = 0;                 ///< its index
  Distribution breach_time = Distribution::constant(6 * 3600.0);   ///< from t = 0, s
  FloodHydrograph hydrograph = FloodHydrograph::triangular;         ///< shape of the inflow over time
  Distribution peak_inflow = Distribution::constant(300.0);        ///< m³/s at the hydrograph's peak
  Distribution time_to_peak = Distribution::constant(3 * 3600.0);  ///< breach to peak inflow, s
  Distribution inflow_duration = Distribution::constant(24 * 3600.0);  ///< breach to inflow end, s
  double pumping_m3_per_s = 0;               ///< drainage once the inflow has stopped, m³/s
  double polder_area_m2 = 0;                 ///< area the road nodes stand for (equal shares), m²
  // given series
  std::vector<std::pair<double, double>> level_series;  ///< (time s, water level m), rising time
  std::vector<std::vector<std::pair<double, double>>> node_depth_series;  ///< per node: (time s, depth m)
  /// The series file's keys as written (file made absolute, columns, time unit), for the effective scenario.
  std::vector<std::pair<std::string, std::string>> series_source;
  // consequences
  double inundation_depth_m = 0.1;           ///< a node counts as flooded above this depth
  double car_limit_m = 0.3;                  ///< cars cannot pass water deeper than this
  double truck_limit_m = 0.6;                ///< trucks, buses and engines cannot pass deeper water
  // warning
  double warning_level_m = kNever;           ///< warn when the level reaches this (m above datum), or
  double warning_lead_s = kNever;            ///< warn this long before the breach
  Distribution warning_delay = Distribution::constant(600.0);  ///< trigger to warning issued, s
  SourceLocation where;                      ///< where `hazards.flood` is declared
};

/// Vehicle classes, by how deep a water they can drive through.
enum class VehicleClass : std::uint8_t { car = 0, truck = 1 };

/// One replication's flood.
struct FloodTimeline {
  double breach_s = kNever;                  ///< when the water starts coming in
  double warning_s = kNever;                 ///< when the warning is issued
  std::vector<double> level_time_s;          ///< water level, piecewise linear: times …
  std::vector<double> level_m;               ///< … and levels (m above datum)
  std::vector<double> node_flooded_s;        ///< per node: depth first reaches inundation depth
  std::vector<double> node_dry_s;            ///< per node: depth falls below it again (kNever if not)
  /// Per vehicle class, per segment: [close, reopen) when the water is too deep; kNever if never.
  std::vector<std::pair<double, double>> closed[2];
  /// Water level at time t (m), interpolated; the first level before the series starts, the last after
  /// it ends; NaN when there is no level (source node_depths: depths differ node by node).
  [[nodiscard]] double level_at(double t) const;
};

/// Draws replication `replication`'s flood (stream StreamPurpose::flood).
FloodTimeline compute_flood(const Scenario& s, std::uint64_t seed, std::int64_t replication);

}  // namespace readysim
