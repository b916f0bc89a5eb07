#include "scenario/empirical.hpp"

#include <fmt/format.h>

#include "road/csv.hpp"

namespace readysim {

std::optional<std::vector<double>> read_empirical_column(const std::string& path, std::string_view column,
                                                         double to_si, const SourceLocation& referenced_at,
                                                         std::string_view what, Diagnostics& diags) {
  Diagnostics local;
  const auto table = csv::read_file(path, local, "empirical data file");
  if (!table) {
    // The file is named in the scenario: point there, not at a file that does not exist.
    for (const auto& d : local.items()) diags.error(referenced_at, fmt::format("{}: {}", what, d.message));
    return std::nullopt;
  }
  diags.merge(local);
  const auto col = table->column(column);
  if (!col) {
    std::string have;
    for (const auto& h : table->header) have += (have.empty() ? "" : ", ") + h.text;
    diags.error(table->header_where(), fmt::format("{}: no column '{}' in {} (columns: {})", what, column, path,
                                                   have.empty() ? "none" : have));
    return std::nullopt;
  }
  std::vector<double> values;
  bool ok = true;
  for (const auto& rec : table->records) {
    const auto& f = rec.fields[*col];
    const auto v = csv::parse_number(f.text);
    if (!v || *v < 0) {
      diags.error(table->where(f), fmt::format("{}: '{}' is not a non-negative number", what, f.text));
      ok = false;
      continue;
    }
    values.push_back(*v * to_si);
  }
  if (ok && values.empty()) {
    diags.error(table->header_where(), fmt::format("{}: column '{}' of {} has no values", what, column, path));
    return std::nullopt;
  }
  if (!ok) return std::nullopt;
  return values;
}

}  // namespace readysim
