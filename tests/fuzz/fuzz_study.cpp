// The sizing study file (readysim size --study) on arbitrary bytes, against the stock
// validation scenario (so that targets may name its stock metrics).
#include <memory>

#include "fuzz_support.hpp"
#include "readysim/error.hpp"
#include "readysim/scenario.hpp"
#include "readysim/study.hpp"

using namespace readysim;

namespace {
std::unique_ptr<Scenario> base;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  base = std::make_unique<Scenario>(load_scenario((fuzz::source_dir() / "scenarios/validation/stock.yaml").string()));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = fuzz::scratch() / "study.yaml";
  fuzz::write_file(path, fuzz::text(data, size));
  try {
    (void)load_study(path.string(), base.get());
  } catch (const Error&) {
  }
  return 0;
}
