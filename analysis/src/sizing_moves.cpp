// Where the sizing search may step from a configuration, and which configurations are cheap.
#include "sizing_moves.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace readysim::sizing::detail {

std::vector<std::pair<Candidate, std::size_t>> up_moves(const Problem& p, const Candidate& c) {
  std::vector<std::pair<Candidate, std::size_t>> out;
  for (std::size_t v = 0; v < p.variables.size(); ++v) {
    const auto& var = p.variables[v];
    const int n = static_cast<int>(var.levels.size());
    if (var.ordered) {
      if (c[v] + 1 < n) {
        Candidate m = c;
        ++m[v];
        out.emplace_back(m, v);
      }
    } else {
      for (int l = 0; l < n; ++l)
        if (l != c[v]) {
          Candidate m = c;
          m[v] = l;
          out.emplace_back(m, v);
        }
    }
  }
  return out;
}

std::vector<std::pair<Candidate, std::size_t>> down_moves(const Problem& p, const Candidate& c) {
  std::vector<std::pair<Candidate, std::size_t>> out;
  for (std::size_t v = 0; v < p.variables.size(); ++v) {
    const auto& var = p.variables[v];
    const double here = var.levels[static_cast<std::size_t>(c[v])].cost;
    if (var.ordered) {
      if (c[v] > 0) {
        Candidate m = c;
        --m[v];
        out.emplace_back(m, v);
      }
    } else {
      for (int l = 0; l < static_cast<int>(var.levels.size()); ++l)
        if (var.levels[static_cast<std::size_t>(l)].cost < here) {
          Candidate m = c;
          m[v] = l;
          out.emplace_back(m, v);
        }
    }
  }
  return out;
}

std::vector<Candidate> cheaper_configurations(const Problem& p, double limit,
                                              const std::function<bool(const Candidate&)>& skip, bool& truncated) {
  constexpr double kEps = 1e-9;
  const std::size_t nv = p.variables.size();
  std::vector<double> min_rest(nv + 1, 0.0);  // cheapest cost of variables v … end
  for (std::size_t v = nv; v-- > 0;) {
    double m = std::numeric_limits<double>::infinity();
    for (const auto& l : p.variables[v].levels) m = std::min(m, l.cost);
    min_rest[v] = min_rest[v + 1] + m;
  }
  std::vector<Candidate> out;
  Candidate c(nv, 0);
  std::int64_t visits = 0;
  const std::function<void(std::size_t, double)> walk = [&](std::size_t v, double cost) {
    if (++visits > p.options.grid_limit) return;
    if (v == nv) {
      if (!skip(c)) out.push_back(c);
      return;
    }
    for (int l = 0; l < static_cast<int>(p.variables[v].levels.size()); ++l) {
      const double cl = cost + p.variables[v].levels[static_cast<std::size_t>(l)].cost;
      if (cl + min_rest[v + 1] >= limit - kEps) continue;
      c[v] = l;
      walk(v + 1, cl);
    }
  };
  walk(0, 0.0);
  truncated = visits > p.options.grid_limit;
  return out;
}

}  // namespace readysim::sizing::detail
