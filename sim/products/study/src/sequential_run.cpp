// Sequential stopping: precision goals, and replications in batches until they are reached.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "rank_values.hpp"
#include "readysim/error.hpp"
#include "readysim/messages.hpp"
#include "readysim/sequential.hpp"
#include "readysim/sequential_run.hpp"
#include "readysim/suggest.hpp"
#include "readysim/units.hpp"

namespace readysim {

namespace {

std::string metric_list(const Scenario* s) {
  std::string out;
  for (const auto& m : scenario_metrics(s)) out += fmt::format("\n  {:<40} {}", m.name, m.description);
  return out;
}

// Half-widths are small: seconds below two minutes, three significant digits for shares.
std::string show_half_width(const MetricInfo& m, double v) {
  if (!std::isfinite(v)) return "inf";
  if (!m.timed()) return fmt::format("{:.3g}", v);
  return v < 120 ? fmt::format("{:.3g} s", v) : fmt::format("{:.3g} min", v / 60);
}

std::vector<double> reached_half_widths(const Scenario& s, const RunOutput& run, const std::vector<PrecisionGoal>& goals) {
  std::vector<std::string> metrics;
  for (const auto& g : goals) metrics.push_back(g.metric);
  const auto samples = metric_samples(s, run, metrics);
  std::vector<double> out;
  for (std::size_t k = 0; k < goals.size(); ++k)
    out.push_back(stats::estimate(samples[k], goals[k].statistic, 0.95).half_width);
  return out;
}

void append_run(RunOutput& all, RunOutput&& part) {
  for (auto& r : part.replications) all.replications.push_back(std::move(r));
  all.timing.setup_s += part.timing.setup_s;
  all.timing.simulate_s += part.timing.simulate_s;
  all.timing.reset_s += part.timing.reset_s;
  all.timing.model_s += part.timing.model_s;
  all.timing.kernel_s += part.timing.kernel_s;
}

}  // namespace

std::string PrecisionGoal::name() const { return metric + "." + statistic.name(); }

PrecisionGoal parse_precision_goal(const std::string& spec, const Scenario* scenario) {
  const auto fail = [&](const std::string& why) {
    return UsageError(fmt::format("--precision {}: {}; write METRIC.STAT=HALF_WIDTH, e.g. "
                                  "fire.response_time.p90=30s or fire.mutual_aid_share=0.005 (STAT: mean, median, "
                                  "pNN); metrics:{}",
                                  spec, why, metric_list(scenario)));
  };
  const auto eq = spec.rfind('=');
  if (eq == std::string::npos) throw fail("no '='");
  const std::string left = spec.substr(0, eq), right = spec.substr(eq + 1);
  PrecisionGoal g;
  g.text = spec;
  std::optional<MetricInfo> m = find_metric(scenario, left);
  if (m) {
    g.metric = m->name;
  } else {
    const auto dot = left.rfind('.');
    m = dot == std::string::npos ? std::nullopt : find_metric(scenario, left.substr(0, dot));
    if (!m) throw fail(fmt::format("unknown metric '{}'{}", left, did_you_mean(left, metric_names(scenario))));
    const auto stat = stats::parse_statistic(left.substr(dot + 1));
    if (!stat || stat->kind == stats::StatKind::share_above)
      throw fail(fmt::format("unknown statistic '{}'", left.substr(dot + 1)));
    if (m->share() && stat->kind != stats::StatKind::mean)
      throw fail(fmt::format("{} is a share (a 0 or 1 per item); only its mean has a precision goal", m->name));
    g.metric = m->name;
    g.statistic = *stat;
  }
  if (m->timed()) {
    const ParsedQuantity q = parse_quantity(right, Dimension::duration);
    if (!q.error.empty()) throw fail(fmt::format("half-width '{}': {}", right, q.error));
    if (!(q.si_value > 0)) throw fail("the half-width must be greater than zero");
    g.half_width = q.si_value;
  } else {
    double v = 0;
    std::size_t used = 0;
    try {
      v = std::stod(right, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    const bool fraction = m->unit == "1";
    if (used == 0 || used != right.size() || !(v > 0) || (fraction && !(v < 1)))
      throw fail(fraction ? fmt::format("the half-width of a share is a plain number between 0 and 1, got '{}'", right)
                          : fmt::format("the half-width of {} is a plain number of {} above 0, got '{}'", m->name,
                                        m->unit, right));
    g.half_width = v;
  }
  g.info = *m;
  return g;
}

PrecisionRun run_to_precision(const Scenario& scenario, const RunOptions& options,
                              const std::vector<PrecisionGoal>& goals, std::int64_t cap,
                              const std::function<void(const PrecisionProgress&)>& on_batch) {
  PrecisionRun out;
  std::vector<double> wanted;
  for (const auto& g : goals) wanted.push_back(g.half_width);
  std::int64_t batch = std::max<std::int64_t>(1, std::min(options.replications, cap));
  // Each batch pays for a platform build and a fork; tiny top-ups are not worth it.
  const std::int64_t min_batch = std::max<std::int64_t>(1, batch / 4);
  std::int64_t done = 0;
  for (int round = 1; batch > 0; ++round) {
    RunOptions b = options;
    b.first_replication = options.first_replication + done;
    b.replications = batch;
    append_run(out.run, run_replications(scenario, b));
    done += batch;
    // Under mpirun rank 0 alone holds the records: it decides, and every rank follows.
    if (holds_records(options)) {
      out.reached = reached_half_widths(scenario, out.run, goals);
      batch = stats::next_batch(done, out.reached, wanted, cap, min_batch);
    }
    numbers_from_root(options, out.reached, batch);
    if (on_batch) on_batch({round, done, out.reached, batch});
  }
  out.met = true;
  for (std::size_t k = 0; k < goals.size(); ++k) out.met = out.met && out.reached[k] <= goals[k].half_width;
  return out;
}

std::string describe_precision(const std::vector<PrecisionGoal>& goals, const std::vector<double>& reached,
                               Language lang) {
  const Messages& msg = messages(lang);
  std::string out;
  for (std::size_t k = 0; k < goals.size(); ++k) {
    const MetricInfo& m = goals[k].info;
    out += (k ? msg.text("run.precision_separator") : std::string()) +
           msg.fill("run.precision_goal", {{"name", goals[k].name()},
                                           {"reached", show_half_width(m, reached[k])},
                                           {"goal", show_half_width(m, goals[k].half_width)},
                                           {"met", reached[k] <= goals[k].half_width ? msg.text("run.precision_goal_met")
                                                                                     : std::string()}});
  }
  return out;
}

}  // namespace readysim
