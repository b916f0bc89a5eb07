// validate, audit, routes: commands that read a scenario and report on it without simulating; and the
// helpers every command shares (overrides, the -o folder check).
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli_options.hpp"
#include "commands.hpp"
#include "readysim/audit.hpp"
#include "readysim/crew_warnings.hpp"
#include "readysim/error.hpp"
#include "readysim/flood_warnings.hpp"
#include "readysim/messages.hpp"
#include "readysim/scenario.hpp"
#include "readysim/units.hpp"

namespace readysim::cli {

namespace {

std::vector<ScenarioOverride> parse_overrides(const std::vector<std::string>& texts) {
  std::vector<ScenarioOverride> out;
  for (const auto& t : texts) {
    const auto eq = t.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError(fmt::format("--set {}: write PATH=VALUE, e.g. resources.stations.brigade.engines=2", t));
    out.push_back({t.substr(0, eq), t.substr(eq + 1)});
  }
  return out;
}

// scenario_summary(s) worded in `lang` (the same figures; Python's validate keeps the English).
std::string validate_summary(const Scenario& s, Language lang) {
  int engines = 0;
  for (const auto& st : s.resources.stations) engines += st.engines;
  int staff = 0;
  for (const auto& sp : s.resources.staff) staff += sp.count;
  const auto n = [](auto v) { return fmt::format("{}", v); };
  return messages(lang).fill(
      "validate.summary",
      {{"scenario", s.path}, {"nodes", n(s.district.roads.node_count())},
       {"segments", n(s.district.roads.segment_count())}, {"communities", n(s.district.communities.size())},
       {"settlements", n(s.district.settlements.size())}, {"people", n(s.population())},
       {"risk_points", n(s.district.risk_points.size())}, {"stations", n(s.resources.stations.size())},
       {"engines", n(engines)}, {"depots", n(s.resources.depots.size())}, {"staff", n(staff)},
       {"pools", n(s.resources.staff.size())}, {"horizon", format_quantity(s.horizon_s, Dimension::duration)},
       {"replications", n(s.run.replications)}, {"seed", n(s.run.seed)}});
}

}  // namespace

Scenario load_with_overrides(const std::string& path, const std::vector<std::string>& overrides, bool warn) {
  Scenario s = load_scenario(path, parse_overrides(overrides));
  if (warn) print_scenario_warnings(s);
  return s;
}

std::vector<Diagnostic> scenario_warnings(const Scenario& s) {
  std::vector<Diagnostic> out = crew_warnings(s);
  for (Diagnostic& d : flood_ground_warnings(s)) out.push_back(std::move(d));
  return out;
}

std::string warning_text(const Diagnostic& d) { return fmt::format("{}: warning: {}", to_string(d.where), d.message); }

void print_scenario_warnings(const Scenario& s, const std::string& prefix) {
  for (const Diagnostic& d : scenario_warnings(s)) std::cerr << prefix << warning_text(d) << '\n';
}

void check_output_folder(const std::string& output) { check_output_file(output); }

void add_language_option(CLI::App& cmd, std::string& lang) {
  cmd.add_option("--lang", lang,
                 "language of what is printed for people: en or zh (default: from READYSIM_LANG, else the locale, "
                 "LC_ALL/LC_MESSAGES/LANG; zh_* gives zh)")
      ->check(CLI::IsMember({"en", "zh"}));
}

Language language_of(const std::string& lang) {
  if (const auto l = parse_language(lang)) return *l;
  return language_from_environment();
}

void add_override_option(CLI::App& cmd, std::vector<std::string>& overrides) {
  cmd.add_option("--set", overrides,
                 "override a scenario value, PATH=VALUE (list items by id), e.g. "
                 "--set resources.stations.brigade.engines=2; repeatable");
}

void add_validate_command(CLI::App& app, Action& action) {
  struct Args {
    std::string scenario, lang;
    bool print_effective = false;
    std::vector<std::string> overrides;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("validate", "Check a scenario; print every error as file:line:col");
  cmd->add_option("SCENARIO", a->scenario, "scenario YAML file")->required();
  cmd->add_flag("--print-effective", a->print_effective, "print the scenario with every default filled in");
  add_language_option(*cmd, a->lang);
  add_override_option(*cmd, a->overrides);
  cmd->callback([a, &action] {
    action = [a] {
      const Scenario s = load_with_overrides(a->scenario, a->overrides);
      std::cout << (a->print_effective ? effective_scenario_yaml(s) : validate_summary(s, language_of(a->lang)) + "\n");
      return 0;
    };
  });
}

void add_audit_command(CLI::App& app, Action& action) {
  struct Args {
    std::string scenario, lang, format = "text";
    std::vector<std::string> overrides;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("audit", "Check the scenario against the reform plan's requirements R1–R19");
  cmd->add_option("SCENARIO", a->scenario, "scenario YAML file")->required();
  add_language_option(*cmd, a->lang);
  cmd->add_option("--format", a->format, "output format")->check(CLI::IsMember({"text", "csv", "json"}));
  add_override_option(*cmd, a->overrides);
  cmd->callback([a, &action] {
    action = [a] {
      const Scenario s = load_with_overrides(a->scenario, a->overrides);
      const Language lang = language_of(a->lang);
      const auto rows = audit(s, lang);
      if (a->format == "csv")
        std::cout << format_audit_csv(rows, lang);
      else if (a->format == "json")
        std::cout << format_audit_json(rows, lang);
      else
        std::cout << audit_title(s, lang) << "\n\n" << format_audit_text(rows, lang);
      return 0;
    };
  });
}

void add_routes_command(CLI::App& app, Action& action) {
  struct Args {
    std::string scenario, from, to, format = "text";
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("routes", "Free-flow shortest travel times from a road node");
  cmd->add_option("SCENARIO", a->scenario, "scenario YAML file")->required();
  cmd->add_option("--from", a->from, "origin node id")->required();
  cmd->add_option("--to", a->to, "destination node id (default: every reachable node)");
  cmd->add_option("--format", a->format, "output format")->check(CLI::IsMember({"text", "csv"}));
  cmd->callback([a, &action] {
    action = [a] {
      const Scenario s = load_scenario(a->scenario);
      const RoadGraph& g = s.district.roads;
      const auto src = g.find_node(a->from);
      if (!src) throw UsageError(fmt::format("--from: node '{}' is not in the road network of {}", a->from, a->scenario));
      std::optional<NodeIndex> dst;
      if (!a->to.empty()) {
        dst = g.find_node(a->to);
        if (!dst) throw UsageError(fmt::format("--to: node '{}' is not in the road network of {}", a->to, a->scenario));
      }
      const ShortestPaths sp = g.shortest_paths_from(*src);
      const bool csv = a->format == "csv";
      if (csv) std::cout << "from,to,time_s,length_m,hops\n";
      for (NodeIndex n = 0; n < g.node_count(); ++n) {
        if ((dst && n != *dst) || !sp.reachable(n)) continue;
        double length = 0;
        const auto path = sp.path_to(n, g);
        for (const SegmentIndex seg : path) length += g.segment(seg).length_m;
        if (csv)
          std::cout << fmt::format("{},{},{:.17g},{:.17g},{}\n", a->from, g.node(n).id, sp.time_s[n], length, path.size());
        else
          std::cout << fmt::format("{} → {}: {} ({:.2f} km, {} segments)\n", a->from, g.node(n).id,
                                   format_quantity(std::round(sp.time_s[n]), Dimension::duration), length / 1000.0,
                                   path.size());
      }
      if (dst && !sp.reachable(*dst)) {
        std::cerr << fmt::format("readysim: no route from '{}' to '{}'\n", a->from, a->to);
        return 1;
      }
      return 0;
    };
  });
}

}  // namespace readysim::cli
