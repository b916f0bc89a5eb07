// The road network CSV reader (nodes.csv and roads.csv) on arbitrary bytes. The input holds both
// files, split at the first line "%%" (without one, it is nodes.csv and roads.csv is
// scenarios/validation/roads/line_roads.csv).
#include <fstream>
#include <sstream>

#include "fuzz_support.hpp"
#include "readysim/error.hpp"
#include "readysim/road_import.hpp"

using namespace readysim;

namespace {
std::string default_roads;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::ifstream in(fuzz::source_dir() / "scenarios/validation/roads/line_roads.csv", std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  default_roads = s.str();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = fuzz::text(data, size);
  const std::size_t cut = input.find("\n%%\n");
  const std::string_view nodes = input.substr(0, cut);
  const std::string_view roads =
      cut == std::string_view::npos ? std::string_view(default_roads) : input.substr(cut + 4);
  const auto nodes_path = fuzz::scratch() / "nodes.csv";
  const auto roads_path = fuzz::scratch() / "roads.csv";
  fuzz::write_file(nodes_path, nodes);
  fuzz::write_file(roads_path, roads);
  try {
    Diagnostics diags;
    const RoadGraph g = load_roads_csv(nodes_path.string(), roads_path.string(), diags);
    if (diags.ok() && g.node_count() > 0) (void)g.shortest_paths_from(0);
  } catch (const Error&) {
  }
  return 0;
}
