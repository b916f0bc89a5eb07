#pragma once
/// \file sizing.hpp
/// Sizing search: the cheapest configuration of decision variables (engines, staff, a site…)
/// whose simulated metrics meet every target at its stated confidence. The simulator is behind
/// an Evaluator callback, so the search is plain statistics and can be tested on synthetic
/// models; readysim/study.hpp connects it to scenarios.
///
/// The search, in rounds:
/// 1. marginal analysis from the cheapest configuration: screen every one-unit step up (every
///    other level of a choice) with a few replications and take the step that removes the most
///    target shortfall per unit of cost, until the screening estimates meet every target; when
///    no single step helps, pairs of steps are tried (an engine is of no use without its crew);
/// 2. a response surface (least squares in Eigen: linear, square, one-hot and interaction terms)
///    fitted to every screened configuration predicts the configurations cheaper than the best
///    one found; those it places beyond a target by more than `prune_sigma` prediction standard
///    deviations are pruned, the rest are screened, cheapest first, refitting as data arrive;
/// 3. decision: in order of cost, each surviving candidate gets replications in growing batches
///    until every target is decided (one-sided bound on the right side: met; on the wrong side:
///    missed) or max_replications is reached; the first one that meets them all is recommended;
/// 4. the configurations one unit cheaper than the recommendation are decided too: a target they
///    miss is binding; if one meets everything it becomes the recommendation (so no single unit
///    can be removed). If nothing was found, the next round continues the marginal analysis on
///    the confidence bounds instead of the point estimates.
/// Every candidate runs the same replication indices 0, 1, 2… (common random numbers), so
/// differences between candidates are not blurred by different random fires.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "readysim/estimate.hpp"

namespace readysim::sizing {

/// One value a decision variable can take.
struct Level {
  std::string label;  ///< as shown in tables ("2", "police_station", "on_site")
  std::string value;  ///< the override value, YAML text ("2", "{dist: lognormal, …}")
  double cost = 0;    ///< what the configuration costs for this variable at this level (≥ 0)
  double x = 0;       ///< numeric value for the response surface (integers: the value itself)
};

/// A decision variable: a path into the scenario and the levels it may take.
struct Variable {
  std::string name;           ///< short name, unique within the study
  std::string path;           ///< scenario override path ("resources.stations.brigade.engines")
  bool ordered = true;        ///< an integer range (steps of one level) or an unordered choice
  std::vector<Level> levels;  ///< at least one; integer ranges in increasing order
};

/// Which side of the bound a target wants.
enum class Sense {
  at_most,   ///< statistic ≤ bound
  at_least,  ///< statistic ≥ bound
};

/// A target on a statistic of a metric, to be shown at a one-sided confidence level.
struct Target {
  std::string metric;              ///< metric name ("fire.response_time")
  stats::Statistic statistic;      ///< mean, a quantile or the share above a threshold
  Sense sense = Sense::at_most;    ///< ≤ or ≥
  double bound = 0;                ///< the bound, in the metric's SI unit (shares: 0–1)
  double confidence = 0.95;        ///< one-sided: "met" when the one-sided bound is on the right side
  std::string unit;                ///< SI unit of the statistic ("s", or "1" for shares)

  /// "fire.response_time.p90".
  [[nodiscard]] std::string name() const;
};

/// Tuning of the search.
struct SearchOptions {
  std::int64_t screening_replications = 200;  ///< replications a candidate is first screened with
  std::int64_t max_replications = 20000;      ///< replications per candidate at most, when deciding
  int max_candidates = 300;                   ///< configurations evaluated at most
  double prune_sigma = 2.0;                   ///< surface pruning threshold, in prediction SDs
  std::int64_t grid_limit = 200000;           ///< configurations enumerated for the surface at most
  int max_rounds = 4;                         ///< rounds of marginal analysis and decision
};

/// A configuration: one level index per variable.
using Candidate = std::vector<int>;

/// Runs replications [first, first + count) of a configuration and returns one sample per metric
/// of Problem::metrics(), in that order. Replication i must depend only on the configuration and
/// i, so that candidates run on common random numbers.
using Evaluator =
    std::function<std::vector<stats::ClusteredSample>(const Candidate& candidate, std::int64_t first, std::int64_t count)>;

/// Screens several configurations at once: replications 0 … count − 1 of each, one sample per
/// metric of Problem::metrics() per configuration, in the order asked. For an evaluator that can
/// run configurations side by side (MPI ranks, each running whole configurations); each result
/// must be the one Evaluator would give, so the search is the same with or without it.
struct BatchScreening {
  /// The samples of each configuration asked, in order.
  std::function<std::vector<std::vector<stats::ClusteredSample>>(const std::vector<Candidate>& candidates,
                                                                 std::int64_t count)>
      run;
  /// How many configurations it runs side by side: a grid screened cheapest first (stopping at the
  /// first that looks feasible) is asked this many at a time; other batches are asked whole.
  int width = 1;
  /// Called (if set) when the search takes a batch's result for a configuration, at the moment it
  /// would otherwise have called the Evaluator: for what the caller says about a configuration it
  /// screens, in the search's order, never for one a batch ran but the search did not take.
  std::function<void(const Candidate& candidate)> taken;
};

/// What to size, against what targets.
struct Problem {
  std::vector<Variable> variables;  ///< decision variables
  std::vector<Target> targets;      ///< at least one
  SearchOptions options;            ///< tuning

  /// The distinct metrics of the targets, in order of first use.
  [[nodiscard]] std::vector<std::string> metrics() const;
  /// The cost of a configuration: the sum of its levels' costs.
  [[nodiscard]] double cost(const Candidate& c) const;
  /// The cheapest configuration (each variable at its cheapest level, the first on ties).
  [[nodiscard]] Candidate base() const;
  /// "engines=2 site=jizhen".
  [[nodiscard]] std::string describe(const Candidate& c) const;
  /// Throws std::invalid_argument naming the first inconsistency (no levels, negative cost…).
  void check() const;
};

/// The outcome of a target (or of a candidate over all its targets).
enum class Verdict {
  met,        ///< shown at the stated confidence
  missed,     ///< the opposite shown at the stated confidence
  undecided,  ///< neither, with the replications run
};

/// How a candidate came to be evaluated.
enum class Origin {
  base,       ///< the cheapest configuration, where the search starts
  marginal,   ///< a step of marginal analysis
  surface,    ///< proposed by the response surface as possibly cheaper
  neighbour,  ///< one unit cheaper than a recommendation (binding analysis)
  grid,       ///< screened with the whole (small) grid when marginal analysis was stuck
};

/// A target's estimate at a candidate.
struct TargetOutcome {
  stats::Estimate estimate;            ///< with the two-sided interval at level 2·confidence - 1
  Verdict verdict = Verdict::undecided;  ///< at the replications run
};

/// A configuration the search ran.
struct Evaluated {
  Candidate levels;                    ///< level index per variable
  double cost = 0;                     ///< its cost
  Origin origin = Origin::base;        ///< why it was run
  std::int64_t replications = 0;       ///< replications run (indices 0 … replications - 1)
  std::vector<TargetOutcome> targets;  ///< per target, over all its replications
  Verdict verdict = Verdict::undecided;  ///< met: every target met; missed: some target missed
  bool decided = false;                ///< went through the decision phase (else screening only)
  bool frontier = false;               ///< on the cost–performance frontier
  /// Performance: the largest normalised gap (estimate - bound) / |bound| over the targets, sign
  /// turned so that ≤ 0 means every point estimate is on the right side. The frontier holds the
  /// candidates no cheaper-or-equal candidate beats on it.
  double worst_gap = 0;
};

/// A target that binds at the recommendation: one unit less of something misses it.
struct Binding {
  std::size_t target = 0;     ///< index into Problem::targets
  std::size_t candidate = 0;  ///< index into Result::candidates of the cheaper neighbour that misses it
  std::size_t variable = 0;   ///< the variable that neighbour differs in
};

/// How well the response surface fitted a target's gap, at its last fit.
struct SurfaceFit {
  std::size_t target = 0;   ///< index into Problem::targets
  int points = 0;           ///< configurations fitted
  int terms = 0;            ///< terms in the model (with the intercept)
  double r_squared = 0;     ///< coefficient of determination
  double residual_sd = 0;   ///< residual standard deviation (of the normalised gap)
};

/// Everything the search found.
struct Result {
  std::vector<Evaluated> candidates;          ///< in order of first evaluation; [0] is the base
  std::optional<std::size_t> recommended;     ///< cheapest candidate shown to meet every target
  std::vector<Binding> binding;               ///< binding targets at the recommendation
  std::vector<std::size_t> undecided_cheaper; ///< cheaper than the recommendation, left undecided
  std::vector<SurfaceFit> surface;            ///< the last fit, per target (empty if never fitted)
  std::int64_t grid_size = 0;                 ///< configurations in the full grid
  std::int64_t pruned = 0;                    ///< configurations the surface ruled out unrun, at its last pass
  std::int64_t total_replications = 0;        ///< replications run over all candidates
};

/// Runs the search. `log` (if set) receives one line per step. With `batch.run` set, the new
/// configurations a step screens together (the moves marginal analysis compares, the cheapest
/// survivors of the surface, the neighbours of a recommendation, the grid) go to it at once, in
/// the order the search takes them; the result is the same as without it. Throws
/// std::invalid_argument for an inconsistent problem; whatever the evaluator throws passes through.
Result search(const Problem& problem, const Evaluator& evaluate, const std::function<void(const std::string&)>& log = {},
              const BatchScreening& batch = {});

/// The frontier flags of `candidates`: cheapest first, a candidate is on the frontier when its
/// worst_gap is below that of every candidate costing no more (ties in cost: the better gap).
std::vector<bool> cost_performance_frontier(const std::vector<Evaluated>& candidates);

}  // namespace readysim::sizing
