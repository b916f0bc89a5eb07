#include "scenario/resources_section.hpp"

#include <fmt/ranges.h>

#include <algorithm>
#include <set>

#include "readysim/crew_warnings.hpp"
#include "readysim/engine_units.hpp"
#include "scenario/entity_fields.hpp"

namespace readysim {

std::string_view station_kind_name(StationKind k) {
  switch (k) {
    case StationKind::fire_brigade: return "fire_brigade";
    case StationKind::micro_fire_station: return "micro_fire_station";
    case StationKind::rescue_point: return "rescue_point";
  }
  return "?";
}

const Station* Scenario::find_station(std::string_view id) const {
  for (const auto& st : resources.stations)
    if (st.id == id) return &st;
  return nullptr;
}

namespace {

// A string key that must be given.
template <class E>
Field<E> required_string(const char* key, std::string E::*m, std::string meaning) {
  return string_field(key, m, true, std::move(meaning));
}

// A whole number that must be given.
template <class E>
Field<E> required_integer(const char* key, int E::*m, long long min, std::string dflt, std::string meaning) {
  return custom_field<E>(
      key, "integer", std::move(dflt), std::move(meaning),
      [key, m, min](SectionContext& c, const YAML::Node& item, const std::string& label, E& out) {
        out.*m = static_cast<int>(c.r.integer(item, key, label, true, min).value_or(0));
      },
      [m](YAML::Emitter& out, const Scenario&, const E& v) { out << v.*m; });
}

const Section<Shelter>& shelters() {
  static const Section<Shelter> kSection{{
      id_field<Shelter>(),
      name_field<Shelter>(),
      node_field("node", &Shelter::node, "its road node"),
      quantity_field("floor_area", &Shelter::floor_area_m2, Dimension::area, true,
                     "usable floor area; capacity = floor area / `evacuation.area_per_person`", true),
      boolean_field("staffed", &Shelter::staffed,
                    "district staff manage it (`staffing.shelter_management`); `false`: run by others (the city)")
          .when([](const Shelter& v) { return !v.staffed; }),
  }};
  return kSection;
}

const Section<Station>& stations() {
  static const Section<Station> kSection{{
      id_field<Station>(),
      name_field<Station>(),
      choice_field<Station, StationKind>("kind", &Station::kind,
                                         {{"fire_brigade", StationKind::fire_brigade},
                                          {"micro_fire_station", StationKind::micro_fire_station},
                                          {"rescue_point", StationKind::rescue_point}},
                                         true, "what it is"),
      node_field("node", &Station::node, "its road node"),
      ref_field("community", "community", &Station::community, false, "none",
                "the community it serves (micro stations)"),
      integer_field("engines", &Station::engines, 0, "fire engines based here"),
      integer_field("crew_per_engine", &Station::crew_per_engine, 1, "people an engine must leave with (R18)"),
      distribution_field("turnout", &Station::turnout, Dimension::duration, "alarm to wheels rolling"),
  }};
  return kSection;
}

void read_depot_items(SectionContext& c, const YAML::Node& item, const std::string& label, Depot& dp) {
  const YAML::Node items = item["items"];
  if (!items || !c.r.expect_list(items, fmt::format("{}: 'items'", label))) return;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string il = fmt::format("{} item #{}", label, i + 1);
    if (!c.r.expect_map(items[i], il, {"item", "quantity"})) continue;
    auto name = c.r.string(items[i], "item", il, true);
    auto qty = c.r.number(items[i], "quantity", il, true, 0.0, 1e12);
    if (name && !seen.insert(*name).second)
      c.r.error(items[i], fmt::format("{}: item '{}' is listed twice; add the quantities", label, *name));
    else if (name && qty)
      dp.items.push_back(StockItem{*name, *qty});
  }
}

const Section<Depot>& depots() {
  static const Section<Depot> kSection{{
      id_field<Depot>(),
      name_field<Depot>(),
      node_field("node", &Depot::node, "its road node"),
      ref_field("community", "community", &Depot::community, false, "none (district depot)",
                "the community it serves"),
      quantity_field("floor_area", &Depot::floor_area_m2, Dimension::area, true, "floor area", true),
      custom_field<Depot>("items", "list of `{item, quantity}`", "`[]`",
                          "what it holds (`quantity` ≥ 0, in the item's unit)", read_depot_items,
                          [](YAML::Emitter& out, const Scenario&, const Depot& v) {
                            out << YAML::Flow << YAML::BeginSeq;
                            for (const auto& it : v.items)
                              out << YAML::BeginMap << YAML::Key << "item" << YAML::Value << it.item << YAML::Key
                                  << "quantity" << YAML::Value << it.quantity << YAML::EndMap;
                            out << YAML::EndSeq;
                          }),
  }};
  return kSection;
}

// A share (the same every hour) or a list of 24 shares under `key`.
std::optional<DutyRoster> read_roster(const YAML::Node& pool, const char* key, YamlReader& r, const std::string& what) {
  const YAML::Node n = pool[key];
  if (!n) return std::nullopt;
  DutyRoster out{};
  if (n.IsSequence()) {
    if (n.size() != 24) {
      r.error(n, fmt::format("{}: {} as a roster must list 24 shares, hour 0 (midnight to 1 am) to hour 23; it has {}",
                             what, key, n.size()));
      return std::nullopt;
    }
    for (std::size_t h = 0; h < 24; ++h) {
      double v = -1;
      try {
        v = n[h].as<double>();
      } catch (const YAML::Exception&) {
      }
      if (!(v >= 0 && v <= 1)) {
        r.error(n[h], fmt::format("{}: {}[{}] (hour {}:00) must be a share between 0 and 1, got '{}'", what, key, h,
                                  h, n[h].IsScalar() ? n[h].Scalar() : "a list or map"));
        continue;
      }
      out[h] = v;
    }
    return out;
  }
  const auto v = r.number(pool, key, what, false, 0.0, 1.0);
  if (!v) return std::nullopt;
  out.fill(*v);
  return out;
}

// A roster as one number when it is the same every hour, else the 24 shares.
void emit_roster(YAML::Emitter& out, const DutyRoster& r) {
  if (std::all_of(r.begin(), r.end(), [&](double v) { return v == r[0]; })) {
    out << r[0];
    return;
  }
  out << YAML::Flow << YAML::BeginSeq;
  for (double v : r) out << v;
  out << YAML::EndSeq;
}

const Section<StaffPool>& staff() {
  static const Section<StaffPool> kSection{{
      id_field<StaffPool>(),
      name_field<StaffPool>("display name (may be Chinese)").when([](const StaffPool& v) { return v.name != v.id; }),
      required_string("role", &StaffPool::role,
                      "`firefighter`, `rescue_team` (the district team, R4), `community_team` (R11), `militia`, "
                      "`driver`, `emergency_office`, `emergency_manager`, `inspector`…"),
      // 0 is allowed: a pool a sizing study may fill ("none yet").
      required_integer("count", &StaffPool::count, 0, "required, `≥ 0`",
                       "people (`0`: a pool a sizing study may fill)"),
      boolean_field("full_time", &StaffPool::full_time, "full-time (专职) or part-time"),
      ref_field("station", "station", &StaffPool::station, false, "none", "station they work from"),
      ref_field("community", "community", &StaffPool::community, false, "none (district)",
                "community they belong to"),
      custom_field<StaffPool>(
          "node", kNodeType, "the station's node, else the community office's",
          "where they muster; tasks elsewhere add the free-flow drive from here",
          [](SectionContext& c, const YAML::Node& item, const std::string& label, StaffPool& sp) {
            if (item["node"]) {
              sp.home = c.node_ref(item, "node", label, false);
            } else if (const Station* st = c.s.find_station(sp.station)) {
              sp.home = st->node;
            } else if (const Community* cm = c.s.find_community(sp.community)) {
              sp.home = cm->node;
            }
          },
          [](YAML::Emitter& out, const Scenario& s, const StaffPool& v) { out << s.district.roads.node(*v.home).id; })
          .when([](const StaffPool& v) { return v.home.has_value(); }),
      custom_field<StaffPool>(
          "on_duty_share", "number 0–1, or a list of 24", "`1`",
          "share on duty (reachable at once); a list is a roster by hour of day, hour 0 = midnight to 1 am "
          "(replications start at midnight)",
          [](SectionContext& c, const YAML::Node& item, const std::string& label, StaffPool& sp) {
            if (auto roster = read_roster(item, "on_duty_share", c.r, label)) sp.on_duty_by_hour = *roster;
          },
          [](YAML::Emitter& out, const Scenario&, const StaffPool& v) { emit_roster(out, v.on_duty_by_hour); }),
      custom_field<StaffPool>(
          "on_duty_share_holiday", "number 0–1, or a list of 24", "`on_duty_share`",
          "the same on the days `staffing.holidays` lists (Spring Festival: part-timers at home, or away)",
          [](SectionContext& c, const YAML::Node& item, const std::string& label, StaffPool& sp) {
            sp.on_holiday = read_roster(item, "on_duty_share_holiday", c.r, label);
          },
          [](YAML::Emitter& out, const Scenario&, const StaffPool& v) { emit_roster(out, *v.on_holiday); })
          .when([](const StaffPool& v) { return v.on_holiday.has_value(); }),
      distribution_field("callback_delay", &StaffPool::callback_delay, Dimension::duration,
                         "delay for off-duty staff to report"),
  }};
  return kSection;
}

const Section<VehiclePool>& vehicles() {
  static const Section<VehiclePool> kSection{{
      id_field<VehiclePool>(),
      required_string("kind", &VehiclePool::kind, "`fire_engine`, `transport`, `bus`, `boat`…"),
      required_integer("count", &VehiclePool::count, 1, "required, `> 0`", "vehicles"),
      ref_field("station", "station", &VehiclePool::station, false, "none", "station they are based at"),
      custom_field<VehiclePool>(
          "node", kNodeType, "the station's node", "where they are kept (one of the two is required)",
          [](SectionContext& c, const YAML::Node& item, const std::string& label, VehiclePool& vp) {
            if (item["node"]) {
              vp.base = c.node_ref(item, "node", label, false).value_or(0);
            } else if (!vp.station.empty()) {
              if (const Station* st = c.s.find_station(vp.station)) vp.base = st->node;
            } else if (!item["station"]) {
              c.r.error(item, fmt::format("{}: give 'station' or 'node' to say where the vehicles are kept", label));
            }
          },
          [](YAML::Emitter& out, const Scenario& s, const VehiclePool& v) { out << s.district.roads.node(v.base).id; }),
      quantity_field("speed", &VehiclePool::speed_mps, Dimension::speed, true, "speed cap")
          .with_default("road speed")
          .when([](const VehiclePool& v) { return v.speed_mps > 0; }),
  }};
  return kSection;
}

const Section<Resources>& section() {
  static const Section<Resources> kSection{
      {
          list_field("stations", "station", &Resources::stations, stations(), true,
                     "fire brigade, micro fire stations, rescue points"),
          list_field("depots", "depot", &Resources::depots, depots(), false, "supply depots and points"),
          list_field("staff", "staff pool", &Resources::staff, staff(), true, "staff pools, fire and flood alike"),
          list_field("vehicles", "vehicle pool", &Resources::vehicles, vehicles(), true, "vehicle pools"),
          custom_field<Resources>(
              "teams", "", "", "",
              [](SectionContext& c, const YAML::Node& res, const std::string&, Resources&) {
                if (const YAML::Node t = res["teams"])
                  c.r.error(t, "resources.teams: rescue teams are staff pools now, so that one pool serves fire and "
                               "flood; write each team under resources.staff as {id: …, name: …, role: rescue_team "
                               "(the district team) or community_team, count: <members>, community: …}");
              },
              {})
              .hide(),
          list_field("shelters", "shelter", &Resources::shelters, shelters(), true, "evacuation shelters",
                     std::function<void(YAML::Emitter&, const Shelter&)>(
                         [](YAML::Emitter& out, const Shelter& sh) {
                           out << YAML::Comment(fmt::format("{} people", sh.capacity));
                         })),
      },
      {"shelters"},
      {"shelters"}};
  return kSection;
}

struct Place {
  std::string label;  // "settlement 'x'"
  NodeIndex node;
};

// Reports the places `from` cannot reach by road (a few by name, then a count).
void check_reach(const Scenario& s, const std::string& who, NodeIndex from, const SourceLocation& where,
                 const std::vector<Place>& places, Diagnostics& diags) {
  const ShortestPaths sp = s.district.roads.shortest_paths_from(from);
  std::vector<std::string> missed;
  for (const auto& p : places)
    if (!sp.reachable(p.node)) missed.push_back(fmt::format("{} (node '{}')", p.label, s.district.roads.node(p.node).id));
  if (missed.empty()) return;
  constexpr std::size_t kShown = 3;
  std::string list;
  for (std::size_t i = 0; i < std::min(kShown, missed.size()); ++i) list += (i ? ", " : "") + missed[i];
  if (missed.size() > kShown) list += fmt::format(" and {} more", missed.size() - kShown);
  diags.error(where, fmt::format("{} at node '{}' cannot reach {} by road; connect the roads or move it", who,
                                 s.district.roads.node(from).id, list));
}

}  // namespace

Field<Scenario> resources_field() {
  return custom_field<Scenario>(
      "resources", "mapping", "empty", "shelters, stations, depots, staff, vehicles",
      [](SectionContext& c, const YAML::Node& root, const std::string&, Scenario& s) {
        const YAML::Node res = root["resources"];
        if (!res || res.IsNull()) return;
        section().read_map(c, res, "resources", s.resources);
      },
      [](YAML::Emitter& out, const Scenario& s, const Scenario&) {
        out << YAML::BeginMap;
        section().emit(out, s, s.resources);
        out << YAML::EndMap;
      });
}

void check_resource_reach(const Scenario& s, Diagnostics& diags) {
  // Every place that responders must reach: community offices and settlements.
  std::vector<Place> places;
  for (const auto& c : s.district.communities) places.push_back({fmt::format("community '{}'", c.id), c.node});
  for (const auto& st : s.district.settlements) places.push_back({fmt::format("settlement '{}'", st.id), st.node});
  for (const auto& st : s.resources.stations)
    check_reach(s, fmt::format("station '{}'", st.id), st.node, st.where, places, diags);
  for (const auto& dp : s.resources.depots)
    check_reach(s, fmt::format("depot '{}'", dp.id), dp.node, dp.where, places, diags);
  // Staff drive from where they muster: a home that reaches nowhere would never arrive (at their
  // station's node the station's check has said it already).
  for (const auto& sp : s.resources.staff) {
    const Station* st = s.find_station(sp.station);
    if (sp.home && !(st && st->node == *sp.home))
      check_reach(s, fmt::format("staff pool '{}'", sp.id), *sp.home, sp.where, places, diags);
  }
}

void check_crews(const Scenario& s, Diagnostics& diags) {
  // An engine leaves only with its full crew (R18): a station whose assigned firefighters
  // cannot make up one crew would never turn out.
  for (const auto& st : s.resources.stations) {
    if (st.engines == 0) continue;
    int firefighters = 0;
    const auto& crew_roles = s.staffing.task(StaffTask::engine_crew).roles;
    for (const auto& sp : s.resources.staff)
      if (sp.station == st.id && std::find(crew_roles.begin(), crew_roles.end(), sp.role) != crew_roles.end())
        firefighters += sp.count;
    if (firefighters < st.crew_per_engine)
      diags.error(st.where, fmt::format("station '{}' has {} engine(s) that must leave with {} people, but only {} "
                                        "people who may crew it ({}) are assigned to it; add staff with one of those "
                                        "roles and station {}",
                                        st.id, st.engines, st.crew_per_engine, firefighters,
                                        fmt::join(crew_roles, ", "), st.id));
  }
}

namespace {

// The people of station `st`'s pools whose role crews engines, and how many of them are full-time.
struct CrewPeople {
  int people = 0, full_time = 0;
  std::vector<std::string> roles;
};

CrewPeople crew_people(const Scenario& s, const Station& st) {
  CrewPeople out;
  const auto& crew_roles = s.staffing.task(StaffTask::engine_crew).roles;
  for (const auto& sp : s.resources.staff)
    if (sp.station == st.id && std::find(crew_roles.begin(), crew_roles.end(), sp.role) != crew_roles.end()) {
      out.people += sp.count;
      if (sp.full_time) out.full_time += sp.count;
      if (std::find(out.roles.begin(), out.roles.end(), sp.role) == out.roles.end()) out.roles.push_back(sp.role);
    }
  return out;
}

}  // namespace

int crewable_engines(const Scenario& s, const Station& st) {
  if (st.crew_per_engine <= 0) return st.engines;
  return std::min(st.engines, crew_people(s, st).people / st.crew_per_engine);
}

std::vector<Diagnostic> crew_warnings(const Scenario& s) {
  // The fire model crews an engine from the free people of the station's pools whose role crews
  // engines, on duty or called back alike (StaffBoard::free_people); so at most P / crew of the
  // station's engines are ever out at once, and the others never leave.
  std::vector<Diagnostic> out;
  const std::vector<EngineUnitName> units = engine_units(s);
  const std::vector<std::string> names = engine_unit_names(s);
  for (std::size_t k = 0; k < s.resources.stations.size(); ++k) {
    const Station& st = s.resources.stations[k];
    if (st.engines == 0 || st.crew_per_engine <= 0) continue;
    const auto [people, full_time, roles] = crew_people(s, st);
    const int crews = people / st.crew_per_engine;
    if (crews == 0 || crews >= st.engines) continue;  // no crew at all is check_crews' error
    std::vector<std::string> idle;
    for (std::size_t u = 0; u < units.size(); ++u)
      if (units[u].station == static_cast<std::int32_t>(k) && units[u].number > crews) idle.push_back(names[u]);
    const int short_by = st.engines * st.crew_per_engine - people;
    out.push_back(Diagnostic{
        st.where,
        fmt::format("station '{}' has {} engines that each leave with {} people, but the {} people who may crew them "
                    "(role {}, station {}: {} full-time, {} part-time, on duty or called back) make at most {} "
                    "crew{} at once, so {} {} can never leave and change{} no result; add {} more staff with role {} "
                    "and station {}, or lower engines to {}",
                    st.id, st.engines, st.crew_per_engine, people, fmt::join(roles, " or "), st.id, full_time,
                    people - full_time, crews, crews == 1 ? "" : "s", idle.size() == 1 ? "engine" : "engines",
                    fmt::join(idle, ", "), idle.size() == 1 ? "s" : "", short_by, roles.front(), st.id, crews)});
  }
  return out;
}

void add_resources_reference(std::vector<ReferenceTable>& out) {
  out.push_back({"resources", section().table(Resources{})});
  out.push_back({"resources.stations", stations().table(Station{})});
  out.push_back({"resources.depots", depots().table(Depot{})});
  out.push_back({"resources.staff", staff().table(StaffPool{})});
  out.push_back({"resources.vehicles", vehicles().table(VehiclePool{})});
  out.push_back({"resources.shelters", shelters().table(Shelter{})});
}

}  // namespace readysim
