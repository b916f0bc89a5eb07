#include "hazard/incident_log.hpp"

#include <map>
#include <utility>

#include "readysim/random.hpp"

namespace readysim {

namespace {

std::size_t standard_sources(const Scenario& s) {
  return s.district.risk_points.size() + s.district.settlements.size();
}

}  // namespace

bool is_logged_source(const Scenario& s, std::size_t i) {
  return s.hazards.fire.incident_log.enabled && i >= standard_sources(s);
}

void add_logged_sources(const Scenario& s, std::vector<FireSource>& sources) {
  const IncidentLog& log = s.hazards.fire.incident_log;
  if (!s.hazards.fire.enabled || !log.enabled) return;
  if (!log.random_ignitions)
    for (auto& src : sources) src.rate_per_s = 0;  // the log replaces the random ignitions
  std::map<std::pair<NodeIndex, std::int32_t>, bool> seen;
  for (const auto& inc : log.incidents)
    if (seen.emplace(std::make_pair(inc.node, inc.occupancy), true).second)
      sources.push_back(FireSource{inc.node, 0.0, s.hazards.fire.occupancies[static_cast<std::size_t>(inc.occupancy)]
                                                          .name == "dwelling",
                                   -1, inc.occupancy});
}

void plan_logged_fires(const Scenario& s, const std::vector<FireSource>& sources, std::uint64_t seed,
                       std::int64_t replication, std::vector<PlannedFire>& out) {
  const FireHazard& fire = s.hazards.fire;
  if (!fire.enabled || !fire.incident_log.enabled) return;
  std::map<std::pair<NodeIndex, std::int32_t>, std::int32_t> source_of;
  for (std::size_t i = standard_sources(s); i < sources.size(); ++i)
    source_of.emplace(std::make_pair(sources[i].node, sources[i].occupancy), static_cast<std::int32_t>(i));
  std::map<std::int32_t, std::uint64_t> next_k;  // fires of each source so far, in log order
  const auto rep = static_cast<std::uint64_t>(replication);
  for (const auto& inc : fire.incident_log.incidents) {
    const std::int32_t src = source_of.at({inc.node, inc.occupancy});
    const Occupancy& occ = fire.occupancies[static_cast<std::size_t>(inc.occupancy)];
    PlannedFire f;
    f.source = src;
    f.stream_key = (static_cast<std::uint64_t>(src) << 32) | next_k[src]++;
    RandomStream rng(seed, rep, StreamPurpose::fire_growth, f.stream_key);
    f.alarm_s = inc.call_s;
    f.ignition_s = f.alarm_s - fire.detection_delay.sample(rng);
    f.decision_s = f.alarm_s + fire.call_processing.sample(rng);
    f.on_scene_s = occ.on_scene.sample(rng);
    f.micro_mobilisation_s = fire.micro.mobilisation.sample(rng);
    f.mutual_aid_delay_s = fire.mutual_aid.delay.sample(rng);
    out.push_back(f);
  }
}

}  // namespace readysim
