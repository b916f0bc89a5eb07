// Reading an OSM file with libosmium: the routable ways with their node positions (one pass,
// node locations kept in a flexible index) and the tagged places.
#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/visitor.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numbers>
#include <set>
#include <string>

#include "import_internal.hpp"
#include "readysim/error.hpp"

namespace readysim::import {

namespace {

using Index = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;
using LocationHandler = osmium::handler::NodeLocationsForWays<Index, Index>;

const std::set<std::string, std::less<>> kSettlementPlaces{"city",    "town",         "village",          "hamlet",
                                                           "suburb",  "quarter",      "neighbourhood",    "isolated_dwelling"};

std::string tag(const osmium::TagList& tags, const char* key) {
  const char* v = tags[key];
  return v != nullptr ? std::string(v) : std::string();
}

class Collector : public osmium::handler::Handler {
 public:
  Collector(OsmData& data, const std::set<std::string, std::less<>>& highways, const std::optional<BoundingBox>& bbox)
      : data_(data), highways_(highways), bbox_(bbox) {}

  void node(const osmium::Node& n) {
    ++data_.nodes_read;
    if (!n.location().valid()) return;
    // Junction control mapped on the node (a stop or give-way sign mapped on the approach rather
    // than at the junction's node is not carried over to the junction).
    const std::string hw = tag(n.tags(), "highway");
    if (hw == "traffic_signals") data_.controls[n.id()] = "traffic_signals";
    else if (hw == "stop") data_.controls[n.id()] = "stop";
    else if (hw == "give_way") data_.controls[n.id()] = "priority";
    place(n.tags(), "node/" + std::to_string(n.id()), n.location().lon(), n.location().lat(), 0.0);
  }

  void way(const osmium::Way& w) {
    ++data_.ways_read;
    const osmium::TagList& tags = w.tags();
    // A place mapped as an area: its centroid (the mean of its distinct nodes) and its area.
    if (tags["amenity"] != nullptr || tags["place"] != nullptr) {
      double lon = 0, lat = 0, count = 0;
      const auto& refs = w.nodes();
      for (std::size_t i = 0; i < refs.size(); ++i) {
        if (!refs[i].location().valid() || (w.is_closed() && i + 1 == refs.size())) continue;
        lon += refs[i].location().lon();
        lat += refs[i].location().lat();
        ++count;
      }
      if (count > 0) place(tags, "way/" + std::to_string(w.id()), lon / count, lat / count, area_m2(w, lat / count));
    }
    const char* hw = tags["highway"];
    if (hw == nullptr) return;
    if (highways_.find(hw) == highways_.end()) {
      ++data_.other_highways[hw];
      return;
    }
    if (tag(tags, "area") == "yes") {
      ++data_.other_highways[std::string(hw) + " (area=yes)"];
      return;
    }
    for (const char* key : {"access", "vehicle", "motor_vehicle", "motorcar"}) {
      if (tag(tags, key) == "no") {
        ++data_.excluded_access;
        return;
      }
    }
    ++data_.class_ways[hw];
    OsmWay way;
    way.id = w.id();
    WayTags t{hw,
              tag(tags, "oneway"),
              tag(tags, "junction"),
              tag(tags, "maxspeed"),
              tag(tags, "lanes"),
              tag(tags, "lanes:forward"),
              tag(tags, "lanes:backward")};
    bool reverse = false;
    way.attrs = road_attrs(t, reverse, data_.tags);
    way.nodes.reserve(w.nodes().size());
    const bool roundabout = t.junction == "roundabout";
    for (const auto& r : w.nodes()) {
      if (roundabout) data_.controls[r.ref()] = "roundabout";
      WayNode wn;
      wn.id = r.ref();
      if (r.location().valid() && inside(r.location().lon(), r.location().lat())) {
        wn.lon = r.location().lon();
        wn.lat = r.location().lat();
      } else {
        ++data_.missing_nodes;
      }
      way.nodes.push_back(wn);
    }
    if (reverse) std::reverse(way.nodes.begin(), way.nodes.end());
    data_.ways.push_back(std::move(way));
  }

 private:
  bool inside(double lon, double lat) const {
    return !bbox_ || (lon >= (*bbox_)[0] && lat >= (*bbox_)[1] && lon <= (*bbox_)[2] && lat <= (*bbox_)[3]);
  }

  // Area of a closed way, m² (shoelace on a local equirectangular plane; an estimate).
  static double area_m2(const osmium::Way& w, double lat0) {
    if (!w.is_closed() || w.nodes().size() < 4) return 0.0;
    const double kx = 111320.0 * std::cos(lat0 * std::numbers::pi / 180.0), ky = 110574.0;
    double twice = 0;
    const auto& r = w.nodes();
    for (std::size_t i = 0; i + 1 < r.size(); ++i) {
      if (!r[i].location().valid() || !r[i + 1].location().valid()) return 0.0;
      twice += r[i].location().lon() * kx * r[i + 1].location().lat() * ky -
               r[i + 1].location().lon() * kx * r[i].location().lat() * ky;
    }
    return std::abs(twice) / 2;
  }

  void place(const osmium::TagList& tags, std::string osm, double lon, double lat, double area) {
    if (!inside(lon, lat)) return;
    const std::string amenity = tag(tags, "amenity");
    const std::string place_kind = tag(tags, "place");
    OsmPlace p;
    p.osm = std::move(osm);
    p.name = tag(tags, "name");
    p.lon = lon;
    p.lat = lat;
    p.area_m2 = area;
    if (amenity == "fire_station") {
      p.role = PlaceRole::station;
      p.kind = amenity;
    } else if (amenity == "school" || amenity == "community_centre") {
      p.role = PlaceRole::shelter;
      p.kind = amenity;
    } else if (kSettlementPlaces.contains(place_kind)) {
      p.role = PlaceRole::settlement;
      p.kind = place_kind;
      const std::string pop = tag(tags, "population");
      if (!pop.empty()) {
        std::string digits;
        for (const char c : pop) {
          if (c >= '0' && c <= '9') digits += c;
          else if (c != ',' && c != ' ' && c != '.' && c != '\'') break;
        }
        if (!digits.empty() && digits.size() < 10 && pop.find_first_of(".") == std::string::npos) {
          p.population = std::stod(digits);
        } else {
          p.population_text = pop;
        }
      }
    } else {
      return;
    }
    data_.places.push_back(std::move(p));
  }

  OsmData& data_;
  const std::set<std::string, std::less<>>& highways_;
  const std::optional<BoundingBox>& bbox_;
};

bool known_suffix(const std::string& name) {
  for (const char* s : {".osm", ".osm.gz", ".osm.bz2", ".osm.pbf", ".pbf", ".osm.xml", ".xml"}) {
    if (name.size() > std::char_traits<char>::length(s) && name.ends_with(s)) return true;
  }
  return false;
}

}  // namespace

OsmData read_osm(const ImportOptions& options, const std::vector<std::string>& highways) {
  namespace fs = std::filesystem;
  const std::string& path = options.input;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    throw UsageError(fmt::format("OSM file '{}' {}; give the path of an .osm, .osm.gz, .osm.bz2 or .osm.pbf file",
                                 path, fs::exists(path, ec) ? "is not a file" : "does not exist"));
  }
  if (!known_suffix(path)) {
    throw UsageError(fmt::format("OSM file '{}': the name does not say its format; name it .osm, .osm.gz, .osm.bz2 "
                                 "or .osm.pbf",
                                 path));
  }
  OsmData data;
  const std::set<std::string, std::less<>> wanted(highways.begin(), highways.end());
  try {
    osmium::io::File file{path};
    osmium::io::Reader reader{file, osmium::osm_entity_bits::node | osmium::osm_entity_bits::way};
    const osmium::Box box = reader.header().box();
    if (box.valid()) data.header_bbox = BoundingBox{box.bottom_left().lon(), box.bottom_left().lat(),
                                                    box.top_right().lon(), box.top_right().lat()};
    Index positive, negative;
    LocationHandler locations{positive, negative};
    locations.ignore_errors();  // a way may leave the extract: its missing nodes are counted
    Collector collector{data, wanted, options.bbox};
    osmium::apply(reader, locations, collector);
    reader.close();
  } catch (const std::exception& e) {
    throw UsageError(fmt::format("OSM file '{}' cannot be read: {}; check that it is a whole .osm, .osm.gz, "
                                 ".osm.bz2 or .osm.pbf file (download it again if it was cut short)",
                                 path, e.what()));
  }
  if (data.nodes_read == 0 && data.ways_read == 0) {
    throw UsageError(fmt::format("OSM file '{}' holds no OSM nodes or ways; check that it is an OpenStreetMap "
                                 "extract",
                                 path));
  }
  return data;
}

}  // namespace readysim::import
