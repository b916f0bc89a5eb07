#pragma once
// Staff: a pool's on-duty pattern (a share, or 24 shares by hour), the top-level `staffing`
// section (roles per task, priority, levee and shelter work), and their checks.

#include "readysim/scenario.hpp"
#include "readysim/yaml_reader.hpp"

namespace readysim {

/// Reads a staff pool's `on_duty_share`: a number in [0, 1] or a list of 24 (hour 0 to 23).
void read_on_duty(const YAML::Node& pool, YamlReader& r, const std::string& what, StaffPool& out);

/// Reads `staffing` (missing or null: all defaults) into `out`.
void read_staffing_section(const YAML::Node& n, YamlReader& r, Staffing& out);

/// Checks the section against the staff pools: a role a task names explicitly must be some
/// pool's role (did-you-mean), and flood-only work without a flood is reported.
void check_staffing(const Scenario& s, Diagnostics& diags);

/// Writes a pool's on-duty share (a number when it is the same every hour).
void emit_on_duty(YAML::Emitter& out, const StaffPool& sp);

/// Writes the section, every default filled in, for the effective scenario.
void emit_staffing_yaml(YAML::Emitter& out, const Staffing& st);

}  // namespace readysim
