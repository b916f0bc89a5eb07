#pragma once
// The `hazards.fire` section: ignition rates, occupancies, alarm chain, micro stations, mutual aid.

#include "readysim/scenario.hpp"
#include "readysim/yaml_reader.hpp"

namespace readysim {

/// The fire hazard with every default filled in (used when the section is empty).
FireHazard default_fire_hazard();

/// Reads `hazards.fire` (which may be null: all defaults) into `out`.
void read_fire_section(const YAML::Node& n, YamlReader& r, FireHazard& out);

}  // namespace readysim
