#pragma once
// Reading the observations of an empirical distribution from a CSV column.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "readysim/error.hpp"

namespace readysim {

/// The values of `column` in the CSV file at `path`, each multiplied by `to_si`. Reports a
/// missing file, a missing column, non-numeric or negative cells and an empty column at their
/// file:line:col (`referenced_at` is where the scenario names the file).
std::optional<std::vector<double>> read_empirical_column(const std::string& path, std::string_view column,
                                                         double to_si, const SourceLocation& referenced_at,
                                                         std::string_view what, Diagnostics& diags);

}  // namespace readysim
