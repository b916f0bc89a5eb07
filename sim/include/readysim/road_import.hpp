#pragma once
/// \file road_import.hpp
/// Reading road networks from files: our CSV pair (nodes.csv, roads.csv) and the TNTP format.
/// Errors are collected as diagnostics with file:line:col, never thrown one at a time.

#include <string>

#include "readysim/error.hpp"
#include "readysim/road_graph.hpp"

namespace readysim {

/// Reads `nodes.csv` (id, x_m|lon, y_m|lat, elevation_m, kind) and `roads.csv`
/// (id, from, to, length_m, free_speed_kmh, capacity_veh_h, lanes, oneway, class); the column
/// names carry the units, see scenarios/README.md. Errors go to `diags`.
RoadGraph load_roads_csv(const std::string& nodes_path, const std::string& roads_path, Diagnostics& diags);

/// How to read the numbers of a TNTP network, whose files carry no units.
struct TntpUnits {
  double time_unit_s = 60.0;          ///< one unit of free_flow_time, seconds (Sioux Falls: minutes)
  double length_unit_m = 1609.344;    ///< one unit of length, metres (Sioux Falls: miles)
  double capacity_unit_vps = 1.0 / 3600.0;  ///< one unit of capacity, vehicles/s (veh/h)
};

/// Reads a TNTP `_net.tntp` file (and optionally `_node.tntp` for positions as lon/lat).
/// Node ids become the TNTP numbers as strings. Speed is length / free_flow_time.
RoadGraph load_roads_tntp(const std::string& net_path, const std::string& node_path, const TntpUnits& units,
                          Diagnostics& diags);

}  // namespace readysim
