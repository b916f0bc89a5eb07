// The response surface: cheap predictions of where the targets are met, so that most of a large
// grid never has to be simulated.
#include "sizing_surface.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace readysim::sizing::detail {

Surface::Surface(const Problem& problem, const std::vector<Candidate>& points, const std::vector<double>& y)
    : problem_(problem), points_(static_cast<int>(points.size())) {
  const std::size_t n = points.size();
  const std::size_t nv = problem.variables.size();
  if (n < 3) return;
  centre_.assign(nv, 0.0);
  scale_.assign(nv, 1.0);
  seen_.assign(nv, {});
  // Terms in order of how much the data must say before they are believable.
  std::vector<Term> linear, one_hot, square, product;
  std::vector<std::size_t> varying;  // integer variables that take more than one value
  for (std::size_t v = 0; v < nv; ++v) {
    const Variable& var = problem.variables[v];
    std::set<int> seen;
    for (const auto& p : points) seen.insert(p[v]);
    if (!var.ordered) seen_[v] = seen;
    if (seen.size() < 2) continue;
    if (var.ordered) {
      double sum = 0, sum2 = 0;
      for (const auto& p : points) sum += var.levels[static_cast<std::size_t>(p[v])].x;
      centre_[v] = sum / static_cast<double>(n);
      for (const auto& p : points) {
        const double d = var.levels[static_cast<std::size_t>(p[v])].x - centre_[v];
        sum2 += d * d;
      }
      scale_[v] = std::max(1e-9, std::sqrt(sum2 / static_cast<double>(n)));
      linear.push_back({Kind::linear, v, 0});
      if (seen.size() >= 3) square.push_back({Kind::square, v, 0});
      varying.push_back(v);
    } else {
      // One indicator per level seen, except the first seen (absorbed by the intercept).
      for (auto it = std::next(seen.begin()); it != seen.end(); ++it)
        one_hot.push_back({Kind::one_hot, v, static_cast<std::size_t>(*it)});
    }
  }
  for (std::size_t i = 0; i < varying.size(); ++i)
    for (std::size_t j = i + 1; j < varying.size(); ++j) product.push_back({Kind::product, varying[i], varying[j]});
  terms_.push_back({Kind::intercept, 0, 0});
  // Keep at least two residual degrees of freedom, so that the residual spread means something.
  const std::size_t most = n >= 3 ? n - 2 : 1;
  for (const auto* group : {&linear, &one_hot, &square, &product})
    for (const Term& t : *group)
      if (terms_.size() < most) terms_.push_back(t);

  const auto p = static_cast<Eigen::Index>(terms_.size());
  Eigen::MatrixXd X(static_cast<Eigen::Index>(n), p);
  Eigen::VectorXd Y(static_cast<Eigen::Index>(n));
  for (std::size_t k = 0; k < n; ++k) {
    X.row(static_cast<Eigen::Index>(k)) = features(points[k]).transpose();
    Y(static_cast<Eigen::Index>(k)) = y[k];
  }
  Eigen::MatrixXd A = X.transpose() * X;
  // Features are standardised (or 0/1), so one small ridge fits all; the intercept is free.
  for (Eigen::Index j = 1; j < p; ++j) A(j, j) += 1e-6 * static_cast<double>(n);
  normal_.emplace(A);
  beta_ = normal_->solve(X.transpose() * Y);
  const Eigen::VectorXd resid = Y - X * beta_;
  const double rss = resid.squaredNorm();
  const double mean = Y.mean();
  const double tss = (Y.array() - mean).square().sum();
  r2_ = tss > 0 ? 1 - rss / tss : 1;
  sigma_ = std::sqrt(rss / static_cast<double>(static_cast<Eigen::Index>(n) - p));
  usable_ = std::isfinite(sigma_) && beta_.allFinite();
}

double Surface::feature(const Term& t, const Candidate& c) const {
  const auto z = [&](std::size_t v) {
    return (problem_.variables[v].levels[static_cast<std::size_t>(c[v])].x - centre_[v]) / scale_[v];
  };
  switch (t.kind) {
    case Kind::intercept: return 1;
    case Kind::linear: return z(t.a);
    case Kind::square: return z(t.a) * z(t.a);
    case Kind::one_hot: return static_cast<std::size_t>(c[t.a]) == t.b ? 1 : 0;
    case Kind::product: return z(t.a) * z(t.b);
  }
  return 0;
}

Eigen::VectorXd Surface::features(const Candidate& c) const {
  Eigen::VectorXd f(static_cast<Eigen::Index>(terms_.size()));
  for (std::size_t j = 0; j < terms_.size(); ++j) f(static_cast<Eigen::Index>(j)) = feature(terms_[j], c);
  return f;
}

double Surface::predict(const Candidate& c, double& sd) const {
  if (!normal_) {  // never fitted: no prediction to trust
    sd = std::numeric_limits<double>::infinity();
    return 0;
  }
  for (std::size_t v = 0; v < seen_.size(); ++v)
    if (!problem_.variables[v].ordered && !seen_[v].count(c[v])) {
      sd = std::numeric_limits<double>::infinity();
      return 0;
    }
  const Eigen::VectorXd f = features(c);
  // Var(prediction error) = σ²·(1 + f'(X'X)⁻¹f): far from the data the leverage term grows, so
  // extrapolations are trusted less and pruned less.
  const double leverage = f.dot(normal_->solve(f));
  sd = sigma_ * std::sqrt(1 + std::max(0.0, leverage));
  return f.dot(beta_);
}

}  // namespace readysim::sizing::detail
