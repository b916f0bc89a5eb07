#pragma once
// Engine travel from positions (hazards.fire.travel), for areas without a road graph: each
// station-to-fire-place time from Kolesar's curve of the straight-line distance, or read from a
// travel-time matrix. An approximation: no roads, so no closures, no congestion, no detours
// beyond what the curve's fitted parameters or the matrix carry; the way back takes as long.

#include <vector>

#include "model/fire_world.hpp"

namespace readysim {

/// Straight-line distance between two road nodes, metres (great circle on lon/lat graphs).
double node_distance_m(const RoadGraph& g, NodeIndex a, NodeIndex b);

/// When the scenario's travel is from positions, fills `to_fire` and `to_base` ([engine][source])
/// with routes that have no segments, the model's time and the straight-line length, and returns
/// true; returns false (and leaves them) when engines drive the roads.
bool position_routes(const Scenario& s, const std::vector<EngineUnit>& engines, const std::vector<FireSource>& sources,
                     std::vector<std::vector<Route>>& to_fire, std::vector<std::vector<Route>>& to_base);

}  // namespace readysim
