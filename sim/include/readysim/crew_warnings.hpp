#pragma once
/// \file crew_warnings.hpp
/// Warnings about a valid scenario whose units can never work: an engine that no crew can ever
/// staff changes no result (issue 17, point 6). Warnings, not errors: the scenario still runs.

#include <string>
#include <vector>

#include "readysim/error.hpp"
#include "readysim/scenario.hpp"

namespace readysim {

/// Engines that can never leave their station: at most ⌊P / crew_per_engine⌋ of a station's
/// engines are ever crewed at once, P being the people of its pools (`station:` it) whose role
/// crews engines (`staffing.engine_crew`), on duty or called back alike, as the fire model takes
/// them. One warning per such station, naming the engines, the numbers and the fix. A station
/// with no full crew at all is an error of load_scenario() instead.
[[nodiscard]] std::vector<Diagnostic> crew_warnings(const Scenario& s);

/// How many of station `st`'s engines can ever be out at once: min(engines, ⌊P / crew_per_engine⌋),
/// P as in crew_warnings(). The others change no result.
[[nodiscard]] int crewable_engines(const Scenario& s, const Station& st);

}  // namespace readysim
