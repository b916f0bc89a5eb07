// The audit's message catalogues: English and Chinese hold the same keys, so no wording is
// missing in one language (a missing key would only fail when an audit first needs it).
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <string>

namespace {

// "section.key" for every key of a two-level catalogue (top-level sections, keys indented by two).
std::set<std::string> catalogue_keys(const std::string& lang) {
  const std::string path = std::string(READYSIM_SOURCE_DIR) + "/sim/products/audit/catalog/" + lang + ".yaml";
  std::ifstream in(path);
  REQUIRE(in);
  const std::regex section(R"(^([A-Za-z0-9_]+):\s*$)"), key(R"(^  ([A-Za-z0-9_]+):)");
  std::set<std::string> keys;
  std::string line, current;
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_search(line, m, section)) current = m[1];
    else if (std::regex_search(line, m, key)) keys.insert(current + "." + std::string(m[1]));
  }
  return keys;
}

}  // namespace

TEST_CASE("audit catalogues: en and zh hold the same keys", "[audit]") {
  const auto en = catalogue_keys("en"), zh = catalogue_keys("zh");
  CHECK(en.size() > 60);
  for (const auto& k : en) {
    INFO("in en, not in zh: " << k);
    CHECK(zh.count(k) == 1);
  }
  for (const auto& k : zh) {
    INFO("in zh, not in en: " << k);
    CHECK(en.count(k) == 1);
  }
  // Every requirement has its three texts.
  for (int r = 1; r <= 19; ++r)
    for (const char* part : {"requirement", "required", "found"}) {
      INFO("R" << r << "." << part);
      CHECK(en.count("R" + std::to_string(r) + "." + part) == 1);
    }
}
