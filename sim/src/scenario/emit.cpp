#include "scenario/emit.hpp"

#include <fmt/format.h>

namespace readysim {

void emit_distribution(YAML::Emitter& out, const Distribution& d, Dimension dim) {
  if (d.kind() == DistributionKind::constant) {
    out << format_quantity(d.mean(), dim);
    return;
  }
  out << YAML::Flow << YAML::BeginMap << YAML::Key << "dist" << YAML::Value << std::string(distribution_name(d.kind()));
  for (const auto& [name, value] : d.parameters()) {
    const bool plain = name == "shape" || name == "sigma" || name == "mu" || name == "n";
    out << YAML::Key << name << YAML::Value << (plain ? fmt::format("{:.12g}", value) : format_quantity(value, dim));
  }
  out << YAML::EndMap;
}

}  // namespace readysim
