// compare: two configurations on the same replications (common random numbers), the paired
// difference of every metric's mean with its CI, and how much narrower pairing made it.
#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli_options.hpp"
#include "commands.hpp"
#include "interruptible.hpp"
#include "compare_results.hpp"
#include "mpi_cli.hpp"
#include "readysim/crew_warnings.hpp"
#include "readysim/error.hpp"
#include "readysim/messages.hpp"
#include "readysim/metrics.hpp"
#include "readysim/run.hpp"

namespace readysim::cli {

namespace {

struct CompareArgs {
  std::string a, b, lang;
  std::vector<std::string> set_a, set_b;
  std::int64_t replications = -1;
  std::int64_t seed = -1;
  int jobs = 1;
  double confidence = 0.95;
  std::string output;  // -o: the results file for `readysim report`
};

std::string describe(const std::string& path, const std::vector<std::string>& sets) {
  std::string out = path;
  for (const auto& s : sets) out += " --set " + s;
  return out;
}

std::string cell(const MetricInfo& m, double v) {
  if (std::isnan(v)) return "—";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (m.timed()) return fmt::format("{:.3f}", v / 60);
  return m.unit == "1" ? fmt::format("{:.4f}", v) : fmt::format("{:.4g}", v);
}

// True when the two samples hold the same replications and bit-identical values.
bool identical(const stats::ClusteredSample& x, const stats::ClusteredSample& y) {
  return x.offsets() == y.offsets() && x.size() == y.size() &&
         (x.size() == 0 || std::memcmp(x.values().data(), y.values().data(), x.size() * sizeof(double)) == 0);
}

int cmd_compare(const CompareArgs& args) {
  const std::string path_b = args.b.empty() ? args.a : args.b;
  if (args.b.empty() && args.set_a.empty() && args.set_b.empty())
    throw UsageError("compare: give a second scenario, or --set-a/--set-b overrides that make the two differ");
  const Messages& msg = messages(language_of(args.lang));
  const Scenario a = load_with_overrides(args.a, args.set_a, false);
  const Scenario b = load_with_overrides(path_b, args.set_b, false);
  if (prints_results()) check_output_folder(args.output);  // mpirun: rank 0 alone writes
  print_scenario_warnings(a, "A: ");
  print_scenario_warnings(b, "B: ");
  // What explains a change without effect: a unit no crew can staff.
  const std::vector<Diagnostic> warn_a = crew_warnings(a), warn_b = crew_warnings(b);
  RunOptions opt;
  opt.replications = args.replications > 0 ? args.replications : a.run.replications;
  opt.seed = args.seed >= 0 ? static_cast<std::uint64_t>(args.seed) : a.run.seed;
  opt.jobs = args.jobs;
  opt.ranks = command_ranks();  // mpirun: every rank runs its share, rank 0 gets the records
  // The same seed and replication indices for both: each replication's fires are the same in A
  // and B, so their difference is not drowned in fire-to-fire variation.
  const RunOutput run_a = run_replications(a, opt);
  const RunOutput run_b = run_replications(b, opt);
  if (!prints_results()) return 0;
  std::vector<std::string> names;
  for (const auto& m : known_metrics()) names.push_back(m.name);
  // Through each scenario, so that its run.warm_up leaves out the fires before it.
  const auto sa = metric_samples(a, run_a, names);
  const auto sb = metric_samples(b, run_b, names);
  if (!args.output.empty())
    write_results(args.output, compare_result_set({a, b, describe(args.a, args.set_a), describe(path_b, args.set_b), opt.seed,
                                                   opt.replications, args.confidence, known_metrics(), sa, sb}));

  std::cout << fmt::format("A: {}\nB: {}\n", describe(args.a, args.set_a), describe(path_b, args.set_b))
            << msg.fill("compare.header", {{"replications", std::to_string(opt.replications)},
                                           {"seed", std::to_string(opt.seed)},
                                           {"confidence", fmt::format("{:g}", args.confidence * 100)}})
            << '\n';
  std::cout << fmt::format("{:<38} {:>9} {:>9} {:>9} {:>21} {:>9} {:>10} {:>9}\n", msg.text("compare.metric"), "A",
                           "B", msg.text("compare.difference"), msg.text("compare.ci"), msg.text("compare.paired"),
                           msg.text("compare.unpaired"), msg.text("compare.factor"));
  for (std::size_t k = 0; k < names.size(); ++k) {
    const MetricInfo& m = known_metrics()[k];
    if (sa[k].size() == 0 && sb[k].size() == 0) continue;  // e.g. evacuation metrics without a flood
    const auto d = stats::paired_difference(sa[k], sb[k], stats::Statistic{}, args.confidence);
    const double factor = d.half_width > 0 ? std::pow(d.unpaired_half_width / d.half_width, 2) : NAN;
    std::cout << fmt::format("{:<38} {:>9} {:>9} {:>9} {:>21} {:>9} {:>10} {:>9}",
                             m.name + " [" + msg.unit(m.timed() ? "min" : m.unit == "1" ? "share" : m.unit) + "]",
                             cell(m, d.a.value), cell(m, d.b.value),
                             cell(m, d.difference), fmt::format("[{}, {}]", cell(m, d.low), cell(m, d.high)),
                             cell(m, d.half_width), cell(m, d.unpaired_half_width),
                             std::isfinite(factor) ? fmt::format("{:.1f}", factor) : "—")
              << (msg.language() == Language::en ? "" : "  " + msg.metric_description(m.name)) << '\n';
  }
  std::cout << msg.text("compare.factor_note") << '\n';
  bool same = true;
  for (std::size_t k = 0; k < names.size() && same; ++k) same = identical(sa[k], sb[k]);
  if (same) {
    std::cout << msg.fill("compare.unchanged", {{"replications", std::to_string(opt.replications)}}) << '\n';
    for (const auto& w : warn_b) std::cout << "  B: " << warning_text(w) << '\n';
    for (const auto& w : warn_a) std::cout << "  A: " << warning_text(w) << '\n';
  }
  return 0;
}

}  // namespace

void add_compare_command(CLI::App& app, Action& action) {
  auto a = std::make_shared<CompareArgs>();
  auto* cmd = app.add_subcommand("compare", "Compare two configurations on common random numbers (paired differences)");
  cmd->add_option("A", a->a, "scenario YAML file A")->required();
  cmd->add_option("B", a->b, "scenario YAML file B (default: A, changed by --set-b)");
  // One value per occurrence, so that `--set-b x=1 B.yaml` leaves B.yaml to the positional.
  cmd->add_option("--set-a", a->set_a, "override a value of A, PATH=VALUE (repeatable)")->allow_extra_args(false);
  cmd->add_option("--set-b", a->set_b, "override a value of B, PATH=VALUE (repeatable)")->allow_extra_args(false);
  add_replications_option(*cmd, a->replications, "replications of each (default: A's run.replications)");
  add_seed_option(*cmd, a->seed, "master seed for both (default: A's run.seed)");
  add_jobs_option(*cmd, a->jobs);
  cmd->add_option("--confidence", a->confidence, "confidence of the intervals (default 0.95)")
      ->check(number_in(0.5, 0.9999));
  add_language_option(*cmd, a->lang);
  cmd->add_option("-o,--output", a->output, "HDF5 results file to write (/compare, /meta), for readysim report");
  cmd->callback([a, &action] { action = [a] { return run_interruptible([&a] { return cmd_compare(*a); }); }; });
}

}  // namespace readysim::cli
