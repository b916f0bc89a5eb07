#include "scenario/logistics_section.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "readysim/suggest.hpp"
#include "readysim/units.hpp"
#include "scenario/entity_fields.hpp"

namespace readysim {

namespace {

const std::vector<std::string> kUnits{"piece", "pair", "kit", "bag", "L", "ration", "set", "box", "pallet"};

std::vector<std::string> item_names(const Logistics& l) {
  std::vector<std::string> names;
  for (const auto& it : l.items) names.push_back(it.name);
  return names;
}

// A catalogue item named by a scalar node; reports an unknown name with a did-you-mean.
const ItemType* known_item(const YAML::Node& n, YamlReader& r, const Logistics& l, std::string_view what) {
  const std::string name = n.IsScalar() ? n.Scalar() : std::string();
  if (const ItemType* t = l.find_item(name)) return t;
  r.error(n, fmt::format("{}: item '{}' is not in the item catalogue{}; add it under logistics.items with its "
                         "footprint, or fix the name",
                         what, name, did_you_mean(name, item_names(l))));
  return nullptr;
}

// The keys of one catalogue item (`logistics.items.<name>`). `footprint` is read by hand in
// read_items (required only for an item the catalogue does not have yet).
const Section<ItemType>& item_section() {
  static const Section<ItemType> kSection{{
      custom_field<ItemType>("footprint", "area", "required for a new item",
                             "floor that `per` units take as stored (stacked, with a share of aisle)", {},
                             [](YAML::Emitter& out, const Scenario&, const ItemType& t) {
                               out << format_quantity(t.footprint_m2, Dimension::area);
                             }),
      custom_field<ItemType>(
          "per", "number > 0", "`1`",
          "units the footprint is for: a pallet or bale (`{footprint: 1.2 m2, per: 1000, unit: L}`)",
          [](SectionContext& c, const YAML::Node& n, const std::string& label, ItemType& t) {
            if (auto p = c.r.number(n, "per", label, false, 1e-9, 1e12)) {
              if (*p > 0) t.per = *p;
              else c.r.error(n["per"], fmt::format("{}: 'per' must be greater than zero", label));
            }
          },
          [](YAML::Emitter& out, const Scenario&, const ItemType& t) { out << fmt::format("{:.12g}", t.per); })
          .when([](const ItemType& t) { return t.per != 1; }),
      custom_field<ItemType>(
          "unit", fmt::format("`{}`", fmt::join(kUnits, "` \\| `")), "`piece`",
          "what a quantity of 1 is; depot quantities and consumption rates count in it",
          [](SectionContext& c, const YAML::Node& n, const std::string& label, ItemType& t) {
            if (auto u = c.r.string(n, "unit", label, false)) {
              if (std::find(kUnits.begin(), kUnits.end(), *u) == kUnits.end())
                c.r.error(n["unit"], fmt::format("{}: unit '{}' is not known{}; use one of {}", label, *u,
                                                 did_you_mean(*u, kUnits), fmt::join(kUnits, ", ")));
              else
                t.unit = *u;
            }
          },
          [](YAML::Emitter& out, const Scenario&, const ItemType& t) { out << t.unit; }),
  }};
  return kSection;
}

void read_items(const YAML::Node& n, SectionContext& c, Logistics& out) {
  YamlReader& r = c.r;
  if (!n.IsMap()) {
    r.error(n, "logistics.items must be a mapping from item name to {footprint, per, unit}");
    return;
  }
  std::set<std::string> seen;
  for (const auto& kv : n) {
    const std::string name = kv.first.IsScalar() ? kv.first.Scalar() : "";
    const std::string label = fmt::format("logistics.items.{}", name);
    if (name.empty() || !seen.insert(name).second) {
      r.error(kv.first, fmt::format("{}: each item is declared once, with a non-empty name", label));
      continue;
    }
    if (!r.expect_map(kv.second, label, item_section().keys())) continue;
    const int existing = out.item_index(name);
    ItemType t = existing >= 0 ? out.items[static_cast<std::size_t>(existing)] : ItemType{name, "piece", 0, 1, {}};
    t.where = r.at(kv.second);
    if (auto f = r.quantity(kv.second, "footprint", Dimension::area, label, existing < 0, false)) t.footprint_m2 = *f;
    item_section().read(c, kv.second, label, t);
    if (existing >= 0) out.items[static_cast<std::size_t>(existing)] = t;
    else out.items.push_back(t);
  }
}

// A rate in the item's unit: a plain number, or for litre items also a volume with its unit.
std::optional<double> read_rate(const YAML::Node& v, YamlReader& r, const ItemType& t, const std::string& label) {
  double x = 0;
  if (v.IsScalar() && YAML::convert<double>::decode(v, x) && std::isfinite(x)) {
    if (x >= 0) return x;
    r.error(v, fmt::format("{} must not be negative, got {}", label, x));
    return std::nullopt;
  }
  if (t.unit == "L") {
    if (auto m3 = r.quantity_node(v, Dimension::volume, label, false)) return *m3 * 1000.0;
    return std::nullopt;
  }
  r.error(v, fmt::format("{} must be a plain number of {} (the item's unit), got '{}'", label, t.unit,
                         v.IsScalar() ? v.Scalar() : "a collection"));
  return std::nullopt;
}

void read_consumption(const YAML::Node& n, YamlReader& r, Logistics& out) {
  std::vector<std::string> keys;
  for (ConsumptionBasis b : kConsumptionBases) keys.emplace_back(consumption_basis_key(b));
  if (!r.expect_map(n, "logistics.consumption", keys)) return;
  for (ConsumptionBasis b : kConsumptionBases) {
    const YAML::Node rates = n[std::string(consumption_basis_key(b))];
    if (!rates) continue;
    const std::string bl = fmt::format("logistics.consumption.{}", consumption_basis_key(b));
    std::erase_if(out.consumption, [&](const ConsumptionRate& c) { return c.basis == b; });
    if (rates.IsNull()) continue;
    if (!rates.IsMap()) {
      r.error(rates, fmt::format("{} must be a mapping from item to quantity, e.g. {{drinking_water: 15 L}}", bl));
      continue;
    }
    for (const auto& kv : rates) {
      const ItemType* t = known_item(kv.first, r, out, bl);
      if (!t) continue;
      if (auto q = read_rate(kv.second, r, *t, fmt::format("{}.{}", bl, t->name)))
        out.consumption.push_back(ConsumptionRate{b, t->name, *q, r.at(kv.first)});
    }
  }
}

using L = Logistics;

void read_resupply_items(SectionContext& c, const YAML::Node& n, const std::string& what, L& out) {
  const YAML::Node items = n["items"];
  if (!items || !c.r.expect_list(items, what + ".items")) return;
  for (const auto& it : items)
    if (const ItemType* t = known_item(it, c.r, out, what + ".items")) out.resupply.items.push_back(t->name);
}

const Section<L>& resupply_section() {
  static const Section<L> kSection{{
      nested(&L::resupply, distribution_field("lead_time", &Resupply::lead_time, Dimension::duration,
                                              "order to dispatch (the drive is added)")),
      custom_field<L>(
          "from_node", kNodeType, "none (no drive)", "where deliveries start, e.g. the city",
          [](SectionContext& c, const YAML::Node& n, const std::string& what, L& out) {
            if (n["from_node"] && n["from_node"].IsMap()) {
              if (auto idx = c.snap_position(n["from_node"], "from_node", what)) {
                out.resupply.from_node = c.s.district.roads.node(*idx).id;
                out.resupply.from_node_where = c.r.at(n["from_node"]);
              }
            } else if (auto f = c.r.string(n, "from_node", what, false)) {
              out.resupply.from_node = *f;
              out.resupply.from_node_where = c.r.at(n["from_node"]);
            }
          },
          [](YAML::Emitter& out, const Scenario&, const L& l) { out << l.resupply.from_node; })
          .when([](const L& l) { return !l.resupply.from_node.empty(); }),
      nested(&L::resupply, number_field("reorder_at", &Resupply::reorder_at, 0, 1,
                                        "order when stock + on order ≤ this share of the initial stock", false)
                               .with_type("number 0–1")),
      nested(&L::resupply, number_field("order_up_to", &Resupply::order_up_to, 0, 100,
                                        "order back up to this share of the initial stock", false)
                               .with_type("number > `reorder_at`, ≤ 100")),
      check_field<L>([](SectionContext& c, const YAML::Node& n, const std::string& what, L& out) {
        const Resupply& rs = out.resupply;
        if (rs.order_up_to <= rs.reorder_at)
          c.r.error(n, fmt::format("{}: order_up_to ({}) must be above reorder_at ({}), or no order would restock "
                                   "the depot",
                                   what, rs.order_up_to, rs.reorder_at));
      }),
      custom_field<L>("items", "list of items", "every item", "items resupplied", read_resupply_items,
                      [](YAML::Emitter& out, const Scenario&, const L& l) {
                        out << YAML::Flow << YAML::BeginSeq;
                        for (const auto& it : l.resupply.items) out << it;
                        out << YAML::EndSeq;
                      })
          .when([](const L& l) { return !l.resupply.items.empty(); }),
  }};
  return kSection;
}

std::string number(double v) { return fmt::format("{:.12g}", v); }

const Section<L>& section() {
  static const Section<L> kSection{{
      custom_field<L>("items", "mapping name → `{footprint, per, unit}`", "the catalogue below",
                      "adds items or changes default ones (keys given replace those of a default item; a new item "
                      "needs `footprint`)",
                      [](SectionContext& c, const YAML::Node& n, const std::string&, L& out) {
                        if (const YAML::Node items = n["items"]) read_items(items, c, out);
                      },
                      [](YAML::Emitter& out, const Scenario& s, const L& l) {
                        out << YAML::BeginMap;
                        for (const auto& t : l.items) {
                          out << YAML::Key << t.name << YAML::Value << YAML::Flow << YAML::BeginMap;
                          item_section().emit(out, s, t);
                          out << YAML::EndMap;
                        }
                        out << YAML::EndMap;
                      }),
      custom_field<L>("consumption", "mapping basis → `{item: quantity}`", "see below",
                      "units of each item used per unit of the basis; a basis given replaces all its defaults (`{}` "
                      "turns it off)",
                      [](SectionContext& c, const YAML::Node& n, const std::string&, L& out) {
                        if (const YAML::Node cn = n["consumption"]) read_consumption(cn, c.r, out);
                      },
                      [](YAML::Emitter& out, const Scenario&, const L& l) {
                        out << YAML::BeginMap;
                        for (ConsumptionBasis b : kConsumptionBases) {
                          out << YAML::Key << std::string(consumption_basis_key(b)) << YAML::Value << YAML::Flow
                              << YAML::BeginMap;
                          for (const auto& cr : l.consumption)
                            if (cr.basis == b) out << YAML::Key << cr.item << YAML::Value << number(cr.quantity);
                          out << YAML::EndMap;
                        }
                        out << YAML::EndMap;
                      }),
      quantity_field("issue_interval", &L::issue_interval_s, Dimension::duration, true,
                     "per-day items are issued for this long at a time: on arrival and every interval after, up to "
                     "the horizon"),
      choice_field<L, ShelterSupply>("shelter_supply", &L::shelter_supply,
                                     {{"nearest", ShelterSupply::nearest}, {"community", ShelterSupply::community}},
                                     false,
                                     "a shelter draws on the depot nearest it by road, or on the supply point of the "
                                     "community whose office is nearest it"),
      custom_field<L>(
          "shelter_depots", "mapping shelter id → depot id or `none`", "`{}`",
          "explicit assignments; `none`: supplied from outside the district",
          [](SectionContext& c, const YAML::Node& n, const std::string&, L& out) {
            const YAML::Node sd = n["shelter_depots"];
            if (!sd) return;
            if (!sd.IsMap()) {
              c.r.error(sd, "logistics.shelter_depots must be a mapping from shelter id to depot id (or none)");
              return;
            }
            for (const auto& kv : sd) {
              if (!kv.second.IsScalar()) {
                c.r.error(kv.second,
                          fmt::format("logistics.shelter_depots.{}: give a depot id or none", kv.first.Scalar()));
                continue;
              }
              out.shelter_depots.push_back(ShelterDepot{kv.first.Scalar(), kv.second.Scalar(), c.r.at(kv.first)});
            }
          },
          [](YAML::Emitter& out, const Scenario&, const L& l) {
            out << YAML::Flow << YAML::BeginMap;
            for (const auto& sd : l.shelter_depots) out << YAML::Key << sd.shelter << YAML::Value << sd.depot;
            out << YAML::EndMap;
          })
          .when([](const L& l) { return !l.shelter_depots.empty(); }),
      custom_field<L>(
          "resupply", "mapping, see below", "absent: no resupply", "deliveries from the city",
          [](SectionContext& c, const YAML::Node& n, const std::string&, L& out) {
            const YAML::Node rs = n["resupply"];
            if (!rs) return;
            out.resupply.enabled = true;
            out.resupply.where = c.r.at(rs);
            if (rs.IsNull()) return;
            resupply_section().read_map(c, rs, "logistics.resupply", out);
          },
          [](YAML::Emitter& out, const Scenario& s, const L& l) {
            out << YAML::BeginMap;
            resupply_section().emit(out, s, l);
            out << YAML::EndMap;
          })
          .when([](const L& l) { return l.resupply.enabled; }),
  }};
  return kSection;
}


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

namespace {

void read_logistics(SectionContext& c, const YAML::Node& n, Logistics& out) {
  out = default_logistics();
  if (!n || n.IsNull()) return;
  out.where = c.r.at(n);
  section().read_map(c, n, "logistics", out);
}

}  // namespace

void read_logistics_section(const YAML::Node& n, YamlReader& r, Logistics& out) {
  Scenario scratch;  // the section refers to nothing else of the scenario while it is read
  Diagnostics unused;
  SectionContext c(r, unused, scratch);
  read_logistics(c, n, out);
}

void emit_logistics_yaml(YAML::Emitter& out, const Logistics& l) {
  out << YAML::Key << "logistics" << YAML::Value << YAML::BeginMap;
  section().emit(out, Scenario{}, l);
  out << YAML::EndMap;
}

Field<Scenario> logistics_field() {
  return custom_field<Scenario>(
      "logistics", "mapping", "defaults", "item catalogue, consumption, which depot serves what, resupply",
      [](SectionContext& c, const YAML::Node& root, const std::string&, Scenario& s) {
        read_logistics(c, root["logistics"], s.logistics);
      },
      [](YAML::Emitter& out, const Scenario& s, const Scenario&) {
        out << YAML::BeginMap;
        section().emit(out, s, s.logistics);
        out << YAML::EndMap;
      });
}

void add_logistics_reference(std::vector<ReferenceTable>& out) {
  out.push_back({"logistics", section().table(default_logistics())});
  out.push_back({"logistics.items", item_section().table(ItemType{})});
  out.push_back({"logistics.resupply", resupply_section().table(default_logistics())});
}


}  // namespace readysim
