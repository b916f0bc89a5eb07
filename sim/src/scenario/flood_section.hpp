#pragma once
// The `hazards.flood` section: where the water comes from (a breach filling the polder, a level
// series, per-node depths), what it closes, and the warning.

#include <vector>

#include "scenario/reference.hpp"
#include "scenario/section.hpp"

namespace readysim {

/// The `flood` key of `hazards`: read with every default filled in (series files included; node
/// checks skipped when the roads did not load), written back (series files by absolute path, so
/// the result loads again), documented.
Field<Hazards> flood_field();

/// Reads `hazards.flood` into `out` (defaults filled in, `enabled` set), reporting every problem to
/// `r`, including the series files it names. `roads` resolves node ids and gives the default polder
/// area; when it is empty (the roads failed to load) the checks that need nodes are skipped.
/// With `places`, the breach's `at` may also be a position snapped to the nearest node.
void read_flood_section(const YAML::Node& n, YamlReader& r, const RoadGraph& roads, FloodHazard& out,
                        SectionContext* places = nullptr);

/// Writes `flood: {…}` (key and value, every default filled in) into the open `hazards` mapping of the
/// effective scenario; series files are named by absolute path, so the result loads again.
void emit_flood_yaml(YAML::Emitter& out, const FloodHazard& f, const RoadGraph& roads);

/// Adds the `hazards.flood` tables (the section and its breach).
void add_flood_reference(std::vector<ReferenceTable>& out);

}  // namespace readysim
