// `readysim import osm` on arbitrary bytes as an .osm (XML) extract, without a DEM. Each input
// imports into a fresh folder, removed afterwards.
#include "fuzz_support.hpp"
#include "readysim/error.hpp"
#include "readysim/import_osm.hpp"

using namespace readysim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = fuzz::scratch() / "extract.osm";
  const auto output = fuzz::scratch() / "district";
  fuzz::write_file(input, fuzz::text(data, size));
  std::error_code ec;
  std::filesystem::remove_all(output, ec);
  try {
    import::ImportOptions opt;
    opt.input = input.string();
    opt.output = output.string();
    opt.command_line = "readysim import osm extract.osm -o district";
    (void)import::import_osm(opt);
  } catch (const Error&) {
  }
  std::filesystem::remove_all(output, ec);
  return 0;
}
