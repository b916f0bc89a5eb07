#pragma once
// Applies one replication's flood to the roads: an actor closes and reopens segments per
// vehicle class at the times the water sets (from an actor, as SimGrid requires).

#include "model/road_state.hpp"
#include "readysim/flood.hpp"

namespace readysim {

/// Spawns the actor that closes and reopens roads during [0, horizon] of the replication.
void spawn_flood_closures(const FloodTimeline& flood, RoadState& road, const Platform& platform, double t0,
                          double horizon_s, std::int64_t& events);

}  // namespace readysim
