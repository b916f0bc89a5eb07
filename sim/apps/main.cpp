// readysim — command-line front end. Exit codes: 0 success, 1 runtime failure, 2 bad input or usage.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "readysim/audit.hpp"
#include "readysim/error.hpp"
#include "readysim/run.hpp"
#include "readysim/run_results.hpp"
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

// A progress bar with ETA on stderr, only when it is a terminal.
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled && isatty(STDERR_FILENO)) {}
  void operator()(std::int64_t done, std::int64_t total) {
    if (!enabled_) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (done < total && elapsed - last_ < 0.1) return;
    last_ = elapsed;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(kWidth * done / std::max<std::int64_t>(1, total));
    const double eta = done > 0 ? elapsed * static_cast<double>(total - done) / static_cast<double>(done) : 0;
    std::cerr << fmt::format("\r[{}{}] {}/{} replications, {:.0f} s elapsed, ETA {:.0f} s ",
                             std::string(static_cast<std::size_t>(filled), '#'),
                             std::string(static_cast<std::size_t>(kWidth - filled), ' '), done, total, elapsed, eta);
    if (done == total) std::cerr << '\n';
  }

 private:
  bool enabled_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  double last_ = -1;
};

struct RunArgs {
  std::string scenario, output;
  std::int64_t replications = -1;
  std::int64_t seed = -1;
  int jobs = 1;
  bool quiet = false, timing = false;
};

int cmd_run(const RunArgs& a) {
  const auto t_start = std::chrono::steady_clock::now();
  const Scenario s = load_scenario(a.scenario);
  // Check the output place before spending minutes simulating.
  if (!a.output.empty()) {
    const auto dir = std::filesystem::absolute(a.output).parent_path();
    if (!std::filesystem::is_directory(dir))
      throw UsageError(fmt::format("-o {}: the directory {} does not exist", a.output, dir.string()));
  }
  RunOptions opt;
  opt.replications = a.replications >= 0 ? a.replications : s.run.replications;
  opt.seed = a.seed >= 0 ? static_cast<std::uint64_t>(a.seed) : s.run.seed;
  opt.jobs = a.jobs;
  ProgressBar bar(!a.quiet);
  opt.progress = [&bar](std::int64_t done, std::int64_t total) { bar(done, total); };
  const RunOutput run = run_replications(s, opt);
  const auto summary = summarize_run(run);
  double write_s = 0;
  if (!a.output.empty()) {
    const auto t = std::chrono::steady_clock::now();
    write_results(a.output, run_result_set(s, opt, run, summary));
    write_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  }
  std::int64_t fires = 0;
  for (const auto& r : run.replications) fires += static_cast<std::int64_t>(r.fires.size());
  std::cout << fmt::format("{}: {} replications, seed {}, {} fires\n", s.path, opt.replications, opt.seed, fires)
            << format_summary_table(summary);
  if (!a.output.empty()) std::cout << fmt::format("results written to {}\n", a.output);
  std::cout.flush();
  if (a.timing) {
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
    std::cerr << fmt::format(
        "{{\"replications\": {}, \"jobs\": {}, \"fires\": {}, \"wall_s\": {:.6f}, \"setup_s\": {:.6f}, "
        "\"simulate_s\": {:.6f}, \"reset_s\": {:.6f}, \"model_s\": {:.6f}, \"kernel_s\": {:.6f}, "
        "\"write_s\": {:.6f}}}\n",
        opt.replications, opt.jobs, fires, wall, run.timing.setup_s, run.timing.simulate_s, run.timing.reset_s,
        run.timing.model_s, run.timing.kernel_s, write_s);
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

  RunArgs run_args;
  auto* run_cmd = app.add_subcommand("run", "Run Monte Carlo replications and summarise them");
  run_cmd->add_option("SCENARIO", run_args.scenario, "scenario YAML file")->required();
  run_cmd->add_option("-n,--replications", run_args.replications, "replications (default: run.replications)")
      ->check(CLI::PositiveNumber);
  run_cmd->add_option("--seed", run_args.seed, "master seed (default: run.seed)")->check(CLI::NonNegativeNumber);
  run_cmd->add_option("-o,--output", run_args.output, "HDF5 results file to write");
  run_cmd->add_option("-j,--jobs", run_args.jobs, "worker processes; results do not depend on it")
      ->check(CLI::Range(1, 256));
  run_cmd->add_flag("--quiet", run_args.quiet, "no progress bar");
  run_cmd->add_flag("--timing", run_args.timing, "print where the time went as JSON on stderr");

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
    if (*run_cmd) return cmd_run(run_args);
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
