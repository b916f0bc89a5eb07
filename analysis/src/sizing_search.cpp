// The sizing search (see sizing.hpp for the method): marginal analysis, a response surface to
// prune, sequential decisions on common random numbers, and the binding analysis.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include "readysim/sequential.hpp"
#include "readysim/sizing.hpp"
#include "sizing_moves.hpp"
#include "sizing_surface.hpp"

namespace readysim::sizing {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
// A gap standing for "no data" or "unbounded": large, but finite, so sums stay ordered.
constexpr double kHugeGap = 1e6;
constexpr double kEps = 1e-9;

std::string show(double v, const std::string& unit) {
  if (std::isnan(v)) return "n/a";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return unit == "s" ? fmt::format("{:.2f} min", v / 60) : fmt::format("{:.4g}", v);
}

class Search {
 public:
  Search(const Problem& p, const Evaluator& e, const std::function<void(const std::string&)>& log,
         const BatchScreening& batch)
      : p_(p), eval_(e), log_(log), batch_(batch), metrics_(p.metrics()) {
    for (const auto& t : p.targets)
      metric_of_target_.push_back(static_cast<std::size_t>(
          std::find(metrics_.begin(), metrics_.end(), t.metric) - metrics_.begin()));
  }

  Result run() {
    r_.grid_size = 1;
    for (const auto& v : p_.variables)
      r_.grid_size = std::min<std::int64_t>(r_.grid_size * static_cast<std::int64_t>(v.levels.size()),
                                            std::numeric_limits<std::int64_t>::max() / 1024);
    std::size_t start = screen(p_.base(), Origin::base);
    for (int round = 0; round < p_.options.max_rounds; ++round) {
      const bool conservative = round > 0;
      say(fmt::format("round {}: marginal analysis from {} on {} estimates", round + 1, p_.describe(cand(start)),
                      conservative ? "confidence-bound" : "point"));
      const std::optional<std::size_t> end = greedy(start, conservative);
      double best_cost = promising_cost();
      // Stuck in a local optimum (variables that interact: one choice helps one target and
      // hurts another) with nothing feasible in sight: a small grid is screened whole.
      if (!end && !std::isfinite(best_cost) && screen_grid()) best_cost = promising_cost();
      if (std::isfinite(best_cost)) surface_phase(best_cost);
      // Nothing even looks feasible: deciding candidates would only burn replications.
      if (!std::isfinite(best_cost)) {
        if (!end) break;
        start = *end;
        continue;
      }
      if (const auto rec = decision_phase(best_cost)) {
        r_.recommended = binding_phase(*rec);
        break;
      }
      if (!end || (conservative && *end == start)) break;
      start = *end;
    }
    finish();
    return std::move(r_);
  }

 private:
  // ---- bookkeeping -------------------------------------------------------------------------

  const Candidate& cand(std::size_t i) const { return r_.candidates[i].levels; }
  bool budget_left() const { return static_cast<int>(r_.candidates.size()) < p_.options.max_candidates; }
  void say(const std::string& line) const {
    if (log_) log_(line);
  }

  TargetOutcome outcome(std::size_t i, std::size_t t, std::int64_t reps) const {
    const Target& target = p_.targets[t];
    TargetOutcome o;
    // A two-sided interval at 2c - 1 has one-sided bounds at c on each side.
    o.estimate = stats::estimate(samples_[i][metric_of_target_[t]], target.statistic, 2 * target.confidence - 1,
                                 static_cast<int>(reps));
    const double lo = o.estimate.low, hi = o.estimate.high;
    if (target.sense == Sense::at_most)
      o.verdict = hi <= target.bound ? Verdict::met : lo > target.bound ? Verdict::missed : Verdict::undecided;
    else
      o.verdict = lo >= target.bound ? Verdict::met : hi < target.bound ? Verdict::missed : Verdict::undecided;
    return o;
  }

  // Signed, normalised distance from the bound; > 0 is on the wrong side. `conservative` uses the
  // one-sided confidence bound instead of the point estimate.
  double gap(std::size_t t, const stats::Estimate& e, bool conservative) const {
    const Target& target = p_.targets[t];
    const bool at_most = target.sense == Sense::at_most;
    const double v = conservative ? (at_most ? e.high : e.low) : e.value;
    if (std::isnan(v)) return kHugeGap;
    const double scale = std::fabs(target.bound) > 0 ? std::fabs(target.bound) : 1.0;
    const double g = (at_most ? v - target.bound : target.bound - v) / scale;
    return std::clamp(g, -kHugeGap, kHugeGap);
  }

  void update(std::size_t i) {
    Evaluated& c = r_.candidates[i];
    c.targets.clear();
    bool missed = false, all_met = true;
    c.worst_gap = -inf;
    for (std::size_t t = 0; t < p_.targets.size(); ++t) {
      c.targets.push_back(outcome(i, t, c.replications));
      missed = missed || c.targets.back().verdict == Verdict::missed;
      all_met = all_met && c.targets.back().verdict == Verdict::met;
      c.worst_gap = std::max(c.worst_gap, gap(t, c.targets.back().estimate, false));
    }
    c.verdict = missed ? Verdict::missed : all_met ? Verdict::met : Verdict::undecided;
  }

  // Runs replications up to `total` for candidate i (common random numbers: indices 0, 1, …).
  void extend(std::size_t i, std::int64_t total) {
    Evaluated& c = r_.candidates[i];
    if (total <= c.replications) return;
    auto more = eval_(c.levels, c.replications, total - c.replications);
    if (more.size() != metrics_.size())
      throw std::invalid_argument(fmt::format("sizing: the evaluator returned {} samples for {} metrics", more.size(),
                                              metrics_.size()));
    for (std::size_t m = 0; m < more.size(); ++m) {
      if (more[m].replications() != total - c.replications)
        throw std::invalid_argument("sizing: the evaluator returned the wrong number of replications");
      samples_[i][m].append(more[m]);
    }
    r_.total_replications += total - c.replications;
    c.replications = total;
    update(i);
  }

  // Screens, in one batch, the configurations of `wanted` that screen() would run next: the new
  // ones, in order, as many as the candidate budget leaves room for.
  // Their samples wait in prefetched_ until screen() takes them, so the search goes exactly as
  // without the batch. Fewer than two new ones: nothing to share, screen() runs it alone.
  void prefetch(const std::vector<Candidate>& wanted) {
    if (!batch_.run) return;
    const auto room = static_cast<std::size_t>(
        std::max<std::int64_t>(0, static_cast<std::int64_t>(p_.options.max_candidates) -
                                      static_cast<std::int64_t>(r_.candidates.size())));
    std::vector<Candidate> fresh, ask;
    for (const Candidate& c : wanted) {
      if (fresh.size() >= room) break;
      if (index_.count(c) || std::find(fresh.begin(), fresh.end(), c) != fresh.end()) continue;
      fresh.push_back(c);
      if (!prefetched_.count(c)) ask.push_back(c);
    }
    if (ask.size() < 2) return;
    auto got = batch_.run(ask, p_.options.screening_replications);
    if (got.size() != ask.size())
      throw std::invalid_argument(fmt::format("sizing: the batch evaluator returned {} results for {} configurations",
                                              got.size(), ask.size()));
    for (std::size_t k = 0; k < ask.size(); ++k) prefetched_[ask[k]] = std::move(got[k]);
  }

  // The candidate's index, screening it first if it is new.
  std::size_t screen(const Candidate& c, Origin origin) {
    if (const auto it = index_.find(c); it != index_.end()) return it->second;
    const std::size_t i = r_.candidates.size();
    Evaluated e;
    e.levels = c;
    e.cost = p_.cost(c);
    e.origin = origin;
    r_.candidates.push_back(e);
    index_.emplace(c, i);
    samples_.emplace_back();
    // Fresh samples take their share flag from the first batch.
    std::vector<stats::ClusteredSample> first;
    if (const auto it = prefetched_.find(c); it != prefetched_.end()) {
      first = std::move(it->second);
      prefetched_.erase(it);
      if (batch_.taken) batch_.taken(c);
    } else {
      first = eval_(c, 0, p_.options.screening_replications);
    }
    if (first.size() != metrics_.size())
      throw std::invalid_argument(fmt::format("sizing: the evaluator returned {} samples for {} metrics", first.size(),
                                              metrics_.size()));
    samples_[i] = std::move(first);
    r_.candidates[i].replications = p_.options.screening_replications;
    r_.total_replications += p_.options.screening_replications;
    update(i);
    // The screening estimates are what marginal analysis and the surface compare: every
    // candidate has them over the same replications.
    std::vector<stats::Estimate> est;
    for (const auto& o : r_.candidates[i].targets) est.push_back(o.estimate);
    screening_.push_back(est);
    say(fmt::format("  screened #{} {} (cost {:g}): {}", i, p_.describe(c), e.cost, summary(i)));
    return i;
  }

  std::string summary(std::size_t i) const {
    std::string out;
    const Evaluated& c = r_.candidates[i];
    for (std::size_t t = 0; t < c.targets.size(); ++t) {
      const auto& e = c.targets[t].estimate;
      const Target& target = p_.targets[t];
      if (!out.empty()) out += "; ";
      out += fmt::format("{} {} [{}, {}]{}", target.name(), show(e.value, target.unit), show(e.low, target.unit),
                         show(e.high, target.unit),
                         c.targets[t].verdict == Verdict::met      ? " met"
                         : c.targets[t].verdict == Verdict::missed ? " missed"
                                                                   : "");
    }
    return out;
  }

  // Total shortfall at the screening replications (common to every candidate).
  double shortfall(std::size_t i, bool conservative) const {
    double s = 0;
    for (std::size_t t = 0; t < p_.targets.size(); ++t) s += std::max(0.0, gap(t, screening_[i][t], conservative));
    return s;
  }

  // Looks feasible and can still be decided: a candidate left undecided at max_replications has
  // had its chance, so the search must look past it to dearer ones.
  bool promising(std::size_t i) const {
    const Evaluated& c = r_.candidates[i];
    const bool exhausted = c.replications >= p_.options.max_replications && c.verdict == Verdict::undecided;
    return c.verdict != Verdict::missed && !exhausted && c.worst_gap <= 0;
  }

  double promising_cost() const {
    double best = inf;
    for (std::size_t i = 0; i < r_.candidates.size(); ++i)
      if (promising(i)) best = std::min(best, r_.candidates[i].cost);
    return best;
  }

  // ---- moves -------------------------------------------------------------------------------

  // The move that removes the most shortfall per unit of cost; moves that cost nothing and help
  // come first. nullopt when no move helps.
  std::optional<std::size_t> best_move(std::size_t from, const std::vector<Candidate>& moves, bool conservative) {
    const double s0 = shortfall(from, conservative);
    const double c0 = r_.candidates[from].cost;
    std::optional<std::size_t> best;
    double best_score = -inf, best_gain = 0;
    prefetch(moves);
    for (const Candidate& m : moves) {
      if (!index_.count(m) && !budget_left()) break;
      const std::size_t i = screen(m, Origin::marginal);
      const double gain = s0 - shortfall(i, conservative);
      if (gain <= kEps) continue;
      const double dc = r_.candidates[i].cost - c0;
      const double score = dc > kEps ? gain / dc : inf;
      if (score > best_score || (score == best_score && gain > best_gain)) {
        best = i;
        best_score = score;
        best_gain = gain;
      }
    }
    return best;
  }

  // Marginal analysis from `start` until the shortfall is gone; the end point, or nullopt when
  // stuck (no step or pair of steps helps) or out of budget.
  std::optional<std::size_t> greedy(std::size_t start, bool conservative) {
    std::size_t x = start;
    for (int step = 0; step < 1000; ++step) {
      const double s = shortfall(x, conservative);
      if (s <= 0) {
        say(fmt::format("  marginal analysis reached {} (cost {:g})", p_.describe(cand(x)), r_.candidates[x].cost));
        return x;
      }
      std::vector<Candidate> singles;
      for (auto& [m, v] : detail::up_moves(p_, cand(x))) singles.push_back(m);
      auto next = best_move(x, singles, conservative);
      if (!next) {
        // Complements: an engine is useless without the people to crew it, and vice versa.
        std::vector<Candidate> pairs;
        const auto ups = detail::up_moves(p_, cand(x));
        for (std::size_t a = 0; a < ups.size(); ++a)
          for (auto& [m2, v2] : detail::up_moves(p_, ups[a].first))
            if (v2 > ups[a].second) pairs.push_back(m2);
        std::sort(pairs.begin(), pairs.end(),
                  [&](const Candidate& a, const Candidate& b) { return p_.cost(a) < p_.cost(b); });
        if (pairs.size() > 60) pairs.resize(60);
        next = best_move(x, pairs, conservative);
      }
      if (!next) {
        say(fmt::format("  marginal analysis stuck at {}: no step of one or two units reduces the shortfall {:.4g}",
                        p_.describe(cand(x)), s));
        return std::nullopt;
      }
      say(fmt::format("  step to {} (cost {:g}, shortfall {:.4g} -> {:.4g})", p_.describe(cand(*next)),
                      r_.candidates[*next].cost, s, shortfall(*next, conservative)));
      x = *next;
    }
    return std::nullopt;
  }

  // Screens the configurations not yet screened, cheapest first, until one looks feasible;
  // only when all of them fit in the candidate budget. True when one does.
  bool screen_grid() {
    const auto room = static_cast<std::int64_t>(p_.options.max_candidates) - static_cast<std::int64_t>(r_.candidates.size());
    if (r_.grid_size > room + static_cast<std::int64_t>(r_.candidates.size())) return false;
    bool truncated = false;
    auto all = detail::cheaper_configurations(
        p_, std::numeric_limits<double>::infinity(), [this](const Candidate& c) { return index_.count(c) > 0; },
        truncated);
    if (truncated) return false;
    std::stable_sort(all.begin(), all.end(),
                     [&](const Candidate& a, const Candidate& b) { return p_.cost(a) < p_.cost(b); });
    say(fmt::format("  the grid has {} configurations: screening the {} left, cheapest first", r_.grid_size,
                    all.size()));
    const auto width = static_cast<std::size_t>(std::max(1, batch_.width));
    for (std::size_t k = 0; k < all.size(); ++k) {
      if (!budget_left()) break;
      if (k % width == 0)
        prefetch(std::vector<Candidate>(all.begin() + static_cast<std::ptrdiff_t>(k),
                                        all.begin() + static_cast<std::ptrdiff_t>(std::min(all.size(), k + width))));
      if (promising(screen(all[k], Origin::grid))) return true;
    }
    return false;
  }

  // ---- response surface --------------------------------------------------------------------

  void surface_phase(double& best_cost) {
    for (int pass = 0; pass < 1000 && budget_left(); ++pass) {
      std::vector<Candidate> points;
      for (const auto& c : r_.candidates) points.push_back(c.levels);
      std::vector<detail::Surface> fits;
      r_.surface.clear();
      for (std::size_t t = 0; t < p_.targets.size(); ++t) {
        std::vector<double> y;
        for (std::size_t i = 0; i < r_.candidates.size(); ++i) y.push_back(gap(t, screening_[i][t], false));
        fits.emplace_back(p_, points, y);
        if (fits.back().usable())
          r_.surface.push_back({t, fits.back().points(), fits.back().terms(), fits.back().r_squared(),
                                fits.back().residual_sd()});
      }
      struct Survivor {
        Candidate c;
        double cost, predicted;
      };
      std::vector<Survivor> survivors;
      std::int64_t pruned = 0;
      bool truncated = false;
      auto cheaper = detail::cheaper_configurations(
          p_, best_cost, [this](const Candidate& c) { return index_.count(c) > 0; }, truncated);
      if (truncated)
        say(fmt::format("  the grid below cost {:g} is larger than grid_limit {}; only part of it was considered",
                        best_cost, p_.options.grid_limit));
      for (Candidate& c : cheaper) {
        bool out = false;
        double predicted = 0;
        for (const auto& f : fits) {
          if (!f.usable()) continue;
          double sd = 0;
          const double g = f.predict(c, sd);
          out = out || g - p_.options.prune_sigma * sd > 0;
          predicted += std::max(0.0, g);
        }
        if (out) {
          ++pruned;
        } else {
          const double cost = p_.cost(c);
          survivors.push_back({std::move(c), cost, predicted});
        }
      }
      r_.pruned = pruned;
      if (survivors.empty()) break;
      std::sort(survivors.begin(), survivors.end(), [](const Survivor& a, const Survivor& b) {
        return a.cost != b.cost ? a.cost < b.cost : a.predicted < b.predicted;
      });
      say(fmt::format("  surface: {} cheaper configurations pruned, {} left; screening the cheapest", pruned,
                      survivors.size()));
      // A few at a time, then refit: each new point sharpens the surface.
      {
        std::vector<Candidate> next;
        for (std::size_t k = 0; k < std::min<std::size_t>(4, survivors.size()); ++k) next.push_back(survivors[k].c);
        prefetch(next);
      }
      for (std::size_t k = 0; k < std::min<std::size_t>(4, survivors.size()) && budget_left(); ++k) {
        const std::size_t i = screen(survivors[k].c, Origin::surface);
        if (promising(i)) best_cost = std::min(best_cost, r_.candidates[i].cost);
      }
    }
  }

  // ---- decisions ---------------------------------------------------------------------------

  // Adds replications in growing batches until every target is decided or the cap is reached.
  Verdict decide(std::size_t i) {
    const bool first_time = !r_.candidates[i].decided;
    const std::int64_t had = r_.candidates[i].replications;
    r_.candidates[i].decided = true;
    for (;;) {
      Evaluated& c = r_.candidates[i];
      if (c.verdict != Verdict::undecided) break;
      std::vector<double> reached, wanted;
      for (std::size_t t = 0; t < c.targets.size(); ++t) {
        if (c.targets[t].verdict != Verdict::undecided) continue;
        // The side of the interval that must clear the bound, and how far it has to move: quantile
        // intervals are not symmetric, so the half-width alone would misjudge it.
        const auto& e = c.targets[t].estimate;
        const double bound = p_.targets[t].bound;
        const bool at_most = p_.targets[t].sense == Sense::at_most;
        const bool upper_side = at_most ? e.value <= bound : e.value < bound;
        reached.push_back(upper_side ? e.high - e.value : e.value - e.low);
        wanted.push_back(std::max(std::fabs(e.value - bound), 1e-12 * (1 + std::fabs(e.value))));
      }
      std::int64_t more = stats::next_batch(c.replications, reached, wanted, p_.options.max_replications,
                                            p_.options.screening_replications);
      // Still undecided with the side already short enough (the bound sits on an order statistic,
      // or the interval is lopsided): keep going in small steps rather than stop early.
      if (more <= 0)
        more = std::min(p_.options.screening_replications, p_.options.max_replications - c.replications);
      if (more <= 0) break;
      extend(i, c.replications + more);
    }
    const Evaluated& c = r_.candidates[i];
    if (!first_time && c.replications == had) return c.verdict;  // already said
    say(fmt::format("  decided #{} {} (cost {:g}) after {} replications: {} — {}", i, p_.describe(c.levels), c.cost,
                    c.replications,
                    c.verdict == Verdict::met      ? "meets every target"
                    : c.verdict == Verdict::missed ? "misses"
                                                   : "undecided at max_replications",
                    summary(i)));
    return c.verdict;
  }

  // Cheapest first, every candidate up to `best_cost` not already shown to miss.
  std::optional<std::size_t> decision_phase(double best_cost) {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < r_.candidates.size(); ++i)
      if (r_.candidates[i].cost <= best_cost + kEps && r_.candidates[i].verdict != Verdict::missed) order.push_back(i);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const auto& ca = r_.candidates[a];
      const auto& cb = r_.candidates[b];
      return ca.cost != cb.cost ? ca.cost < cb.cost : ca.worst_gap < cb.worst_gap;
    });
    for (std::size_t i : order)
      if (decide(i) == Verdict::met) return i;
    return std::nullopt;
  }

  // Decides the configurations one unit cheaper than `rec`: one that meets every target replaces
  // it (repeatedly); otherwise the targets they miss are the binding ones.
  std::size_t binding_phase(std::size_t rec) {
    for (int iteration = 0; iteration < 100; ++iteration) {
      std::optional<std::size_t> cheaper;
      std::vector<std::pair<std::size_t, std::size_t>> downs;  // (candidate, variable)
      {
        std::vector<Candidate> next;
        for (auto& [m, v] : detail::down_moves(p_, cand(rec))) next.push_back(m);
        prefetch(next);
      }
      for (auto& [m, v] : detail::down_moves(p_, cand(rec))) {
        if (!index_.count(m) && !budget_left()) continue;
        const std::size_t i = screen(m, Origin::neighbour);
        downs.emplace_back(i, v);
        if (decide(i) == Verdict::met && (!cheaper || r_.candidates[i].cost < r_.candidates[*cheaper].cost))
          cheaper = i;
      }
      if (cheaper) {
        say(fmt::format("  {} is cheaper and meets every target too; it replaces {}", p_.describe(cand(*cheaper)),
                        p_.describe(cand(rec))));
        rec = *cheaper;
        continue;
      }
      r_.binding.clear();
      for (auto [i, v] : downs)
        for (std::size_t t = 0; t < p_.targets.size(); ++t) {
          const TargetOutcome& o = r_.candidates[i].targets[t];
          if (o.verdict == Verdict::missed || (o.verdict == Verdict::undecided && gap(t, o.estimate, false) > 0))
            r_.binding.push_back({t, i, v});
        }
      return rec;
    }
    return rec;
  }

  void finish() {
    const auto flags = cost_performance_frontier(r_.candidates);
    for (std::size_t i = 0; i < flags.size(); ++i) r_.candidates[i].frontier = flags[i];
    if (r_.recommended) {
      const double limit = r_.candidates[*r_.recommended].cost;
      for (std::size_t i = 0; i < r_.candidates.size(); ++i)
        if (r_.candidates[i].cost < limit - kEps && r_.candidates[i].decided &&
            r_.candidates[i].verdict == Verdict::undecided)
          r_.undecided_cheaper.push_back(i);
    }
  }

  const Problem& p_;
  const Evaluator& eval_;
  const std::function<void(const std::string&)>& log_;
  const BatchScreening& batch_;
  std::vector<std::string> metrics_;
  std::vector<std::size_t> metric_of_target_;
  Result r_;
  std::vector<std::vector<stats::ClusteredSample>> samples_;
  std::vector<std::vector<stats::Estimate>> screening_;
  std::map<Candidate, std::size_t> index_;
  std::map<Candidate, std::vector<stats::ClusteredSample>> prefetched_;  // screened in a batch, not yet taken
};

}  // namespace

Result search(const Problem& problem, const Evaluator& evaluate, const std::function<void(const std::string&)>& log,
              const BatchScreening& batch) {
  problem.check();
  if (!evaluate) throw std::invalid_argument("sizing: no evaluator");
  return Search(problem, evaluate, log, batch).run();
}

}  // namespace readysim::sizing
