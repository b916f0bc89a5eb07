#pragma once
// Applies one replication's flood to the roads: an actor closes and reopens segments per
// vehicle class at the times the water sets (from an actor, as SimGrid requires).

#include <functional>
#include <vector>

#include "model/road_state.hpp"
#include "readysim/flood.hpp"

namespace readysim {

/// Spawns the actor that closes and reopens roads during [0, horizon] of the replication.
void spawn_flood_closures(const FloodTimeline& flood, RoadState& road, const Platform& platform, double t0,
                          double horizon_s, std::int64_t& events);

/// Whether node `n` has flooded by time `t` (relative to the replication's start) within the
/// horizon: a place there has stopped working (false without a flood).
bool flooded_by(const FloodTimeline& flood, NodeIndex n, double t, double horizon_s);

/// Spawns an actor that calls `on_flooded(node)` when each of `nodes` floods within the horizon,
/// in time order (ties in the order given): a station there is cut off from then. Nothing is
/// spawned when none of them floods.
void spawn_node_floods(const FloodTimeline& flood, const std::vector<NodeIndex>& nodes, const Platform& platform,
                       double t0, double horizon_s, std::int64_t& events, std::function<void(NodeIndex)> on_flooded);

}  // namespace readysim
