#include "scenario/reference.hpp"

#include <fmt/format.h>

#include <set>

#include "readysim/limits.hpp"

#include "scenario/district_section.hpp"
#include "scenario/evacuation_section.hpp"
#include "scenario/fire_section.hpp"
#include "scenario/flood_section.hpp"
#include "scenario/logistics_section.hpp"
#include "scenario/resources_section.hpp"
#include "scenario/scenario_section.hpp"
#include "scenario/staffing_section.hpp"

namespace readysim {

std::vector<ReferenceTable> scenario_reference() {
  std::vector<ReferenceTable> out;
  add_scenario_reference(out);
  add_district_reference(out);
  add_resources_reference(out);
  add_flood_reference(out);
  add_fire_reference(out);
  add_evacuation_reference(out);
  add_logistics_reference(out);
  add_staffing_reference(out);
  // The bounds on every number and size read (readysim/limits.hpp), each with its reason.
  std::string bounds = "| what | bound | why |\n| --- | --- | --- |\n";
  for (const BoundRow& b : bound_rows()) bounds += fmt::format("| {} | {} | {} |\n", b.what, b.bound, b.reason);
  out.push_back({"bounds", bounds});
  return out;
}

std::string with_current_reference(const std::string& readme, std::vector<std::string>& problems) {
  const std::string open = "<!-- reference: ", close = "<!-- end reference -->";
  const auto tables = scenario_reference();
  std::set<std::string> used;
  std::string out;
  std::size_t at = 0;
  for (;;) {
    const std::size_t start = readme.find(open, at);
    if (start == std::string::npos) break;
    const std::size_t name_end = readme.find(" -->", start);
    const std::size_t line_end = readme.find('\n', start);
    if (name_end == std::string::npos || line_end == std::string::npos || name_end > line_end) {
      problems.push_back(fmt::format("a '{}' marker is not closed by ' -->' on its line", open));
      break;
    }
    const std::string name = readme.substr(start + open.size(), name_end - start - open.size());
    const std::size_t end = readme.find(close, line_end);
    if (end == std::string::npos) {
      problems.push_back(fmt::format("reference '{}' has no '{}' after it", name, close));
      break;
    }
    out += readme.substr(at, line_end + 1 - at);
    const ReferenceTable* t = nullptr;
    for (const auto& candidate : tables)
      if (candidate.name == name) t = &candidate;
    if (!t) {
      problems.push_back(fmt::format("the README names a reference '{}' that no section declares", name));
      out += readme.substr(line_end + 1, end - line_end - 1);
    } else {
      if (!used.insert(name).second) problems.push_back(fmt::format("reference '{}' appears twice", name));
      out += t->markdown;
    }
    at = end;
  }
  out += readme.substr(at);
  for (const auto& t : tables)
    if (!used.count(t.name))
      problems.push_back(fmt::format("table '{}' is declared but the README has no '{}{} -->' for it", t.name, open,
                                     t.name));
  return out;
}

}  // namespace readysim
