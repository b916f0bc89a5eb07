#pragma once
// Writing scenario values back as YAML for the effective scenario, the way a scenario writes them.

#include <yaml-cpp/yaml.h>

#include "readysim/distribution.hpp"
#include "readysim/units.hpp"

namespace readysim {

/// A distribution as `2 min` (constant) or `{dist: lognormal, median: 6 min, p90: 12 min}`:
/// shapes and counts as plain numbers, everything else with `dim`'s unit.
void emit_distribution(YAML::Emitter& out, const Distribution& d, Dimension dim);

}  // namespace readysim
