// size: the cheapest configuration of a study's decision variables that meets its targets.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli_options.hpp"
#include "commands.hpp"
#include "mpi_cli.hpp"
#include "interruptible.hpp"
#include "readysim/error.hpp"
#include "readysim/messages.hpp"
#include "readysim/study.hpp"

namespace readysim::cli {

namespace {

struct SizeArgs {
  std::string scenario, study, output, lang;
  std::vector<std::string> overrides;
  std::int64_t seed = -1;
  int jobs = 1;
  bool quiet = false;
};

std::vector<ScenarioOverride> to_overrides(const std::vector<std::string>& texts) {
  std::vector<ScenarioOverride> out;
  for (const auto& t : texts) {
    const auto eq = t.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError(fmt::format("--set {}: write PATH=VALUE, e.g. --set resources.stations.brigade.engines=2", t));
    out.push_back({t.substr(0, eq), t.substr(eq + 1)});
  }
  return out;
}

int cmd_size(const SizeArgs& a) {
  StudyRunOptions opt;
  opt.scenario_path = a.scenario;
  opt.overrides = to_overrides(a.overrides);
  opt.jobs = a.jobs;
  opt.ranks = command_ranks();  // mpirun: each batch shared across the ranks
  if (a.seed >= 0) opt.seed = static_cast<std::uint64_t>(a.seed);
  // Everything that can be wrong with the inputs is found before the first replication.
  const Scenario base = load_scenario(a.scenario, opt.overrides);
  print_scenario_warnings(base);
  const Study study = load_study(a.study, &base);
  check_study_against(study, a.scenario, opt.overrides);
  const bool root = prints_results();
  if (root) check_output_folder(a.output);
  if (!a.quiet && root) opt.log = [](const std::string& line) { std::cerr << line << '\n'; };
  const StudyOutcome outcome = run_study(study, opt);
  if (!root) return 0;  // every rank found the same; rank 0 prints and writes it
  const Messages& msg = messages(language_of(a.lang));
  std::cout << format_study_report(study, opt, outcome, msg.language());
  if (!a.output.empty()) {
    write_results(a.output, study_result_set(study, opt, outcome));
    std::cout << msg.fill("size.written", {{"path", a.output}}) << '\n';
  }
  return 0;
}

}  // namespace

void add_size_command(CLI::App& app, Action& action) {
  auto a = std::make_shared<SizeArgs>();
  auto* cmd = app.add_subcommand("size", "Find the cheapest configuration that meets a study's targets");
  cmd->add_option("SCENARIO", a->scenario, "scenario YAML file")->required();
  cmd->add_option("--study", a->study, "study YAML file: decision variables, costs, targets")->required();
  cmd->add_option("-o,--output", a->output, "HDF5 results file to write (/study, /study_targets, /study_variables)");
  add_jobs_option(*cmd, a->jobs);
  add_seed_option(*cmd, a->seed, "master seed (default: the study's, else run.seed)");
  cmd->add_flag("--quiet", a->quiet, "no progress lines on stderr");
  add_language_option(*cmd, a->lang);
  add_override_option(*cmd, a->overrides);
  cmd->callback([a, &action] { action = [a] { return run_interruptible([&a] { return cmd_size(*a); }); }; });
}

}  // namespace readysim::cli
