#pragma once
// Private to readysim::import: the stages of an import and what they hand each other.
//   osm_read.cpp    libosmium: routable ways with their node positions, tagged places
//   road_build.cpp  ways split at shared nodes, largest strongly connected part, chains contracted
//   road_tags.cpp   highway classes, oneway, maxspeed, lanes and the per-class defaults
//   projection.cpp  PROJ: the local transverse Mercator and geodesic lengths
//   dem.cpp         GDAL: bilinear elevations from one or more rasters
//   places.cpp      stations, shelters, settlements snapped to road nodes
//   write.cpp       nodes.csv, roads.csv, scenario.yaml, IMPORT.md

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "readysim/import_osm.hpp"

namespace readysim::import {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// A road's attributes, from its tags or the defaults of its class.
struct RoadAttrs {
  std::string highway;      // the class (tag highway=)
  double speed_kmh = 0;     // free-flow speed
  int lanes_fwd = 1;        // lanes along the way's direction
  int lanes_bwd = 1;        // lanes against it (two-way roads)
  double capacity_per_lane_vph = 0;
  bool oneway = false;      // one-way along the node order (reversed already for oneway=-1)
  bool speed_tagged = false, lanes_tagged = false;
  bool operator==(const RoadAttrs& o) const {
    return highway == o.highway && speed_kmh == o.speed_kmh && lanes_fwd == o.lanes_fwd && lanes_bwd == o.lanes_bwd &&
           capacity_per_lane_vph == o.capacity_per_lane_vph && oneway == o.oneway;
  }
};

/// Per-class defaults (MATSim's OsmNetworkReader, see road_tags.cpp).
struct ClassDefaults {
  const char* highway;
  double speed_kmh;
  int lanes;  // per direction
  double capacity_per_lane_vph;
};
const std::vector<ClassDefaults>& class_defaults();

/// Tag values that shape a road, as read from a way.
struct WayTags {
  std::string highway, oneway, junction, maxspeed, lanes, lanes_forward, lanes_backward;
};
/// Tag problems counted for IMPORT.md.
struct TagNotes {
  std::size_t maxspeed_unreadable = 0, lanes_unreadable = 0, maxspeed_tagged = 0, lanes_tagged = 0;
  std::size_t reversed = 0, oneway = 0;
  std::map<std::string, std::size_t> maxspeed_examples;  // unreadable values and how often
};
/// Attributes of a way; `reverse` is set for oneway=-1 (the node order is to be reversed).
RoadAttrs road_attrs(const WayTags& tags, bool& reverse, TagNotes& notes);

/// A position on a way.
struct WayNode {
  std::int64_t id = 0;
  double lon = kNaN, lat = kNaN;  // NaN when the extract lacks the node or it is outside the bbox
  [[nodiscard]] bool valid() const { return !std::isnan(lon); }
};

/// A routable way as read.
struct OsmWay {
  std::int64_t id = 0;
  std::vector<WayNode> nodes;  // in driving order for one-way roads
  RoadAttrs attrs;
};

/// What a place is for.
enum class PlaceRole { station, shelter, settlement };

/// A tagged place (a node, or a way's centroid).
struct OsmPlace {
  PlaceRole role = PlaceRole::settlement;
  std::string osm;            // "node/123", "way/45"
  std::string name;           // name tag, may be empty
  std::string kind;           // fire_station, school, community_centre, or the place= value
  double lon = 0, lat = 0;
  std::optional<double> population;  // from the population tag
  std::string population_text;       // the tag as written, when unreadable
  double area_m2 = 0;         // mapped area of a closed way (0 for a node)
};

/// Everything read from the OSM file.
struct OsmData {
  std::vector<OsmWay> ways;
  std::vector<OsmPlace> places;
  std::size_t nodes_read = 0, ways_read = 0;
  std::size_t excluded_access = 0;                  // routable class, but access=no and the like
  std::size_t missing_nodes = 0;                    // way nodes not in the extract (or outside the bbox)
  std::map<std::string, std::size_t> class_ways;    // routable ways per class
  std::map<std::string, std::size_t> other_highways;  // highway ways of classes not read
  TagNotes tags;
  std::optional<BoundingBox> header_bbox;           // from the file's header
  /// Junction control by OSM node id (nodes.csv's `control`): highway=traffic_signals|stop|give_way
  /// on the node, junction=roundabout on a routable way through it.
  std::unordered_map<std::int64_t, std::string> controls;
};

/// Reads the file (UsageError for an unreadable or corrupt one).
OsmData read_osm(const ImportOptions& options, const std::vector<std::string>& highways);

/// The local projection: transverse Mercator on the extract's centre, WGS 84.
class Projection {
 public:
  Projection(double lon0, double lat0);
  ~Projection();
  Projection(const Projection&) = delete;
  Projection& operator=(const Projection&) = delete;
  /// Projects lon/lat degrees to metres east and north of the centre.
  void forward(double lon, double lat, double& x, double& y) const;
  [[nodiscard]] std::string definition() const { return definition_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string definition_;
};
/// Geodesic distance on WGS 84, metres.
double geodesic_m(double lon1, double lat1, double lon2, double lat2);

/// A road node of the built graph.
struct GraphNode {
  std::int64_t osm_id = 0;
  double lon = 0, lat = 0, x = 0, y = 0;
  double elevation = kNaN;
  std::string kind = "junction";
  std::string control;  ///< traffic_signals, stop, priority, roundabout; empty: the district's default
};
/// A road of the built graph (one row of roads.csv, or two when the lanes differ by direction).
struct GraphRoad {
  std::string id;
  std::size_t from = 0, to = 0;  // indices into nodes
  double length_m = 0;
  RoadAttrs attrs;
  std::vector<std::int64_t> ways;
};
/// The graph and what building it dropped.
struct Graph {
  std::vector<GraphNode> nodes;
  std::vector<GraphRoad> roads;
  std::size_t pieces = 0;             // way pieces between shared nodes, before contraction
  std::size_t split_nodes = 0;        // graph nodes before contraction
  std::size_t components = 0;         // strongly connected parts
  std::size_t dropped_nodes = 0, dropped_pieces = 0, dropped_parts = 0;
  double dropped_km = 0, kept_km = 0;
  std::size_t contracted = 0;         // nodes contracted away in the kept part
  std::size_t loops_split = 0;        // closed chains broken at their middle
  std::size_t dropped_ways = 0;       // ways with no piece left in the kept part
  double dropped_island_km = 0, dropped_oneway_km = 0;  // not joined to the kept part at all / joined one way only
  std::vector<std::string> biggest_dropped;  // the largest dropped parts: size, length, an example way
};
/// Builds the graph (UsageError when nothing routable is left).
Graph build_graph(const OsmData& data, const ImportOptions& options);

/// Samples elevations for every node from the rasters (UsageError for a raster that cannot be
/// read or does not cover the roads). Returns notes for IMPORT.md.
struct DemNotes {
  std::vector<std::string> rasters;  // per raster: path, driver, size, resolution
  std::size_t sampled = 0, filled = 0, unknown = 0;
  double min_m = kNaN, max_m = kNaN;
};
DemNotes sample_dem(const std::vector<std::string>& paths, std::vector<GraphNode>& nodes);

/// A place placed on the graph, as written to the scenario.
struct PlacedPlace {
  OsmPlace place;
  std::string id;            // scenario id
  std::size_t node = 0;      // graph node index
  double snap_m = 0;         // distance to that node
  double population = 0;     // settlements
  double floor_area_m2 = 0;  // shelters
  std::vector<std::string> guesses;  // what was guessed, for the CHECK comment and IMPORT.md
};
/// The places of the scenario.
struct Places {
  std::vector<PlacedPlace> stations, shelters, settlements;
  std::vector<std::string> skipped;  // places too far from the roads, with why
  std::size_t centre = 0;            // node nearest the roads' centroid
};
Places place_things(const OsmData& data, Graph& graph, const Projection& proj);

/// Writes the four files into `dir` (which exists and is empty).
void write_outputs(const std::string& dir, const ImportOptions& options, const OsmData& data, const Graph& graph,
                   const Places& places, const DemNotes* dem, const Projection& proj, const std::string& name,
                   ImportSummary& summary);

/// "1,234".
std::string thousands(double v);

}  // namespace readysim::import
