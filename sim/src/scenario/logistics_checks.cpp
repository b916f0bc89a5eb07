// check_logistics(): the `logistics` section against the depots, shelters and roads.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "readysim/suggest.hpp"
#include "readysim/units.hpp"
#include "scenario/logistics_section.hpp"

namespace readysim {

namespace {

std::string area(double m2) { return format_quantity(m2, Dimension::area); }

std::string quantity_of(double q, const ItemType& t) {
  return t.unit == "L" ? fmt::format("{:.12g} L", q) : fmt::format("{:.12g}", q);
}

void check_depot(const Depot& dp, const Logistics& l, const std::vector<std::string>& names, Diagnostics& diags) {
  struct Use {
    double m2;
    std::string text;
  };
  std::vector<Use> uses;
  double total = 0;
  for (const StockItem& it : dp.items) {
    const ItemType* t = l.find_item(it.item);
    if (!t) {
      diags.error(dp.where, fmt::format("depot '{}': item '{}' is not in the item catalogue{}; add it under "
                                        "logistics.items with its footprint, or fix the name",
                                        dp.id, it.item, did_you_mean(it.item, names)));
      continue;
    }
    const double m2 = it.quantity * t->footprint_per_unit_m2();
    total += m2;
    uses.push_back({m2, fmt::format("{} {} × {} = {}", it.item, quantity_of(it.quantity, *t),
                                    area(t->footprint_per_unit_m2()), area(m2))});
  }
  // A relative tolerance keeps a depot filled exactly to its floor from failing on rounding.
  if (total <= dp.floor_area_m2 * (1 + 1e-9)) return;
  std::stable_sort(uses.begin(), uses.end(), [](const Use& a, const Use& b) { return a.m2 > b.m2; });
  std::string largest;
  for (std::size_t i = 0; i < std::min<std::size_t>(3, uses.size()); ++i) largest += (i ? ", " : "") + uses[i].text;
  if (uses.size() > 3) largest += fmt::format(" and {} more", uses.size() - 3);
  diags.error(dp.where,
              fmt::format("depot '{}': its items need {} of floor but its floor area is {} ({}); store less, enlarge "
                          "the floor area, or correct the footprints under logistics.items",
                          dp.id, area(total), area(dp.floor_area_m2), largest));
}

}  // namespace

void check_logistics(const Scenario& s, const Logistics& l, Diagnostics& diags) {
  std::vector<std::string> names;
  for (const auto& t : l.items) names.push_back(t.name);
  for (const auto& dp : s.resources.depots) check_depot(dp, l, names, diags);

  std::vector<std::string> shelters, depots{"none"};
  for (const auto& sh : s.resources.shelters) shelters.push_back(sh.id);
  for (const auto& dp : s.resources.depots) depots.push_back(dp.id);
  std::map<std::string, SourceLocation> assigned;
  for (const auto& sd : l.shelter_depots) {
    const std::string label = fmt::format("logistics.shelter_depots.{}", sd.shelter);
    if (std::find(shelters.begin(), shelters.end(), sd.shelter) == shelters.end())
      diags.error(sd.where, fmt::format("{}: no shelter with id '{}'{}; declare it under resources.shelters or fix "
                                        "the id",
                                        label, sd.shelter, did_you_mean(sd.shelter, shelters)));
    if (std::find(depots.begin(), depots.end(), sd.depot) == depots.end())
      diags.error(sd.where, fmt::format("{}: no depot with id '{}'{}; give a depot id, or none for a shelter "
                                        "supplied from outside the district",
                                        label, sd.depot, did_you_mean(sd.depot, depots)));
    const auto [it, fresh] = assigned.emplace(sd.shelter, sd.where);
    if (!fresh)
      diags.error(sd.where, fmt::format("{}: the shelter is assigned twice (first at {}); keep one", label,
                                        to_string(it->second)));
  }

  const Resupply& rs = l.resupply;
  const RoadGraph& g = s.district.roads;
  if (!rs.enabled || rs.from_node.empty() || g.node_count() == 0) return;
  const auto from = g.find_node(rs.from_node);
  if (!from) {
    std::vector<std::string> all;
    for (NodeIndex i = 0; i < g.node_count(); ++i) all.push_back(g.node(i).id);
    diags.error(rs.from_node_where,
                fmt::format("logistics.resupply: from_node '{}' is not in the road network ({}){}; fix the id or "
                            "add the node",
                            rs.from_node, s.district.roads_description, did_you_mean(rs.from_node, all)));
    return;
  }
  const ShortestPaths sp = g.shortest_paths_from(*from);
  std::vector<std::string> cut_off;
  for (const auto& dp : s.resources.depots)
    if (!sp.reachable(dp.node)) cut_off.push_back(fmt::format("depot '{}' (node '{}')", dp.id, g.node(dp.node).id));
  if (!cut_off.empty()) {
    std::string list;
    for (std::size_t i = 0; i < std::min<std::size_t>(3, cut_off.size()); ++i) list += (i ? ", " : "") + cut_off[i];
    if (cut_off.size() > 3) list += fmt::format(" and {} more", cut_off.size() - 3);
    diags.error(rs.from_node_where,
                fmt::format("logistics.resupply: deliveries from node '{}' cannot reach {} by road; connect the "
                            "roads or start deliveries elsewhere",
                            rs.from_node, list));
  }
}

}  // namespace readysim
