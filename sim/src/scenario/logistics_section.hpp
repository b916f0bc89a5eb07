#pragma once
// The top-level `logistics` section: item catalogue, consumption, supply routes, resupply; and
// its checks against the scenario's depots, shelters and roads.

#include "readysim/logistics.hpp"
#include "readysim/scenario.hpp"
#include "readysim/yaml_reader.hpp"

namespace readysim {

/// Reads `logistics` (missing or null: all defaults) into `out`, which starts from
/// default_logistics(). Item names in rates and in `resupply.items` are checked here.
void read_logistics_section(const YAML::Node& n, YamlReader& r, Logistics& out);

/// Checks the section against the rest of the scenario: every depot item is in the catalogue
/// (did-you-mean), every depot's items fit its floor area, shelter_depots names real shelters
/// and depots, resupply.from_node exists and reaches every depot. Node checks are skipped when
/// the roads did not load.
void check_logistics(const Scenario& s, const Logistics& l, Diagnostics& diags);

/// Writes the section, every default filled in, for the effective scenario.
void emit_logistics_yaml(YAML::Emitter& out, const Logistics& l);

}  // namespace readysim
