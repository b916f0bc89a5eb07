#include "model/flood_closures.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <tuple>

namespace readysim {

void spawn_flood_closures(const FloodTimeline& flood, RoadState& road, const Platform& platform, double t0,
                          double horizon_s, std::int64_t& events) {
  struct Change {
    double t;
    SegmentIndex segment;
    VehicleClass cls;
    bool close;
  };
  std::vector<Change> changes;
  for (int c = 0; c < 2; ++c)
    for (SegmentIndex s = 0; s < flood.closed[c].size(); ++s) {
      const auto [close, reopen] = flood.closed[c][s];
      if (close <= horizon_s) changes.push_back({close, s, static_cast<VehicleClass>(c), true});
      if (close <= horizon_s && reopen <= horizon_s) changes.push_back({reopen, s, static_cast<VehicleClass>(c), false});
    }
  if (changes.empty()) return;
  std::sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) {
    return std::tie(a.t, a.segment, a.cls, a.close) < std::tie(b.t, b.segment, b.cls, b.close);
  });
  simgrid::s4u::Actor::create("flood", platform.host(0), [changes = std::move(changes), &road, t0, &events] {
    for (const Change& c : changes) {
      if (t0 + c.t > simgrid::s4u::Engine::get_clock()) {
        simgrid::s4u::this_actor::sleep_until(t0 + c.t);
        ++events;
      }
      road.set_closed(c.segment, c.cls, c.close);
    }
  });
}

bool flooded_by(const FloodTimeline& flood, NodeIndex n, double t, double horizon_s) {
  if (n >= flood.node_flooded_s.size()) return false;
  const double flooded = flood.node_flooded_s[n];
  return flooded <= t && flooded <= horizon_s;
}

void spawn_node_floods(const FloodTimeline& flood, const std::vector<NodeIndex>& nodes, const Platform& platform,
                       double t0, double horizon_s, std::int64_t& events, std::function<void(NodeIndex)> on_flooded) {
  std::vector<std::pair<double, NodeIndex>> floods;
  for (NodeIndex n : nodes)
    if (n < flood.node_flooded_s.size() && flood.node_flooded_s[n] <= horizon_s)
      floods.emplace_back(flood.node_flooded_s[n], n);
  if (floods.empty()) return;
  std::stable_sort(floods.begin(), floods.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  simgrid::s4u::Actor::create("node_floods", platform.host(0),
                              [floods = std::move(floods), on_flooded = std::move(on_flooded), t0, &events] {
                                for (const auto& [t, n] : floods) {
                                  if (t0 + t > simgrid::s4u::Engine::get_clock()) {
                                    simgrid::s4u::this_actor::sleep_until(t0 + t);
                                    ++events;
                                  }
                                  on_flooded(n);
                                }
                              });
}

}  // namespace readysim
