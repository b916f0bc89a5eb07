// load_scenario(): the file, the overrides (--set), the sections, the checks between them.
#include <fmt/format.h>

#include <filesystem>

#include "readysim/input_check.hpp"
#include "readysim/scenario.hpp"
#include "readysim/suggest.hpp"
#include "readysim/yaml_reader.hpp"
#include "scenario/fire_section.hpp"
#include "scenario/logistics_section.hpp"
#include "scenario/resources_section.hpp"
#include "scenario/scenario_section.hpp"
#include "scenario/staffing_section.hpp"

namespace readysim {

namespace {

// Reads one scenario file into a Scenario, collecting every problem: the sections in the order
// scenario_section() declares them, then the checks between sections.
Scenario read_scenario(const YAML::Node& root, const std::string& path, YamlReader& r, Diagnostics& diags) {
  Scenario s;
  s.path = path;
  SectionContext c(r, diags, s);
  if (!scenario_section().read_map(c, root, "scenario", s)) return s;
  if (c.roads_ok) {
    check_resource_reach(s, diags);
    check_fire(s, diags);
    check_crews(s, diags);
  }
  check_logistics(s, s.logistics, diags);
  check_staffing(s, diags);
  return s;
}

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
  if (const auto p = text_problem(o.path, TextRules{false, false}))
    throw ScenarioError(SourceLocation{fmt::format("--set {}", printable(o.path)), 0, 0},
                        fmt::format("the path holds {}; write a.b.c", p->what));
  YAML::Node value = load_yaml_text(o.value, fmt::format("--set {}={}", o.path, printable(o.value)));
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
  YAML::Node root = load_yaml_file(path, "scenario file");
  if (!root || root.IsNull()) throw ScenarioError(SourceLocation{path, 1, 1}, "the scenario file is empty");
  YamlReader reader(path, diags);
  for (const auto& o : overrides) apply_override(root, o, path, reader);
  Scenario s = read_scenario(root, path, reader, diags);
  if (!diags.ok()) throw ScenarioError(diags.items());
  return s;
}

}  // namespace readysim
