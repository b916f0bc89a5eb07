#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "readysim/error.hpp"
#include "readysim/results.hpp"
#include "results_equal.hpp"

using Catch::Matchers::Contains;
using readysim::testing::check_equal;
using readysim::Error;
using readysim::ResultSet;
using readysim::Table;
namespace fs = std::filesystem;

namespace {

// A fresh directory per test, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    static int counter = 0;
    path = fs::temp_directory_path() / ("readysim_results_" + std::to_string(::getpid()) + "_" + std::to_string(++counter));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  [[nodiscard]] std::string file(const std::string& name) const { return (path / name).string(); }
  [[nodiscard]] std::vector<std::string> entries() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(path)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
};

// Tables in a non-alphabetical order, every column type, units, Chinese text and extremes.
ResultSet sample() {
  ResultSet rs;
  std::string yaml = "district: 运粮湖管理区\n";
  while (yaml.size() < 120'000) yaml += "  - {node: 运粮湖-" + std::to_string(yaml.size()) + ", travel: 90 s}\n";
  rs.meta_text = {{"scenario", yaml}, {"version", "0.1.0"}, {"git_hash", "6454d9b"}};
  rs.meta_int = {{"seed", 2023}, {"replications", 3}};
  Table& incidents = rs.add_table("incidents");
  incidents.add_ints("replication", {0, 0, 2});
  incidents.add_strings("kind", {"住宅火灾", "enterprise", ""});
  incidents.add_doubles("response_time", {312.5, std::numeric_limits<double>::infinity(), -0.0}, "s");
  incidents.add_ints("id", {std::numeric_limits<std::int64_t>::min(), 1, std::numeric_limits<std::int64_t>::max()});
  incidents.add_doubles("heat_release", {1e-300, std::nan(""), 4.5e6}, "kW");
  incidents.columns.back().description = "heat release when the engine arrived (热释放速率)";
  Table& units = rs.add_table("units");
  units.add_strings("unit", {"运粮湖消防站 engine 1"});
  units.add_doubles("busy_time", {3600.25}, "s");
  rs.add_table("replications");  // no columns at all
  Table& summary = rs.add_table("summary");
  summary.add_strings("metric");
  summary.add_doubles("mean", {}, "s");
  summary.add_ints("n");
  return rs;
}

std::string slurp(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST_CASE("Every column type, units, meta and table order survive a round trip", "[results]") {
  const TempDir dir;
  const ResultSet want = sample();
  readysim::write_results(dir.file("run.h5"), want);
  CHECK(dir.entries() == std::vector<std::string>{"run.h5"});  // the temporary is gone
  const ResultSet got = readysim::read_results(dir.file("run.h5"));
  check_equal(got, want);
  CHECK(got.table("incidents").strings("kind")[0] == "住宅火灾");
  CHECK(got.table("incidents").rows() == 3);
  CHECK(got.table("replications").columns.empty());
  CHECK(got.table("summary").rows() == 0);
}

TEST_CASE("Long columns are chunked and compressed and still read back exactly", "[results]") {
  const TempDir dir;
  ResultSet rs;
  Table& t = rs.add_table("incidents");
  auto& x = t.add_doubles("x", {}, "m");
  for (int i = 0; i < 150'000; ++i) x.push_back(i * 0.1);
  t.add_ints("i", std::vector<std::int64_t>(150'000, 42));
  readysim::write_results(dir.file("numbers.h5"), rs);
  CHECK(fs::file_size(dir.file("numbers.h5")) < 150'000 * 8);  // 2.4 MB raw

  // Strings live in HDF5's global heap, which no filter compresses: only check them exactly.
  auto& who = t.add_strings("who");
  for (int i = 0; i < 150'000; ++i) who.push_back(i % 7 == 0 ? "微型消防站" : "engine " + std::to_string(i % 3));
  readysim::write_results(dir.file("big.h5"), rs);
  check_equal(readysim::read_results(dir.file("big.h5")), rs);
}

TEST_CASE("Names may be Chinese; a rewrite replaces the previous file", "[results]") {
  const TempDir dir;
  ResultSet rs;
  rs.add_table("疏散").add_doubles("撤离时间", {1.5}, "min");
  rs.meta_text = {{"说明", "运粮湖"}};
  readysim::write_results(dir.file("a.h5"), rs);
  rs.table("疏散").doubles("撤离时间").push_back(2.5);
  readysim::write_results(dir.file("a.h5"), rs);
  check_equal(readysim::read_results(dir.file("a.h5")), rs);
}

TEST_CASE("Typed column access names the table, the column and the types", "[results]") {
  ResultSet rs;
  Table& t = rs.add_table("incidents");
  t.add_doubles("ignition", {1.0, 2.0}, "s");
  t.add_ints("id", {1, 2});
  CHECK(t.doubles("ignition").size() == 2);
  CHECK(t.rows() == 2);
  CHECK(t.find("nope") == nullptr);
  CHECK_THROWS_WITH(t.ints("ignition"), Contains("\"ignition\"") && Contains("incidents") &&
                                            Contains("float64") && Contains("not int64"));
  CHECK_THROWS_WITH(t.strings("nope"), Contains("table \"incidents\" has no column \"nope\""));
  CHECK_THROWS_AS(t.add_ints("id"), Error);
  CHECK_THROWS_AS(rs.add_table("incidents"), Error);
  CHECK_THROWS_WITH(rs.table("units"), Contains("no table \"units\""));
  t.add_strings("who", {"a"});
  CHECK_THROWS_WITH(t.rows(), Contains("incidents") && Contains("\"who\" has 1 rows"));
}

TEST_CASE("What add_table and add_* return stays valid as more is added", "[results]") {
  // The natural way to fill a table: take every column first, then push row by row.
  ResultSet rs;
  Table& first = rs.add_table("first");
  auto& id = first.add_ints("id");
  std::vector<std::vector<double>*> later;
  for (int c = 0; c < 100; ++c) later.push_back(&first.add_doubles("c" + std::to_string(c)));
  for (int t = 0; t < 100; ++t) rs.add_table("t" + std::to_string(t)).add_strings("s", {"x"});
  id.push_back(7);
  for (auto* column : later) column->push_back(0.5);
  CHECK(&rs.table("first") == &first);
  CHECK(rs.table("first").ints("id") == std::vector<std::int64_t>{7});
  CHECK(rs.table("first").doubles("c99") == std::vector<double>{0.5});
  CHECK(first.rows() == 1);
}

TEST_CASE("Unequal column lengths are rejected before anything is written", "[results]") {
  const TempDir dir;
  ResultSet rs;
  Table& t = rs.add_table("units");
  t.add_doubles("busy_time", {1.0, 2.0}, "s");
  t.add_ints("dispatches", {1});
  CHECK_THROWS_WITH(readysim::write_results(dir.file("r.h5"), rs),
                    Contains("cannot write results to " + dir.file("r.h5")) && Contains("table \"units\"") &&
                        Contains("\"dispatches\""));
  CHECK(dir.entries().empty());
}

TEST_CASE("Bad names and text that is not UTF-8 are rejected", "[results]") {
  const TempDir dir;
  auto rejects = [&](const ResultSet& rs, const std::string& why) {
    CHECK_THROWS_WITH(readysim::write_results(dir.file("r.h5"), rs), Contains(why));
    CHECK(dir.entries().empty());
  };
  ResultSet a;
  a.add_table("a/b");
  rejects(a, "\"a/b\" is not a valid name");
  ResultSet b;
  b.add_table("meta");
  rejects(b, "reserved");
  ResultSet c;
  c.add_table("units").add_strings("who", {"ok", "\xd4\xcb\xc1\xb8"});  // 运粮 in GBK
  rejects(c, "row 1 of column \"who\" of table \"units\" is not valid UTF-8");
  ResultSet d;
  d.meta_text = {{"seed", "x"}};
  d.meta_int = {{"seed", 1}};
  rejects(d, "\"seed\" appears twice");
}

TEST_CASE("Writing into a missing directory fails clearly and leaves no file", "[results]") {
  const TempDir dir;
  const std::string target = dir.file("missing/run.h5");
  CHECK_THROWS_WITH(readysim::write_results(target, sample()),
                    Contains("cannot write results to " + target) && Contains("does not exist"));
  CHECK(dir.entries().empty());
  CHECK_THROWS_WITH(readysim::read_results(target),
                    Contains("cannot read results from " + target) && Contains("No such file"));
}

TEST_CASE("A failed write leaves an existing file intact and no temporary behind", "[results]") {
  const TempDir dir;
  const std::string target = dir.file("run.h5");
  ResultSet old;
  old.add_table("summary").add_doubles("mean", {1.0});
  readysim::write_results(target, old);
  const std::string before = slurp(target);

  SECTION("HDF5 cannot create the temporary") {
    const std::string tmp = target + ".tmp-" + std::to_string(::getpid());
    fs::create_directories(fs::path(tmp) / "blocker");
    CHECK_THROWS_WITH(readysim::write_results(target, sample()),
                      Contains("cannot write results to " + target) && Contains("cannot create " + tmp));
    CHECK(fs::is_directory(tmp));  // not ours to delete
  }
  SECTION("the complete temporary cannot be renamed") {
    const std::string occupied = dir.file("occupied");
    fs::create_directories(fs::path(occupied) / "x");
    CHECK_THROWS_WITH(readysim::write_results(occupied, sample()), Contains("cannot rename"));
    CHECK(dir.entries() == std::vector<std::string>{"occupied", "run.h5"});
  }
  CHECK(slurp(target) == before);
  check_equal(readysim::read_results(target), old);
}

TEST_CASE("A writer killed mid-write never leaves a half file under the final name", "[results]") {
  const TempDir dir;
  const std::string target = dir.file("run.h5");
  ResultSet old;
  old.add_table("summary").add_doubles("mean", {1.0});
  readysim::write_results(target, old);
  ResultSet big;
  Table& t = big.add_table("incidents");
  for (int c = 0; c < 4; ++c) {
    auto& v = t.add_doubles("x" + std::to_string(c));
    for (int i = 0; i < 400'000; ++i) v.push_back(std::sin(i * (c + 1.0)));
  }
  // Writing `big` takes ~0.4 s here; -1: let the writer finish, which must give the new file.
  for (int delay_ms : {5, 50, 200, -1}) {
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      try {
        readysim::write_results(target, big);
      } catch (...) {
        ::_exit(1);
      }
      ::_exit(0);
    }
    if (delay_ms >= 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
      ::kill(child, SIGKILL);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    // Whatever the moment of death: the old file or the complete new one, never a mixture.
    const ResultSet got = readysim::read_results(target);
    INFO("killed after " << delay_ms << " ms");
    if (delay_ms < 0) CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    if (got.tables.front().name == "summary" && delay_ms >= 0) check_equal(got, old);
    else check_equal(got, big);
    for (const auto& name : dir.entries())
      if (name != "run.h5") fs::remove(dir.path / name);  // a killed writer's temporary
  }
}

TEST_CASE("A sample results file for the Python checks (READYSIM_RESULTS_SAMPLE)", "[results][sample]") {
  const char* target = std::getenv("READYSIM_RESULTS_SAMPLE");
  if (target == nullptr || *target == '\0') {
    SUCCEED("READYSIM_RESULTS_SAMPLE not set: nothing to write");
    return;
  }
  readysim::write_results(target, sample());
  check_equal(readysim::read_results(target), sample());
}
