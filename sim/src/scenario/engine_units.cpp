// The scenario's engines as the engine numbers them (readysim/engine_units.hpp).
#include "readysim/engine_units.hpp"

#include <fmt/format.h>

namespace readysim {

std::vector<EngineUnitName> engine_units(const Scenario& s) {
  std::vector<EngineUnitName> out;
  const auto& stations = s.resources.stations;
  for (std::size_t st = 0; st < stations.size(); ++st)
    for (int e = 0; e < stations[st].engines; ++e) out.push_back({static_cast<std::int32_t>(st), e + 1});
  return out;
}

std::vector<std::string> engine_unit_names(const Scenario& s) {
  std::vector<std::string> out;
  for (const EngineUnitName& e : engine_units(s))
    out.push_back(fmt::format("{}/{}", s.resources.stations[static_cast<std::size_t>(e.station)].id, e.number));
  return out;
}

}  // namespace readysim
