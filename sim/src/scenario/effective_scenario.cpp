// The effective scenario (every default filled in, written back by the sections' declarations)
// and the one-line summary of a valid scenario.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "readysim/scenario.hpp"
#include "readysim/units.hpp"
#include "scenario/scenario_section.hpp"

namespace readysim {

std::string effective_scenario_yaml(const Scenario& s) {
  YAML::Emitter out;
  out.SetIndent(2);
  out << YAML::Comment(fmt::format("effective scenario of {} (every default filled in)", s.path));
  if (!s.district.snapped.empty()) {
    std::string lines = "places given as positions, snapped to their nearest road node (written below as the node):";
    for (const auto& line : s.district.snapped) lines += "\n  " + line;
    out << YAML::Newline << YAML::Comment(lines);
  }
  out << YAML::BeginMap;
  scenario_section().emit(out, s, s);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

std::string scenario_summary(const Scenario& s) {
  int engines = 0;
  for (const auto& st : s.resources.stations) engines += st.engines;
  int staff = 0;
  for (const auto& sp : s.resources.staff) staff += sp.count;
  return fmt::format(
      "{}: valid — {} road nodes, {} segments; {} communities, {} settlements ({} people), {} risk points; "
      "{} stations ({} engines), {} depots, {} staff in {} pools; horizon {}, {} replications, seed {}",
      s.path, s.district.roads.node_count(), s.district.roads.segment_count(), s.district.communities.size(),
      s.district.settlements.size(), s.population(), s.district.risk_points.size(), s.resources.stations.size(),
      engines, s.resources.depots.size(), staff, s.resources.staff.size(),
      format_quantity(s.horizon_s, Dimension::duration), s.run.replications, s.run.seed);
}

}  // namespace readysim
