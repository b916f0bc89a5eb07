#include "readysim/error.hpp"

#include <fmt/format.h>

namespace readysim {

std::string to_string(const SourceLocation& where) {
  std::string out = where.file.empty() ? std::string("<input>") : where.file;
  if (where.line > 0) {
    out += fmt::format(":{}", where.line);
    if (where.column > 0) out += fmt::format(":{}", where.column);
  }
  return out;
}

std::string format_diagnostic(const Diagnostic& d) { return fmt::format("{}: error: {}", to_string(d.where), d.message); }

void Diagnostics::error(SourceLocation where, std::string message) {
  items_.push_back(Diagnostic{std::move(where), std::move(message)});
}

void Diagnostics::merge(const Diagnostics& other) { items_.insert(items_.end(), other.items_.begin(), other.items_.end()); }

namespace {
std::string join_diagnostics(const std::vector<Diagnostic>& ds) {
  std::string out;
  for (const auto& d : ds) {
    if (!out.empty()) out += '\n';
    out += format_diagnostic(d);
  }
  return out;
}
}  // namespace

ScenarioError::ScenarioError(std::vector<Diagnostic> diagnostics)
    : Error(join_diagnostics(diagnostics)), diagnostics_(std::move(diagnostics)) {}

ScenarioError::ScenarioError(SourceLocation where, std::string message)
    : ScenarioError(std::vector<Diagnostic>{Diagnostic{std::move(where), std::move(message)}}) {}

}  // namespace readysim
