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

}  // namespace readysim
