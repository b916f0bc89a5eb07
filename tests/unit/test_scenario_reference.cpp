// The key tables of scenarios/README.md are generated from the sections' declarations
// (sim/src/scenario/*_section.cpp): this test renders them into the README and checks the file is
// current. After changing a key on purpose, regenerate with READYSIM_UPDATE_REFERENCE=1 (that run
// fails, so that the diff gets a look).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "scenario/reference.hpp"

using namespace readysim;

namespace {

const std::string kSource = READYSIM_SOURCE_DIR;

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The first line where two texts differ, for the failure message.
std::string first_difference(const std::string& a, const std::string& b) {
  std::istringstream x(a), y(b);
  std::string la, lb;
  for (int line = 1;; ++line) {
    const bool ha = static_cast<bool>(std::getline(x, la)), hb = static_cast<bool>(std::getline(y, lb));
    if (!ha && !hb) return "none";
    if (!ha || !hb || la != lb)
      return "line " + std::to_string(line) + ":\n  README:    " + (hb ? lb : "(end)") + "\n  generated: " +
             (ha ? la : "(end)");
  }
}

}  // namespace

TEST_CASE("scenarios/README.md's key tables are the ones the section declarations generate", "[reference]") {
  const std::string path = kSource + "/scenarios/README.md";
  const std::string readme = read(path);
  REQUIRE(!readme.empty());
  std::vector<std::string> problems;
  const std::string current = with_current_reference(readme, problems);
  for (const auto& p : problems) FAIL_CHECK(path << ": " << p);
  REQUIRE(problems.empty());
  const char* update = std::getenv("READYSIM_UPDATE_REFERENCE");
  if (update && std::string(update) == "1" && current != readme) {
    std::ofstream(path, std::ios::binary) << current;
    FAIL("rewrote " << path << ": review the diff and run the tests again without READYSIM_UPDATE_REFERENCE");
  }
  INFO(path << " is out of date with the declarations in sim/src/scenario/ (first difference at "
            << first_difference(current, readme)
            << "); regenerate with READYSIM_UPDATE_REFERENCE=1 build/bin/readysim_tests \"[reference]\" if the change "
               "is intended");
  CHECK(current == readme);
}

TEST_CASE("reference markers: a table without a marker, an unknown marker and an unclosed one are reported",
          "[reference]") {
  std::vector<std::string> problems;
  const std::string text = "# x\n<!-- reference: nothing_declares_this -->\nold\n<!-- end reference -->\n";
  const std::string out = with_current_reference(text, problems);
  CHECK(out == text);  // an unknown marker keeps its text
  bool unknown = false, missing_evacuation = false;
  for (const auto& p : problems) {
    unknown = unknown || p.find("'nothing_declares_this' that no section declares") != std::string::npos;
    missing_evacuation = missing_evacuation || p.find("table 'evacuation' is declared") != std::string::npos;
  }
  CHECK(unknown);
  CHECK(missing_evacuation);

  problems.clear();
  with_current_reference("<!-- reference: evacuation -->\n| stale |\n", problems);
  REQUIRE(!problems.empty());
  CHECK(problems.front() == "reference 'evacuation' has no '<!-- end reference -->' after it");
}

TEST_CASE("reference: the evacuation table says each key's type, default and meaning", "[reference]") {
  std::string evacuation;
  for (const auto& t : scenario_reference())
    if (t.name == "evacuation") evacuation = t.markdown;
  REQUIRE(!evacuation.empty());
  // Defaults come from the default struct, formatted as the effective scenario writes them.
  CHECK(evacuation.find("| `cohort_households` | integer 1–1,000,000 | `10` | households travelling together |") !=
        std::string::npos);
  CHECK(evacuation.find("| `walk_speed` | speed | `4 km/h` |") != std::string::npos);
  CHECK(evacuation.find("| `area_per_person` | area | `3.5 m2` |") != std::string::npos);
  // A group's default joins its keys' defaults; an expanded group lists its keys.
  CHECK(evacuation.find("| `assisted_transport` | `{seats, boarding, order}` | `30`, `5 min`, `nearest_first` |") !=
        std::string::npos);
  CHECK(evacuation.find("| `warning.loudspeaker` | `{reach, delay}` | `0.7`, lognormal 5/15 min |") !=
        std::string::npos);
}
