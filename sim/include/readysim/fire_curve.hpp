#pragma once
/// \file fire_curve.hpp
/// The heat release of one fire over time, after EN 1991-1-2 Annex E.4: t-squared growth
/// (Q = α t²) up to a fuel- and ventilation-limited peak, a plateau at the peak until 70 % of the
/// fire load is burnt, then a linear decay to nothing while the last 30 % burns. A fire whose
/// growth alone burns 70 % of its load starts decaying from where it is (below the peak).

#include <optional>

#include "readysim/scenario.hpp"

namespace readysim {

/// A fire's heat release as a function of the time since ignition.
struct FireCurve {
  double alpha_w_per_s2 = 0;        ///< growth coefficient α, W/s²
  double peak_w = 0;                ///< the largest heat release it reaches, W
  double decay_start_s = 0;         ///< since ignition: 70 % of the load burnt, decay starts
  double decay_s = 0;               ///< length of the linear decay, s
  double growth_end_s = 0;          ///< since ignition: growth stops (at the peak)

  /// The curve of a fire of occupancy `occ`; `confined`: it stays confined to the item of origin
  /// (fire.confined's peak and load, the occupancy's growth).
  static FireCurve of(const FireHazard& fire, const Occupancy& occ, bool confined);
  /// The curve of a fire growing at α up to `peak_w` and burning `fire_load_j` in all.
  static FireCurve make(double alpha_w_per_s2, double peak_w, double fire_load_j);

  /// Heat release `since_ignition_s` after ignition, W (0 before ignition and after burn-out).
  [[nodiscard]] double heat_release_w(double since_ignition_s) const;
  /// When it first reaches `q_w` (seconds after ignition), or nullopt if it never does.
  [[nodiscard]] std::optional<double> time_to_w(double q_w) const;
  /// Seconds after ignition at which it has burnt out.
  [[nodiscard]] double burnt_out_s() const { return decay_start_s + decay_s; }
};

}  // namespace readysim
