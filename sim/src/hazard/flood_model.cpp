#include "hazard/flood_model.hpp"

#include <algorithm>
#include <cmath>

#include "readysim/flood.hpp"

namespace readysim::flood {

StageStorage::StageStorage(std::vector<double> elevations_m, double area_per_node_m2)
    : z_(std::move(elevations_m)), a_(area_per_node_m2) {
  std::sort(z_.begin(), z_.end());
  vol_at_.assign(z_.size(), 0.0);
  // Between z_{k-1} and z_k the k lowest nodes are wet: V rises by a·k per metre.
  for (std::size_t k = 1; k < z_.size(); ++k)
    vol_at_[k] = vol_at_[k - 1] + a_ * static_cast<double>(k) * (z_[k] - z_[k - 1]);
}

double StageStorage::volume(double level_m) const {
  if (level_m <= z_.front()) return 0.0;
  // k = number of nodes at or below the level (≥ 1 here).
  const auto k = static_cast<std::size_t>(std::upper_bound(z_.begin(), z_.end(), level_m) - z_.begin());
  return vol_at_[k - 1] + a_ * static_cast<double>(k) * (level_m - z_[k - 1]);
}

double StageStorage::level(double volume_m3) const {
  if (volume_m3 <= 0) return z_.front();
  // The last kink at or below the volume; tied elevations share a kink, and upper_bound passes all of
  // them, so k counts every node at that elevation.
  const auto k = static_cast<std::size_t>(std::upper_bound(vol_at_.begin(), vol_at_.end(), volume_m3) -
                                          vol_at_.begin());
  return z_[k - 1] + (volume_m3 - vol_at_[k - 1]) / (a_ * static_cast<double>(k));
}

double BreachInflow::inflow_volume() const {
  return constant ? peak_m3_per_s * duration_s : 0.5 * peak_m3_per_s * duration_s;
}

double BreachInflow::volume_at(double t) const {
  const double tau = t - start_s;
  if (!(tau > 0)) return 0.0;
  if (tau < duration_s) {
    if (constant) return peak_m3_per_s * tau;
    if (tau <= to_peak_s) return 0.5 * peak_m3_per_s * tau * tau / to_peak_s;
    // Falling limb, written in s = τ − t_peak so that nothing large cancels.
    const double fall = duration_s - to_peak_s;
    const double s = tau - to_peak_s;
    return 0.5 * peak_m3_per_s * to_peak_s + peak_m3_per_s * s * (2 * fall - s) / (2 * fall);
  }
  const double total = inflow_volume();
  return std::max(0.0, total - pumping_m3_per_s * (tau - duration_s));
}

double BreachInflow::rise_time(double v) const {
  if (v <= 0) return start_s;
  if (v > inflow_volume()) return kNever;
  if (constant) return start_s + v / peak_m3_per_s;
  const double rising = 0.5 * peak_m3_per_s * to_peak_s;
  if (v <= rising && to_peak_s > 0) return start_s + std::sqrt(2 * to_peak_s * v / peak_m3_per_s);
  // Q_p s (2D − s) / (2D) = w, the smaller root in the stable form 2w / (Q_p (1 + √(1 − 2w/(Q_p D)))).
  const double fall = duration_s - to_peak_s;
  const double w = v - rising;
  const double root = std::sqrt(std::max(0.0, 1 - 2 * w / (peak_m3_per_s * fall)));
  return start_s + to_peak_s + 2 * w / (peak_m3_per_s * (1 + root));
}

double BreachInflow::fall_time(double v) const {
  const double total = inflow_volume();
  if (v > total || !(pumping_m3_per_s > 0)) return kNever;
  return inflow_end_s() + (total - std::max(v, 0.0)) / pumping_m3_per_s;
}

double BreachInflow::empty_s() const {
  if (!(pumping_m3_per_s > 0)) return inflow_volume() > 0 ? kNever : inflow_end_s();
  return inflow_end_s() + inflow_volume() / pumping_m3_per_s;
}

namespace {
bool meets(double f, double thr, bool strict) { return strict ? f > thr : f >= thr; }
}  // namespace

double first_reach(const std::vector<double>& t, const std::vector<double>& f, double thr, bool strict) {
  if (t.empty()) return kNever;
  if (meets(f[0], thr, strict)) return 0.0;  // held at f[0] from t = 0
  for (std::size_t k = 1; k < t.size(); ++k) {
    if (!meets(f[k], thr, strict)) continue;
    // f[k-1] misses and f[k] meets: the level passes thr inside this piece (where it equals thr).
    return t[k - 1] + (thr - f[k - 1]) / (f[k] - f[k - 1]) * (t[k] - t[k - 1]);
  }
  return kNever;
}

double last_reach(const std::vector<double>& t, const std::vector<double>& f, double thr, bool strict) {
  if (t.empty() || meets(f.back(), thr, strict)) return kNever;
  for (std::size_t k = t.size() - 1; k-- > 0;) {
    if (!meets(f[k], thr, strict)) continue;
    return t[k] + (f[k] - thr) / (f[k] - f[k + 1]) * (t[k + 1] - t[k]);
  }
  return kNever;
}

}  // namespace readysim::flood
