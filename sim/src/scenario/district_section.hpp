#pragma once
// The `district` section: name, road network, communities, settlements, risk points.

#include <vector>

#include "scenario/reference.hpp"
#include "scenario/section.hpp"

namespace readysim {

/// The `district` key of the scenario (required): read, written back, documented. Reading it
/// loads the road network and sets `c.roads_ok`.
Field<Scenario> district_field();

/// Adds the `district` tables (the section, its communities, settlements, risk points).
void add_district_reference(std::vector<ReferenceTable>& out);

}  // namespace readysim
