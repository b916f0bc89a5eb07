#pragma once
// The top-level `staffing` section (roles per task, priority, holidays, levee and shelter work)
// and its checks against the staff pools.

#include <vector>

#include "scenario/reference.hpp"
#include "scenario/section.hpp"

namespace readysim {

/// The `staffing` key of the scenario (missing or null: all defaults): read, written back,
/// documented.
Field<Scenario> staffing_field();

/// Checks the section against the staff pools: a role a task names explicitly must be some
/// pool's role (did-you-mean), and flood-only work without a flood is reported.
void check_staffing(const Scenario& s, Diagnostics& diags);

/// Adds the `staffing` reference table.
void add_staffing_reference(std::vector<ReferenceTable>& out);

}  // namespace readysim
