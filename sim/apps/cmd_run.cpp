// run: Monte Carlo replications of a scenario, a summary on stdout, results in HDF5.
#include <sys/resource.h>
#include <unistd.h>

#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "cli_options.hpp"
#include "commands.hpp"
#include "mpi_cli.hpp"
#include "interruptible.hpp"
#include "readysim/error.hpp"
#include "readysim/limits.hpp"
#include "readysim/messages.hpp"
#include "readysim/run.hpp"
#include "readysim/run_results.hpp"
#include "readysim/sequential_run.hpp"

namespace readysim::cli {

namespace {

// CPU time of this process (its threads, not its forked workers): under mpirun, what rank 0
// spends gathering, decoding and writing (tests/bench/mpi_scaling.py).
double self_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

class ProgressBar {
 public:
  ProgressBar(bool enabled, const Messages& msg) : enabled_(enabled && isatty(STDERR_FILENO)), msg_(msg) {}
  void operator()(std::int64_t done, std::int64_t total) {
    if (!enabled_) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (done < total && elapsed - last_ < 0.1) return;
    last_ = elapsed;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(kWidth * done / std::max<std::int64_t>(1, total));
    const double eta = done > 0 ? elapsed * static_cast<double>(total - done) / static_cast<double>(done) : 0;
    std::cerr << fmt::format("\r[{}{}] {} ", std::string(static_cast<std::size_t>(filled), '#'),
                             std::string(static_cast<std::size_t>(kWidth - filled), ' '),
                             msg_.fill("run.progress", {{"done", std::to_string(done)},
                                                        {"total", std::to_string(total)},
                                                        {"elapsed", fmt::format("{:.0f}", elapsed)},
                                                        {"eta", fmt::format("{:.0f}", eta)}}));
    if (done == total) std::cerr << '\n';
  }

 private:
  bool enabled_;
  const Messages& msg_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  double last_ = -1;
};

struct RunArgs {
  std::string scenario, output, lang;
  std::vector<std::string> overrides;
  std::vector<std::string> precision;
  std::string warm_up;
  std::int64_t replications = -1;
  std::int64_t max_replications = 100000;
  std::int64_t seed = -1;
  int jobs = 1;
  bool quiet = false, timing = false;
};

// Sequential stopping: says so on stderr after each batch; returns the stdout line that says
// how it ended.
std::string run_sequentially(const Scenario& s, RunOptions& opt, const std::vector<PrecisionGoal>& goals,
                             std::int64_t cap, RunOutput& run, const Messages& msg) {
  const auto report = [&goals, &msg](const PrecisionProgress& p) {
    std::cerr << msg.fill("run.precision_batch", {{"batch", std::to_string(p.batch)},
                                                  {"replications", std::to_string(p.replications)},
                                                  {"goals", describe_precision(goals, p.reached, msg.language())}})
              << (p.next > 0 ? msg.fill("run.precision_more", {{"n", std::to_string(p.next)}}) : std::string()) << '\n';
  };
  PrecisionRun result = run_to_precision(s, opt, goals, cap, report);
  run = std::move(result.run);
  opt.replications = static_cast<std::int64_t>(run.replications.size());
  const std::string goals_text = describe_precision(goals, result.reached, msg.language());
  const MessageFields fields{{"replications", std::to_string(opt.replications)}, {"goals", goals_text}};
  return msg.fill(result.met ? "run.precision_met" : "run.precision_not_met", fields) + "\n";
}

int cmd_run(const RunArgs& a) {
  const auto t_start = std::chrono::steady_clock::now();
  std::vector<std::string> overrides = a.overrides;
  if (!a.warm_up.empty()) overrides.push_back("run.warm_up=" + a.warm_up);  // checked as the scenario's own
  const Messages& msg = messages(language_of(a.lang));
  const Scenario s = load_with_overrides(a.scenario, overrides);
  std::vector<PrecisionGoal> goals;  // after the scenario: its stock metrics may be named
  for (const auto& spec : a.precision) goals.push_back(parse_precision_goal(spec, &s));
  // Under mpirun every rank runs its share; rank 0 alone gathers, prints and writes.
  const bool root = prints_results();
  if (root) check_output_folder(a.output);
  RunOptions opt;
  opt.replications = a.replications >= 0 ? a.replications : s.run.replications;
  opt.seed = a.seed >= 0 ? static_cast<std::uint64_t>(a.seed) : s.run.seed;
  opt.jobs = a.jobs;
  opt.ranks = command_ranks();
  RunOutput run;
  std::string precision_line;
  std::unique_ptr<RunResultsFile> file;  // a plain run writes its file while it simulates
  if (goals.empty()) {
    ProgressBar bar(!a.quiet && root, msg);
    opt.progress = [&bar](std::int64_t done, std::int64_t total) { bar(done, total); };
    if (!a.output.empty() && root) {
      file = std::make_unique<RunResultsFile>(a.output, s, opt);
      opt.on_records = [&file](std::span<const ReplicationRecords> reps) { file->add(reps); };
    }
    run = run_replications(s, opt);
  } else {
    precision_line = run_sequentially(s, opt, goals, a.max_replications, run, msg);
  }
  if (!root) return 0;  // the other ranks' records are rank 0's now
  const auto summary = summarize_run(s, run);
  double write_s = run.timing.drain_s;  // writing left over when the simulation ended
  if (!a.output.empty()) {
    const auto t = std::chrono::steady_clock::now();
    if (file)
      file->finish(summary);
    else
      write_results(a.output, run_result_set(s, opt, run, summary));
    write_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  }
  std::int64_t fires = 0;
  for (const auto& r : run.replications) fires += static_cast<std::int64_t>(r.fires.size());
  std::cout << msg.fill("run.header", {{"scenario", s.path},
                                       {"replications", std::to_string(opt.replications)},
                                       {"seed", std::to_string(opt.seed)},
                                       {"fires", std::to_string(fires)}})
            << '\n'
            << format_summary_table(summary, msg.language());
  // The precision verdict is the last line, as the README promises, after where the results went.
  if (!a.output.empty()) std::cout << msg.fill("run.written", {{"path", a.output}}) << '\n';
  std::cout << precision_line;
  std::cout.flush();
  if (a.timing) {
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
    std::cerr << fmt::format(
        "{{\"replications\": {}, \"jobs\": {}, \"fires\": {}, \"wall_s\": {:.6f}, \"setup_s\": {:.6f}, "
        "\"simulate_s\": {:.6f}, \"reset_s\": {:.6f}, \"model_s\": {:.6f}, \"kernel_s\": {:.6f}, "
        "\"write_s\": {:.6f}, \"ranks\": {}, \"self_cpu_s\": {:.6f}}}\n",
        opt.replications, opt.jobs, fires, wall, run.timing.setup_s, run.timing.simulate_s, run.timing.reset_s,
        run.timing.model_s, run.timing.kernel_s, write_s, opt.ranks ? opt.ranks->size() : 1, self_cpu_seconds());
  }
  return 0;
}

}  // namespace

void add_run_command(CLI::App& app, Action& action) {
  auto a = std::make_shared<RunArgs>();
  auto* cmd = app.add_subcommand("run", "Run Monte Carlo replications and summarise them");
  cmd->add_option("SCENARIO", a->scenario, "scenario YAML file")->required();
  add_replications_option(*cmd, a->replications, "replications (default: run.replications)");
  add_seed_option(*cmd, a->seed, "master seed (default: run.seed)");
  cmd->add_option("-o,--output", a->output, "HDF5 results file to write");
  add_jobs_option(*cmd, a->jobs);
  cmd->add_option("--precision", a->precision,
                  "run in batches until this 95 % CI half-width is reached, METRIC.STAT=HALF_WIDTH (repeatable), "
                  "e.g. fire.response_time.p90=30s or fire.mutual_aid_share=0.005; -n sets the first batch")
      ->allow_extra_args(false);
  add_whole_option(*cmd, "--max-replications", a->max_replications, 1, kMaxReplications, "cap on replications with --precision (default 100000)");
  cmd->add_option("--warm-up", a->warm_up,
                  "leave fires alarmed before this out of the summary, e.g. 20h (default: run.warm_up)");
  cmd->add_flag("--quiet", a->quiet, "no progress bar");
  cmd->add_flag("--timing", a->timing, "print where the time went as JSON on stderr");
  add_language_option(*cmd, a->lang);
  add_override_option(*cmd, a->overrides);
  cmd->callback([a, &action] { action = [a] { return run_interruptible([&a] { return cmd_run(*a); }); }; });
}

}  // namespace readysim::cli
