#pragma once
// The top-level `evacuation` section: warning channels, departure, travel and assisted transport.

#include <vector>

#include "scenario/reference.hpp"
#include "scenario/section.hpp"

namespace readysim {

/// The `evacuation` key of the scenario: read (null: all defaults), written back, documented.
Field<Scenario> evacuation_field();

/// Adds the `evacuation` reference table.
void add_evacuation_reference(std::vector<ReferenceTable>& out);

}  // namespace readysim
