#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "readysim/road_import.hpp"
#include "readysim/scenario.hpp"
#include "readysim/suggest.hpp"
#include "readysim/units.hpp"
#include "readysim/yaml_reader.hpp"
#include "scenario/evacuation_section.hpp"
#include "scenario/fire_section.hpp"
#include "scenario/flood_section.hpp"
#include "scenario/logistics_section.hpp"
#include "scenario/scenario_checks.hpp"
#include "scenario/staffing_section.hpp"

namespace readysim {

namespace {

// Reads one scenario file into a Scenario, collecting every problem.
class Loader {
 public:
  Loader(const std::string& path, Diagnostics& diags) : r_(path, diags), diags_(diags) { s_.path = path; }

  YamlReader& reader() { return r_; }

  Scenario load(const YAML::Node& root) {
    if (!r_.expect_map(root, "scenario",
                       {"district", "horizon", "resources", "hazards", "policies", "evacuation", "logistics", "staffing",
                        "run"}))
      return std::move(s_);
    district(root["district"], root);
    if (root["horizon"]) {
      if (auto h = r_.quantity(root, "horizon", Dimension::duration, "scenario", false, true)) s_.horizon_s = *h;
    }
    resources(root["resources"]);
    hazards(root["hazards"]);
    policies(root["policies"]);
    read_evacuation_section(root["evacuation"], r_, s_.evacuation);
    read_logistics_section(root["logistics"], r_, s_.logistics);
    read_staffing_section(root["staffing"], r_, s_.staffing);
    if (!root["staffing"]) s_.staffing.where = SourceLocation{s_.path, 0, 0};
    for (auto& sh : s_.resources.shelters)
      sh.capacity = static_cast<int>(sh.floor_area_m2 / s_.evacuation.area_per_person_m2);
    run(root["run"]);
    if (roads_ok_) check_scenario(s_, diags_);
    check_logistics(s_, s_.logistics, diags_);
    check_staffing(s_, diags_);
    return std::move(s_);
  }

 private:
  // Registers an id of some entity kind; reports a duplicate with the first declaration's line.
  bool claim_id(const std::string& kind, const std::string& id, const YAML::Node& where) {
    auto& ids = ids_[kind];
    const auto [it, fresh] = ids.emplace(id, r_.at(where));
    if (!fresh) {
      r_.error(where, fmt::format("duplicate {} id '{}' (first declared at {}); ids must be unique", kind, id,
                                  to_string(it->second)));
    }
    return fresh;
  }

  // The road node named by `key` in `map`; reports a missing node with a did-you-mean.
  std::optional<NodeIndex> node_ref(const YAML::Node& map, const char* key, std::string_view what, bool required) {
    const auto id = r_.string(map, key, what, required);
    if (!id || !roads_ok_) return std::nullopt;
    if (auto n = s_.district.roads.find_node(*id)) return n;
    std::vector<std::string> all;
    for (NodeIndex i = 0; i < s_.district.roads.node_count(); ++i) all.push_back(s_.district.roads.node(i).id);
    r_.error(map[key], fmt::format("{}: node '{}' is not in the road network ({}){}; fix the id or add the node",
                                   what, *id, s_.district.roads_description, did_you_mean(*id, all)));
    return std::nullopt;
  }

  // The id of an entity of `kind` named by `key` (checked against those declared so far).
  std::optional<std::string> entity_ref(const YAML::Node& map, const char* key, const std::string& kind,
                                        std::string_view what, bool required) {
    const auto id = r_.string(map, key, what, required);
    if (!id) return std::nullopt;
    const auto& ids = ids_[kind];
    if (ids.count(*id)) return id;
    std::vector<std::string> all;
    for (const auto& [k, _] : ids) all.push_back(k);
    r_.error(map[key], fmt::format("{}: no {} with id '{}'{}; declare it or fix the id", what, kind, *id,
                                   did_you_mean(*id, all)));
    return std::nullopt;
  }

  std::string entity_label(const char* kind, const YAML::Node& item, std::size_t index) {
    const YAML::Node id = item.IsMap() ? item["id"] : YAML::Node();
    if (id && id.IsScalar()) return fmt::format("{} '{}'", kind, id.Scalar());
    return fmt::format("{} #{}", kind, index + 1);
  }

  // Calls `each(item, label)` for every mapping in the list under `map[key]`.
  template <class F>
  void for_each_item(const YAML::Node& map, const char* key, const char* kind, const std::vector<std::string>& allowed,
                     F each) {
    const YAML::Node list = map[key];
    if (!list || list.IsNull()) return;
    if (!r_.expect_list(list, fmt::format("'{}'", key))) return;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const YAML::Node item = list[i];
      const std::string label = entity_label(kind, item, i);
      if (!r_.expect_map(item, label, allowed)) continue;
      const auto id = r_.string(item, "id", label, true);
      if (id && !claim_id(kind, *id, item["id"])) continue;
      each(item, label, id.value_or(""));
    }
  }

  void district(const YAML::Node& d, const YAML::Node& root) {
    if (!d) {
      r_.error(root, "scenario: missing required section 'district' (name and roads)");
      return;
    }
    if (!r_.expect_map(d, "district",
                       {"name", "local_name", "roads", "communities", "settlements", "risk_points", "mutual_aid_node"}))
      return;
    s_.district.name = r_.string(d, "name", "district", true).value_or("");
    s_.district.local_name = r_.string(d, "local_name", "district", false).value_or("");
    roads(d);
    for_each_item(d, "communities", "community", {"id", "name", "kind", "node"},
                  [&](const YAML::Node& c, const std::string& label, const std::string& id) {
                    Community out{id, r_.string(c, "name", label, false).value_or(id), CommunityKind::sub_district, 0,
                                  r_.at(c)};
                    if (auto k = r_.string(c, "kind", label, false)) {
                      if (*k == "market_town") out.kind = CommunityKind::market_town;
                      else if (*k != "sub_district")
                        r_.error(c["kind"], fmt::format("{}: kind must be sub_district or market_town, got '{}'", label, *k));
                    }
                    const auto node = node_ref(c, "node", label, true);
                    out.node = node.value_or(0);
                    s_.district.communities.push_back(out);
                  });
    for_each_item(d, "settlements", "settlement", {"id", "name", "community", "node", "population", "households"},
                  [&](const YAML::Node& c, const std::string& label, const std::string& id) {
                    Settlement out{id, r_.string(c, "name", label, false).value_or(id), "", 0, 0, 0, r_.at(c)};
                    out.community = entity_ref(c, "community", "community", label, true).value_or("");
                    out.node = node_ref(c, "node", label, true).value_or(0);
                    out.population = static_cast<int>(r_.integer(c, "population", label, true, 1).value_or(0));
                    const long long dflt = std::llround(out.population / 2.8);
                    out.households = static_cast<int>(r_.integer(c, "households", label, false, 1).value_or(dflt));
                    s_.district.settlements.push_back(out);
                  });
    for_each_item(d, "risk_points", "risk point", {"id", "name", "node", "level", "occupancy", "ignition_rate"},
                  [&](const YAML::Node& c, const std::string& label, const std::string& id) {
                    RiskPoint out{id, r_.string(c, "name", label, false).value_or(id), 0, RiskLevel::blue,
                                  r_.string(c, "occupancy", label, false).value_or("industrial"), std::nullopt, r_.at(c)};
                    out.node = node_ref(c, "node", label, true).value_or(0);
                    out.ignition_rate_per_s = r_.quantity(c, "ignition_rate", Dimension::rate, label, false, false);
                    if (auto lv = r_.string(c, "level", label, true)) {
                      static const std::vector<std::string> kLevels{"red", "orange", "yellow", "blue"};
                      const auto it = std::find(kLevels.begin(), kLevels.end(), *lv);
                      if (it == kLevels.end())
                        r_.error(c["level"], fmt::format("{}: level must be red, orange, yellow or blue (重大/较大/一般/低), "
                                                         "got '{}'{}", label, *lv, did_you_mean(*lv, kLevels)));
                      else
                        out.level = static_cast<RiskLevel>(it - kLevels.begin());
                    }
                    s_.district.risk_points.push_back(out);
                  });
    if (d["mutual_aid_node"]) s_.district.mutual_aid_node = node_ref(d, "mutual_aid_node", "district", false);
  }

  void roads(const YAML::Node& d) {
    const YAML::Node roads = d["roads"];
    if (!roads) {
      r_.error(d, "district: missing required key 'roads' ({nodes: nodes.csv, segments: roads.csv})");
      return;
    }
    if (!r_.expect_map(roads, "district.roads",
                       {"nodes", "segments", "tntp_net", "tntp_nodes", "time_unit", "length_unit", "capacity_unit"}))
      return;
    Diagnostics road_diags;
    if (roads["tntp_net"]) {
      TntpUnits u;
      u.time_unit_s = r_.quantity(roads, "time_unit", Dimension::duration, "district.roads", false, true).value_or(60.0);
      u.length_unit_m =
          r_.quantity(roads, "length_unit", Dimension::length, "district.roads", false, true).value_or(1609.344);
      u.capacity_unit_vps =
          r_.quantity(roads, "capacity_unit", Dimension::flow, "district.roads", false, true).value_or(1.0 / 3600);
      const auto net = r_.string(roads, "tntp_net", "district.roads", true);
      const auto nodes = r_.string(roads, "tntp_nodes", "district.roads", false);
      if (!net) return;
      s_.district.roads_description = fmt::format("tntp: {}", *net);
      s_.district.roads_source = {{"tntp_net", absolute(*net)},
                                  {"time_unit", format_quantity(u.time_unit_s, Dimension::duration)},
                                  {"length_unit", format_quantity(u.length_unit_m, Dimension::length)},
                                  {"capacity_unit", format_quantity(u.capacity_unit_vps, Dimension::flow)}};
      if (nodes) s_.district.roads_source.emplace_back("tntp_nodes", absolute(*nodes));
      s_.district.roads = load_roads_tntp(r_.resolve(*net), nodes ? r_.resolve(*nodes) : "", u, road_diags);
    } else {
      const auto nodes = r_.string(roads, "nodes", "district.roads", true);
      const auto segs = r_.string(roads, "segments", "district.roads", true);
      if (!nodes || !segs) return;
      s_.district.roads_description = fmt::format("{}, {}", *nodes, *segs);
      s_.district.roads_source = {{"nodes", absolute(*nodes)}, {"segments", absolute(*segs)}};
      s_.district.roads = load_roads_csv(r_.resolve(*nodes), r_.resolve(*segs), road_diags);
    }
    diags_.merge(road_diags);
    roads_ok_ = road_diags.ok() && s_.district.roads.node_count() > 0;
  }

  std::string absolute(const std::string& relative) const {
    return std::filesystem::absolute(r_.resolve(relative)).lexically_normal().string();
  }

  void resources(const YAML::Node& res) {
    if (!res || res.IsNull()) return;
    if (!r_.expect_map(res, "resources", {"stations", "depots", "staff", "vehicles", "teams", "shelters"})) return;
    auto& out = s_.resources;
    for_each_item(res, "shelters", "shelter", {"id", "name", "node", "floor_area", "staffed"},
                  [&](const YAML::Node& c, const std::string& label, const std::string& id) {
                    Shelter sh;
                    sh.id = id;
                    sh.name = r_.string(c, "name", label, false).value_or(id);
                    sh.where = r_.at(c);
                    sh.node = node_ref(c, "node", label, true).value_or(0);
                    sh.floor_area_m2 = r_.quantity(c, "floor_area", Dimension::area, label, true, true).value_or(0);
                    sh.staffed = r_.boolean(c, "staffed", label, false).value_or(true);
                    out.shelters.push_back(sh);
                  });
    for_each_item(res, "stations", "station",
                  {"id", "name", "kind", "node", "community", "engines", "crew_per_engine", "turnout"},
                  [&](const YAML::Node& c, const std::string& label, const std::string& id) {
                    Station st;
                    st.id = id;
                    st.name = r_.string(c, "name", label, false).value_or(id);
                    st.where = r_.at(c);
                    if (auto k = r_.string(c, "kind", label, true)) {
                      static const std::vector<std::string> kKinds{"fire_brigade", "micro_fire_station", "rescue_point"};
                      const auto it = std::find(kKinds.begin(), kKinds.end(), *k);
                      if (it == kKinds.end())
                        r_.error(c["kind"], fmt::format("{}: kind must be fire_brigade, micro_fire_station or "
                                                        "rescue_point, got '{}'{}", label, *k, did_you_mean(*k, kKinds)));
                      else
                        st.kind = static_cast<StationKind>(it - kKinds.begin());
                    }
                    st.node = node_ref(c, "node", label, true).value_or(0);
                    st.community = entity_ref(c, "community", "community", label, false).value_or("");
                    st.engines = static_cast<int>(r_.integer(c, "engines", label, false, 0).value_or(0));
                    st.crew_per_engine = static_cast<int>(r_.integer(c, "crew_per_engine", label, false, 1).value_or(4));
                    if (auto t = r_.distribution(c, "turnout", Dimension::duration, label, false)) st.turnout = *t;
                    out.stations.push_back(st);
                  });
    for_each_item(res, "depots", "depot", {"id", "name", "node", "community", "floor_area", "items"},
                  [&](const YAML::Node& c, const std::string& label, const std::string& id) {
                    Depot dp;
                    dp.id = id;
                    dp.name = r_.string(c, "name", label, false).value_or(id);
                    dp.where = r_.at(c);
                    dp.node = node_ref(c, "node", label, true).value_or(0);
                    dp.community = entity_ref(c, "community", "community", label, false).value_or("");
                    dp.floor_area_m2 = r_.quantity(c, "floor_area", Dimension::area, label, true, true).value_or(0);
                    const YAML::Node items = c["items"];
                    if (items && r_.expect_list(items, fmt::format("{}: 'items'", label))) {
                      std::set<std::string> seen;
                      for (std::size_t i = 0; i < items.size(); ++i) {
                        const std::string il = fmt::format("{} item #{}", label, i + 1);
                        if (!r_.expect_map(items[i], il, {"item", "quantity"})) continue;
                        auto name = r_.string(items[i], "item", il, true);
                        auto qty = r_.number(items[i], "quantity", il, true, 0.0, 1e12);
                        if (name && !seen.insert(*name).second)
                          r_.error(items[i], fmt::format("{}: item '{}' is listed twice; add the quantities", label, *name));
                        else if (name && qty)
                          dp.items.push_back(StockItem{*name, *qty});
                      }
                    }
                    out.depots.push_back(dp);
                  });
    for_each_item(res, "staff", "staff pool",
                  {"id", "name", "role", "count", "full_time", "station", "community", "node", "on_duty_share",
                   "on_duty_share_holiday", "callback_delay"},
                  [&](const YAML::Node& c, const std::string& label, const std::string& id) {
                    StaffPool sp;
                    sp.id = id;
                    sp.where = r_.at(c);
                    sp.name = r_.string(c, "name", label, false).value_or(id);
                    sp.role = r_.string(c, "role", label, true).value_or("");
                    // 0 is allowed: a pool a sizing study may fill ("none yet").
                    sp.count = static_cast<int>(r_.integer(c, "count", label, true, 0).value_or(0));
                    sp.full_time = r_.boolean(c, "full_time", label, false).value_or(true);
                    sp.station = entity_ref(c, "station", "station", label, false).value_or("");
                    sp.community = entity_ref(c, "community", "community", label, false).value_or("");
                    if (c["node"]) {
                      sp.home = node_ref(c, "node", label, false);
                    } else if (const Station* st = s_.find_station(sp.station)) {
                      sp.home = st->node;
                    } else if (const Community* cm = s_.find_community(sp.community)) {
                      sp.home = cm->node;
                    }
                    read_on_duty(c, r_, label, sp);
                    if (auto d = r_.distribution(c, "callback_delay", Dimension::duration, label, false))
                      sp.callback_delay = *d;
                    out.staff.push_back(sp);
                  });
    for_each_item(res, "vehicles", "vehicle pool", {"id", "kind", "count", "station", "node", "speed"},
                  [&](const YAML::Node& c, const std::string& label, const std::string& id) {
                    VehiclePool vp;
                    vp.id = id;
                    vp.where = r_.at(c);
                    vp.kind = r_.string(c, "kind", label, true).value_or("");
                    vp.count = static_cast<int>(r_.integer(c, "count", label, true, 1).value_or(0));
                    vp.station = entity_ref(c, "station", "station", label, false).value_or("");
                    if (c["node"]) {
                      vp.base = node_ref(c, "node", label, false).value_or(0);
                    } else if (!vp.station.empty()) {
                      if (const Station* st = s_.find_station(vp.station)) vp.base = st->node;
                    } else if (!c["station"]) {
                      r_.error(c, fmt::format("{}: give 'station' or 'node' to say where the vehicles are kept", label));
                    }
                    vp.speed_mps = r_.quantity(c, "speed", Dimension::speed, label, false, true).value_or(0.0);
                    out.vehicles.push_back(vp);
                  });
    if (const YAML::Node t = res["teams"])
      r_.error(t, "resources.teams: rescue teams are staff pools now, so that one pool serves fire and flood; "
                  "write each team under resources.staff as {id: …, name: …, role: rescue_team (the district team) "
                  "or community_team, count: <members>, community: …}");
  }

  void hazards(const YAML::Node& h) {
    if (!h || h.IsNull()) return;
    if (!r_.expect_map(h, "hazards", {"fire", "flood"})) return;
    if (h["fire"]) read_fire_section(h["fire"], r_, s_.hazards.fire);
    if (const YAML::Node f = h["flood"]) {
      if (roads_ok_)
        read_flood_section(f, r_, s_.district.roads, s_.hazards.flood);
      else
        s_.hazards.flood.enabled = true;  // its node references cannot be checked without roads
    }
  }

  void policies(const YAML::Node& p) {
    s_.policies.where = SourceLocation{s_.path, 0, 0};
    if (!p || p.IsNull()) return;
    s_.policies.where = r_.at(p);
    if (!r_.expect_map(p, "policies", {"dispatch", "queue", "no_engine_free"})) return;
    const auto choice = [&](const char* key, std::string& out, const std::vector<std::string>& options) {
      const auto v = r_.string(p, key, "policies", false);
      if (!v) return;
      if (std::find(options.begin(), options.end(), *v) == options.end())
        r_.error(p[key], fmt::format("policies: {} '{}' is not known{}; use {}", key, *v, did_you_mean(*v, options),
                                     fmt::join(options, " or ")));
      else
        out = *v;
    };
    choice("dispatch", s_.policies.dispatch, {"nearest_free_engine"});
    choice("queue", s_.policies.queue, {"fifo"});
    choice("no_engine_free", s_.policies.no_engine_free, {"queue", "mutual_aid"});
  }

  void run(const YAML::Node& rn) {
    if (!rn || rn.IsNull()) return;
    if (!r_.expect_map(rn, "run", {"replications", "seed"})) return;
    s_.run.replications = static_cast<int>(r_.integer(rn, "replications", "run", false, 1).value_or(s_.run.replications));
    s_.run.seed = static_cast<std::uint64_t>(r_.integer(rn, "seed", "run", false, 0).value_or(static_cast<long long>(s_.run.seed)));
  }

  YamlReader r_;
  Diagnostics& diags_;
  Scenario s_;
  bool roads_ok_ = false;
  std::map<std::string, std::map<std::string, SourceLocation>> ids_;
};

}  // namespace

namespace {

// Applies one override to the document; walks mappings by key and lists by item id (or, for a
// depot's stock, by item name). The new
// value is registered with the reader, so errors in it point at the override, not the file.
void apply_override(YAML::Node root, const ScenarioOverride& o, const std::string& file, YamlReader& reader) {
  const SourceLocation where{fmt::format("--set {}", o.path), 0, 0};
  std::vector<std::string> parts;
  for (std::size_t at = 0;;) {
    const auto dot = o.path.find('.', at);
    parts.push_back(o.path.substr(at, dot == std::string::npos ? std::string::npos : dot - at));
    if (dot == std::string::npos) break;
    at = dot + 1;
  }
  YAML::Node value;
  try {
    value = YAML::Load(o.value);
  } catch (const YAML::ParserException& e) {
    throw ScenarioError(where, fmt::format("the value '{}' is not valid YAML: {}", o.value, e.msg));
  }
  YAML::Node node = root;
  std::string walked;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& key = parts[i];
    if (key.empty()) throw ScenarioError(where, "empty path segment; write a.b.c");
    const bool last = i + 1 == parts.size();
    if (node.IsSequence()) {
      YAML::Node found;
      bool has = false;
      std::vector<std::string> ids;
      for (std::size_t k = 0; k < node.size(); ++k) {
        // Items are named by `id`, a depot's stock by `item` (items.drinking_water.quantity).
        YAML::Node id;
        if (node[k].IsMap()) id.reset(node[k]["id"] ? node[k]["id"] : node[k]["item"]);
        if (id && id.IsScalar()) {
          ids.push_back(id.Scalar());
          if (id.Scalar() == key && !has) {
            found.reset(node[k]);
            has = true;
          }
        }
      }
      if (!has)
        throw ScenarioError(where, fmt::format("{} has no item with id '{}'{} (in {})", walked, key,
                                               did_you_mean(key, ids), file));
      if (last) throw ScenarioError(where, "an override replaces a value inside an item, not a whole item");
      node.reset(found);
    } else if (node.IsMap()) {
      if (last) {
        node[key] = value;
        reader.mark_override(node[key], fmt::format("--set {}={}", o.path, o.value));
        return;
      }
      const YAML::Node child = node[key];
      if (!child) {
        std::vector<std::string> keys;
        for (const auto& kv : node) keys.push_back(kv.first.Scalar());
        throw ScenarioError(where, fmt::format("{} has no '{}'{} (in {})", walked.empty() ? "the scenario" : walked,
                                               key, did_you_mean(key, keys), file));
      }
      node.reset(child);
    } else {
      throw ScenarioError(where, fmt::format("{} is a single value; it has no '{}'", walked, key));
    }
    walked += (walked.empty() ? "" : ".") + key;
  }
}

}  // namespace

Scenario load_scenario(const std::string& path) { return load_scenario(path, {}); }

Scenario load_scenario(const std::string& path, const std::vector<ScenarioOverride>& overrides) {
  Diagnostics diags;
  if (!std::filesystem::is_regular_file(path)) {
    throw ScenarioError(SourceLocation{path, 0, 0}, "cannot open scenario file: no such file");
  }
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::ParserException& e) {
    throw ScenarioError(SourceLocation{path, e.mark.line + 1, e.mark.column + 1},
                        fmt::format("YAML syntax error: {}", e.msg));
  } catch (const YAML::BadFile&) {
    throw ScenarioError(SourceLocation{path, 0, 0}, "cannot open scenario file");
  }
  if (!root || root.IsNull()) throw ScenarioError(SourceLocation{path, 1, 1}, "the scenario file is empty");
  Loader loader(path, diags);
  for (const auto& o : overrides) apply_override(root, o, path, loader.reader());
  Scenario s = loader.load(root);
  if (!diags.ok()) throw ScenarioError(diags.items());
  return s;
}

}  // namespace readysim
