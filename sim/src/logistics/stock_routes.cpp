// Which depot serves which demand. Distances are free-flow road travel times from the depot:
// supplies are planned on the map, before anyone knows which roads the water will close.
#include <fmt/format.h>

#include <optional>

#include "hazard/fire_ignitions.hpp"
#include "logistics/stock_plan.hpp"

namespace readysim {

namespace {

using Route = StockModel::Route;

struct Depots {
  const Scenario& s;
  std::vector<ShortestPaths> from;  // per depot

  explicit Depots(const Scenario& sc) : s(sc) {
    for (const auto& d : s.resources.depots) from.push_back(s.district.roads.shortest_paths_from(d.node));
  }
  [[nodiscard]] bool district(std::size_t d) const { return s.resources.depots[d].community.empty(); }

  // The depot nearest `n` among those `ok` accepts (ties: the first declared); -1 if none reaches it.
  template <class Ok>
  [[nodiscard]] std::int32_t nearest(NodeIndex n, Ok ok) const {
    std::int32_t best = -1;
    for (std::size_t d = 0; d < from.size(); ++d) {
      if (!ok(d) || !from[d].reachable(n)) continue;
      if (best < 0 || from[d].time_s[n] < from[static_cast<std::size_t>(best)].time_s[n])
        best = static_cast<std::int32_t>(d);
    }
    return best;
  }
  // The nearest district depot other than `primary`: where a supply point's shortfall is asked.
  [[nodiscard]] std::int32_t fallback(NodeIndex n, std::int32_t primary) const {
    return nearest(n, [&](std::size_t d) { return district(d) && static_cast<std::int32_t>(d) != primary; });
  }
  [[nodiscard]] Route nearest_route(NodeIndex n) const {
    const std::int32_t p = nearest(n, [](std::size_t) { return true; });
    return {p, p < 0 ? -1 : fallback(n, p)};
  }
  // A community's own supply point (the first depot declared for it), else the nearest
  // district depot, else the nearest depot of any kind.
  [[nodiscard]] Route community_route(std::size_t c) const {
    const Community& com = s.district.communities[c];
    for (std::size_t d = 0; d < from.size(); ++d)
      if (s.resources.depots[d].community == com.id)
        return {static_cast<std::int32_t>(d), fallback(com.node, static_cast<std::int32_t>(d))};
    std::int32_t p = nearest(com.node, [&](std::size_t d) { return district(d); });
    if (p < 0) p = nearest(com.node, [](std::size_t) { return true; });
    return {p, p < 0 ? -1 : fallback(com.node, p)};
  }
};

std::int32_t community_index(const Scenario& s, std::string_view id) {
  for (std::size_t c = 0; c < s.district.communities.size(); ++c)
    if (s.district.communities[c].id == id) return static_cast<std::int32_t>(c);
  return -1;
}

// The micro station that answers a fire at each source, as the fire model picks it: its
// community's for a settlement, else the nearest by road length along the fastest path.
std::vector<const Station*> answering_micro_stations(const Scenario& s, const std::vector<FireSource>& sources) {
  const RoadGraph& g = s.district.roads;
  std::vector<std::pair<const Station*, ShortestPaths>> micros;
  for (const auto& st : s.resources.stations)
    if (st.kind == StationKind::micro_fire_station) micros.emplace_back(&st, g.shortest_paths_from(st.node));
  std::vector<const Station*> out;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const std::string* community = nullptr;
    if (sources[i].dwelling) community = &s.district.settlements[i - s.district.risk_points.size()].community;
    const Station* best = nullptr;
    double best_m = 0;
    for (const auto& [m, sp] : micros) {
      if (!sp.reachable(sources[i].node)) continue;
      double length = 0;
      for (SegmentIndex seg : sp.path_to(sources[i].node, g)) length += g.segment(seg).length_m;
      if (community && m->community == *community) {
        best = m;
        break;
      }
      if (!best || length < best_m) {
        best = m;
        best_m = length;
      }
    }
    out.push_back(best);
  }
  return out;
}

}  // namespace

void build_stock_plan(const Scenario& s, const Logistics& l, StockPlanData& out) {
  out.scenario = &s;
  out.logistics = &l;
  const auto& depots = s.resources.depots;
  const std::size_t items = l.items.size();
  out.initial.assign(depots.size(), std::vector<double>(items, 0.0));
  out.listed.assign(depots.size(), std::vector<bool>(items, false));
  for (std::size_t d = 0; d < depots.size(); ++d)
    for (const StockItem& it : depots[d].items) {
      const int i = l.item_index(it.item);
      if (i < 0)
        throw ScenarioError(depots[d].where, fmt::format("depot '{}': item '{}' is not in the item catalogue",
                                                         depots[d].id, it.item));
      out.initial[d][static_cast<std::size_t>(i)] += it.quantity;
      out.listed[d][static_cast<std::size_t>(i)] = true;
    }
  out.rates.assign(std::size(kConsumptionBases), std::vector<double>(items, 0.0));
  for (const auto& c : l.consumption) {
    const int i = l.item_index(c.item);
    if (i >= 0) out.rates[static_cast<std::size_t>(c.basis)][static_cast<std::size_t>(i)] += c.quantity;
  }
  out.resupplied.assign(items, l.resupply.enabled && l.resupply.items.empty());
  for (const auto& name : l.resupply.items)
    if (const int i = l.item_index(name); i >= 0) out.resupplied[static_cast<std::size_t>(i)] = true;
  if (depots.empty()) return;

  const RoadGraph& g = s.district.roads;
  const Depots dist(s);
  out.delivery_drive_s.assign(depots.size(), 0.0);
  if (l.resupply.enabled && !l.resupply.from_node.empty()) {
    const auto from = g.find_node(l.resupply.from_node);
    if (!from)
      throw ScenarioError(l.resupply.from_node_where,
                          fmt::format("logistics.resupply: from_node '{}' is not in the road network",
                                      l.resupply.from_node));
    const ShortestPaths sp = g.shortest_paths_from(*from);
    for (std::size_t d = 0; d < depots.size(); ++d) out.delivery_drive_s[d] = sp.time_s[depots[d].node];
  }

  for (std::size_t c = 0; c < s.district.communities.size(); ++c) out.communities.push_back(dist.community_route(c));
  out.district = Route{};
  for (std::size_t d = 0; d < depots.size() && out.district.primary < 0; ++d)
    if (dist.district(d)) out.district.primary = static_cast<std::int32_t>(d);
  if (out.district.primary < 0) out.district.primary = 0;

  // Shelters: explicit assignments, else none for those outside the district, else the policy.
  std::vector<ShortestPaths> from_office;
  if (l.shelter_supply == ShelterSupply::community)
    for (const auto& c : s.district.communities) from_office.push_back(g.shortest_paths_from(c.node));
  for (const Shelter& sh : s.resources.shelters) {
    Route r = dist.nearest_route(sh.node);
    bool explicit_route = false;
    for (const auto& sd : l.shelter_depots) {
      if (sd.shelter != sh.id) continue;
      explicit_route = true;
      r = Route{};
      for (std::size_t d = 0; d < depots.size(); ++d)
        if (depots[d].id == sd.depot) r = Route{static_cast<std::int32_t>(d), dist.fallback(sh.node, static_cast<std::int32_t>(d))};
    }
    if (!explicit_route && g.node(sh.node).kind == NodeKind::external) r = Route{};
    else if (!explicit_route && l.shelter_supply == ShelterSupply::community && !from_office.empty()) {
      std::size_t best = 0;
      for (std::size_t c = 1; c < from_office.size(); ++c)
        if (from_office[c].time_s[sh.node] < from_office[best].time_s[sh.node]) best = c;
      if (from_office[best].reachable(sh.node)) r = out.communities[best];
    }
    out.shelters.push_back(r);
  }

  const std::vector<FireSource> sources = fire_sources(s);
  const std::vector<const Station*> micro = answering_micro_stations(s, sources);
  for (const Station* m : micro) {
    const std::int32_t c = m ? community_index(s, m->community) : -1;
    out.fire_sources.push_back(!m ? Route{} : c >= 0 ? out.communities[static_cast<std::size_t>(c)]
                                                     : dist.nearest_route(m->node));
  }
  for (NodeIndex n = 0; n < g.node_count(); ++n) out.nodes.push_back(dist.nearest_route(n));
}

}  // namespace readysim
