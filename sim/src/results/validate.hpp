#pragma once
// Checks on a ResultSet that need no file: done before the temporary is created, so a bad
// ResultSet never costs a half-written file.
#include "readysim/results.hpp"

namespace readysim::detail {

/// The group holding provenance; no table may take its name.
inline constexpr const char* kMetaGroup = "meta";

/// Throws Error naming the first offence: a bad or duplicate name, columns of unequal length,
/// text that is not UTF-8 or holds a NUL.
void validate(const ResultSet& results);

}  // namespace readysim::detail
