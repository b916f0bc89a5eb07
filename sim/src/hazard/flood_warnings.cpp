// Places the scenario's flood can reach (readysim/flood_warnings.hpp): here, beside compute_flood,
// because the highest level of a breach is the level pool's (hazard/flood_model.hpp), and
// scenario/ stands on a floor below hazard/.
#include "readysim/flood_warnings.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "hazard/flood_model.hpp"
#include "readysim/flood.hpp"

namespace readysim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool in_polder(const RoadGraph& g, NodeIndex n) { return g.node(n).kind != NodeKind::external; }

// The upper end of a draw; the 99.9th percentile when it has none.
double upper(const Distribution& d) {
  const double top = d.quantile(1.0);
  return std::isfinite(top) ? top : d.quantile(0.999);
}

// Per node: the highest depth over the node's given series (node_depths), 0 when none.
std::vector<double> highest_depths(const Scenario& s) {
  const RoadGraph& g = s.district.roads;
  std::vector<double> out(g.node_count(), 0.0);
  const auto& series = s.hazards.flood.node_depth_series;
  for (NodeIndex n = 0; n < std::min(g.node_count(), series.size()); ++n)
    for (const auto& [t, depth] : series[n]) out[n] = std::max(out[n], depth);
  return out;
}

std::string metres(double m) { return fmt::format("{:.2f} m", m); }

struct Place {
  std::string what;  // "shelter 'school_jizhen' (name)"
  NodeIndex node;
  SourceLocation where;
  std::string consequence;
};

std::string label(const char* kind, const std::string& id, const std::string& name) {
  if (name.empty() || name == id) return fmt::format("{} '{}'", kind, id);
  return fmt::format("{} '{}' ({})", kind, id, name);
}

std::vector<Place> places(const Scenario& s) {
  std::vector<Place> out;
  for (const auto& sh : s.resources.shelters)
    out.push_back({label("shelter", sh.id, sh.name), sh.node, sh.where,
                   "once its node floods readysim admits nobody more there (groups on their way go on to another shelter) and counts the people inside as stranded, not safe (it does not move them)"});
  for (const auto& st : s.resources.stations)
    out.push_back({label("station", st.id, st.name), st.node, st.where,
                   st.engines > 0 ? "once its node floods readysim cuts its engines off for the rest of the replication (an idle "
                                   "engine cannot leave; one out on a call is held there once back)"
                                 : "once its node floods readysim no longer sends it (a fire it would have reached first "
                                   "waits for an engine)"});
  for (const auto& d : s.resources.depots)
    out.push_back({label("depot", d.id, d.name), d.node, d.where, "once its node floods readysim cuts its stock off for the rest of the replication (demands go to the depot behind it, if any, and what that lacks is short)"});
  for (const auto& c : s.district.communities)
    out.push_back({label("community office", c.id, c.name), c.node, c.where,
                   "its staff would muster in the water once it floods; readysim still musters them there"});
  // Staff and vehicle bases given by their own node (not a station's or an office's, warned above).
  std::vector<NodeIndex> named;
  for (const auto& p : out) named.push_back(p.node);
  std::map<NodeIndex, std::pair<std::vector<std::string>, SourceLocation>> bases;
  const auto add_base = [&](NodeIndex n, const std::string& id, const SourceLocation& where) {
    if (std::find(named.begin(), named.end(), n) != named.end()) return;
    auto [it, fresh] = bases.try_emplace(n);
    if (fresh) it->second.second = where;
    it->second.first.push_back(id);
  };
  for (const auto& sp : s.resources.staff)
    if (sp.home && sp.station.empty()) add_base(*sp.home, sp.id, sp.where);
  for (const auto& v : s.resources.vehicles)
    if (v.station.empty()) add_base(v.base, v.id, v.where);
  for (const auto& [node, b] : bases)
    out.push_back({fmt::format("staff base '{}' ({})", s.district.roads.node(node).id, fmt::join(b.first, ", ")),
                   node, b.second, "the people and vehicles based there would muster in the water once it floods; readysim still musters them there"});
  return out;
}

}  // namespace

double flood_highest_level_m(const Scenario& s) {
  const FloodHazard& f = s.hazards.flood;
  if (!f.enabled) return kNaN;
  switch (f.source) {
    case FloodSource::level_series: {
      double top = kNaN;
      for (const auto& [t, h] : f.level_series) top = std::isnan(top) ? h : std::max(top, h);
      return top;
    }
    case FloodSource::node_depths: return kNaN;
    case FloodSource::breach: break;
  }
  const RoadGraph& g = s.district.roads;
  std::vector<double> z;
  for (NodeIndex n = 0; n < g.node_count(); ++n)
    if (in_polder(g, n) && !std::isnan(g.node(n).elevation_m)) z.push_back(g.node(n).elevation_m);
  if (z.empty() || !(f.polder_area_m2 > 0)) return kNaN;
  const flood::StageStorage pool(z, f.polder_area_m2 / static_cast<double>(z.size()));
  flood::BreachInflow in;
  in.constant = f.hydrograph == FloodHydrograph::constant;
  in.peak_m3_per_s = upper(f.peak_inflow);
  in.duration_s = upper(f.inflow_duration);
  return pool.level(in.inflow_volume());
}

std::vector<Diagnostic> flood_ground_warnings(const Scenario& s) {
  std::vector<Diagnostic> out;
  const FloodHazard& f = s.hazards.flood;
  if (!f.enabled) return out;
  const RoadGraph& g = s.district.roads;
  const bool depths = f.source == FloodSource::node_depths;
  const std::vector<double> depth = depths ? highest_depths(s) : std::vector<double>{};
  const double level = depths ? kNaN : flood_highest_level_m(s);
  if (!depths && std::isnan(level)) return out;
  const char* fix = "move it to higher ground, raise it (and its node's elevation_m), or accept that it floods";
  for (const Place& p : places(s)) {
    const RoadNode& node = g.node(p.node);
    if (!in_polder(g, p.node)) continue;
    if (depths) {
      if (!(depth[p.node] > 0)) continue;
      out.push_back({p.where, fmt::format("{} stands at node '{}', where the flood's given depths reach {} (inundation "
                                          "from {}): {}; {}",
                                          p.what, node.id, metres(depth[p.node]), metres(f.inundation_depth_m),
                                          p.consequence, fix)});
      continue;
    }
    if (std::isnan(node.elevation_m) || !(node.elevation_m < level)) continue;
    out.push_back({p.where, fmt::format("{} stands at node '{}', ground {}, below the highest water level the flood "
                                        "can reach, {} ({} deep): {}; {}",
                                        p.what, node.id, metres(node.elevation_m), metres(level),
                                        metres(level - node.elevation_m), p.consequence, fix)});
  }
  return out;
}

}  // namespace readysim
