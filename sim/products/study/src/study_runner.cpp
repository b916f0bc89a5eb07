// Connects the sizing search to the simulator: a candidate is the scenario with overrides, run
// on replications [first, first + count) with one master seed, so candidates share their fires.
#include <chrono>
#include <cmath>
#include <list>
#include <map>
#include <memory>

#include <fmt/format.h>

#include <set>
#include <tuple>

#include "rank_values.hpp"
#include "readysim/crew_warnings.hpp"
#include "readysim/metrics.hpp"
#include "readysim/run.hpp"
#include "readysim/study.hpp"

namespace readysim {

namespace {

// Loading a scenario (YAML, roads, validation) costs about as much as a hundred replications of
// the default district, and the decision phase comes back to the same candidates batch after
// batch: keep the most recent ones.
class ScenarioCache {
 public:
  ScenarioCache(const Study& study, const StudyRunOptions& options) : study_(study), options_(options) {}

  std::shared_ptr<const Scenario> get(const sizing::Candidate& c) {
    if (const auto it = index_.find(c); it != index_.end()) {
      order_.splice(order_.begin(), order_, it->second);
      return it->second->second;
    }
    auto o = options_.overrides;
    const auto more = candidate_overrides(study_, c);
    o.insert(o.end(), more.begin(), more.end());
    auto s = std::make_shared<const Scenario>(load_scenario(options_.scenario_path, o));
    order_.emplace_front(c, s);
    index_[c] = order_.begin();
    if (order_.size() > kKeep) {
      index_.erase(order_.back().first);
      order_.pop_back();
    }
    return s;
  }

 private:
  static constexpr std::size_t kKeep = 24;
  const Study& study_;
  const StudyRunOptions& options_;
  std::list<std::pair<sizing::Candidate, std::shared_ptr<const Scenario>>> order_;
  std::map<sizing::Candidate, decltype(order_)::iterator> index_;
};

// The candidate that simulates the same as `c`: every variable of a station's engines
// (`resources.stations.<id>.engines`, an integer range) lowered to the engines the station's crews
// can ever staff; the engines above never leave (readysim/crew_warnings.hpp), so they change no
// result. `c` itself when nothing is lowered (or the range has no such level).
sizing::Candidate crewed_equivalent(const Study& study, const sizing::Candidate& c, const Scenario& s,
                                    std::string& why) {
  sizing::Candidate out = c;
  const std::string head = "resources.stations.", tail = ".engines";
  for (std::size_t v = 0; v < study.problem.variables.size(); ++v) {
    const auto& var = study.problem.variables[v];
    if (!var.ordered || var.path.size() <= head.size() + tail.size() || var.path.rfind(head, 0) != 0 ||
        var.path.compare(var.path.size() - tail.size(), tail.size(), tail) != 0)
      continue;
    const Station* st = s.find_station(var.path.substr(head.size(), var.path.size() - head.size() - tail.size()));
    if (!st) continue;
    const int crewed = crewable_engines(s, *st);
    if (crewed >= st->engines) continue;
    for (std::size_t l = 0; l < var.levels.size(); ++l)
      if (std::llround(var.levels[l].x) == crewed) {
        out[v] = static_cast<int>(l);
        why += fmt::format("{}station '{}' crews at most {} of its {} engines", why.empty() ? "" : "; ", st->id, crewed,
                           st->engines);
      }
  }
  return out;
}

constexpr std::size_t kKeepResults = 48;

}  // namespace

StudyOutcome run_study(const Study& study, const StudyRunOptions& options) {
  StudyOutcome out;
  ScenarioCache cache(study, options);
  const sizing::Candidate base = study.problem.base();
  const auto base_scenario = cache.get(base);
  out.seed = options.seed ? *options.seed : study.seed ? *study.seed : base_scenario->run.seed;
  out.effective_base = effective_scenario_yaml(*base_scenario);
  const std::vector<std::string> metrics = study.problem.metrics();
  // Results of recent evaluations, for candidates that simulate the same as a cheaper one: a
  // never-crewed engine is not simulated again (kept only at screening size, to bound memory).
  using Key = std::tuple<sizing::Candidate, std::int64_t, std::int64_t>;
  std::map<Key, std::vector<stats::ClusteredSample>> recent;
  std::list<Key> recent_order;
  std::set<sizing::Candidate> told;
  // An idle uncrewed engine still counts in the staff board's demand for crews (staff.* metrics);
  // everything else of a never-crewed engine is as if it were not there.
  bool staff_metric = false;
  for (const auto& m : metrics) staff_metric = staff_metric || m.rfind("staff.", 0) == 0;
  // The configuration that simulates the same as `asked` (`why` says how it differs, if it does).
  const auto simulated_as = [&](const sizing::Candidate& asked, std::string& why) {
    return staff_metric ? asked : crewed_equivalent(study, asked, *cache.get(asked), why);
  };
  const auto tell_uncrewable = [&](const sizing::Candidate& asked, const sizing::Candidate& c, const std::string& why) {
    if (c == asked || !told.insert(asked).second) return;
    out.uncrewable.push_back(fmt::format("{}: {}, so it simulates the same as {} (its results, not simulated again)",
                                         study.problem.describe(asked), why, study.problem.describe(c)));
    if (options.log) options.log("skipped " + out.uncrewable.back());
  };
  const auto remember = [&](const Key& key, const std::vector<stats::ClusteredSample>& samples) {
    if (std::get<2>(key) > study.problem.options.screening_replications || recent.count(key)) return;
    recent[key] = samples;
    recent_order.push_front(key);
    if (recent_order.size() > kKeepResults) {
      recent.erase(recent_order.back());
      recent_order.pop_back();
    }
  };
  // Replications [first, first + count) of configuration `c`: with `ranks` (mpirun) dealt to every
  // rank, rank 0's samples on every rank; without, in this process alone.
  const auto simulate = [&](const sizing::Candidate& c, std::int64_t first, std::int64_t count, Ranks* ranks) {
    const Key key{c, first, count};
    if (const auto it = recent.find(key); it != recent.end()) return it->second;
    const auto scenario = cache.get(c);
    RunOptions ro;
    ro.first_replication = first;
    ro.replications = count;
    ro.seed = out.seed;
    ro.jobs = options.jobs;
    ro.ranks = ranks;
    const RunOutput run = run_replications(*scenario, ro);
    auto samples = samples_from_root(
        ro, holds_records(ro) ? metric_samples(*scenario, run, metrics, study.warm_up_s)
                              : std::vector<stats::ClusteredSample>{});
    remember(key, samples);
    return samples;
  };
  const sizing::Evaluator evaluate = [&](const sizing::Candidate& asked, std::int64_t first, std::int64_t count) {
    std::string why;
    const sizing::Candidate c = simulated_as(asked, why);
    tell_uncrewable(asked, c, why);
    return simulate(c, first, count, options.ranks);  // mpirun: the batch is dealt to the ranks
  };
  // Several configurations' screenings at once. With ranks, each configuration is run whole by
  // one rank (configuration k by rank k mod R, with its own -j workers) and every rank gets every
  // result: the same samples as `evaluate`, with one exchange instead of one per configuration.
  // What is said about a configuration (a never-crewed engine) waits until the search takes its
  // result, so that the messages and their order do not depend on the batches or the rank count.
  std::map<sizing::Candidate, std::pair<sizing::Candidate, std::string>> to_tell;
  sizing::BatchScreening batch;
  batch.width = options.ranks ? options.ranks->size() : 1;
  batch.taken = [&](const sizing::Candidate& asked) {
    if (const auto it = to_tell.find(asked); it != to_tell.end()) {
      tell_uncrewable(asked, it->second.first, it->second.second);
      to_tell.erase(it);
    }
  };
  batch.run = [&](const std::vector<sizing::Candidate>& asked, std::int64_t count) {
    const auto screen_one = [&](std::size_t k, Ranks* ranks) {
      ScreenedConfiguration s;
      s.simulated_as = simulated_as(asked[k], s.why);
      s.samples = simulate(s.simulated_as, 0, count, ranks);
      return s;
    };
    std::vector<ScreenedConfiguration> screened;
    if (!options.ranks || options.ranks->size() < 2) {
      for (std::size_t k = 0; k < asked.size(); ++k) screened.push_back(screen_one(k, options.ranks));
    } else {
      screened = share_out(*options.ranks, asked.size(), [&](std::size_t k) { return screen_one(k, nullptr); });
    }
    std::vector<std::vector<stats::ClusteredSample>> results;
    for (std::size_t k = 0; k < asked.size(); ++k) {
      to_tell[asked[k]] = {screened[k].simulated_as, screened[k].why};
      remember(Key{screened[k].simulated_as, 0, count}, screened[k].samples);
      results.push_back(std::move(screened[k].samples));
    }
    return results;
  };
  const auto t0 = std::chrono::steady_clock::now();
  out.result = sizing::search(study.problem, evaluate, options.log, batch);
  out.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace readysim
