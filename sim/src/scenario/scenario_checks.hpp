#pragma once
// Checks that span entities: reachability by road, crews that can be formed.

#include "readysim/scenario.hpp"
#include "readysim/error.hpp"

namespace readysim {

/// Cross-entity checks on a scenario whose roads loaded; problems go to `diags`.
void check_scenario(const Scenario& s, Diagnostics& diags);

}  // namespace readysim
