#include "readysim/units.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <fmt/format.h>

#include "readysim/limits.hpp"

namespace readysim {

namespace {

struct UnitDef {
  std::string_view symbol;
  Dimension dim;
  double to_si;
};

// Symbols are matched exactly (case matters: "m" is metres, "M" nothing; "min" is minutes).
constexpr std::array kUnits{
    UnitDef{"s", Dimension::duration, 1.0},        UnitDef{"sec", Dimension::duration, 1.0},
    UnitDef{"min", Dimension::duration, 60.0},     UnitDef{"h", Dimension::duration, 3600.0},
    UnitDef{"hr", Dimension::duration, 3600.0},    UnitDef{"d", Dimension::duration, 86400.0},
    UnitDef{"day", Dimension::duration, 86400.0},  UnitDef{"days", Dimension::duration, 86400.0},
    UnitDef{"m", Dimension::length, 1.0},          UnitDef{"km", Dimension::length, 1000.0},
    UnitDef{"mi", Dimension::length, 1609.344},    UnitDef{"m/s", Dimension::speed, 1.0},
    UnitDef{"km/h", Dimension::speed, 1.0 / 3.6},  UnitDef{"kmh", Dimension::speed, 1.0 / 3.6},
    UnitDef{"mph", Dimension::speed, 0.44704},     UnitDef{"m/h", Dimension::speed, 1.0 / 3600},
    UnitDef{"m2", Dimension::area, 1.0},
    UnitDef{"m²", Dimension::area, 1.0},           UnitDef{"㎡", Dimension::area, 1.0},
    UnitDef{"ha", Dimension::area, 1e4},           UnitDef{"km2", Dimension::area, 1e6},
    UnitDef{"km²", Dimension::area, 1e6},          UnitDef{"veh/s", Dimension::flow, 1.0},
    UnitDef{"veh/min", Dimension::flow, 1.0 / 60}, UnitDef{"veh/h", Dimension::flow, 1.0 / 3600},
    UnitDef{"L", Dimension::volume, 1e-3},         UnitDef{"l", Dimension::volume, 1e-3},
    UnitDef{"m3", Dimension::volume, 1.0},         UnitDef{"m³", Dimension::volume, 1.0},
    UnitDef{"W", Dimension::power, 1.0},           UnitDef{"kW", Dimension::power, 1e3},
    UnitDef{"MW", Dimension::power, 1e6},          UnitDef{"W/s2", Dimension::growth, 1.0},
    UnitDef{"kW/s2", Dimension::growth, 1e3},      UnitDef{"kW/s²", Dimension::growth, 1e3},
    UnitDef{"/s", Dimension::rate, 1.0},           UnitDef{"/min", Dimension::rate, 1.0 / 60},
    UnitDef{"/h", Dimension::rate, 1.0 / 3600},    UnitDef{"/d", Dimension::rate, 1.0 / 86400},
    UnitDef{"/yr", Dimension::rate, 1.0 / (365.25 * 86400)},
    UnitDef{"m3/s", Dimension::discharge, 1.0},    UnitDef{"m³/s", Dimension::discharge, 1.0},
    UnitDef{"m3/h", Dimension::discharge, 1.0 / 3600},
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view dimension_name(Dimension d) {
  switch (d) {
    case Dimension::duration: return "duration";
    case Dimension::length: return "length";
    case Dimension::speed: return "speed";
    case Dimension::area: return "area";
    case Dimension::flow: return "flow";
    case Dimension::volume: return "volume";
    case Dimension::power: return "power";
    case Dimension::growth: return "fire-growth coefficient";
    case Dimension::rate: return "rate";
    case Dimension::discharge: return "discharge";
  }
  return "?";
}

std::string_view si_unit(Dimension d) {
  switch (d) {
    case Dimension::duration: return "s";
    case Dimension::length: return "m";
    case Dimension::speed: return "m/s";
    case Dimension::area: return "m2";
    case Dimension::flow: return "veh/s";
    case Dimension::volume: return "m3";
    case Dimension::power: return "W";
    case Dimension::growth: return "W/s2";
    case Dimension::rate: return "/s";
    case Dimension::discharge: return "m3/s";
  }
  return "?";
}

std::string_view example_units(Dimension d) {
  switch (d) {
    case Dimension::duration: return "s, min, h, d";
    case Dimension::length: return "m, km";
    case Dimension::speed: return "km/h, m/s, m/h";
    case Dimension::area: return "m2, ha, km2";
    case Dimension::flow: return "veh/h, veh/s";
    case Dimension::volume: return "L, m3";
    case Dimension::power: return "W, kW, MW";
    case Dimension::growth: return "kW/s2, W/s2";
    case Dimension::rate: return "/h, /d, /yr";
    case Dimension::discharge: return "m3/s, m3/h";
  }
  return "?";
}

ParsedQuantity parse_quantity(std::string_view text, Dimension expected) {
  ParsedQuantity out;
  const std::string_view s = trim(text);
  double value = 0.0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec == std::errc::result_out_of_range) {
    out.error = fmt::format("'{}' is beyond the range of numbers; the largest {} readysim takes is {}", s,
                            dimension_name(expected), format_quantity(max_quantity(expected), expected));
    return out;
  }
  if (ec != std::errc{} || end == s.data()) {
    out.error = fmt::format("'{}' is not a {}: write a number and a unit ({})", s, dimension_name(expected),
                            example_units(expected));
    return out;
  }
  if (!std::isfinite(value)) {
    out.error = fmt::format("'{}' is not a finite number", s);
    return out;
  }
  const std::string_view unit = trim(s.substr(static_cast<std::size_t>(end - s.data())));
  if (unit.empty()) {
    out.error = fmt::format("missing unit in '{}': a {} needs a unit ({}), e.g. '{} {}'", s, dimension_name(expected),
                            example_units(expected), s, si_unit(expected));
    return out;
  }
  for (const auto& u : kUnits) {
    if (u.symbol != unit) continue;
    out.found = u.dim;
    if (u.dim != expected) {
      out.error = fmt::format("expected a {} ({}), got a {} ('{}')", dimension_name(expected), example_units(expected),
                              dimension_name(u.dim), unit);
      return out;
    }
    out.si_value = value * u.to_si;
    const double max = max_quantity(expected);
    if (!(std::abs(out.si_value) <= max)) {
      out.error = fmt::format("'{}' is more than the largest {} readysim takes, {} (the bounds and their reasons "
                              "are in scenarios/README.md); check the number and its unit",
                              s, dimension_name(expected), format_quantity(max, expected));
      out.si_value = 0.0;
    }
    return out;
  }
  out.error = fmt::format("unknown unit '{}' in '{}': a {} takes {}", unit, s, dimension_name(expected),
                          example_units(expected));
  return out;
}

std::string format_quantity(double si_value, Dimension d) {
  struct Pick {
    std::string_view symbol;
    double factor;
  };
  auto whole = [](double v) { return std::abs(v - std::round(v)) < 1e-9 * std::max(1.0, std::abs(v)); };
  auto fmt_num = [](double v) { return fmt::format("{:.12g}", v); };
  std::array<Pick, 3> ladder{};
  std::size_t n = 0;
  switch (d) {
    case Dimension::duration: ladder = {Pick{"d", 86400}, Pick{"h", 3600}, Pick{"min", 60}}; n = 3; break;
    case Dimension::length:
      if (std::abs(si_value) >= 1000) return fmt::format("{} km", fmt_num(si_value / 1000));
      break;
    case Dimension::speed: return fmt::format("{} km/h", fmt_num(si_value * 3.6));
    case Dimension::flow: return fmt::format("{} veh/h", fmt_num(si_value * 3600));
    case Dimension::power: ladder = {Pick{"MW", 1e6}, Pick{"kW", 1e3}, Pick{"W", 1}}; n = 2; break;
    case Dimension::growth: return fmt::format("{} kW/s2", fmt_num(si_value / 1000));
    case Dimension::volume: return fmt::format("{} L", fmt_num(si_value * 1000));
    case Dimension::rate: return fmt::format("{} /h", fmt_num(si_value * 3600));
    case Dimension::discharge: break;
    case Dimension::area: break;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double v = si_value / ladder[i].factor;
    if (si_value != 0 && whole(v)) return fmt::format("{} {}", fmt_num(v), ladder[i].symbol);
  }
  return fmt::format("{} {}", fmt_num(si_value), si_unit(d));
}

}  // namespace readysim
