#pragma once
/// \file incident_log.hpp
/// A brigade's incident log replayed instead of random ignitions (`hazards.fire.incident_log`),
/// and the travel model from positions for areas without a road graph (`hazards.fire.travel`).
/// Both are read with the scenario (scenario/incident_log_section.cpp); the replay itself is in
/// hazard/incident_log.cpp, the travel times in model/position_travel.cpp.

#include <cstdint>
#include <string>
#include <vector>

#include "readysim/error.hpp"
#include "readysim/road_graph.hpp"

namespace readysim {

/// One row of an incident log, placed on the road graph.
struct LoggedIncident {
  double call_s = 0;              ///< call received, seconds from the replication start (the log's `start`)
  NodeIndex node = 0;             ///< road node the incident was placed at
  std::int32_t occupancy = 0;     ///< index into hazards.fire.occupancies
  int line = 0;                   ///< its line in the log file
};

/// The log's column names, as the brigade's export spells them. Empty: the column named as the
/// key (`time`, `x_m`…) when the header has one, else none.
struct IncidentLogColumns {
  std::string id;          ///< incident number (rows with the same one are duplicates)
  std::string date;        ///< call date, YYYY-MM-DD (with `time` a clock time HH:MM[:SS])
  std::string time;        ///< call time: HH:MM[:SS] with `date`, else YYYY-MM-DD[T ]HH:MM[:SS] or seconds
  std::string node;        ///< a road node id
  std::string lon;         ///< longitude, degrees
  std::string lat;         ///< latitude, degrees
  std::string x_m;         ///< easting, metres (the road nodes' frame)
  std::string y_m;         ///< northing, metres
  std::string occupancy;   ///< occupancy name (one of hazards.fire.occupancies)
};

/// `hazards.fire.incident_log`: a real history replayed in every replication.
struct IncidentLog {
  bool enabled = false;              ///< the key is present
  std::string file;                  ///< the CSV file as written in the scenario
  std::string path;                  ///< the same, made absolute
  IncidentLogColumns columns;        ///< column mapping
  std::string start;                 ///< t = 0 as written (YYYY-MM-DD[ HH:MM[:SS]]); empty: midnight of the first call
  std::string occupancy = "dwelling";  ///< occupancy of every row when no column names one
  bool skip_unplaceable = false;     ///< `unplaceable: skip` (else each such row is an error)
  /// `random_ignitions: true`: the scenario's random ignitions go on beside the log (e.g. other
  /// work that keeps engines busy); by default the log replaces them.
  bool random_ignitions = false;
  std::vector<LoggedIncident> incidents;  ///< rows inside [start, start + horizon), in file order
  std::vector<int> skipped_lines;    ///< rows that could not be placed and were skipped
  int outside_window = 0;            ///< rows before `start` or at or after start + horizon (left out)
  SourceLocation where;              ///< where the key is declared
};

/// How engines' travel times are found.
enum class TravelKind {
  roads,    ///< shortest paths on the road graph, driven on the platform (the default)
  kolesar,  ///< Kolesar, Walker & Hausner (1975): a curve of straight-line distance between positions
  matrix,   ///< a travel-time file, stations × demand points
};

/// `hazards.fire.travel`: engine travel without a road graph.
struct TravelModel {
  TravelKind kind = TravelKind::roads;  ///< which model
  double acceleration_m_s2 = 0;     ///< kolesar: a, the acceleration and deceleration, m/s²
  double cruise_speed_mps = 0;      ///< kolesar: v_c, the cruising speed, m/s
  std::string file;                 ///< matrix: the CSV as written
  std::string path;                 ///< matrix: made absolute
  std::vector<std::string> stations;  ///< matrix: station id of each entry
  std::vector<NodeIndex> points;    ///< matrix: demand point (road node) of each entry
  std::vector<double> seconds;      ///< matrix: travel time of each entry, s
  SourceLocation where;             ///< where the key is declared

  /// Kolesar's curve: t = 2 √(d / a) while d < 2 d_c, else v_c / a + d / v_c, with d_c = v_c² / (2 a).
  [[nodiscard]] double kolesar_s(double distance_m) const;
};

}  // namespace readysim
