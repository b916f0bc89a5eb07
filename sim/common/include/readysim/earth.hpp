#pragma once
/// \file earth.hpp
/// The Earth as readysim measures it, in one place: the mean radius and the great-circle distance
/// between lon/lat points (road lengths from coordinates, snapping places to nodes, travel from
/// positions, flood areas, the maps' projection).

#include <algorithm>
#include <cmath>
#include <numbers>

namespace readysim {

/// Mean Earth radius (IUGG), metres.
inline constexpr double kEarthRadiusM = 6371008.8;
/// Radians per degree.
inline constexpr double kRadPerDegree = std::numbers::pi / 180.0;

/// Great-circle distance in metres between two lon/lat points in degrees (haversine, mean radius).
inline double great_circle_m(double lon1, double lat1, double lon2, double lat2) {
  const double dlat = (lat2 - lat1) * kRadPerDegree;
  const double dlon = (lon2 - lon1) * kRadPerDegree;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) + std::cos(lat1 * kRadPerDegree) *
                                                                 std::cos(lat2 * kRadPerDegree) * std::sin(dlon / 2) *
                                                                 std::sin(dlon / 2);
  return 2 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(h)));
}

}  // namespace readysim
