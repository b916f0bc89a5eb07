// The files of an import: roads/nodes.csv, roads/roads.csv and scenario.yaml (IMPORT.md is
// report.cpp's).
#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <stdexcept>
#include <string>

#include "import_internal.hpp"

namespace readysim::import {

namespace {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void save(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  f.close();
  if (!f) throw std::runtime_error("cannot write " + path + " (disk full?)");
}

std::string node_id(const GraphNode& n) { return "n" + std::to_string(n.osm_id); }

}  // namespace

std::string thousands(double v) {
  const long long n = std::llround(v);
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (n < 0 ? "-" : "") + out;
}

void write_report(const std::string& dir, const ImportOptions& options, const OsmData& data, const Graph& graph,
                  const Places& places, const DemNotes* dem, const Projection& proj, const std::string& name,
                  ImportSummary& summary);

void write_outputs(const std::string& dir, const ImportOptions& options, const OsmData& data, const Graph& graph,
                   const Places& places, const DemNotes* dem, const Projection& proj, const std::string& name,
                   ImportSummary& summary) {
  // nodes.csv: x_m, y_m in the local projection; lon, lat as read; elevation empty when unknown.
  // control: the junction's, as mapped (empty: the district's default, district.junction_control).
  std::string nodes = "id,x_m,y_m,lon,lat,elevation_m,kind,control\n";
  for (const auto& n : graph.nodes) {
    nodes += fmt::format("{},{:.2f},{:.2f},{:.7f},{:.7f},{},{},{}\n", node_id(n), n.x, n.y, n.lon, n.lat,
                         std::isnan(n.elevation) ? std::string() : fmt::format("{:.2f}", n.elevation), n.kind,
                         n.control);
    if (std::isnan(n.elevation)) ++summary.unknown_elevations;
  }
  save(dir + "/roads/nodes.csv", nodes);

  // roads.csv: one row per road, two one-way rows sharing the id when the lanes differ by direction.
  std::string roads = "id,from,to,length_m,free_speed_kmh,capacity_veh_h,lanes,oneway,class\n";
  double km = 0;
  for (const auto& r : graph.roads) {
    const auto& a = r.attrs;
    const auto row = [&](std::size_t from, std::size_t to, int lanes, bool oneway) {
      roads += fmt::format("{},{},{},{:.2f},{:g},{:g},{},{},{}\n", csv_field(r.id), node_id(graph.nodes[from]),
                           node_id(graph.nodes[to]), r.length_m, a.speed_kmh, a.capacity_per_lane_vph * lanes, lanes,
                           oneway ? 1 : 0, a.highway);
      ++summary.roads;
    };
    if (a.oneway) {
      row(r.from, r.to, a.lanes_fwd, true);
    } else if (a.lanes_fwd == a.lanes_bwd) {
      row(r.from, r.to, a.lanes_fwd, false);
    } else {
      row(r.from, r.to, a.lanes_fwd, true);
      row(r.to, r.from, a.lanes_bwd, true);
    }
    km += r.length_m / 1000;
  }
  save(dir + "/roads/roads.csv", roads);
  summary.nodes = graph.nodes.size();
  summary.length_km = km;

  // scenario.yaml: a year of fires on the imported district; guessed lines end in "# CHECK: …".
  std::size_t checks = 0;
  const auto check = [&](const std::vector<std::string>& guesses) {
    if (guesses.empty()) return std::string();
    ++checks;
    std::string s = "   # CHECK: ";
    for (std::size_t i = 0; i < guesses.size(); ++i) s += (i ? "; " : "") + guesses[i];
    return s;
  };
  const auto source = [](const PlacedPlace& p) {
    return p.place.osm == "none" ? std::string()
                                 : fmt::format("   # {}={} {}, {:.0f} m from its road node",
                                               p.place.role == PlaceRole::settlement ? "place" : "amenity",
                                               p.place.kind, p.place.osm, p.snap_m);
  };
  const GraphNode& centre = graph.nodes[places.centre];
  std::string y;
  y += fmt::format("# {} -- imported from OpenStreetMap by readysim import osm:\n#     {}\n", name,
                   options.command_line);
  y += fmt::format("# {} road nodes, {} roads, {:.1f} km of road in the local projection of IMPORT.md.\n",
                   thousands(static_cast<double>(graph.nodes.size())), thousands(static_cast<double>(summary.roads)),
                   km);
  y += "# Lines ending in '# CHECK: ...' hold guesses (populations, floor areas, engines and crews, a\n"
       "# station or settlement the map does not have): replace them with what the district knows.\n"
       "# IMPORT.md lists what was read, kept, dropped and guessed. Map data (c) OpenStreetMap\n"
       "# contributors, ODbL 1.0.\n\n";
  y += "district:\n";
  y += fmt::format("  name: {}\n", quoted(name));
  y += "  roads: {nodes: roads/nodes.csv, segments: roads/roads.csv}\n";
  y += "  communities:\n";
  y += fmt::format("    - {{id: district, name: {}, node: {}}}{}\n", quoted(name), node_id(centre),
                   check({"one community for the whole extract, its office at the road node nearest the roads' "
                          "centre; split it into the real communities"}));
  y += "  settlements:\n";
  for (const auto& s : places.settlements) {
    const std::string tail = check(s.guesses);
    y += fmt::format("    - {{id: {}, name: {}, community: district, node: {}, population: {:.0f}}}{}\n", s.id,
                     quoted(s.place.name.empty() ? s.id : s.place.name), node_id(graph.nodes[s.node]), s.population,
                     tail.empty() ? source(s) : tail);
  }
  y += "\nhorizon: 365 d   # a year of fires\n\nresources:\n";
  if (!places.shelters.empty()) {
    y += "  shelters:   # schools and community centres (used by a flood's evacuation)\n";
    for (const auto& s : places.shelters) {
      y += fmt::format("    - {{id: {}, name: {}, node: {}, floor_area: {:.0f} m2}}{}\n", s.id,
                       quoted(s.place.name.empty() ? s.id : s.place.name), node_id(graph.nodes[s.node]),
                       s.floor_area_m2, check(s.guesses));
    }
  }
  y += "  stations:\n";
  for (const auto& s : places.stations) {
    y += fmt::format("    - {{id: {}, name: {}, kind: fire_brigade, node: {}, engines: 1, crew_per_engine: 4,\n"
                     "       turnout: {{dist: lognormal, median: 90 s, p90: 3 min}}}}{}\n",
                     s.id, quoted(s.place.name.empty() ? s.id : s.place.name), node_id(graph.nodes[s.node]),
                     check(s.guesses));
  }
  y += "  staff:\n";
  for (const auto& s : places.stations) {
    y += fmt::format("    - {{id: {}_crew, role: firefighter, count: 4, full_time: true, station: {}}}{}\n", s.id,
                     s.id, check({"4 full-time firefighters: give the station's roster"}));
  }
  y += "\nhazards:\n";
  y += "  fire:   # every default of scenarios/README.md (hazards.fire): dwelling fires in the settlements\n";
  y += "    dwelling_fires_per_1000_residents: 0.5 /yr   # CHECK: a planning default; use the district's fire "
       "records\n";
  ++checks;
  y += "\npolicies: {no_engine_free: queue}   # add district.mutual_aid_node and no_engine_free: mutual_aid for "
       "outside help\n";
  y += "\nrun: {replications: 100, seed: 1}\n";
  save(dir + "/scenario.yaml", y);
  summary.guesses = checks;
  summary.stations = places.stations.size();
  summary.shelters = places.shelters.size();
  summary.settlements = places.settlements.size();

  write_report(dir, options, data, graph, places, dem, proj, name, summary);
}

}  // namespace readysim::import
