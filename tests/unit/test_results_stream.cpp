// Results files written while the run goes on (ResultsFileWriter, RunResultsFile) hold what
// write_results writes of the same rows, and leave nothing behind when they fail.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "readysim/error.hpp"
#include "readysim/results.hpp"
#include "readysim/run.hpp"
#include "readysim/run_results.hpp"
#include "readysim/scenario.hpp"
#include "results_equal.hpp"
#include "temp_dir.hpp"

using namespace readysim;
using Catch::Matchers::Contains;
using readysim::testing::check_equal;
using readysim::testing::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string kSource = READYSIM_SOURCE_DIR;

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// Batch `b` of a run: /incidents grows by `rows` rows (every column type, a unit, Chinese text),
// /units by one row, /cohorts stays empty.
ResultSet batch(int b, int rows) {
  ResultSet rs;
  Table& incidents = rs.add_table("incidents");
  auto& rep = incidents.add_ints("replication");
  auto& kind = incidents.add_strings("kind");
  auto& time = incidents.add_doubles("alarm", {}, "s");
  incidents.columns.back().description = "call received";
  for (int i = 0; i < rows; ++i) {
    rep.push_back(b);
    kind.push_back(i % 5 == 0 ? "住宅火灾" : "enterprise " + std::to_string(i % 3));
    time.push_back(b * 1e5 + i * 0.25);
  }
  Table& units = rs.add_table("units");
  units.add_strings("engine", {"站/" + std::to_string(b)});
  units.add_doubles("busy_time", {b * 10.0}, "s");
  Table& cohorts = rs.add_table("cohorts");
  cohorts.add_doubles("people", {}, "people");
  return rs;
}

// What finish() adds: meta and a table after the streamed ones.
ResultSet rest() {
  ResultSet rs;
  rs.meta_text = {{"version", "0.1.0"}};
  rs.meta_int = {{"seed", 7}, {"replications", 3}};
  Table& summary = rs.add_table("summary");
  summary.add_strings("metric", {"fire.response_time"});
  summary.add_doubles("mean", {412.5});
  return rs;
}

// The batches joined row by row, then `rest`: what write_results would be given.
ResultSet joined(const std::vector<ResultSet>& batches, const ResultSet& tail) {
  ResultSet all = batches.front();
  for (std::size_t b = 1; b < batches.size(); ++b)
    for (std::size_t t = 0; t < all.tables.size(); ++t)
      for (std::size_t c = 0; c < all.tables[t].columns.size(); ++c)
        std::visit(
            [&](auto& to) {
              const auto& from = std::get<std::remove_reference_t<decltype(to)>>(batches[b].tables[t].columns[c].values);
              to.insert(to.end(), from.begin(), from.end());
            },
            all.tables[t].columns[c].values);
  all.meta_text = tail.meta_text;
  all.meta_int = tail.meta_int;
  for (const Table& t : tail.tables) all.tables.push_back(t);
  return all;
}

}  // namespace

TEST_CASE("A results file written in batches reads back as the rows written whole", "[results][stream]") {
  const TempDir dir("stream");
  // 3 × 5000 incidents: past kStreamRows in the first batch, so /incidents grows batch by batch;
  // /units stays below it and is written whole at the end; /cohorts stays empty.
  std::vector<ResultSet> batches;
  for (int b = 0; b < 3; ++b) batches.push_back(batch(b, 5000));
  const ResultSet want = joined(batches, rest());
  const std::string path = (dir.path / "run.h5").string();
  {
    ResultsFileWriter file(path);
    for (ResultSet b : batches) file.append(std::move(b));
    CHECK(entries(dir.path).size() == 1);  // only the temporary so far
    CHECK(!fs::exists(path));
    file.finish(rest());
  }
  CHECK(entries(dir.path) == std::vector<std::string>{"run.h5"});
  check_equal(read_results(path), want);
}

TEST_CASE("A batch unlike the first, or a writer left unfinished, leaves nothing behind", "[results][stream]") {
  const TempDir dir("stream");
  const std::string path = (dir.path / "run.h5").string();
  SECTION("a batch with other columns") {
    ResultsFileWriter file(path);
    file.append(batch(0, 10));
    ResultSet other = batch(1, 10);
    other.tables[1].columns[1].unit = "h";
    CHECK_THROWS_WITH(file.append(std::move(other)),
                      Contains("cannot write results to " + path) && Contains("table \"units\" of a batch differs"));
    CHECK(entries(dir.path).empty());
    CHECK_THROWS_WITH(file.finish(rest()), Contains("an earlier write failed"));
    CHECK(entries(dir.path).empty());
  }
  SECTION("destroyed before finish: the run failed") {
    { ResultsFileWriter file(path); file.append(batch(0, 9000)); }
    CHECK(entries(dir.path).empty());
  }
  SECTION("no such directory") {
    CHECK_THROWS_WITH(ResultsFileWriter((dir.path / "no" / "run.h5").string()), Contains("does not exist"));
  }
}

TEST_CASE("A run's file written while it runs equals write_results of the run, at any job count",
          "[results][stream]") {
  const TempDir dir("stream");
  const Scenario s = load_scenario(kSource + "/scenarios/yunlianghu/scenario.yaml");
  RunOptions opt;
  opt.replications = 150;  // /stock passes kStreamRows rows: chunks written during the run
  opt.seed = 11;
  const RunOutput whole = run_replications(s, opt);
  const auto summary = summarize_run(s, whole);
  write_results((dir.path / "whole.h5").string(), run_result_set(s, opt, whole, summary));
  const ResultSet want = read_results((dir.path / "whole.h5").string());
  REQUIRE(want.table("stock").rows() > ResultsFileWriter::kStreamRows);
  for (int jobs : {1, 2}) {
    INFO("-j " << jobs);
    const std::string path = (dir.path / ("streamed" + std::to_string(jobs) + ".h5")).string();
    RunOptions streamed = opt;
    streamed.jobs = jobs;
    RunResultsFile file(path, s, streamed);
    streamed.on_records = [&file](std::span<const ReplicationRecords> reps) { file.add(reps); };
    const RunOutput run = run_replications(s, streamed);
    file.finish(summarize_run(s, run));
    check_equal(read_results(path), want);
  }
}
