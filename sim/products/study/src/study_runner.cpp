// Connects the sizing search to the simulator: a candidate is the scenario with overrides, run
// on replications [first, first + count) with one master seed, so candidates share their fires.
#include <chrono>
#include <list>
#include <map>
#include <memory>

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

}  // namespace

StudyOutcome run_study(const Study& study, const StudyRunOptions& options) {
  StudyOutcome out;
  ScenarioCache cache(study, options);
  const sizing::Candidate base = study.problem.base();
  const auto base_scenario = cache.get(base);
  out.seed = options.seed ? *options.seed : study.seed ? *study.seed : base_scenario->run.seed;
  out.effective_base = effective_scenario_yaml(*base_scenario);
  const std::vector<std::string> metrics = study.problem.metrics();
  const sizing::Evaluator evaluate = [&](const sizing::Candidate& c, std::int64_t first, std::int64_t count) {
    const auto scenario = cache.get(c);
    RunOptions ro;
    ro.first_replication = first;
    ro.replications = count;
    ro.seed = out.seed;
    ro.jobs = options.jobs;
    return metric_samples(*scenario, run_replications(*scenario, ro), metrics, study.warm_up_s);
  };
  const auto t0 = std::chrono::steady_clock::now();
  out.result = sizing::search(study.problem, evaluate, options.log);
  out.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace readysim
