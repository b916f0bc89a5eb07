#pragma once
// The replay of an incident log (hazards.fire.incident_log): one fire source per place and
// occupancy the log names, and one fire per row at its logged call time. The call times are
// the log's in every replication; a fire's own random parts (detection before the call, call
// processing, time on scene, the micro station's and outside help's delays) are drawn from its
// own stream, so they vary by replication and never depend on other fires.

#include <cstdint>
#include <vector>

#include "hazard/fire_ignitions.hpp"
#include "readysim/scenario.hpp"

namespace readysim {

/// Whether source `i` of fire_sources() is a place of the incident log (those come last).
bool is_logged_source(const Scenario& s, std::size_t i);

/// Appends a source (rate 0) for each distinct (node, occupancy) of the incident log, in order
/// of first appearance, and turns the random ignitions of the other sources off. No-op without a log.
void add_logged_sources(const Scenario& s, std::vector<FireSource>& sources);

/// Appends the logged fires of replication `replication` to `out` (unsorted): alarm at the
/// logged call time, ignition a detection delay before it, decision after call processing.
void plan_logged_fires(const Scenario& s, const std::vector<FireSource>& sources, std::uint64_t seed,
                       std::int64_t replication, std::vector<PlannedFire>& out);

}  // namespace readysim
