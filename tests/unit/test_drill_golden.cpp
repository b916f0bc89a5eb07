// Golden MSELs: the default district's flood-season drill (English and Chinese, the whole flood
// and fitted into four hours) and fire drill (English and Chinese) for a fixed seed and a few
// replications, byte for byte. A change to the model or the wording shows
// up here; when it is intended, regenerate with READYSIM_UPDATE_GOLDEN=1 (that run fails for each
// file it rewrites), review the diff, and run again.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <optional>
#include <fstream>
#include <sstream>

#include "readysim/drill.hpp"

using namespace readysim;

namespace {

const std::string kSource = READYSIM_SOURCE_DIR;
constexpr std::uint64_t kSeed = 20231026;

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The CSV of one drill against tests/drill_golden/NAME (or rewrites it on request).
void check_golden(const std::string& scenario, std::int64_t n, const std::string& select, Language lang,
                  const std::string& name, std::optional<double> compress_into_s = std::nullopt) {
  const Scenario s = load_scenario(kSource + "/scenarios/yunlianghu/" + scenario);
  RunOptions run_opt;
  run_opt.replications = n;
  run_opt.seed = kSeed;
  run_opt.keep_flood = true;
  const RunOutput run = run_replications(s, run_opt);
  drill::DrillOptions opt;
  opt.selections.push_back(drill::parse_selection(select));
  opt.seed = kSeed;
  opt.lang = lang;
  opt.duration_s = compress_into_s;
  opt.compress = compress_into_s.has_value();
  const std::string csv = drill::msel_csv(drill::build_drill(s, run, opt));
  const std::string path = kSource + "/tests/drill_golden/" + name;
  const std::string expected = read(path);
  const char* update = std::getenv("READYSIM_UPDATE_GOLDEN");
  if (update && std::string(update) == "1" && csv != expected) {
    // A rewritten golden file is never a pass: the run that wrote it has checked nothing. Review
    // the diff, then run again without READYSIM_UPDATE_GOLDEN to see it pass.
    std::ofstream(path, std::ios::binary) << csv;
    FAIL("rewrote " << path << " (" << expected.size() << " → " << csv.size()
                    << " bytes): review the diff and run the tests again without READYSIM_UPDATE_GOLDEN");
  }
  INFO("golden file " << path << " (regenerate with READYSIM_UPDATE_GOLDEN=1 if the change is intended)");
  REQUIRE(!expected.empty());
  // Line by line first, so that a failure names the first inject that differs.
  std::istringstream got_lines(csv), want_lines(expected);
  std::string got, want;
  int line = 0;
  while (std::getline(want_lines, want)) {
    ++line;
    INFO("line " << line);
    const bool got_line = static_cast<bool>(std::getline(got_lines, got));
    REQUIRE(got_line);  // the output is not shorter than the golden file
    REQUIRE(got == want);
  }
  CHECK(csv == expected);
}

}  // namespace

TEST_CASE("drill golden: flood season, evac.clearance_time:p90 of 8 replications, English", "[drill][golden]") {
  check_golden("flood.yaml", 8, "evac.clearance_time:p90", Language::en, "flood_clearance_p90.en.csv");
}

TEST_CASE("drill golden: flood season, evac.clearance_time:p90 of 8 replications, Chinese", "[drill][golden]") {
  check_golden("flood.yaml", 8, "evac.clearance_time:p90", Language::zh, "flood_clearance_p90.zh.csv");
}

TEST_CASE("drill golden: a year of fires, fire.response_time:p90 of 30 replications, English", "[drill][golden]") {
  check_golden("scenario.yaml", 30, "fire.response_time:p90", Language::en, "fire_response_p90.en.csv");
}

TEST_CASE("drill golden: a year of fires, fire.response_time:p90 of 30 replications, Chinese", "[drill][golden]") {
  check_golden("scenario.yaml", 30, "fire.response_time:p90", Language::zh, "fire_response_p90.zh.csv");
}

TEST_CASE("drill golden: flood season in a four-hour exercise (--duration 4h --compress), English",
          "[drill][golden]") {
  check_golden("flood.yaml", 8, "evac.clearance_time:p90", Language::en, "flood_clearance_p90_4h.en.csv", 4 * 3600.0);
}
