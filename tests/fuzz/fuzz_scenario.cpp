// The YAML scenario loader on arbitrary bytes: scenario.yaml in a folder whose roads/ holds the
// road and series CSVs of scenarios/validation and scenarios/yunlianghu, so that the seeds (every
// scenario and bad scenario of the repository) load as far as they can.
#include "fuzz_support.hpp"
#include "readysim/error.hpp"
#include "readysim/scenario.hpp"

using namespace readysim;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::link_files(fuzz::source_dir() / "scenarios/yunlianghu/roads", fuzz::scratch() / "roads");
  fuzz::link_files(fuzz::source_dir() / "scenarios/validation/roads", fuzz::scratch() / "roads");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = fuzz::scratch() / "scenario.yaml";
  fuzz::write_file(path, fuzz::text(data, size));
  try {
    const Scenario s = load_scenario(path.string());
    (void)effective_scenario_yaml(s);  // what `run` writes into /meta must not fail either
  } catch (const Error&) {
    // rejected with readysim's own error: the expected outcome for bad input
  }
  return 0;
}
