#include "model/position_travel.hpp"

#include <cmath>
#include <map>
#include <string>
#include <utility>

#include "readysim/error.hpp"
#include "scenario/snap.hpp"

namespace readysim {

double node_distance_m(const RoadGraph& g, NodeIndex a, NodeIndex b) {
  const RoadNode& na = g.node(a);
  const RoadNode& nb = g.node(b);
  if (g.geographic()) return great_circle_m(na.x_m, na.y_m, nb.x_m, nb.y_m);
  return std::hypot(nb.x_m - na.x_m, nb.y_m - na.y_m);
}

bool position_routes(const Scenario& s, const std::vector<EngineUnit>& engines, const std::vector<FireSource>& sources,
                     std::vector<std::vector<Route>>& to_fire, std::vector<std::vector<Route>>& to_base) {
  const TravelModel& t = s.hazards.fire.travel;
  if (t.kind == TravelKind::roads) return false;
  const RoadGraph& g = s.district.roads;
  std::map<std::pair<std::string, NodeIndex>, double> matrix;
  for (std::size_t i = 0; i < t.seconds.size(); ++i) matrix.emplace(std::make_pair(t.stations[i], t.points[i]), t.seconds[i]);
  to_fire.clear();
  to_base.clear();
  for (const auto& e : engines) {
    const Station& st = s.resources.stations[static_cast<std::size_t>(e.station)];
    std::vector<Route> out;
    out.reserve(sources.size());
    for (const auto& src : sources) {
      Route r;
      r.length_m = node_distance_m(g, e.node, src.node);
      if (t.kind == TravelKind::kolesar) {
        r.free_time_s = t.kolesar_s(r.length_m);
      } else {
        const auto it = matrix.find({st.id, src.node});
        if (it == matrix.end())  // check_travel reports these at load; a scenario built by hand may not have
          throw ScenarioError(t.where, "hazards.fire.travel: the matrix has no time from station '" + st.id +
                                           "' to node '" + g.node(src.node).id + "'");
        r.free_time_s = it->second;
      }
      out.push_back(std::move(r));
    }
    to_base.push_back(out);
    to_fire.push_back(std::move(out));
  }
  return true;
}

}  // namespace readysim
