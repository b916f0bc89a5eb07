#pragma once
// The `resources` section: shelters, stations, depots, staff pools, vehicles; and the checks that
// they can do their work (every place reachable by road, every engine crewed).

#include <vector>

#include "scenario/reference.hpp"
#include "scenario/section.hpp"

namespace readysim {

/// The `resources` key of the scenario: read (null: none), written back, documented.
Field<Scenario> resources_field();

/// Stations, depots and staff homes that cannot reach every community and settlement by road.
void check_resource_reach(const Scenario& s, Diagnostics& diags);

/// Stations whose engines cannot be crewed by the staff assigned to them (R18).
void check_crews(const Scenario& s, Diagnostics& diags);

/// Adds the `resources` tables (the section, and one per list).
void add_resources_reference(std::vector<ReferenceTable>& out);

}  // namespace readysim
