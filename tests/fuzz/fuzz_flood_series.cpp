// The flood level series CSV (hazards.flood source: level_series) on arbitrary bytes, read
// through scenarios/validation/refuge.yaml, whose roads/refuge_level.csv the input replaces.
#include "fuzz_support.hpp"
#include "readysim/error.hpp"
#include "readysim/scenario.hpp"

using namespace readysim;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const auto roads = fuzz::scratch() / "roads";
  std::filesystem::create_directories(roads);
  for (const char* f : {"refuge_nodes.csv", "refuge_roads.csv"})
    std::filesystem::create_symlink(fuzz::source_dir() / "scenarios/validation/roads" / f, roads / f);
  std::filesystem::copy_file(fuzz::source_dir() / "scenarios/validation/refuge.yaml", fuzz::scratch() / "refuge.yaml");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::write_file(fuzz::scratch() / "roads/refuge_level.csv", fuzz::text(data, size));
  try {
    (void)load_scenario((fuzz::scratch() / "refuge.yaml").string());
  } catch (const Error&) {
  }
  return 0;
}
