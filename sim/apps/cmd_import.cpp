// import osm: a district (roads, places, a scenario that runs) from an OpenStreetMap extract.
#include <fmt/format.h>

#include <filesystem>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli_options.hpp"
#include "commands.hpp"
#include "readysim/error.hpp"
#include "readysim/import_osm.hpp"

namespace readysim::cli {

namespace {

struct ImportArgs {
  std::string input, output, name, bbox, highways;
  std::vector<std::string> dems;
  bool quiet = false;
};

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string part;
  for (const char c : text + ",") {
    if (c == ',') {
      if (!part.empty()) out.push_back(part);
      part.clear();
    } else if (c != ' ') {
      part += c;
    }
  }
  return out;
}

int cmd_import_osm(const ImportArgs& a, const std::string& command_line) {
  // A directory, a device or a pipe gets an accurate message before the importer opens anything.
  if (std::filesystem::exists(a.input)) check_input_path(a.input, "import osm", "OpenStreetMap extract");
  for (const auto& dem : a.dems)
    if (std::filesystem::exists(dem)) check_input_path(dem, "--dem", "terrain raster");
  import::ImportOptions o;
  o.input = a.input;
  o.output = a.output;
  o.dems = a.dems;
  o.name = a.name;
  if (!a.bbox.empty()) o.bbox = import::parse_bbox(a.bbox);
  if (!a.highways.empty()) {
    o.highways = split_list(a.highways);
    if (o.highways.empty()) throw UsageError("--highways: give a comma-separated list of highway classes");
  }
  o.command_line = command_line;
  const import::ImportSummary s = import::import_osm(o);
  if (!a.quiet) {
    std::cout << fmt::format(
        "imported {}: {} road nodes, {} roads, {:.1f} km ({} routable ways read; {} nodes outside the largest "
        "strongly connected part dropped)\n"
        "places: {} station(s), {} shelter(s), {} settlement(s); {} scenario line(s) marked CHECK hold guesses\n"
        "elevation: {}\n"
        "wrote {}/roads/nodes.csv, roads/roads.csv, scenario.yaml, IMPORT.md\n"
        "next: readysim run {}/scenario.yaml -n 50\n",
        a.input, s.nodes, s.roads, s.length_km, s.routable_ways, s.dropped_nodes, s.stations, s.shelters,
        s.settlements, s.guesses,
        a.dems.empty() ? std::string("unknown (no --dem): elevation_m is empty")
                       : fmt::format("sampled from {} raster(s), {} node(s) unknown", a.dems.size(),
                                     s.unknown_elevations),
        a.output, a.output);
  }
  return 0;
}

}  // namespace

void add_import_command(CLI::App& app, Action& action) {
  auto* imp = app.add_subcommand("import", "Make a district from outside data (import osm)");
  imp->require_subcommand(1);
  auto* osm = imp->add_subcommand(
      "osm", "A district from an OpenStreetMap extract (.osm, .osm.gz, .osm.bz2, .osm.pbf): roads/nodes.csv, "
             "roads/roads.csv, scenario.yaml and IMPORT.md in DIR");
  auto args = std::make_shared<ImportArgs>();
  osm->add_option("input", args->input, "OpenStreetMap extract")->required();
  osm->add_option("-o,--output", args->output, "Folder to create (must not exist, or be empty)")->required();
  osm->add_option("--dem", args->dems, "Terrain raster for elevations (SRTM .hgt, .hgt.zip, GeoTIFF); repeat for tiles")
      ->allow_extra_args(false);
  osm->add_option("--name", args->name, "District name (default: the largest town's name, else the file name)");
  osm->add_option("--bbox", args->bbox, "Keep only W,S,E,N (degrees)");
  osm->add_option("--highways", args->highways,
                  "Routable highway classes, comma-separated (default: motorway,motorway_link,trunk,trunk_link,"
                  "primary,primary_link,secondary,secondary_link,tertiary,tertiary_link,unclassified,residential,"
                  "living_street,service)");
  osm->add_flag("-q,--quiet", args->quiet, "Print nothing on success");
  osm->callback([args, &action, osm] {
    std::string line = "readysim import osm " + args->input;
    for (const auto& d : args->dems) line += " --dem " + d;
    if (!args->name.empty()) line += " --name '" + args->name + "'";
    if (!args->bbox.empty()) line += " --bbox " + args->bbox;
    if (!args->highways.empty()) line += " --highways " + args->highways;
    line += " -o " + args->output;
    (void)osm;
    action = [args, line] { return cmd_import_osm(*args, line); };
  });
}

}  // namespace readysim::cli
