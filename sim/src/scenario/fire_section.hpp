#pragma once
// The `hazards.fire` section: ignition rates, occupancies, alarm chain, micro stations, mutual
// aid, scheduled fires; and its checks against the district and resources.

#include <vector>

#include "scenario/reference.hpp"
#include "scenario/section.hpp"

namespace readysim {

/// The fire hazard with every default filled in (used when the section is empty).
FireHazard default_fire_hazard();

/// The `fire` key of `hazards`: present (even empty) switches fires on with every default.
Field<Hazards> fire_field();

/// Checks the fire hazard against the rest of the scenario: occupancies of risk points, places
/// and times of scheduled fires, someone to put fires out, mutual aid where it is asked for.
void check_fire(const Scenario& s, Diagnostics& diags);

/// Adds the `hazards.fire` reference table.
void add_fire_reference(std::vector<ReferenceTable>& out);

}  // namespace readysim
