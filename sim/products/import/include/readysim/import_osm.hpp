#pragma once
/// \file import_osm.hpp
/// `readysim import osm`: a district from an OpenStreetMap extract. Reads .osm, .osm.gz,
/// .osm.bz2 and .osm.pbf; writes DIR/roads/nodes.csv, DIR/roads/roads.csv, DIR/scenario.yaml
/// and DIR/IMPORT.md (what was read, kept, dropped and guessed). Everything is written into a
/// temporary sibling of DIR and renamed at the end, so a failed import leaves nothing under DIR.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace readysim::import {

/// A bounding box in degrees: west, south, east, north.
using BoundingBox = std::array<double, 4>;

/// What to import and where to.
struct ImportOptions {
  std::string input;                 ///< the OSM file (.osm, .osm.gz, .osm.bz2, .osm.pbf)
  std::string output;                ///< the folder to create (absent or empty)
  std::vector<std::string> dems;     ///< terrain rasters (.hgt, .hgt.zip, GeoTIFF…); empty: no elevations
  std::string name;                  ///< district name; empty: the largest place's name, else the file's stem
  std::optional<BoundingBox> bbox;   ///< keep only what lies inside (W, S, E, N degrees)
  std::vector<std::string> highways; ///< routable highway classes; empty: default_highways()
  std::string command_line;          ///< the command as typed, recorded in IMPORT.md and the scenario
};

/// Counts of what an import made, for the command's summary line and tests.
struct ImportSummary {
  std::size_t routable_ways = 0;     ///< OSM ways of a routable class read
  std::size_t nodes = 0;             ///< road nodes written
  std::size_t roads = 0;             ///< rows of roads.csv
  double length_km = 0.0;            ///< total length of the kept roads (a two-way road once)
  std::size_t dropped_nodes = 0;     ///< graph nodes outside the largest strongly connected part
  std::size_t stations = 0;          ///< fire stations written (guessed ones included)
  std::size_t shelters = 0;          ///< shelters written
  std::size_t settlements = 0;       ///< settlements written
  std::size_t guesses = 0;           ///< lines of the scenario marked CHECK
  std::size_t unknown_elevations = 0;  ///< nodes left without an elevation (no --dem: all)
};

/// The routable highway classes read by default (motorway … service, with their links).
std::vector<std::string> default_highways();

/// Parses "W,S,E,N" in degrees; throws UsageError naming what is wrong.
BoundingBox parse_bbox(const std::string& text);

/// Runs the import. Bad input (unreadable or corrupt OSM or DEM file, no routable roads, a DEM
/// that does not cover the roads, an output folder that exists and is not empty) throws
/// UsageError with the file and what to do; nothing is left under `options.output` then.
ImportSummary import_osm(const ImportOptions& options);

}  // namespace readysim::import
