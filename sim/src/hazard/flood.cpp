#include "readysim/flood.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "hazard/flood_model.hpp"
#include "readysim/random.hpp"
#include "readysim/scenario.hpp"

namespace readysim {

namespace {

// Spacing of the level series between its exact corners: fine enough for plots and for anyone
// interpolating the level; every event time is solved exactly, not read off this series.
constexpr double kLevelStepS = 300.0;
constexpr std::size_t kMaxLevelPoints = 20000;

bool in_polder(const RoadGraph& g, NodeIndex n) { return g.node(n).kind != NodeKind::external; }

struct Draws {
  double breach_s, peak_m3_per_s, to_peak_s, duration_s, warning_delay_s;
};

// Always all five, in this order, whatever the source: a scenario that switches source or
// hydrograph keeps the warning delays of every replication.
Draws draw(const FloodHazard& f, std::uint64_t seed, std::int64_t replication) {
  RandomStream rng(seed, static_cast<std::uint64_t>(replication), StreamPurpose::flood, 0);
  Draws d{};
  d.breach_s = f.breach_time.sample(rng);
  d.peak_m3_per_s = f.peak_inflow.sample(rng);
  d.to_peak_s = f.time_to_peak.sample(rng);
  d.duration_s = f.inflow_duration.sample(rng);
  d.warning_delay_s = f.warning_delay.sample(rng);
  return d;
}

// The polder end of a segment that water reaches first: the lower of its ends inside the polder.
std::optional<NodeIndex> lower_polder_end(const RoadGraph& g, const RoadSegment& s) {
  const bool a = in_polder(g, s.from), b = in_polder(g, s.to);
  if (a && b) return g.node(s.from).elevation_m <= g.node(s.to).elevation_m ? s.from : s.to;
  if (a) return s.from;
  if (b) return s.to;
  return std::nullopt;
}

// Each source leaves in out.warning_s the moment a level warning is triggered (kNever if none);
// compute_flood adds the delay.
// Node and road events from one water level over the polder: `reach(level, strict)` is when the
// water first reaches `level` (kNever if it never does), `leave(level, strict)` when it last falls
// below it; nodes flood at ground + inundation depth, roads close at their lower end + the limit.
template <class Reach, class Leave>
void level_events(const RoadGraph& g, const FloodHazard& f, FloodTimeline& out, Reach reach, Leave leave) {
  for (NodeIndex n = 0; n < g.node_count(); ++n) {
    if (!in_polder(g, n)) continue;
    const double level = g.node(n).elevation_m + f.inundation_depth_m;
    out.node_flooded_s[n] = reach(level, false);
    if (out.node_flooded_s[n] != kNever) out.node_dry_s[n] = leave(level, false);
  }
  const double limits[2] = {f.car_limit_m, f.truck_limit_m};
  for (SegmentIndex i = 0; i < g.segment_count(); ++i) {
    const auto low = lower_polder_end(g, g.segment(i));
    if (!low) continue;
    for (int c = 0; c < 2; ++c) {
      const double level = g.node(*low).elevation_m + limits[c];
      const double close = reach(level, true);
      if (close != kNever) out.closed[c][i] = {close, leave(level, true)};
    }
  }
}

void breach_flood(const Scenario& s, const Draws& d, FloodTimeline& out) {
  const FloodHazard& f = s.hazards.flood;
  const RoadGraph& g = s.district.roads;
  std::vector<double> z;
  for (NodeIndex n = 0; n < g.node_count(); ++n)
    if (in_polder(g, n)) z.push_back(g.node(n).elevation_m);
  if (z.empty()) return;  // the loader rejects this; nothing to fill
  const flood::StageStorage pool(z, f.polder_area_m2 / static_cast<double>(z.size()));
  flood::BreachInflow in;
  in.start_s = d.breach_s;
  in.peak_m3_per_s = d.peak_m3_per_s;
  in.constant = f.hydrograph == FloodHydrograph::constant;
  in.duration_s = d.duration_s;
  in.to_peak_s = std::min(d.to_peak_s, d.duration_s);
  in.pumping_m3_per_s = f.pumping_m3_per_s;
  out.breach_s = in.start_s;

  // A depth threshold at a node is a volume threshold for the pool: solve V(t) = V(z + depth).
  const auto rise = [&](double level) { return in.rise_time(pool.volume(level)); };
  const auto fall = [&](double level) { return in.fall_time(pool.volume(level)); };
  level_events(g, f, out, [&](double level, bool) { return rise(level); },
               [&](double level, bool) { return fall(level); });
  // The reader keeps a warning level above the lowest ground, where the pool stands before the breach.
  if (f.warning_level_m != kNever) out.warning_s = rise(f.warning_level_m);

  // The level series: exact at the hydrograph's corners and wherever the level passes a ground
  // elevation (the kinks of h(V)), and every kLevelStepS between.
  const double end = in.empty_s() != kNever ? in.empty_s() : in.inflow_end_s();
  std::vector<double> times{in.start_s, in.inflow_end_s(), end};
  if (!in.constant) times.push_back(in.start_s + in.to_peak_s);
  for (double v : pool.kink_volumes()) {
    if (!(v > 0)) continue;
    for (double t : {in.rise_time(v), in.fall_time(v)})
      if (t != kNever) times.push_back(t);
  }
  const double span = end - in.start_s;
  const double step = std::max(kLevelStepS, span / static_cast<double>(kMaxLevelPoints));
  for (double k = 1; in.start_s + k * step < end; ++k) times.push_back(in.start_s + k * step);
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  for (double t : times) {
    out.level_time_s.push_back(t);
    out.level_m.push_back(pool.level(in.volume_at(t)));
  }
}

void level_series_flood(const Scenario& s, FloodTimeline& out) {
  const FloodHazard& f = s.hazards.flood;
  const RoadGraph& g = s.district.roads;
  for (const auto& [t, h] : f.level_series) {
    out.level_time_s.push_back(t);
    out.level_m.push_back(h);
  }
  const auto& t = out.level_time_s;
  const auto& h = out.level_m;
  double bottom = kNever;
  for (NodeIndex n = 0; n < g.node_count(); ++n)
    if (in_polder(g, n)) bottom = std::min(bottom, g.node(n).elevation_m);
  // Water comes in when the level first rises above the lowest ground.
  if (bottom != kNever) out.breach_s = flood::first_reach(t, h, bottom, true);
  level_events(g, f, out, [&](double level, bool strict) { return flood::first_reach(t, h, level, strict); },
               [&](double level, bool strict) { return flood::last_reach(t, h, level, strict); });
  if (f.warning_level_m != kNever) out.warning_s = flood::first_reach(t, h, f.warning_level_m, false);
}

void node_depths_flood(const Scenario& s, FloodTimeline& out) {
  const FloodHazard& f = s.hazards.flood;
  const RoadGraph& g = s.district.roads;
  const std::size_t nodes = std::min(g.node_count(), f.node_depth_series.size());
  std::vector<std::vector<double>> t(nodes), depth(nodes);
  for (NodeIndex n = 0; n < nodes; ++n)
    for (const auto& [time, dep] : f.node_depth_series[n]) {
      t[n].push_back(time);
      depth[n].push_back(dep);
    }
  // Nodes the external model does not list stay dry (first_reach on an empty series is kNever).
  for (NodeIndex n = 0; n < nodes; ++n) {
    out.breach_s = std::min(out.breach_s, flood::first_reach(t[n], depth[n], 0.0, true));
    out.node_flooded_s[n] = flood::first_reach(t[n], depth[n], f.inundation_depth_m, false);
    if (out.node_flooded_s[n] != kNever)
      out.node_dry_s[n] = flood::last_reach(t[n], depth[n], f.inundation_depth_m, false);
  }
  // Depths differ between the ends: a segment is closed while either end is too deep. Its one
  // interval runs from the first end closing to the last end reopening (a segment that floods
  // twice counts as closed in between).
  const double limits[2] = {f.car_limit_m, f.truck_limit_m};
  for (SegmentIndex i = 0; i < g.segment_count(); ++i) {
    const RoadSegment& seg = g.segment(i);
    for (int c = 0; c < 2; ++c) {
      double close = kNever, reopen = -kNever;
      for (NodeIndex n : {seg.from, seg.to}) {
        if (n >= nodes) continue;
        const double cl = flood::first_reach(t[n], depth[n], limits[c], true);
        if (cl == kNever) continue;
        close = std::min(close, cl);
        reopen = std::max(reopen, flood::last_reach(t[n], depth[n], limits[c], true));
      }
      if (close != kNever) out.closed[c][i] = {close, reopen};
    }
  }
}

}  // namespace

double FloodTimeline::level_at(double t) const {
  if (level_time_s.empty()) return std::numeric_limits<double>::quiet_NaN();
  if (t <= level_time_s.front()) return level_m.front();
  if (t >= level_time_s.back()) return level_m.back();
  const auto k = static_cast<std::size_t>(std::upper_bound(level_time_s.begin(), level_time_s.end(), t) -
                                          level_time_s.begin());
  const double t0 = level_time_s[k - 1], t1 = level_time_s[k];
  return level_m[k - 1] + (level_m[k] - level_m[k - 1]) * (t - t0) / (t1 - t0);
}

FloodTimeline compute_flood(const Scenario& s, std::uint64_t seed, std::int64_t replication) {
  const FloodHazard& f = s.hazards.flood;
  const RoadGraph& g = s.district.roads;
  FloodTimeline out;
  out.node_flooded_s.assign(g.node_count(), kNever);
  out.node_dry_s.assign(g.node_count(), kNever);
  for (auto& c : out.closed) c.assign(g.segment_count(), {kNever, kNever});
  if (!f.enabled) return out;
  const Draws d = draw(f, seed, replication);
  switch (f.source) {
    case FloodSource::breach: breach_flood(s, d, out); break;
    case FloodSource::level_series: level_series_flood(s, out); break;
    case FloodSource::node_depths: node_depths_flood(s, out); break;
  }
  // A warning "before the breach" earlier than the start is triggered at the start.
  if (f.warning_lead_s != kNever && out.breach_s != kNever) out.warning_s = std::max(0.0, out.breach_s - f.warning_lead_s);
  if (out.warning_s != kNever) out.warning_s += d.warning_delay_s;
  return out;
}

}  // namespace readysim
