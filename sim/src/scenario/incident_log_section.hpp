#pragma once
// `hazards.fire.incident_log` (a brigade's log replayed instead of random ignitions) and
// `hazards.fire.travel` (engine travel times from positions, for areas without a road graph):
// the keys, the reading of their CSV files, and their checks against the rest of the scenario.

#include <string_view>
#include <vector>

#include "scenario/section.hpp"

namespace readysim {

/// The `incident_log` key of `hazards.fire`: reads and places the log's rows (after `occupancies`).
Field<FireHazard> incident_log_field();

/// The `travel` key of `hazards.fire`: `roads` (default), Kolesar's curve, or a travel-time matrix.
Field<FireHazard> travel_field();

/// Checks the travel model against the stations and fire places: every engine's station and
/// every fire place in the matrix; no mutual aid (it drives the roads).
void check_travel(const Scenario& s, Diagnostics& diags);

/// Seconds from 1970-01-01 00:00 of "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]" or
/// "YYYY-MM-DDTHH:MM[:SS]" (no time zone: the log's local time); nullopt when it is not one.
std::optional<double> parse_date_time(std::string_view text);

/// Seconds of a clock time "HH:MM[:SS]" (00:00:00 to 23:59:59); nullopt when it is not one.
std::optional<double> parse_clock(std::string_view text);

}  // namespace readysim
