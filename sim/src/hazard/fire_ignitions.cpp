#include "hazard/fire_ignitions.hpp"

#include <algorithm>
#include <cmath>

#include "hazard/incident_log.hpp"
#include "readysim/random.hpp"

namespace readysim {

std::vector<FireSource> fire_sources(const Scenario& s) {
  const FireHazard& fire = s.hazards.fire;
  std::vector<FireSource> out;
  if (!fire.enabled) return out;
  const auto occupancy_index = [&](std::string_view name) {
    for (std::size_t i = 0; i < fire.occupancies.size(); ++i)
      if (fire.occupancies[i].name == name) return static_cast<std::int32_t>(i);
    return std::int32_t{-1};
  };
  for (const auto& rp : s.district.risk_points) {
    const auto level = static_cast<std::size_t>(rp.level);
    out.push_back(FireSource{rp.node, rp.ignition_rate_per_s.value_or(fire.rate_by_level_per_s[level]), false,
                             static_cast<std::int8_t>(level), occupancy_index(rp.occupancy)});
  }
  const std::int32_t dwelling = occupancy_index("dwelling");
  for (const auto& st : s.district.settlements)
    out.push_back(FireSource{st.node, fire.dwelling_rate_per_1000_per_s * st.population / 1000.0, true, -1,
                             dwelling < 0 ? 0 : dwelling});
  add_logged_sources(s, out);
  return out;
}

namespace {

// The id of source i: risk points first, then settlements (the order of fire_sources()).
const std::string& source_id(const Scenario& s, std::size_t i) {
  const auto& rps = s.district.risk_points;
  return i < rps.size() ? rps[i].id : s.district.settlements[i - rps.size()].id;
}

// Ignition times of one source over [0, horizon): a Poisson process whose rate follows the hourly
// profile (by thinning a process at the peak rate).
std::vector<double> ignition_times(const FireSource& src, const std::vector<double>& profile, double horizon_s,
                                   RandomStream& rng) {
  std::vector<double> times;
  if (!(src.rate_per_s > 0)) return times;
  double peak = 1.0;
  double mean_weight = 1.0;
  if (!profile.empty()) {
    peak = *std::max_element(profile.begin(), profile.end());
    mean_weight = 0;
    for (double w : profile) mean_weight += w;
    mean_weight /= 24.0;
  }
  const double peak_rate = src.rate_per_s * peak / mean_weight;
  for (double t = 0;;) {
    t += -std::log(rng.uniform01()) / peak_rate;
    if (t >= horizon_s) break;
    if (!profile.empty()) {
      const auto hour = static_cast<std::size_t>(std::fmod(t / 3600.0, 24.0));
      if (rng.uniform01() * peak > profile[hour]) continue;
    }
    times.push_back(t);
  }
  return times;
}

}  // namespace

std::vector<PlannedFire> plan_fires(const Scenario& s, const std::vector<FireSource>& sources, std::uint64_t seed,
                                    std::int64_t replication) {
  const FireHazard& fire = s.hazards.fire;
  const auto rep = static_cast<std::uint64_t>(replication);
  std::vector<PlannedFire> out;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    if (is_logged_source(s, i)) continue;  // their fires are the log's (plan_logged_fires)
    RandomStream ignitions(seed, rep, StreamPurpose::ignitions, i);
    auto times = ignition_times(sources[i], fire.hourly_profile, s.horizon_s, ignitions);
    // Scheduled fires come after the random ones of their source, so they never shift those draws.
    for (const auto& sf : fire.scheduled)
      if (source_id(s, i) == sf.place) times.push_back(sf.ignition_s);
    const Occupancy& occ = fire.occupancies[static_cast<std::size_t>(sources[i].occupancy)];
    for (std::size_t k = 0; k < times.size(); ++k) {
      PlannedFire f;
      f.source = static_cast<std::int32_t>(i);
      f.stream_key = (static_cast<std::uint64_t>(i) << 32) | k;
      // One stream per fire, drawn in a fixed order, so a fire's delays never depend on others.
      RandomStream rng(seed, rep, StreamPurpose::fire_growth, f.stream_key);
      f.ignition_s = times[k];
      const double by_person = fire.detection_delay.sample(rng);
      const double processing = fire.call_processing.sample(rng);
      f.on_scene_s = occ.on_scene.sample(rng);
      f.micro_mobilisation_s = fire.micro.mobilisation.sample(rng);
      f.mutual_aid_delay_s = fire.mutual_aid.delay.sample(rng);
      // Drawn after the delays above, so those keep their values whatever the shares are.
      f.smoke_alarm = rng.uniform01() < fire.smoke_alarm_share;
      const double by_alarm = fire.smoke_alarm_delay.sample(rng);
      f.confined = rng.uniform01() < occ.confined_share;
      f.alarm_s = f.ignition_s + (f.smoke_alarm ? std::min(by_person, by_alarm) : by_person);
      f.decision_s = f.alarm_s + processing;
      out.push_back(f);
    }
  }
  plan_logged_fires(s, sources, seed, replication, out);
  std::sort(out.begin(), out.end(), [](const PlannedFire& a, const PlannedFire& b) {
    if (a.decision_s != b.decision_s) return a.decision_s < b.decision_s;
    return a.stream_key < b.stream_key;
  });
  return out;
}

}  // namespace readysim
