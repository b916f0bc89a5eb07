#pragma once
// The top level of a scenario file: its sections in order, the horizon, `hazards`, `policies`
// and `run`.

#include <vector>

#include "scenario/reference.hpp"
#include "scenario/section.hpp"

namespace readysim {

/// The top-level keys, each section's Field (read in this order, written back in this order).
const Section<Scenario>& scenario_section();

/// Adds the top-level, `hazards`, `policies` and `run` tables.
void add_scenario_reference(std::vector<ReferenceTable>& out);

}  // namespace readysim
