// drill: an exercise script (MSEL) from the replication at a quantile of a metric.
#include <unistd.h>

#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli_options.hpp"
#include "commands.hpp"
#include "interruptible.hpp"
#include "readysim/drill.hpp"
#include "readysim/error.hpp"
#include "readysim/limits.hpp"
#include "readysim/interrupt.hpp"

namespace readysim::cli {

namespace {

struct DrillArgs {
  std::string scenario, output, lang, from, to, duration, target = "p90";
  std::vector<std::string> select, drop, overrides;
  std::vector<std::int64_t> replication;
  std::int64_t replications = -1, seed = -1;
  int jobs = 1;
  bool quiet = false, compress = false;
};

// The output folder must be creatable: checked before minutes of simulation, created only at the end.
void check_output(const std::string& dir) {
  namespace fs = std::filesystem;
  fs::path p = fs::absolute(dir);
  if (fs::exists(p)) {
    if (!fs::is_directory(p)) throw UsageError(fmt::format("-o {}: exists and is not a directory", dir));
    return;
  }
  while (!p.empty() && !fs::exists(p) && p != p.parent_path()) p = p.parent_path();
  if (!fs::is_directory(p) || ::access(p.c_str(), W_OK) != 0)
    throw UsageError(fmt::format("-o {}: cannot create it under {}", dir, p.string()));
}

int cmd_drill(const DrillArgs& a) {
  drill::DrillOptions opt;
  for (const auto& s : a.select) opt.selections.push_back(drill::parse_selection(s));
  for (const auto r : a.replication) {
    drill::Selection sel;
    sel.replication = r;
    opt.selections.push_back(sel);
  }
  if (opt.selections.empty())
    throw UsageError("drill: say which replication to script: --select METRIC:QUANTILE (e.g. "
                     "evac.clearance_time:p90) or --replication I");
  // Every argument is checked before the simulation runs; errors name the option.
  const auto option = [](const char* name, const std::string& text, const auto& parse) {
    try {
      return parse(text);
    } catch (const UsageError& e) {
      throw UsageError(fmt::format("{} {}: {}", name, text, e.what()));
    }
  };
  for (const auto& d : a.drop) {
    const auto types = option("--drop", d, [](const std::string& t) { return drill::parse_inject_types(t); });
    opt.drop.insert(opt.drop.end(), types.begin(), types.end());
  }
  const auto clock = [](const std::string& t) { return drill::parse_exercise_time(t); };
  if (!a.from.empty()) opt.from_s = option("--from", a.from, clock);
  if (!a.to.empty()) opt.to_s = option("--to", a.to, clock);
  if (!a.duration.empty()) opt.duration_s = option("--duration", a.duration, clock);
  if (a.compress && !opt.duration_s)
    throw UsageError("--compress: say how long the exercise lasts with --duration (e.g. --duration 4h --compress)");
  opt.compress = a.compress;
  opt.target_quantile = option("--target", a.target, [](const std::string& t) { return drill::parse_quantile(t); });
  if (!(opt.target_quantile > 0 && opt.target_quantile < 1))
    throw UsageError(fmt::format("--target {}: give a share strictly between 0 and 1, e.g. p90", a.target));
  opt.lang = language_of(a.lang);
  check_output(a.output);

  const Scenario s = load_with_overrides(a.scenario, a.overrides);
  RunOptions run_opt;
  run_opt.replications = a.replications >= 0 ? a.replications : s.run.replications;
  run_opt.seed = a.seed >= 0 ? static_cast<std::uint64_t>(a.seed) : s.run.seed;
  run_opt.jobs = a.jobs;
  run_opt.keep_flood = true;  // the script reads the flood from the records
  for (const auto& sel : opt.selections)
    if (sel.metric.empty() && sel.replication >= run_opt.replications)
      throw UsageError(fmt::format("--replication {}: the run has replications 0 to {} (-n sets how many)",
                                   sel.replication, run_opt.replications - 1));
  opt.seed = run_opt.seed;
  const bool bar = !a.quiet && isatty(STDERR_FILENO);
  run_opt.progress = [bar](std::int64_t done, std::int64_t total) {
    if (bar) std::cerr << fmt::format("\r{}/{} replications", done, total) << (done == total ? "\n" : "");
  };
  const RunOutput run = run_replications(s, run_opt);
  const drill::Drill d = drill::build_drill(s, run, opt);
  throw_if_interrupted();  // the last point before files are written
  const auto files = drill::write_drill(d, a.output);

  std::cout << fmt::format("{}: {} replications, seed {}\n", s.path, run_opt.replications, run_opt.seed);
  for (const auto& p : d.picks)
    std::cout << (p.selection.metric.empty()
                      ? fmt::format("replication {} (by index)\n", p.replication)
                      : fmt::format("{}:{} -> replication {} (rank {} of {})\n", p.selection.metric,
                                    p.selection.quantile_text, p.replication, p.rank + 1, p.ranked));
  std::cout << fmt::format("{} injects, STARTEX {} to ENDEX {}", d.injects.size(), drill::format_exercise_time(0),
                           drill::format_exercise_time(d.end_s));
  if (d.pace.factor > 1)
    std::cout << fmt::format(" (compressed {:.1f} times, with time jumps: at most {:.0f} min between injects)",
                             d.pace.factor, d.pace.jump_s / 60);
  else if (d.pace.windowed)
    std::cout << fmt::format(" (cut to --duration: {} later events left out)", d.pace.cut_after);
  std::cout << fmt::format("; {} player roles, {} contingency injects\n", d.players.size(), d.contingencies.size());
  for (const auto& f : files) std::cout << "written " << f << '\n';
  return 0;
}

}  // namespace

void add_drill_command(CLI::App& app, Action& action) {
  auto a = std::make_shared<DrillArgs>();
  auto* cmd = app.add_subcommand("drill", "Write an exercise script (MSEL) from a replication at a quantile of a metric");
  cmd->add_option("SCENARIO", a->scenario, "scenario YAML file")->required();
  cmd->add_option("--select", a->select,
                  "METRIC:QUANTILE, e.g. evac.clearance_time:p90 or fire.response_time:p90; repeat to merge the "
                  "worst moments of more replications into the first one's script")
      ->allow_extra_args(false);
  cmd->add_option("--replication", a->replication, "a replication by index (repeatable, like --select)")
      ->allow_extra_args(false)
      ->check(whole_number(0, kMaxReplications - 1));
  add_replications_option(*cmd, a->replications, "replications (default: run.replications)");
  add_seed_option(*cmd, a->seed, "master seed (default: run.seed)");
  add_jobs_option(*cmd, a->jobs);
  cmd->add_option("-o,--output", a->output, "folder for msel.LANG.{csv,md,html}, controller.LANG.md and evaluator.LANG.md")->required();
  add_language_option(*cmd, a->lang);
  cmd->add_option("--from", a->from, "cut: start at this time of the default script (H:MM or a duration); it becomes T+0");
  cmd->add_option("--to", a->to, "cut: end at this time of the default script (H:MM or a duration)");
  cmd->add_option("--duration", a->duration,
                  "how long the exercise lasts (e.g. 4h, 3:30): a longer window is cut to it, or compressed into it "
                  "with --compress");
  cmd->add_flag("--compress", a->compress,
                "fit the whole window into --duration by compressing time (every inject kept) instead of cutting it");
  cmd->add_option("--drop", a->drop, "inject types to leave out, comma-separated or repeated (e.g. level,road_reopened)")
      ->allow_extra_args(false);
  cmd->add_option("--target", a->target, "share of simulated cases a time target covers (default p90)");
  cmd->add_flag("--quiet", a->quiet, "no progress on stderr");
  add_override_option(*cmd, a->overrides);
  std::string footer = "\nMetrics (one value per replication):\n";
  for (const auto& m : drill::replication_metrics()) footer += fmt::format("  {:<32} {}\n", m.name, m.description);
  footer += fmt::format("\nInject types (for --drop): {}\n", fmt::join(drill::inject_type_names(), ", "));
  cmd->footer(footer);
  cmd->callback([a, &action] { action = [a] { return run_interruptible([&a] { return cmd_drill(*a); }); }; });
}

}  // namespace readysim::cli
