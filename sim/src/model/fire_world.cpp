#include "model/fire_world.hpp"

#include "model/position_travel.hpp"
#include "model/staff_board.hpp"

#include <fmt/format.h>

#include <algorithm>

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

  // Travel from positions (hazards.fire.travel) instead of the roads: no searches.
  by_position = position_routes(s, engines, sources, to_fire, to_base);
  // Routes between every engine's station and every fire source, both ways. One search from
  // each distinct node, kept only while its routes are read out (holding every tree would cost
  // a node-sized table per station and per source); searches from a source stop once every
  // station is settled, and give exactly the routes of a full search.
  std::vector<NodeIndex> station_nodes, source_nodes;
  for (const auto& e : engines) station_nodes.push_back(e.node);
  for (const auto& src : sources) source_nodes.push_back(src.node);
  const auto distinct = [](std::vector<NodeIndex> v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
  };
  const std::vector<NodeIndex> stations_at = distinct(station_nodes), sources_at = distinct(source_nodes);
  const auto slot = [](const std::vector<NodeIndex>& at, NodeIndex n) {
    return static_cast<std::size_t>(std::lower_bound(at.begin(), at.end(), n) - at.begin());
  };
  std::vector<std::vector<Route>> out_of(stations_at.size()), back_from(sources_at.size());
  std::vector<std::vector<char>> out_ok(stations_at.size()), back_ok(sources_at.size());
  for (std::size_t k = 0; !by_position && k < stations_at.size(); ++k) {
    const ShortestPaths sp = g.shortest_paths_to(stations_at[k], sources_at);
    for (const NodeIndex n : sources_at) {
      out_of[k].push_back(route(g, sp, n));
      out_ok[k].push_back(sp.reachable(n) ? 1 : 0);
    }
  }
  for (std::size_t k = 0; !by_position && k < sources_at.size(); ++k) {
    const ShortestPaths sp = g.shortest_paths_to(sources_at[k], stations_at);
    for (const NodeIndex n : stations_at) {
      back_from[k].push_back(route(g, sp, n));
      back_ok[k].push_back(sp.reachable(n) ? 1 : 0);
    }
  }
  for (const auto& e : engines) {
    if (by_position) break;  // position_routes gave them
    std::vector<Route> out, back;
    const std::size_t at = slot(stations_at, e.node);
    for (const auto& src : sources) {
      const std::size_t from = slot(sources_at, src.node);
      out.push_back(out_of[at][from]);
      back.push_back(back_from[from][at]);
      if (out_ok[at][from] == 0 || back_ok[from][at] == 0)
        throw ScenarioError(stations[static_cast<std::size_t>(e.station)].where,
                            fmt::format("station '{}' cannot reach fire source at node '{}' and back by road",
                                        stations[static_cast<std::size_t>(e.station)].id, g.node(src.node).id));
    }
    to_fire.push_back(std::move(out));
    to_base.push_back(std::move(back));
  }
  out_of.clear();
  back_from.clear();

  // The micro station that answers a fire: its community's for a settlement, else the nearest.
  std::vector<const Station*> micros;
  std::vector<std::vector<std::optional<double>>> micro_length;  // [micro][source slot]: route length
  for (const auto& st : stations)
    if (st.kind == StationKind::micro_fire_station) {
      micros.push_back(&st);
      const ShortestPaths sp = g.shortest_paths_to(st.node, sources_at);
      auto& lengths = micro_length.emplace_back();
      for (const NodeIndex n : sources_at)
        lengths.push_back(sp.reachable(n) ? std::optional<double>(route(g, sp, n).length_m) : std::nullopt);
    }
  std::optional<ShortestPaths> aid;
  if (s.district.mutual_aid_node) aid = g.shortest_paths_to(*s.district.mutual_aid_node, sources_at);
  for (std::size_t i = 0; i < sources.size(); ++i) {
    std::optional<double> best;
    NodeIndex best_node = 0;
    const std::string* community = nullptr;
    // A settlement's dwellings belong to its community; a logged incident (appended after the
    // settlements by add_logged_sources) belongs to none, so no micro station is its own.
    const std::size_t first_settlement = s.district.risk_points.size();
    if (sources[i].dwelling && i >= first_settlement && i - first_settlement < s.district.settlements.size())
      community = &s.district.settlements[i - first_settlement].community;
    for (std::size_t k = 0; k < micros.size(); ++k) {
      const Station* m = micros[k];
      const std::optional<double>& length = micro_length[k][slot(sources_at, sources[i].node)];
      if (!length) continue;
      const double t = *length / s.hazards.fire.micro.speed_mps;
      if (community && m->community == *community) {
        best = t;
        best_node = m->node;
        break;
      }
      if (!best || t < *best) {
        best = t;
        best_node = m->node;
      }
    }
    micro_travel_s.push_back(best);
    micro_node.push_back(best_node);
    from_mutual_aid.push_back(aid ? route(g, *aid, sources[i].node) : Route{});
  }
}

}  // namespace readysim
