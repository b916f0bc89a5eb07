#include "scenario/scenario_checks.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "readysim/suggest.hpp"
#include "readysim/units.hpp"

namespace readysim {

namespace {

struct Place {
  std::string label;  // "settlement 'x'"
  NodeIndex node;
};

// Every place that responders must reach: community offices and settlements.
std::vector<Place> places_to_serve(const Scenario& s) {
  std::vector<Place> out;
  for (const auto& c : s.district.communities) out.push_back({fmt::format("community '{}'", c.id), c.node});
  for (const auto& st : s.district.settlements) out.push_back({fmt::format("settlement '{}'", st.id), st.node});
  return out;
}

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

void check_fire(const Scenario& s, Diagnostics& diags) {
  const FireHazard& fire = s.hazards.fire;
  if (!fire.enabled) return;
  std::vector<std::string> names;
  for (const auto& o : fire.occupancies) names.push_back(o.name);
  for (const auto& rp : s.district.risk_points)
    if (!fire.find_occupancy(rp.occupancy))
      diags.error(rp.where, fmt::format("risk point '{}': occupancy '{}' has no growth model; add it under "
                                        "hazards.fire.occupancies or use one of {}",
                                        rp.id, rp.occupancy, fmt::join(names, ", ")));
  for (const auto& sf : fire.scheduled) {
    bool known = false;
    std::vector<std::string> places;
    for (const auto& rp : s.district.risk_points) {
      known = known || rp.id == sf.place;
      places.push_back(rp.id);
    }
    for (const auto& st : s.district.settlements) {
      known = known || st.id == sf.place;
      places.push_back(st.id);
    }
    if (!known)
      diags.error(sf.where, fmt::format("scheduled fire at '{}': no risk point or settlement has that id{}", sf.place,
                                        did_you_mean(sf.place, places)));
    if (sf.ignition_s >= s.horizon_s)
      diags.error(sf.where, fmt::format("scheduled fire at '{}' ignites at {}, after the horizon ({})", sf.place,
                                        format_quantity(sf.ignition_s, Dimension::duration),
                                        format_quantity(s.horizon_s, Dimension::duration)));
  }
  int engines = 0;
  for (const auto& st : s.resources.stations) engines += st.engines;
  if (engines == 0 && !fire.mutual_aid.enabled)
    diags.error(fire.where,
                "hazards.fire is on, but no station has an engine and there is no mutual aid: nobody would put the "
                "fires out; give a station `engines:` or add hazards.fire.mutual_aid");
  if (s.policies.no_engine_free == "mutual_aid" && (!fire.mutual_aid.enabled || !s.district.mutual_aid_node))
    diags.error(s.policies.where,
                "policies: no_engine_free is mutual_aid, but there is no mutual aid to call; add "
                "hazards.fire.mutual_aid {delay: …} and district.mutual_aid_node");
  if (fire.mutual_aid.enabled && !s.district.mutual_aid_node)
    diags.error(fire.where,
                "hazards.fire.mutual_aid needs district.mutual_aid_node: the road node where outside help enters");
}

}  // namespace

void check_scenario(const Scenario& s, Diagnostics& diags) {
  const auto places = places_to_serve(s);
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

  check_fire(s, diags);

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
                                        "people who may crew it ({}) are assigned to it; add staff with one of those roles and "
                                        "station {}",
                                        st.id, st.engines, st.crew_per_engine, firefighters,
                                        fmt::join(crew_roles, ", "), st.id));
  }
}

const Community* Scenario::find_community(std::string_view id) const {
  for (const auto& c : district.communities)
    if (c.id == id) return &c;
  return nullptr;
}

const Station* Scenario::find_station(std::string_view id) const {
  for (const auto& st : resources.stations)
    if (st.id == id) return &st;
  return nullptr;
}

long Scenario::population() const {
  long total = 0;
  for (const auto& st : district.settlements) total += st.population;
  return total;
}

}  // namespace readysim
