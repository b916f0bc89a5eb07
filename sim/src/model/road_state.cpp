#include "model/road_state.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <limits>

namespace readysim {

namespace {
constexpr std::int32_t kMaxReplans = 64;
constexpr double kToken = 1e-6;  // vehicles carried on non-bottleneck hops
}  // namespace

RoadState::RoadState(const RoadGraph& roads, const Platform& platform, std::int64_t& events)
    : roads_(roads),
      platform_(platform),
      events_(events),
      closed_{ClosureSet(roads.segment_count()), ClosureSet(roads.segment_count())},
      load_(roads.segment_count(), 0.0) {}

void RoadState::set_closed(SegmentIndex s, VehicleClass cls, bool closed) {
  ClosureSet& set = closed_[static_cast<int>(cls)];
  if (closed) {
    set.close(s);
    any_closed_ = true;
  } else {
    set.reopen(s);
  }
  if (cls == VehicleClass::truck) platform_.set_link(s, !closed);
}

ShortestPaths RoadState::paths_from(NodeIndex from, VehicleClass cls) const {
  std::vector<double> queue_s(load_.size());
  for (SegmentIndex s = 0; s < load_.size(); ++s) queue_s[s] = load_[s] / roads_.segment(s).capacity_vps;
  return roads_.shortest_paths_from(from, &closed_[static_cast<int>(cls)], &queue_s);
}

std::vector<SegmentIndex> RoadState::route(NodeIndex from, NodeIndex to, VehicleClass cls) const {
  const ShortestPaths sp = paths_from(from, cls);
  if (!sp.reachable(to)) return {};
  return sp.path_to(to, roads_);
}

RoadState::Trip RoadState::drive(NodeIndex from, NodeIndex to, VehicleClass cls, double vehicles,
                                 const std::vector<SegmentIndex>* planned) {
  Trip trip{from == to, from, 0};
  const ClosureSet& closed = closed_[static_cast<int>(cls)];
  std::vector<SegmentIndex> path;
  const bool planned_open = planned != nullptr && (!any_closed_ || std::none_of(planned->begin(), planned->end(),
                                                                               [&](SegmentIndex s) {
                                                                                 return closed.is_closed(s);
                                                                               }));
  path = planned_open ? *planned : route(from, to, cls);
  // The platoon pays S/B once, on the lowest capacity it meets; after a re-plan only a still
  // lower capacity ahead charges it again.
  double charged_capacity = std::numeric_limits<double>::infinity();
  std::size_t bottleneck = path.size();
  const auto find_bottleneck = [&] {
    bottleneck = path.size();
    double lowest = charged_capacity;
    for (std::size_t k = 0; k < path.size(); ++k) {
      const double c = roads_.segment(platform_.routed(path[k])).capacity_vps;
      if (c < lowest) {
        lowest = c;
        bottleneck = k;
      }
    }
  };
  find_bottleneck();
  std::size_t i = 0;
  while (trip.at != to) {
    if (i >= path.size() || closed.is_closed(path[i])) {
      if (++trip.replans > kMaxReplans) return trip;
      path = route(trip.at, to, cls);
      i = 0;
      if (path.empty()) return trip;  // cut off: no open route is left
      find_bottleneck();
      continue;
    }
    const SegmentIndex seg = path[i];
    load_[seg] += vehicles;
    const bool passed = platform_.hop(seg, i == bottleneck ? vehicles : kToken);
    if (passed && i == bottleneck) charged_capacity = roads_.segment(platform_.routed(seg)).capacity_vps;
    load_[seg] -= vehicles;
    ++events_;
    if (!passed) {  // the water rose under it: still at the start of the hop
      path.clear();
      continue;
    }
    trip.at = roads_.segment(seg).to;
    ++i;
  }
  trip.arrived = true;
  return trip;
}

RoadState::Trip RoadState::walk(NodeIndex from, NodeIndex to, double speed_mps) {
  Trip trip{from == to, from, 0};
  const ClosureSet& closed = closed_[static_cast<int>(VehicleClass::car)];
  std::vector<SegmentIndex> path = route(from, to, VehicleClass::car);
  std::size_t i = 0;
  while (trip.at != to) {
    if (i >= path.size() || closed.is_closed(path[i])) {
      if (++trip.replans > kMaxReplans) return trip;
      path = route(trip.at, to, VehicleClass::car);
      i = 0;
      if (path.empty()) return trip;
      continue;
    }
    simgrid::s4u::this_actor::sleep_for(roads_.segment(path[i]).length_m / speed_mps);
    ++events_;
    trip.at = roads_.segment(path[i]).to;
    ++i;
  }
  trip.arrived = true;
  return trip;
}

}  // namespace readysim
