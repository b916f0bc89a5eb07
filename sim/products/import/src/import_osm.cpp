// `readysim import osm`: the stages in order, written into a temporary sibling of the output
// folder that is renamed at the end (a failure leaves nothing under -o).
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>

#include "import_internal.hpp"
#include "readysim/error.hpp"
#include "readysim/scenario.hpp"

namespace readysim::import {

namespace fs = std::filesystem;

namespace {

// Checks -o before any work: absent, or an empty folder; its parent must exist.
void check_output(const std::string& out) {
  if (out.empty()) throw UsageError("import osm: give the output folder with -o DIR");
  const fs::path p = fs::absolute(out);
  std::error_code ec;
  if (fs::exists(p, ec)) {
    if (!fs::is_directory(p, ec)) {
      throw UsageError(fmt::format("-o {}: exists and is a file; give a new folder name", out));
    }
    if (!fs::is_empty(p, ec)) {
      throw UsageError(fmt::format("-o {}: the folder exists and is not empty; give a new folder name, or remove it "
                                   "first (nothing was written)",
                                   out));
    }
  }
  const fs::path parent = p.parent_path();
  if (!fs::is_directory(parent, ec) || ::access(parent.c_str(), W_OK) != 0) {
    throw UsageError(fmt::format("-o {}: its parent folder {} does not exist or cannot be written; create it first",
                                 out, parent.string()));
  }
}

// A temporary folder beside the output, removed unless released.
class TempDir {
 public:
  explicit TempDir(const fs::path& target) {
    std::random_device rd;
    for (int i = 0; i < 100; ++i) {
      path_ = target.parent_path() / fmt::format(".{}.importing-{:08x}", target.filename().string(), rd());
      std::error_code ec;
      if (fs::create_directory(path_, ec)) return;
    }
    throw std::runtime_error("cannot create a temporary folder beside " + target.string());
  }
  ~TempDir() {
    if (!path_.empty()) {
      std::error_code ec;
      fs::remove_all(path_, ec);
    }
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }
  void release() { path_.clear(); }

 private:
  fs::path path_;
};

std::string default_name(const ImportOptions& o, const OsmData& data) {
  if (!o.name.empty()) return o.name;
  const OsmPlace* best = nullptr;
  for (const auto& p : data.places) {
    if (p.role != PlaceRole::settlement || p.name.empty()) continue;
    if (p.kind != "city" && p.kind != "town" && p.kind != "village") continue;
    if (best == nullptr || p.population.value_or(0) > best->population.value_or(0)) best = &p;
  }
  if (best != nullptr) return best->name;
  std::string stem = fs::path(o.input).filename().string();
  for (const char* s : {".osm.gz", ".osm.bz2", ".osm.pbf", ".osm.xml", ".osm", ".pbf", ".xml"}) {
    if (stem.ends_with(s)) {
      stem.resize(stem.size() - std::char_traits<char>::length(s));
      break;
    }
  }
  return stem;
}

}  // namespace

BoundingBox parse_bbox(const std::string& text) {
  BoundingBox b{};
  std::stringstream ss(text);
  std::string part;
  std::size_t i = 0;
  while (std::getline(ss, part, ',')) {
    if (i == 4) break;
    try {
      std::size_t used = 0;
      b[i] = std::stod(part, &used);
      if (used != part.size()) throw std::invalid_argument(part);
    } catch (const std::exception&) {
      throw UsageError(fmt::format("--bbox {}: '{}' is not a number; give W,S,E,N in degrees, e.g. "
                                   "7.40,43.72,7.44,43.75",
                                   text, part));
    }
    ++i;
  }
  if (i != 4 || std::count(text.begin(), text.end(), ',') != 3) {
    throw UsageError(fmt::format("--bbox {}: give four numbers W,S,E,N in degrees, e.g. 7.40,43.72,7.44,43.75", text));
  }
  if (!(b[0] < b[2]) || !(b[1] < b[3]) || std::abs(b[0]) > 180 || std::abs(b[2]) > 180 || std::abs(b[1]) > 90 ||
      std::abs(b[3]) > 90) {
    throw UsageError(fmt::format("--bbox {}: west must be less than east and south less than north, within ±180 "
                                 "and ±90 degrees; give W,S,E,N",
                                 text));
  }
  return b;
}

ImportSummary import_osm(const ImportOptions& given) {
  ImportOptions options = given;
  if (options.highways.empty()) options.highways = default_highways();
  check_output(options.output);
  for (const auto& d : options.dems) {
    std::error_code ec;
    if (!fs::is_regular_file(d, ec)) {
      throw UsageError(fmt::format("--dem '{}' does not exist; give a terrain raster (.hgt, .hgt.zip, .tif)", d));
    }
  }

  const OsmData data = read_osm(options, options.highways);
  Graph graph = build_graph(data, options);

  double lon_min = 1e9, lon_max = -1e9, lat_min = 1e9, lat_max = -1e9;
  for (const auto& n : graph.nodes) {
    lon_min = std::min(lon_min, n.lon);
    lon_max = std::max(lon_max, n.lon);
    lat_min = std::min(lat_min, n.lat);
    lat_max = std::max(lat_max, n.lat);
  }
  const Projection proj((lon_min + lon_max) / 2, (lat_min + lat_max) / 2);
  for (auto& n : graph.nodes) proj.forward(n.lon, n.lat, n.x, n.y);

  std::optional<DemNotes> dem;
  if (!options.dems.empty()) dem = sample_dem(options.dems, graph.nodes);
  const Places places = place_things(data, graph, proj);
  const std::string name = default_name(options, data);

  ImportSummary summary;
  for (const auto& [k, n] : data.class_ways) summary.routable_ways += n;
  summary.dropped_nodes = graph.dropped_nodes;

  const fs::path target = fs::absolute(options.output);
  TempDir tmp(target);
  fs::create_directories(tmp.path() / "roads");
  write_outputs(tmp.path().string(), options, data, graph, places, dem ? &*dem : nullptr, proj, name, summary);

  // The scenario must validate as written; if not, that is the importer's fault, not the input's.
  try {
    (void)load_scenario((tmp.path() / "scenario.yaml").string());
  } catch (const ScenarioError& e) {
    std::string why;
    for (const auto& d : e.diagnostics()) why += "\n  " + format_diagnostic(d);
    throw std::runtime_error("import osm: the scenario written does not validate (an importer bug, please report "
                             "it):" + why);
  }
  std::error_code ec;
  if (fs::exists(target, ec)) fs::remove(target, ec);  // an empty folder (checked above)
  fs::rename(tmp.path(), target);
  tmp.release();
  return summary;
}

}  // namespace readysim::import
