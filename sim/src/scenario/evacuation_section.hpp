#pragma once
// The top-level `evacuation` section and `resources.shelters`.

#include "readysim/scenario.hpp"
#include "readysim/yaml_reader.hpp"

namespace readysim {

/// Reads `evacuation` (null: all defaults) into `out`.
void read_evacuation_section(const YAML::Node& n, YamlReader& r, EvacuationModel& out);

/// Writes the evacuation model for the effective scenario.
void emit_evacuation_yaml(YAML::Emitter& out, const EvacuationModel& e);

}  // namespace readysim
