#pragma once
/// \file units.hpp
/// Dimensioned values as written in scenarios ("90 s", "2.5 km", "40 km/h"), resolved to SI.

#include <optional>
#include <string>
#include <string_view>

namespace readysim {

/// The physical dimension a value must have.
enum class Dimension {
  duration,  ///< seconds: s, min, h, d
  length,    ///< metres: m, km
  speed,     ///< metres per second: m/s, km/h
  area,      ///< square metres: m2, m², ㎡, ha, km2
  flow,      ///< vehicles per second: veh/s, veh/min, veh/h
  volume,    ///< cubic metres: L, m3
  power,     ///< watts: W, kW, MW
  growth,    ///< fire-growth coefficient, watts per second squared: kW/s2, W/s2
  rate,      ///< events per second: /s, /h, /d, /yr
  discharge, ///< cubic metres per second: m3/s, m3/h
};

/// The dimension's name as shown to users ("duration", "length"…).
std::string_view dimension_name(Dimension d);

/// The SI unit symbol values of this dimension are stored in ("s", "m", "m/s"…).
std::string_view si_unit(Dimension d);

/// A few accepted unit spellings, for error messages ("s, min, h, d").
std::string_view example_units(Dimension d);

/// Result of parsing a dimensioned value.
struct ParsedQuantity {
  double si_value = 0.0;            ///< the value in SI units of its dimension
  std::optional<Dimension> found;   ///< dimension of the unit written (if recognised)
  std::string error;                ///< empty on success; otherwise why it failed
};

/// Parses "90 s", "2.5km", "1200 veh/h" as a value of dimension `expected`.
/// On failure `error` says what is wrong: a bare number, an unknown unit, or a unit of
/// another dimension ("expected a duration (s, min, h, d), got a length (km)").
ParsedQuantity parse_quantity(std::string_view text, Dimension expected);

/// Formats an SI value in a readable unit of its dimension ("1800 s" → "30 min").
std::string format_quantity(double si_value, Dimension d);

}  // namespace readysim
