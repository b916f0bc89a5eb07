#pragma once
/// \file engine_units.hpp
/// The scenario's engines as the engine numbers them, made in one place: `FireRecord::engine_unit`
/// and `UnitRecord::engine` index this list (stations in order, engines within), the model builds
/// its engines from it, and the results and the drill name them from it.

#include <cstdint>
#include <string>
#include <vector>

#include "readysim/scenario.hpp"

namespace readysim {

/// One engine of the scenario: its station and its number there.
struct EngineUnitName {
  std::int32_t station = 0;  ///< index into resources.stations
  int number = 1;            ///< 1-based number of the engine within its station
};

/// Every engine of `s`, in engine-index order: stations in order, each station's engines 1..n.
[[nodiscard]] std::vector<EngineUnitName> engine_units(const Scenario& s);

/// The engines' names in the results, in engine-index order: "station/number" ("brigade/2").
[[nodiscard]] std::vector<std::string> engine_unit_names(const Scenario& s);

}  // namespace readysim
