#pragma once
// The pieces of the flood model, exposed for tests: the polder's stage–storage relation, the
// stored volume under a breach hydrograph with pumping, and threshold crossings of
// piecewise-linear series. All exact: event times are solved, not stepped.

#include <cstddef>
#include <vector>

namespace readysim::flood {

/// Volume stored in a level pool over road nodes that each stand for an equal area:
/// V(h) = a · Σ max(0, h − z_i), piecewise linear in h with a kink at every elevation.
class StageStorage {
 public:
  /// `elevations_m` non-empty; `area_per_node_m2` > 0.
  StageStorage(std::vector<double> elevations_m, double area_per_node_m2);
  /// Stored volume when the water stands at `level_m` (0 at or below the lowest ground), m³.
  [[nodiscard]] double volume(double level_m) const;
  /// The level that stores `volume_m3`: the exact inverse of volume() above the lowest ground;
  /// the lowest ground for a volume ≤ 0.
  [[nodiscard]] double level(double volume_m3) const;
  /// Lowest ground elevation, m.
  [[nodiscard]] double bottom_m() const { return z_.front(); }
  /// The volumes at which the level passes a ground elevation (the kinks of level(V)), ascending.
  [[nodiscard]] const std::vector<double>& kink_volumes() const { return vol_at_; }

 private:
  std::vector<double> z_;       // elevations, ascending
  std::vector<double> vol_at_;  // V(z_k), accumulated segment by segment (no cancellation of large sums)
  double a_;
};

/// One replication's breach: the inflow hydrograph and the pumping after it, as stored volume over time.
struct BreachInflow {
  double start_s = 0;           ///< breach time
  double peak_m3_per_s = 0;     ///< peak inflow (the constant inflow for a constant hydrograph)
  double to_peak_s = 0;         ///< breach to peak (triangular), ≤ duration_s
  double duration_s = 0;        ///< breach to the end of the inflow
  double pumping_m3_per_s = 0;  ///< drainage once the inflow has stopped
  bool constant = false;        ///< constant rather than triangular inflow

  /// Total volume that comes in, m³.
  [[nodiscard]] double inflow_volume() const;
  /// Volume stored at time t, m³ (piecewise quadratic in t while water comes in, linear while pumped).
  [[nodiscard]] double volume_at(double t) const;
  /// First time the stored volume reaches `v` > 0; kNever when it never does.
  [[nodiscard]] double rise_time(double v) const;
  /// Last time the stored volume is at least `v` > 0 (pumping takes it below for good); kNever when
  /// it never reaches `v` or is never pumped below it.
  [[nodiscard]] double fall_time(double v) const;
  /// When pumping has emptied the polder; kNever without pumping.
  [[nodiscard]] double empty_s() const;
  /// End of the inflow.
  [[nodiscard]] double inflow_end_s() const { return start_s + duration_s; }
};

/// inf{t ≥ 0 : f(t) ≥ thr} (`strict`: f(t) > thr) for the piecewise-linear f through (t[k], f[k]),
/// held at f[0] before t[0] ≥ 0 and at the last value after; kNever when never.
double first_reach(const std::vector<double>& t, const std::vector<double>& f, double thr, bool strict);
/// sup{t : f(t) ≥ thr} (`strict`: >) for the same f, after which it stays below; kNever when the last
/// value still meets thr or when f never meets it.
double last_reach(const std::vector<double>& t, const std::vector<double>& f, double thr, bool strict);

}  // namespace readysim::flood
