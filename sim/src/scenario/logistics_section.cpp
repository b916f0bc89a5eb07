#include "scenario/logistics_section.hpp"

#include "scenario/emit.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "readysim/suggest.hpp"
#include "readysim/units.hpp"

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

void read_items(const YAML::Node& n, YamlReader& r, Logistics& out) {
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
    if (!r.expect_map(kv.second, label, {"footprint", "per", "unit"})) continue;
    const int existing = out.item_index(name);
    ItemType t = existing >= 0 ? out.items[static_cast<std::size_t>(existing)] : ItemType{name, "piece", 0, 1, {}};
    t.where = r.at(kv.second);
    if (auto f = r.quantity(kv.second, "footprint", Dimension::area, label, existing < 0, false)) t.footprint_m2 = *f;
    if (auto p = r.number(kv.second, "per", label, false, 1e-9, 1e12)) {
      if (*p > 0) t.per = *p;
      else r.error(kv.second["per"], fmt::format("{}: 'per' must be greater than zero", label));
    }
    if (auto u = r.string(kv.second, "unit", label, false)) {
      if (std::find(kUnits.begin(), kUnits.end(), *u) == kUnits.end())
        r.error(kv.second["unit"], fmt::format("{}: unit '{}' is not known{}; use one of {}", label, *u,
                                               did_you_mean(*u, kUnits), fmt::join(kUnits, ", ")));
      else
        t.unit = *u;
    }
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

void read_resupply(const YAML::Node& n, YamlReader& r, Logistics& out) {
  Resupply& rs = out.resupply;
  rs.enabled = true;
  rs.where = r.at(n);
  if (n.IsNull()) return;
  const std::string what = "logistics.resupply";
  if (!r.expect_map(n, what, {"lead_time", "from_node", "reorder_at", "order_up_to", "items"})) return;
  if (auto d = r.distribution(n, "lead_time", Dimension::duration, what, false)) rs.lead_time = *d;
  if (auto f = r.string(n, "from_node", what, false)) {
    rs.from_node = *f;
    rs.from_node_where = r.at(n["from_node"]);
  }
  if (auto v = r.number(n, "reorder_at", what, false, 0, 1)) rs.reorder_at = *v;
  if (auto v = r.number(n, "order_up_to", what, false, 0, 100)) rs.order_up_to = *v;
  if (rs.order_up_to <= rs.reorder_at)
    r.error(n, fmt::format("{}: order_up_to ({}) must be above reorder_at ({}), or no order would restock the depot",
                           what, rs.order_up_to, rs.reorder_at));
  if (const YAML::Node items = n["items"]) {
    if (r.expect_list(items, what + ".items"))
      for (const auto& it : items)
        if (const ItemType* t = known_item(it, r, out, what + ".items")) rs.items.push_back(t->name);
  }
}

}  // namespace

void read_logistics_section(const YAML::Node& n, YamlReader& r, Logistics& out) {
  out = default_logistics();
  if (!n || n.IsNull()) return;
  out.where = r.at(n);
  const std::string what = "logistics";
  if (!r.expect_map(n, what,
                    {"items", "consumption", "issue_interval", "shelter_supply", "shelter_depots", "resupply"}))
    return;
  if (const YAML::Node items = n["items"]) read_items(items, r, out);
  if (const YAML::Node c = n["consumption"]) read_consumption(c, r, out);
  if (auto v = r.quantity(n, "issue_interval", Dimension::duration, what, false, true)) out.issue_interval_s = *v;
  if (auto v = r.string(n, "shelter_supply", what, false)) {
    const std::vector<std::string> options{"nearest", "community"};
    if (*v == "nearest") out.shelter_supply = ShelterSupply::nearest;
    else if (*v == "community") out.shelter_supply = ShelterSupply::community;
    else
      r.error(n["shelter_supply"], fmt::format("{}: shelter_supply must be nearest or community, got '{}'{}", what,
                                               *v, did_you_mean(*v, options)));
  }
  if (const YAML::Node sd = n["shelter_depots"]) {
    if (!sd.IsMap()) {
      r.error(sd, "logistics.shelter_depots must be a mapping from shelter id to depot id (or none)");
    } else {
      for (const auto& kv : sd) {
        if (!kv.second.IsScalar()) {
          r.error(kv.second, fmt::format("logistics.shelter_depots.{}: give a depot id or none", kv.first.Scalar()));
          continue;
        }
        out.shelter_depots.push_back(ShelterDepot{kv.first.Scalar(), kv.second.Scalar(), r.at(kv.first)});
      }
    }
  }
  if (const YAML::Node rs = n["resupply"]) read_resupply(rs, r, out);
}

namespace {

std::string number(double v) { return fmt::format("{:.12g}", v); }

}  // namespace

void emit_logistics_yaml(YAML::Emitter& out, const Logistics& l) {
  out << YAML::Key << "logistics" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "items" << YAML::Value << YAML::BeginMap;
  for (const auto& t : l.items) {
    out << YAML::Key << t.name << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "footprint" << YAML::Value << format_quantity(t.footprint_m2, Dimension::area);
    if (t.per != 1) out << YAML::Key << "per" << YAML::Value << number(t.per);
    out << YAML::Key << "unit" << YAML::Value << t.unit << YAML::EndMap;
  }
  out << YAML::EndMap;
  out << YAML::Key << "consumption" << YAML::Value << YAML::BeginMap;
  for (ConsumptionBasis b : kConsumptionBases) {
    out << YAML::Key << std::string(consumption_basis_key(b)) << YAML::Value << YAML::Flow << YAML::BeginMap;
    for (const auto& c : l.consumption)
      if (c.basis == b) out << YAML::Key << c.item << YAML::Value << number(c.quantity);
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
  out << YAML::Key << "issue_interval" << YAML::Value << format_quantity(l.issue_interval_s, Dimension::duration);
  out << YAML::Key << "shelter_supply" << YAML::Value
      << (l.shelter_supply == ShelterSupply::community ? "community" : "nearest");
  if (!l.shelter_depots.empty()) {
    out << YAML::Key << "shelter_depots" << YAML::Value << YAML::Flow << YAML::BeginMap;
    for (const auto& sd : l.shelter_depots) out << YAML::Key << sd.shelter << YAML::Value << sd.depot;
    out << YAML::EndMap;
  }
  if (l.resupply.enabled) {
    const Resupply& rs = l.resupply;
    out << YAML::Key << "resupply" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "lead_time" << YAML::Value;
    emit_distribution(out, rs.lead_time, Dimension::duration);
    if (!rs.from_node.empty()) out << YAML::Key << "from_node" << YAML::Value << rs.from_node;
    out << YAML::Key << "reorder_at" << YAML::Value << number(rs.reorder_at);
    out << YAML::Key << "order_up_to" << YAML::Value << number(rs.order_up_to);
    if (!rs.items.empty()) {
      out << YAML::Key << "items" << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (const auto& it : rs.items) out << it;
      out << YAML::EndSeq;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
}

}  // namespace readysim
