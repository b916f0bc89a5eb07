#pragma once
/// \file flood_warnings.hpp
/// Warnings about a valid scenario whose places stand where its flood can reach: a shelter,
/// station, depot, community office or staff base whose ground lies below the highest water the
/// flood hazard can produce (issue 17, point 1). Warnings, not errors: the scenario still runs.
/// Computed by hazard/ (where the flood is computed: the level pool of a breach lives there, and
/// scenario/ stands on a floor below it).

#include <string>
#include <vector>

#include "readysim/error.hpp"
#include "readysim/scenario.hpp"

namespace readysim {

/// The highest water level (m above datum) the scenario's flood can reach: for a breach, the
/// level pool holding the largest inflow volume its draws allow (the upper end of `peak_inflow`
/// and `inflow_duration`, or their 99.9th percentile when unbounded; pumping starts only after the
/// inflow ends, so the stored volume peaks at the inflow volume); for a level series, its
/// maximum. NaN without a flood or for `node_depths` (depths differ node by node).
[[nodiscard]] double flood_highest_level_m(const Scenario& s);

/// One warning per shelter, station, depot, community office and staff base (a `node` of a staff
/// or vehicle pool not at a station) whose road node's ground lies below flood_highest_level_m
/// (for `node_depths`: whose node gets a positive depth), naming the place, its ground
/// elevation, the level (or depth) and what to do: move it, raise it, or accept that it floods.
/// Empty without a flood. At the place's declaration (the flood's for a staff base).
[[nodiscard]] std::vector<Diagnostic> flood_ground_warnings(const Scenario& s);

}  // namespace readysim
