// The sizing problem's bookkeeping: costs, the cheapest configuration, the frontier.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>
#include <stdexcept>

#include "readysim/sizing.hpp"

namespace readysim::sizing {

std::string Target::name() const { return metric + "." + statistic.name(); }

std::vector<std::string> Problem::metrics() const {
  std::vector<std::string> out;
  for (const auto& t : targets)
    if (std::find(out.begin(), out.end(), t.metric) == out.end()) out.push_back(t.metric);
  return out;
}

double Problem::cost(const Candidate& c) const {
  double total = 0;
  for (std::size_t v = 0; v < variables.size(); ++v) total += variables[v].levels.at(static_cast<std::size_t>(c.at(v))).cost;
  return total;
}

Candidate Problem::base() const {
  Candidate c;
  for (const auto& v : variables) {
    std::size_t best = 0;
    for (std::size_t l = 1; l < v.levels.size(); ++l)
      if (v.levels[l].cost < v.levels[best].cost) best = l;
    c.push_back(static_cast<int>(best));
  }
  return c;
}

std::string Problem::describe(const Candidate& c) const {
  std::string out;
  for (std::size_t v = 0; v < variables.size(); ++v) {
    if (!out.empty()) out += ' ';
    out += variables[v].name + "=" + variables[v].levels.at(static_cast<std::size_t>(c.at(v))).label;
  }
  return out.empty() ? "(no variables)" : out;
}

void Problem::check() const {
  if (targets.empty()) throw std::invalid_argument("sizing: a study needs at least one target");
  std::set<std::string> names;
  for (const auto& v : variables) {
    if (!names.insert(v.name).second) throw std::invalid_argument("sizing: variable '" + v.name + "' appears twice");
    if (v.levels.empty()) throw std::invalid_argument("sizing: variable '" + v.name + "' has no levels");
    for (const auto& l : v.levels)
      if (!(l.cost >= 0) || !std::isfinite(l.cost))
        throw std::invalid_argument("sizing: variable '" + v.name + "' level '" + l.label + "' has a negative cost");
  }
  for (const auto& t : targets) {
    if (!(t.confidence > 0.5 && t.confidence < 1))
      throw std::invalid_argument("sizing: target " + t.name() + ": confidence must be in (0.5, 1)");
    if (!std::isfinite(t.bound)) throw std::invalid_argument("sizing: target " + t.name() + ": the bound must be finite");
  }
  if (options.screening_replications < 2 || options.max_replications < options.screening_replications)
    throw std::invalid_argument("sizing: need 2 <= screening_replications <= max_replications");
  if (options.max_candidates < 1) throw std::invalid_argument("sizing: max_candidates must be >= 1");
}

std::vector<bool> cost_performance_frontier(const std::vector<Evaluated>& candidates) {
  std::vector<std::size_t> order(candidates.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (candidates[a].cost != candidates[b].cost) return candidates[a].cost < candidates[b].cost;
    return candidates[a].worst_gap < candidates[b].worst_gap;
  });
  std::vector<bool> out(candidates.size(), false);
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t i : order) {
    const double g = candidates[i].worst_gap;
    if (std::isnan(g) || g >= best) continue;
    out[i] = true;
    best = g;
  }
  return out;
}

}  // namespace readysim::sizing
