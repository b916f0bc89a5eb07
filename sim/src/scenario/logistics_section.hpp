#pragma once
// The top-level `logistics` section: item catalogue, consumption, supply routes, resupply; and
// its checks against the scenario's depots, shelters and roads.

#include <vector>

#include "readysim/logistics.hpp"
#include "scenario/reference.hpp"
#include "scenario/section.hpp"

namespace readysim {

/// The `logistics` key of the scenario (missing or null: default_logistics()): read, written
/// back, documented. Item names in rates and in `resupply.items` are checked as they are read.
Field<Scenario> logistics_field();

/// Reads `logistics` (missing or null: all defaults) into `out`, which starts from
/// default_logistics(), as the loader does.
void read_logistics_section(const YAML::Node& n, YamlReader& r, Logistics& out);

/// Writes `logistics: {…}` (key and value, every default filled in), as the effective scenario does.
void emit_logistics_yaml(YAML::Emitter& out, const Logistics& l);

/// Checks the section against the rest of the scenario: every depot item is in the catalogue
/// (did-you-mean), every depot's items fit its floor area, shelter_depots names real shelters
/// and depots, resupply.from_node exists and reaches every depot. Node checks are skipped when
/// the roads did not load.
void check_logistics(const Scenario& s, const Logistics& l, Diagnostics& diags);

/// Adds the `logistics` tables (the section and its resupply).
void add_logistics_reference(std::vector<ReferenceTable>& out);

}  // namespace readysim
