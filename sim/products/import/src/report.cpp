// IMPORT.md: what an import read, kept, dropped and guessed, and why.
#include <fmt/format.h>

#include <fstream>
#include <stdexcept>
#include <string>

#include "import_internal.hpp"

namespace readysim::import {

namespace {

std::string md(const std::string& s) {
  std::string out;
  for (const char c : s) {
    if (c == '|' || c == '*' || c == '_' || c == '`') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

void write_report(const std::string& dir, const ImportOptions& options, const OsmData& data, const Graph& graph,
                  const Places& places, const DemNotes* dem, const Projection& proj, const std::string& name,
                  ImportSummary& summary) {
  std::string r;
  r += fmt::format("# {} — imported from OpenStreetMap\n\n", md(name));
  r += fmt::format("Made by `{}`. Map data © OpenStreetMap contributors, ODbL 1.0.\n\n", options.command_line);
  r += fmt::format("Read `{}`: {} nodes and {} ways{}.\n\n", options.input, thousands(double(data.nodes_read)),
                   thousands(double(data.ways_read)),
                   options.bbox ? fmt::format(", keeping what lies inside --bbox {},{},{},{}", (*options.bbox)[0],
                                              (*options.bbox)[1], (*options.bbox)[2], (*options.bbox)[3])
                                : std::string());
  r += "Files: `roads/nodes.csv`, `roads/roads.csv` (formats in scenarios/README.md), `scenario.yaml` (a year of "
       "fires; lines ending in `# CHECK:` hold guesses), this file.\n\n";

  r += "## Roads\n\n";
  r += "Routable classes read (`highway=`), with the defaults used where a way has no `maxspeed` or `lanes` tag. "
       "Speed, lanes per direction and capacity per lane are MATSim's OsmNetworkReader defaults "
       "(`setHighwayDefaults`); the `*_link` classes it does not list take their parent's link values, `service` "
       "(not in its list) takes `living_street`'s. Capacity per direction = capacity per lane × lanes.\n\n";
  r += "| class | ways read | default speed km/h | default lanes per direction | capacity veh/h per lane |\n";
  r += "|---|---|---|---|---|\n";
  for (const auto& h : options.highways) {
    ClassDefaults d{"", 30, 1, 600};
    for (const auto& c : class_defaults()) {
      if (h == c.highway) d = c;
    }
    const auto it = data.class_ways.find(h);
    r += fmt::format("| {} | {} | {:g} | {} | {:g} |\n", md(h), it == data.class_ways.end() ? 0 : it->second,
                     d.speed_kmh, d.lanes, d.capacity_per_lane_vph);
  }
  r += "\n";
  if (!data.other_highways.empty()) {
    std::string list;
    for (const auto& [k, n] : data.other_highways) list += fmt::format("{}{} {}", list.empty() ? "" : ", ", n, md(k));
    r += fmt::format("Not read (not routable by car, or not in the list; `--highways` changes it): {}.\n\n", list);
  }
  r += fmt::format(
      "Also left out: {} ways of a routable class tagged `access`, `vehicle`, `motor_vehicle` or `motorcar` = `no`. "
      "Ways with `area=yes` are squares, not roads. `access=private` roads are kept: emergency vehicles and "
      "residents use them.\n\n",
      data.excluded_access);
  r += fmt::format(
      "Tags: `oneway=yes|true|1` one way along the way, `-1|reverse` against it, `no|false|0` two-way; "
      "`junction=roundabout|circular` and `highway=motorway` are one-way unless `oneway=no` (OSM wiki, Key:oneway). "
      "{} ways are one-way ({} reversed). `maxspeed` is the free speed where readable ({} ways; numbers in km/h, "
      "`mph`, `knots`, `walk` = 7, `XX:urban` = 50, `XX:rural` = 90, `XX:living_street` = 10); {} values could "
      "not be read and took the class default{}. `lanes` counts both directions of a two-way road (half each, at "
      "least 1, unless `lanes:forward`/`lanes:backward` say), all lanes of a one-way road ({} ways tagged, {} "
      "unreadable). A two-way road whose directions have different lanes is two one-way rows sharing its id.\n\n",
      data.tags.oneway, data.tags.reversed, data.tags.maxspeed_tagged, data.tags.maxspeed_unreadable,
      [&] {
        std::string ex;
        for (const auto& [v, n] : data.tags.maxspeed_examples) ex += fmt::format("{}`{}` ({})", ex.empty() ? ": " : ", ", v, n);
        return ex;
      }(),
      data.tags.lanes_tagged, data.tags.lanes_unreadable);
  r += fmt::format(
      "Graph: the routable ways were split at every node they share (and where they leave the extract{}: {} way "
      "nodes missing), giving {} pieces between {} nodes. They form {} strongly connected part(s); the largest "
      "({} nodes, {:.2f} km) is kept, because in it every node can be reached from every other and left again — "
      "which the scenario's checks require of stations, settlements and shelters.\n\n",
      options.bbox ? " or the bbox" : "", thousands(double(data.missing_nodes)), thousands(double(graph.pieces)),
      thousands(double(graph.split_nodes)), graph.components, thousands(double(graph.split_nodes - graph.dropped_nodes)),
      graph.kept_km);
  if (graph.dropped_pieces > 0) {
    r += fmt::format(
        "**Dropped**: {} nodes and {} pieces ({:.2f} km, {:.1f} % of the length; {} ways lost entirely) in {} smaller "
        "part(s): roads cut off by the extract's edge, one-way stubs that lead out of the network and cannot be "
        "left again (or entered), and islands joined to the rest only by roads of classes not read (e.g. footways) "
        "or with missing nodes.\n\n",
        thousands(double(graph.dropped_nodes)), thousands(double(graph.dropped_pieces)), graph.dropped_km,
        100 * graph.dropped_km / (graph.dropped_km + graph.kept_km), graph.dropped_ways, graph.dropped_parts);
    r += fmt::format("Of the dropped length, {:.2f} km is joined to the kept network one way only (one-way roads "
                     "lead in but not out, or out but not in: often at the extract's edge) and {:.2f} km is not "
                     "joined to it at all by the classes read (islands). The largest dropped parts:\n\n",
                     graph.dropped_oneway_km, graph.dropped_island_km);
    for (const auto& b : graph.biggest_dropped) r += "- " + b + "\n";
    r += "\n";
  } else {
    r += "Nothing was dropped: the whole network is one strongly connected part.\n\n";
  }
  r += fmt::format(
      "Then every chain through nodes where exactly two pieces with the same class, speed, lanes and direction "
      "meet was contracted into one road with the summed length ({} nodes contracted away; {} closed loops broken "
      "at their middle node, because a road may not end where it starts). Result: **{} nodes, {} rows in "
      "roads.csv, {:.2f} km of road** (a two-way road counted once).\n\n",
      thousands(double(graph.contracted)), graph.loops_split, thousands(double(graph.nodes.size())),
      thousands(double(summary.roads)), summary.length_km);
  r += "Ids: a node is `n` + its OSM node id (https://www.openstreetmap.org/node/ID). A road is `w` + the OSM way "
       "id (https://www.openstreetmap.org/way/ID); a road made of several ways joins their ids with `+`, and a way "
       "cut into several roads adds `.1`, `.2`… in order along it. `length_m` is the geodesic length along the "
       "way's nodes on the WGS 84 ellipsoid.\n\n";

  r += "## Coordinates\n\n";
  r += fmt::format(
      "`lon`, `lat` are the OSM positions (WGS 84 degrees). `x_m`, `y_m` are metres east and north of the "
      "extract's centre in a transverse Mercator projection on that centre (PROJ: `{}`): its scale error is under "
      "0.1 % within 140 km of the central meridian, so straight-line distances between nodes agree with geodesic "
      "ones to better than that.\n\n",
      proj.definition());

  r += "## Elevation\n\n";
  if (dem == nullptr) {
    r += "No `--dem` was given: the `elevation_m` column is empty, which readysim reads as *unknown* (not 0). "
         "Fires do not need elevations; a flood does. Import again with terrain rasters, e.g. SRTM tiles "
         "(`--dem N43E007.hgt.zip`, one `--dem` per tile) or a GeoTIFF.\n\n";
  } else {
    r += "Sampled with GDAL from:\n\n";
    for (const auto& s : dem->rasters) r += "- " + s + "\n";
    r += fmt::format(
        "\nBilinear between the four cell centres around a node; cells with the no-data value are left out of "
        "the weights. {} nodes sampled, {} in voids filled from the nearest cell with data (within 5 cells), {} "
        "left unknown (empty). Elevations range from {:.1f} to {:.1f} m (the raster's vertical datum; SRTM: EGM96 "
        "geoid). Several rasters make a mosaic: a node takes the first one, in the order given, with data at it.\n\n",
        thousands(double(dem->sampled)), thousands(double(dem->filled)), thousands(double(dem->unknown)), dem->min_m,
        dem->max_m);
  }

  r += "## Places\n\n";
  r += "Stations from `amenity=fire_station`, shelters from `amenity=school` and `amenity=community_centre`, "
       "settlements from `place=city|town|village|hamlet|suburb|quarter|neighbourhood|isolated_dwelling` (nodes, "
       "and ways at the mean of their nodes; relations are not read). Each is snapped to the nearest node of the "
       "kept road graph; one farther than 2 km is left out. All settlements belong to one community, `district`, "
       "at the road node nearest the roads' centre.\n\n";
  r += "| scenario id | what | OSM | road node | snap m | guessed |\n|---|---|---|---|---|---|\n";
  const auto rows = [&](const std::vector<PlacedPlace>& list, const char* what) {
    for (const auto& p : list) {
      std::string g;
      for (const auto& s : p.guesses) g += (g.empty() ? "" : "; ") + s;
      r += fmt::format("| {} | {} {} | {} | n{} | {:.0f} | {} |\n", md(p.id), what,
                       p.place.name.empty() ? "" : "'" + md(p.place.name) + "'", p.place.osm,
                       graph.nodes[p.node].osm_id, p.snap_m, g.empty() ? "—" : md(g));
    }
  };
  rows(places.stations, "station");
  rows(places.shelters, "shelter");
  rows(places.settlements, "settlement");
  r += "\n";
  if (!places.skipped.empty()) {
    r += "Left out (too far from the kept roads):\n\n";
    for (const auto& s : places.skipped) r += "- " + md(s) + "\n";
    r += "\n";
  }
  r += fmt::format("The scenario marks {} lines `# CHECK:`; the populations, floor areas, engines, crews and the "
                   "dwelling-fire rate there are guesses or planning defaults.\n\n",
                   summary.guesses);

  r += "## Adding a flood\n\n";
  r += "The scenario is a year of fires. For a flood (scenarios/README.md, `hazards.flood`) the road nodes need "
       "elevations (import with `--dem`): add `hazards.flood` with a source (`breach` at a node on the levee, a "
       "`level_series` or `node_depths` file), an `evacuation` section, staff for the flood tasks (`staffing`), a "
       "horizon of days rather than a year, and check that the shelters stand above the water. "
       "scenarios/yunlianghu/flood.yaml is a complete example.\n";

  std::ofstream f(dir + "/IMPORT.md", std::ios::binary);
  f << r;
  f.close();
  if (!f) throw std::runtime_error("cannot write " + dir + "/IMPORT.md (disk full?)");
}

}  // namespace readysim::import
