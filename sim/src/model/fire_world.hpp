#pragma once
// What the fire-response model needs that does not change between replications: fire sources,
// engines and their crews, and the routes between stations and fire sources.

#include <cstdint>
#include <optional>
#include <vector>

#include "hazard/fire_ignitions.hpp"
#include "readysim/scenario.hpp"

namespace readysim {

/// A route and its free-flow time.
struct Route {
  std::vector<SegmentIndex> segments;  ///< in driving order
  double free_time_s = 0;              ///< free-flow travel time
  double length_m = 0;                 ///< length
};

/// One fire engine.
struct EngineUnit {
  std::int32_t station = 0;            ///< index into resources.stations
  NodeIndex node = 0;                  ///< its station's node
  std::int32_t crew_group = 0;         ///< index into FireWorld::crews
};

/// The firefighters of one station, who crew its engines.
struct CrewGroup {
  std::int32_t station = 0;            ///< index into resources.stations
  int crew_per_engine = 4;             ///< people an engine leaves with
  std::vector<std::int32_t> pools;     ///< indices into resources.staff (engine_crew roles, this station)
};

/// The static part of the fire-response model.
struct FireWorld {
  /// Precomputes sources, engines, crews and routes for a scenario.
  explicit FireWorld(const Scenario& scenario);

  const Scenario& scenario;                  ///< the scenario
  std::vector<FireSource> sources;           ///< where fires start
  std::vector<EngineUnit> engines;           ///< every engine, stations in order
  std::vector<CrewGroup> crews;              ///< one per station with engines
  std::vector<std::vector<Route>> to_fire;   ///< [engine][source]: station → fire
  std::vector<std::vector<Route>> to_base;   ///< [engine][source]: fire → station
  std::vector<std::optional<double>> micro_travel_s;  ///< [source]: micro station's travel, if any
  std::vector<NodeIndex> micro_node;         ///< [source]: that micro station's node (with micro_travel_s)
  std::vector<Route> from_mutual_aid;        ///< [source]: mutual-aid node → fire (empty if none)
  /// Engines travel by hazards.fire.travel's model from positions (routes without segments,
  /// waited out rather than driven), not on the roads.
  bool by_position = false;
};

}  // namespace readysim
