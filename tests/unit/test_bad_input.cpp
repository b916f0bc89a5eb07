// Bad input caught where it is read (issue 21): text that is not UTF-8 or holds control
// characters, paths that are not regular files, nesting too deep, values with no value, numbers
// beyond their bounds. The CLI side is tests/python/test_cli_errors.py, the scenario files
// tests/bad_scenarios/.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <fstream>
#include <string>

#include "readysim/error.hpp"
#include "readysim/input_check.hpp"
#include "readysim/limits.hpp"
#include "readysim/scenario.hpp"
#include "readysim/units.hpp"
#include "readysim/yaml_reader.hpp"
#include "temp_dir.hpp"

using namespace readysim;
using readysim::testing::TempDir;
using Catch::Matchers::Contains;

namespace {

// Every diagnostic of loading `path`, one per line ("file:line:col: error: message").
std::string load_errors(const std::string& path) {
  try {
    (void)load_yaml_file(path, "scenario file");
  } catch (const ScenarioError& e) {
    std::string out;
    for (const auto& d : e.diagnostics()) out += format_diagnostic(d) + "\n";
    return out;
  }
  return "";
}

}  // namespace

TEST_CASE("text: well-formed UTF-8 without control characters", "[bad_input]") {
  CHECK_FALSE(text_problem("Krems an der Donau, 小区, Münster, 🚒"));
  CHECK_FALSE(text_problem("two\nlines\tand a tab"));
  CHECK(text_problem("two\nlines", TextRules{false, true}));
  struct Case {
    std::string text;
    std::size_t offset;
    const char* what;
  };
  for (const Case& c : {Case{std::string("Tiny\xFF\xFE\x80", 7), 4, "a byte 0xFF that is not UTF-8"},
                        Case{std::string("Ti\0ny", 5), 2, "a NUL character (U+0000)"},
                        Case{"a\x1b[31m", 1, "an escape character (U+001B)"},
                        Case{"del\x7f", 3, "a delete character (U+007F)"},
                        Case{"c1 \xC2\x85", 3, "a control character (U+0085)"},
                        Case{"overlong \xC0\xAF", 9, "a byte 0xC0 that is not UTF-8"},
                        Case{"surrogate \xED\xA0\x80", 10, "a byte 0xED that is not UTF-8"},
                        Case{"beyond \xF4\x90\x80\x80", 7, "a byte 0xF4 that is not UTF-8"},
                        Case{"cut \xE6\xB0", 4, "an unfinished UTF-8 character"},
                        Case{"separator \xE2\x80\xA8", 10, "a Unicode line separator (U+2028)"}}) {
    INFO(printable(c.text));
    const auto p = text_problem(c.text);
    REQUIRE(p);
    CHECK(p->offset == c.offset);
    CHECK(p->what == c.what);
  }
  CHECK(printable(std::string("Ti\0ny\xFF", 6)) == "Ti\\u0000ny\\xFF");
  CHECK(printable(std::string(100, 'x'), 10) == std::string(10, 'x') + "…");
  CHECK(text_position("ab\n小区x", 9).line == 2);
  CHECK(text_position("ab\n小区x", 9).column == 3);
  CHECK(human_number(1000000) == "1,000,000");
  CHECK(human_number(-1234) == "-1,234");
  CHECK(human_number(999) == "999");
}

TEST_CASE("paths: only readable regular files are inputs", "[bad_input]") {
  TempDir dir;
  const auto file = dir.write("ok.yaml", "a: 1\n");
  CHECK_FALSE(input_file_problem(file, "scenario file"));
  CHECK_THAT(*input_file_problem(dir.path.string(), "scenario file"),
             Contains("is a directory, not a file; give the scenario file inside it"));
  CHECK_THAT(*input_file_problem("/dev/null", "scenario file"), Contains("is a device"));
  CHECK_THAT(*input_file_problem((dir.path / "none.yaml").string(), "scenario file"), Contains("does not exist"));
  CHECK_THAT(*input_file_problem(file + "/x", "scenario file"), Contains("a part of the path is a file"));
  CHECK_THAT(*input_file_problem("", "scenario file"), Contains("empty path"));
  const auto fifo = (dir.path / "fifo").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_THAT(*input_file_problem(fifo, "scenario file"), Contains("is a pipe"));
  CHECK_THAT(*input_file_problem(file, "scenario file", 2), Contains("MiB an input file may have"));
}

TEST_CASE("YAML files: bytes, nesting and decoded text are checked with their location", "[bad_input]") {
  TempDir dir;
  CHECK_THAT(load_errors(dir.write("a.yaml", std::string("x: 1\nname: Ti\xFFny\n"))),
             Contains("a.yaml:2:9: error: the scenario file holds a byte 0xFF that is not UTF-8 here (in 'name: "
                      "Ti\\xFFny')"));
  CHECK_THAT(load_errors(dir.write("b.yaml", "name: \"Ti\\0ny\"\n")),
             Contains("b.yaml:1:7: error: this value holds a NUL character (U+0000)"));
  CHECK_THAT(load_errors(dir.write("c.yaml", "\"k\\x01ey\": 1\n")), Contains("c.yaml:1:1: error: this key holds"));
  CHECK_THAT(load_errors(dir.write("d.yaml", "a: " + std::string(20000, '[') + std::string(20000, ']') + "\n")),
             Contains("d.yaml:1:" + std::to_string(3 + kMaxYamlDepth) + ": error: nesting too deep"));
  std::string block = "a:\n";
  for (int i = 0; i < 100; ++i) block += std::string(2 * static_cast<std::size_t>(i) + 2, ' ') + "-\n";
  CHECK_THAT(load_errors(dir.write("e.yaml", block)), Contains("error: nesting too deep"));
  // Exactly at the bound is fine; one more is not.
  const auto nested = [](int depth) { return "a: " + std::string(depth - 1, '[') + std::string(depth - 1, ']'); };
  CHECK(load_errors(dir.write("f.yaml", nested(kMaxYamlDepth))).empty());
  CHECK_THAT(load_errors(dir.write("g.yaml", nested(kMaxYamlDepth + 1))), Contains("nesting too deep"));
  // Billions of aliased nodes are checked once each: this returns at once.
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'k'; ++c)
    bomb += fmt::format("{0}: &{0} [*{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}]\n", c,
                        static_cast<char>(c - 1));
  CHECK(load_errors(dir.write("h.yaml", bomb)).empty());
  CHECK_THAT(load_errors(dir.path.string()), Contains("is a directory, not a file"));
}

TEST_CASE("quantities: beyond a dimension's bound or beyond numbers", "[bad_input]") {
  CHECK_THAT(parse_quantity("1e308 d", Dimension::duration).error,
             Contains("'1e308 d' is more than the largest duration readysim takes, 3650 d"));
  CHECK_THAT(parse_quantity("1e400 d", Dimension::duration).error, Contains("beyond the range of numbers"));
  CHECK_THAT(parse_quantity("3651 d", Dimension::duration).error, Contains("3650 d"));
  CHECK(parse_quantity("3650 d", Dimension::duration).error.empty());
  CHECK(parse_quantity("1e12 veh/h", Dimension::flow).error.empty());
  CHECK_FALSE(parse_quantity("2 /s", Dimension::rate).error.empty());
  CHECK_FALSE(parse_quantity("-50000 km", Dimension::length).error.empty());
  for (const auto& row : bound_rows()) {
    CHECK_FALSE(row.what.empty());
    CHECK_FALSE(row.reason.empty());
  }
}

TEST_CASE("YamlReader: a key with no value is an error, numbers have bounds", "[bad_input]") {
  Diagnostics diags;
  YamlReader r("s.yaml", diags);
  const YAML::Node n = YAML::Load("{a: ~, b: null, c: , d: 99999999999999999999, e: 2000000, f: +3, g: 1.0}");
  CHECK_FALSE(r.quantity(n, "a", Dimension::duration, "x", false, true));
  CHECK_FALSE(r.string(n, "b", "x", false));
  CHECK_FALSE(r.integer(n, "c", "x", false, 0));
  CHECK_FALSE(r.integer(n, "d", "x", false, 0));
  CHECK_FALSE(r.integer(n, "e", "x", false, 0));
  CHECK(r.integer(n, "f", "x", false, 0) == 3);
  CHECK_FALSE(r.integer(n, "g", "x", false, 0));
  CHECK_FALSE(r.integer(n, "missing", "x", false, 0));
  REQUIRE(diags.items().size() == 6);
  CHECK_THAT(diags.items()[0].message, Contains("x: 'a' has no value"));
  CHECK_THAT(diags.items()[1].message, Contains("x: 'b' has no value"));
  CHECK_THAT(diags.items()[2].message, Contains("x: 'c' has no value"));
  CHECK_THAT(diags.items()[3].message, Contains("far beyond the allowed range; give a whole number from 0 to 1,000,000"));
  CHECK_THAT(diags.items()[4].message, Contains("'e' must be at most 1,000,000, got 2,000,000"));
  CHECK_THAT(diags.items()[5].message, Contains("'g' must be a whole number, got '1.0'"));
}

TEST_CASE("scenario: --set values go through the same checks", "[bad_input]") {
  const std::string tiny = std::string(READYSIM_SOURCE_DIR) + "/tests/scenarios/tiny/scenario.yaml";
  const auto first = [&](const std::string& path, const std::string& value) {
    try {
      (void)load_scenario(tiny, {{path, value}});
    } catch (const ScenarioError& e) {
      return format_diagnostic(e.diagnostics().front());
    }
    return std::string();
  };
  CHECK_THAT(first("horizon", "~"), Contains("--set horizon=~: error: scenario: 'horizon' has no value"));
  CHECK_THAT(first("horizon", "1e12 d"), Contains("more than the largest duration"));
  CHECK_THAT(first("district.name", "\"a\\0b\""), Contains("a NUL character (U+0000)"));
  CHECK_THAT(first("district.name", std::string("a\xFF", 2)), Contains("a byte 0xFF that is not UTF-8"));
  CHECK_THAT(first("district.name", std::string(1000, '[') + std::string(1000, ']')), Contains("nesting too deep"));
  CHECK(first("horizon", "3650 d").empty());
}
