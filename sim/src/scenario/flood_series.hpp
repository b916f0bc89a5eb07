#pragma once
// The series files of `hazards.flood` (source level_series and node_depths): a CSV file read
// into the flood's level series or per-node depth series, every problem located in the file.

#include <yaml-cpp/yaml.h>

#include "readysim/flood.hpp"
#include "readysim/road_graph.hpp"
#include "readysim/yaml_reader.hpp"

namespace readysim {

/// Reads `file`, `time_column`, `time_unit`, `level_column` of `n` (source level_series).
void read_level_series(const YAML::Node& n, YamlReader& r, FloodHazard& out);

/// Reads `file`, `time_column`, `time_unit`, `node_column`, `depth_column` of `n` (source
/// node_depths); node ids are checked against `roads` (skipped when it is empty).
void read_node_depths(const YAML::Node& n, YamlReader& r, const RoadGraph& roads, FloodHazard& out);

}  // namespace readysim
