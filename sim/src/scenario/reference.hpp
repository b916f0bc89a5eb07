#pragma once
// The reference tables of scenarios/README.md, generated from the sections' declarations, and
// the README with them brought up to date (tests/unit/test_scenario_reference.cpp checks it).

#include <string>
#include <vector>

namespace readysim {

/// One generated table: its name in the README's markers and its markdown.
struct ReferenceTable {
  std::string name;      ///< as in `<!-- reference: NAME -->`
  std::string markdown;  ///< the table, one line per key
};

/// Every generated table, section by section.
std::vector<ReferenceTable> scenario_reference();

/// `readme` with the text between each `<!-- reference: NAME -->` and the next
/// `<!-- end reference -->` replaced by table NAME; a marker without a table, a table without a
/// marker, or an unclosed marker is added to `problems`.
std::string with_current_reference(const std::string& readme, std::vector<std::string>& problems);

}  // namespace readysim
