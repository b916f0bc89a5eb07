// Statistics of clustered samples: the item-level statistics a planner states targets on, with
// intervals whose width comes from the variation between replications (the independent units).
#include "readysim/estimate.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <string>

#include "readysim/stats.hpp"

namespace readysim::stats {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

Estimate from_mean(const MeanCI& m, int replications) {
  return {m.mean, m.low, m.high, m.half_width, m.n, replications};
}

// Per-replication sums and counts of the first `reps` replications.
void sums_and_counts(const ClusteredSample& s, int reps, std::vector<double>& sums, std::vector<double>& counts) {
  const auto& off = s.offsets();
  const auto& v = s.values();
  sums.assign(static_cast<std::size_t>(reps), 0.0);
  counts.assign(static_cast<std::size_t>(reps), 0.0);
  for (int r = 0; r < reps; ++r) {
    const auto ur = static_cast<std::size_t>(r);
    double sum = 0;
    for (std::size_t i = off[ur]; i < off[ur + 1]; ++i) sum += v[i];
    sums[ur] = sum;
    counts[ur] = static_cast<double>(off[ur + 1] - off[ur]);
  }
}

// Mean of 0/1 flags: share_ci (clustered, at least Wilson's, within [0, 1]). With no flags at
// all the interval stays unbounded, so that no precision goal is met without data.
Estimate share_estimate(const std::vector<double>& sums, const std::vector<double>& counts, double confidence,
                        int reps) {
  const Estimate plain = from_mean(ratio_mean_ci(sums, counts, confidence), reps);
  if (plain.n == 0) return plain;
  return from_mean(share_ci(sums, counts, confidence), reps);
}

// A non-negative quantity's bounds never fall below 0, a fraction's never outside [0, 1]
// (Mandelkern 2002: cutting an interval to the possible values keeps its coverage).
Estimate within_bounds(Estimate e, ValueKind kind) {
  if (kind != ValueKind::non_negative && kind != ValueKind::fraction) return e;
  e.low = std::max(e.low, 0.0);
  if (kind == ValueKind::fraction) e.high = std::min(e.high, 1.0);
  e.half_width = std::isfinite(e.high) ? (e.high - e.low) / 2 : inf;
  return e;
}

Estimate quantile_estimate(const ClusteredSample& s, double p, double confidence, int reps) {
  const std::size_t n = s.offsets()[static_cast<std::size_t>(reps)];
  std::vector<double> sorted(s.values().begin(), s.values().begin() + static_cast<std::ptrdiff_t>(n));
  std::sort(sorted.begin(), sorted.end());
  Estimate e;
  e.n = n;
  e.replications = reps;
  if (n == 0) return {nan, -inf, inf, inf, 0, reps};
  const QuantileCI order = quantile_ci(sorted, p, confidence);
  e.value = order.estimate;
  e.low = order.low;
  e.high = order.high;
  if (reps >= 2) {
    // Woodruff: the CDF at the estimate, F(q) = share of items <= q, is a clustered mean whose
    // standard error carries the correlation of items within a replication; its interval
    // around p, mapped back through the empirical quantile function, bounds the quantile.
    std::vector<double> below(static_cast<std::size_t>(reps)), counts(below.size());
    const auto& off = s.offsets();
    const auto& v = s.values();
    for (int r = 0; r < reps; ++r) {
      const auto ur = static_cast<std::size_t>(r);
      double k = 0;
      for (std::size_t i = off[ur]; i < off[ur + 1]; ++i) k += v[i] <= e.value ? 1 : 0;
      below[ur] = k;
      counts[ur] = static_cast<double>(off[ur + 1] - off[ur]);
    }
    const double h = ratio_mean_ci(below, counts, confidence).half_width;
    const double lo = p - h <= 0 ? -inf : quantile(sorted, p - h);
    const double hi = p + h >= 1 ? inf : quantile(sorted, p + h);
    e.low = std::min(e.low, lo);
    e.high = std::max(e.high, hi);
  } else {
    e.low = -inf;
    e.high = inf;
  }
  e.half_width = std::isfinite(e.low) && std::isfinite(e.high) ? (e.high - e.low) / 2 : inf;
  return e;
}

int checked_reps(const ClusteredSample& s, int replications) {
  if (replications < 0) return s.replications();
  if (replications > s.replications())
    throw std::invalid_argument("estimate: asked for " + std::to_string(replications) + " replications of a sample of " +
                                std::to_string(s.replications()));
  return replications;
}

}  // namespace

void ClusteredSample::add_replication(const std::vector<double>& values) {
  values_.insert(values_.end(), values.begin(), values.end());
  offsets_.push_back(values_.size());
}

void ClusteredSample::append(const ClusteredSample& later) {
  if (later.kind_ != kind_)
    throw std::invalid_argument("ClusteredSample::append: the samples differ in kind (share, non-negative, any sign)");
  const std::size_t base = values_.size();
  values_.insert(values_.end(), later.values_.begin(), later.values_.end());
  for (std::size_t r = 1; r < later.offsets_.size(); ++r) offsets_.push_back(base + later.offsets_[r]);
}

std::vector<double> ClusteredSample::replication(int r) const {
  const auto ur = static_cast<std::size_t>(r);
  return {values_.begin() + static_cast<std::ptrdiff_t>(offsets_.at(ur)),
          values_.begin() + static_cast<std::ptrdiff_t>(offsets_.at(ur + 1))};
}

std::string Statistic::name() const {
  switch (kind) {
    case StatKind::mean: return "mean";
    case StatKind::share_above: return "share_above";
    case StatKind::quantile: {
      // p90, p99.5: the shortest decimal that reads back as 100·p.
      const double pct = p * 100;
      for (int digits = 0; digits < 6; ++digits) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "p%.*f", digits, pct);
        if (std::fabs(std::strtod(buf + 1, nullptr) - pct) < 1e-9) return buf;
      }
      return "p" + std::to_string(pct);
    }
  }
  return "?";
}

std::optional<Statistic> parse_statistic(std::string_view text) {
  if (text == "mean") return Statistic{StatKind::mean, 0.5, 0};
  if (text == "median") return Statistic{StatKind::quantile, 0.5, 0};
  if (text == "share_above") return Statistic{StatKind::share_above, 0.5, 0};
  if (text.size() >= 2 && text[0] == 'p') {
    double pct = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data() + 1, end, pct);
    if (ec == std::errc() && ptr == end && pct > 0 && pct < 100) return Statistic{StatKind::quantile, pct / 100, 0};
  }
  return std::nullopt;
}

Estimate estimate(const ClusteredSample& sample, const Statistic& statistic, double confidence, int replications) {
  if (!(confidence > 0 && confidence < 1))
    throw std::invalid_argument("estimate: confidence must be in (0, 1), got " + std::to_string(confidence));
  const int reps = checked_reps(sample, replications);
  switch (statistic.kind) {
    case StatKind::mean: {
      std::vector<double> sums, counts;
      sums_and_counts(sample, reps, sums, counts);
      if (sample.proportion()) return share_estimate(sums, counts, confidence, reps);
      const Estimate e = from_mean(ratio_mean_ci(sums, counts, confidence), reps);
      return e.n > 0 ? within_bounds(e, sample.kind()) : e;
    }
    case StatKind::share_above: {
      std::vector<double> sums, counts;
      sums_and_counts(exceedance_flags(sample, statistic.threshold), reps, sums, counts);
      return share_estimate(sums, counts, confidence, reps);
    }
    case StatKind::quantile: {
      if (!(statistic.p > 0 && statistic.p < 1))
        throw std::invalid_argument("estimate: quantile p must be in (0, 1), got " + std::to_string(statistic.p));
      const Estimate e = quantile_estimate(sample, statistic.p, confidence, reps);
      return e.n > 0 ? within_bounds(e, sample.kind()) : e;
    }
  }
  throw std::invalid_argument("estimate: unknown statistic");
}

ClusteredSample exceedance_flags(const ClusteredSample& sample, double threshold) {
  ClusteredSample out(true);
  std::vector<double> flags;
  for (int r = 0; r < sample.replications(); ++r) {
    flags.clear();
    const auto ur = static_cast<std::size_t>(r);
    for (std::size_t i = sample.offsets()[ur]; i < sample.offsets()[ur + 1]; ++i)
      flags.push_back(sample.values()[i] > threshold ? 1.0 : 0.0);
    out.add_replication(flags);
  }
  return out;
}

Difference paired_difference(const ClusteredSample& a, const ClusteredSample& b, const Statistic& statistic,
                             double confidence) {
  if (a.replications() != b.replications())
    throw std::invalid_argument("paired_difference: the samples cover " + std::to_string(a.replications()) + " and " +
                                std::to_string(b.replications()) + " replications; pairing needs the same ones");
  if (statistic.kind == StatKind::quantile)
    throw std::invalid_argument("paired_difference: only means and shares are paired, not quantiles");
  const bool above = statistic.kind == StatKind::share_above;
  const ClusteredSample fa = above ? exceedance_flags(a, statistic.threshold) : a;
  const ClusteredSample fb = above ? exceedance_flags(b, statistic.threshold) : b;
  Difference d;
  d.a = estimate(fa, Statistic{}, confidence);
  d.b = estimate(fb, Statistic{}, confidence);
  d.replications = a.replications();
  d.difference = d.b.value - d.a.value;
  const int reps = d.replications;
  std::vector<double> sa, ca, sb, cb;
  sums_and_counts(fa, reps, sa, ca);
  sums_and_counts(fb, reps, sb, cb);
  double total_ca = 0, total_cb = 0;
  for (int r = 0; r < reps; ++r) {
    total_ca += ca[static_cast<std::size_t>(r)];
    total_cb += cb[static_cast<std::size_t>(r)];
  }
  if (reps < 2 || total_ca == 0 || total_cb == 0) {
    d.low = -inf;
    d.high = inf;
    d.half_width = d.unpaired_half_width = inf;
    return d;
  }
  // Each ratio estimator is, to first order, the mean over replications of its residual
  // z_r = (sum_r - ratio·count_r) / mean count; the difference's residual is z_b - z_a, and
  // with common random numbers z_a and z_b move together, so their difference varies less.
  const double dr = static_cast<double>(reps);
  const double mca = total_ca / dr, mcb = total_cb / dr;
  double ss_diff = 0, ss_a = 0, ss_b = 0;
  for (int r = 0; r < reps; ++r) {
    const auto u = static_cast<std::size_t>(r);
    const double za = (sa[u] - d.a.value * ca[u]) / mca;
    const double zb = (sb[u] - d.b.value * cb[u]) / mcb;
    ss_diff += (zb - za) * (zb - za);
    ss_a += za * za;
    ss_b += zb * zb;
  }
  const double t = student_t_quantile((1 + confidence) / 2, dr - 1);
  d.half_width = t * std::sqrt(ss_diff / (dr - 1) / dr);
  d.unpaired_half_width = t * std::sqrt((ss_a + ss_b) / (dr - 1) / dr);
  d.low = d.difference - d.half_width;
  d.high = d.difference + d.half_width;
  return d;
}

}  // namespace readysim::stats
