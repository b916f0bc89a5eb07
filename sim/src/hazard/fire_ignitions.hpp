#pragma once
// Fires of one replication, drawn before the simulation starts: ignition times per source
// (Poisson, optionally by hour of day), and each fire's own delays and durations. Drawn from
// streams keyed by source and fire, so changing resources never changes the fires (common
// random numbers).

#include <cstdint>
#include <vector>

#include "readysim/records.hpp"
#include "readysim/scenario.hpp"

namespace readysim {

/// A place where fires start, with its rate.
struct FireSource {
  NodeIndex node = 0;             ///< road node
  double rate_per_s = 0;          ///< mean ignitions per second (before the hourly profile)
  bool dwelling = false;          ///< a settlement (else a risk point)
  std::int8_t risk_level = -1;    ///< RiskLevel of a risk point; -1 for settlements
  std::int32_t occupancy = 0;     ///< index into hazards.fire.occupancies
};

/// Every fire source of a scenario: risk points (in order), then settlements (in order).
std::vector<FireSource> fire_sources(const Scenario& s);

/// A fire as drawn before the simulation: the times the world imposes.
struct PlannedFire {
  std::int32_t source = 0;        ///< index into fire_sources()
  std::uint64_t stream_key = 0;   ///< (source << 32) | k — keys this fire's random streams
  double ignition_s = 0;          ///< ignition, from the replication start
  double alarm_s = 0;             ///< call received
  double decision_s = 0;          ///< call processed: units are sent (or the call queues)
  double on_scene_s = 0;          ///< time the engine will spend on scene
  double micro_mobilisation_s = 0;  ///< micro station's delay before leaving
  double mutual_aid_delay_s = 0;  ///< outside help's delay before leaving, if called
  bool smoke_alarm = false;       ///< a smoke alarm sounded (the call is the earlier of it and a person)
  bool confined = false;          ///< it stays confined to the item of origin
};

/// The fires of replication `replication`, sorted by decision time (ties by source, then k).
std::vector<PlannedFire> plan_fires(const Scenario& s, const std::vector<FireSource>& sources, std::uint64_t seed,
                                    std::int64_t replication);

}  // namespace readysim
