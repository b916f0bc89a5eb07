#include "model/fire_world.hpp"

#include "model/staff_board.hpp"

#include <fmt/format.h>

#include <map>

#include "readysim/engine_units.hpp"
#include "readysim/error.hpp"

namespace readysim {

namespace {

Route route(const RoadGraph& g, const ShortestPaths& sp, NodeIndex to) {
  Route r;
  if (!sp.reachable(to)) return r;  // validation guarantees reachability for stations
  r.segments = sp.path_to(to, g);
  r.free_time_s = sp.time_s[to];
  for (SegmentIndex s : r.segments) r.length_m += g.segment(s).length_m;
  return r;
}

}  // namespace

FireWorld::FireWorld(const Scenario& s) : scenario(s), sources(fire_sources(s)) {
  const RoadGraph& g = s.district.roads;
  const auto& stations = s.resources.stations;
  for (const EngineUnitName& e : engine_units(s)) {
    const Station& st = stations[static_cast<std::size_t>(e.station)];
    if (crews.empty() || crews.back().station != e.station)  // a crew per station with engines
      crews.push_back(CrewGroup{e.station, st.crew_per_engine, eligible_pools(s, StaffTask::engine_crew, {}, st.id)});
    engines.push_back(EngineUnit{e.station, st.node, static_cast<std::int32_t>(crews.size() - 1)});
  }

  std::map<NodeIndex, ShortestPaths> from;  // shortest paths from each node we start at, once
  const auto paths_from = [&](NodeIndex n) -> const ShortestPaths& {
    auto it = from.find(n);
    if (it == from.end()) it = from.emplace(n, g.shortest_paths_from(n)).first;
    return it->second;
  };
  for (const auto& e : engines) {
    std::vector<Route> out, back;
    for (const auto& src : sources) {
      out.push_back(route(g, paths_from(e.node), src.node));
      back.push_back(route(g, paths_from(src.node), e.node));
      if (!paths_from(e.node).reachable(src.node) || !paths_from(src.node).reachable(e.node))
        throw ScenarioError(stations[static_cast<std::size_t>(e.station)].where,
                            fmt::format("station '{}' cannot reach fire source at node '{}' and back by road",
                                        stations[static_cast<std::size_t>(e.station)].id, g.node(src.node).id));
    }
    to_fire.push_back(std::move(out));
    to_base.push_back(std::move(back));
  }

  // The micro station that answers a fire: its community's for a settlement, else the nearest.
  std::vector<const Station*> micros;
  for (const auto& st : stations)
    if (st.kind == StationKind::micro_fire_station) micros.push_back(&st);
  for (std::size_t i = 0; i < sources.size(); ++i) {
    std::optional<double> best;
    const std::string* community = nullptr;
    if (sources[i].dwelling) {
      const std::size_t settlement = i - s.district.risk_points.size();
      community = &s.district.settlements[settlement].community;
    }
    for (const Station* m : micros) {
      const ShortestPaths& sp = paths_from(m->node);
      if (!sp.reachable(sources[i].node)) continue;
      const double t = route(g, sp, sources[i].node).length_m / s.hazards.fire.micro.speed_mps;
      if (community && m->community == *community) {
        best = t;
        break;
      }
      if (!best || t < *best) best = t;
    }
    micro_travel_s.push_back(best);
    from_mutual_aid.push_back(s.district.mutual_aid_node ? route(g, paths_from(*s.district.mutual_aid_node),
                                                                 sources[i].node)
                                                         : Route{});
  }
}

}  // namespace readysim
