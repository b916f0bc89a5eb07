// readysim — command-line front end. Exit codes: 0 success, 1 runtime failure, 2 bad input or usage.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <iostream>

#include "readysim/audit.hpp"
#include "readysim/error.hpp"
#include "readysim/scenario.hpp"
#include "readysim/units.hpp"
#include "readysim/version.hpp"

namespace {

using namespace readysim;

int cmd_validate(const std::string& path, bool print_effective) {
  const Scenario s = load_scenario(path);
  if (print_effective)
    std::cout << effective_scenario_yaml(s);
  else
    std::cout << scenario_summary(s) << '\n';
  return 0;
}

int cmd_audit(const std::string& path, const std::string& lang_name, const std::string& format) {
  const Scenario s = load_scenario(path);
  const Language lang = lang_name == "zh" ? Language::zh : Language::en;
  const auto rows = audit(s, lang);
  if (format == "csv")
    std::cout << format_audit_csv(rows, lang);
  else if (format == "json")
    std::cout << format_audit_json(rows, lang);
  else
    std::cout << audit_title(s, lang) << "\n\n" << format_audit_text(rows, lang);
  return 0;
}

int cmd_routes(const std::string& path, const std::string& from, const std::string& to, const std::string& format) {
  const Scenario s = load_scenario(path);
  const RoadGraph& g = s.district.roads;
  const auto src = g.find_node(from);
  if (!src) throw UsageError(fmt::format("--from: node '{}' is not in the road network of {}", from, path));
  std::optional<NodeIndex> dst;
  if (!to.empty()) {
    dst = g.find_node(to);
    if (!dst) throw UsageError(fmt::format("--to: node '{}' is not in the road network of {}", to, path));
  }
  const ShortestPaths sp = g.shortest_paths_from(*src);
  const bool csv = format == "csv";
  if (csv) std::cout << "from,to,time_s,length_m,hops\n";
  for (NodeIndex n = 0; n < g.node_count(); ++n) {
    if ((dst && n != *dst) || !sp.reachable(n)) continue;
    double length = 0;
    const auto path_segments = sp.path_to(n, g);
    for (const SegmentIndex seg : path_segments) length += g.segment(seg).length_m;
    if (csv)
      std::cout << fmt::format("{},{},{:.17g},{:.17g},{}\n", from, g.node(n).id, sp.time_s[n], length,
                               path_segments.size());
    else
      std::cout << fmt::format("{} → {}: {} ({:.2f} km, {} segments)\n", from, g.node(n).id,
                               format_quantity(std::round(sp.time_s[n]), Dimension::duration), length / 1000.0,
                               path_segments.size());
  }
  if (dst && !sp.reachable(*dst)) {
    std::cerr << fmt::format("readysim: no route from '{}' to '{}'\n", from, to);
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"readysim — discrete-event simulation for emergency readiness planning"};
  app.set_version_flag("--version", fmt::format("readysim {} ({})", kVersion, kGitHash));
  app.require_subcommand(1);

  std::string scenario, lang = "en", format = "text", from, to;
  bool print_effective = false;

  auto* validate = app.add_subcommand("validate", "Check a scenario; print every error as file:line:col");
  validate->add_option("SCENARIO", scenario, "scenario YAML file")->required();
  validate->add_flag("--print-effective", print_effective, "print the scenario with every default filled in");

  auto* audit_cmd = app.add_subcommand("audit", "Check the scenario against the reform plan's requirements R1–R19");
  audit_cmd->add_option("SCENARIO", scenario, "scenario YAML file")->required();
  audit_cmd->add_option("--lang", lang, "language of the wording")->check(CLI::IsMember({"en", "zh"}));
  audit_cmd->add_option("--format", format, "output format")->check(CLI::IsMember({"text", "csv", "json"}));

  auto* routes = app.add_subcommand("routes", "Free-flow shortest travel times from a road node");
  routes->add_option("SCENARIO", scenario, "scenario YAML file")->required();
  routes->add_option("--from", from, "origin node id")->required();
  routes->add_option("--to", to, "destination node id (default: every reachable node)");
  routes->add_option("--format", format, "output format")->check(CLI::IsMember({"text", "csv"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }

  try {
    if (*validate) return cmd_validate(scenario, print_effective);
    if (*audit_cmd) return cmd_audit(scenario, lang, format);
    if (*routes) return cmd_routes(scenario, from, to, format);
  } catch (const ScenarioError& e) {
    for (const auto& d : e.diagnostics()) std::cerr << format_diagnostic(d) << '\n';
    std::cerr << fmt::format("readysim: {} error(s); nothing was done\n", e.diagnostics().size());
    return 2;
  } catch (const UsageError& e) {
    std::cerr << "readysim: " << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "readysim: " << e.what() << '\n';
    return 1;
  }
  return 2;
}
