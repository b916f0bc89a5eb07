// readysim drill: the replication picked really sits at the quantile asked for; every inject has
// a time, a recipient, an expected action and an objective; times never go backwards; cutting,
// dropping and merging do what they say; the files are written whole.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "readysim/drill.hpp"
#include "readysim/error.hpp"
#include "readysim/run_results.hpp"
#include "readysim/stats.hpp"
#include "temp_dir.hpp"

using namespace readysim;
namespace fs = std::filesystem;

namespace {

const std::string kFlood = std::string(READYSIM_SOURCE_DIR) + "/scenarios/yunlianghu/flood.yaml";
const std::string kFire = std::string(READYSIM_SOURCE_DIR) + "/scenarios/yunlianghu/scenario.yaml";
constexpr std::uint64_t kSeed = 20231026;
constexpr double kInf = std::numeric_limits<double>::infinity();

RunOutput run(const Scenario& s, std::int64_t n) {
  RunOptions opt;
  opt.replications = n;
  opt.seed = kSeed;
  opt.keep_flood = true;
  return run_replications(s, opt);
}

drill::DrillOptions options(std::vector<std::string> selects, Language lang = Language::en) {
  drill::DrillOptions opt;
  for (const auto& t : selects) opt.selections.push_back(drill::parse_selection(t));
  opt.seed = kSeed;
  opt.lang = lang;
  return opt;
}

// The drill's contract for every script: numbered in order, times inside the window and never
// going backwards, and every inject complete.
void check_well_formed(const drill::Drill& d) {
  REQUIRE(!d.injects.empty());
  double last = -kInf;
  for (std::size_t i = 0; i < d.injects.size(); ++i) {
    const drill::Inject& in = d.injects[i];
    INFO("inject " << in.number << ": " << in.message);
    CHECK(in.number == static_cast<int>(i) + 1);
    CHECK(std::isfinite(in.time_s));
    CHECK(in.time_s >= last);
    CHECK(in.time_s >= 0);
    CHECK(in.time_s <= d.end_s);
    last = in.time_s;
    CHECK(!in.to.empty());
    CHECK(!in.from.empty());
    CHECK(!in.message.empty());
    CHECK(!in.action.empty());
    REQUIRE(!in.objectives.empty());
    for (int r : in.objectives) CHECK((r >= 1 && r <= 19));
    // A target is NaN exactly when it has no basis; otherwise a time on the exercise clock after
    // its own inject and not after ENDEX (test_drill_rules.cpp checks the rest of issue 20's rules).
    CHECK(std::isnan(in.target_s) == in.target_basis.empty());
    if (!std::isnan(in.target_s)) {
      CHECK(std::isfinite(in.target_s));
      CHECK(in.target_s >= in.time_s);
      CHECK(in.target_s <= d.end_s);
    }
    CHECK(in.message.find('{') == std::string::npos);  // every placeholder filled
    CHECK(in.action.find('{') == std::string::npos);
  }
  CHECK(d.injects.front().type == drill::InjectType::start);
  CHECK(d.injects.front().time_s == 0);
  CHECK(d.injects.back().type == drill::InjectType::end);
  CHECK(d.injects.back().time_s == d.end_s);
}

// The picked value is one of the two order statistics around the type-7 quantile, the one
// nearest to the position (n − 1)q; `reference` is the quantile by another route.
void check_at_quantile(const drill::Pick& p, std::vector<double> values, double reference) {
  std::sort(values.begin(), values.end());
  REQUIRE(p.ranked == values.size());
  const double h = static_cast<double>(values.size() - 1) * p.selection.quantile;
  const auto lo = static_cast<std::size_t>(std::floor(h)), hi = static_cast<std::size_t>(std::ceil(h));
  CHECK(p.rank == (h - static_cast<double>(lo) < 0.5 ? lo : hi));
  CHECK(p.value == values[p.rank]);
  CHECK(values[lo] <= reference);
  CHECK(reference <= values[hi]);
  CHECK((p.value == values[lo] || p.value == values[hi]));
  // At most a share q of the replications lie strictly below it, at least q at or below (± 1/n).
  const double n = static_cast<double>(values.size());
  const auto below = std::lower_bound(values.begin(), values.end(), p.value) - values.begin();
  const auto at_or_below = std::upper_bound(values.begin(), values.end(), p.value) - values.begin();
  CHECK(static_cast<double>(below) / n <= p.selection.quantile + 1 / n);
  CHECK(static_cast<double>(at_or_below) / n >= p.selection.quantile - 1 / n);
}

}  // namespace

TEST_CASE("drill: the flood replication picked sits at p90 of evac.clearance_time", "[drill]") {
  const Scenario s = load_scenario(kFlood);
  const RunOutput r = run(s, 12);
  const auto opt = options({"evac.clearance_time:p90"});
  const drill::Pick p = drill::pick(s, r, opt.selections[0]);
  // Clearance recomputed here from the cohorts: warning to the last group safe (not stranded in a
  // shelter that flooded), or to the horizon when some are still waiting or on the way then.
  const auto clearance = [&](const ReplicationRecords& rep) {
    double last = -1;
    bool censored = false;
    for (const auto& c : rep.cohorts) {
      censored = censored || c.censored;
      if (!c.stranded && c.safe_s != kNever) last = std::max(last, c.safe_s);
    }
    return (censored ? s.horizon_s : last) - rep.warning_s;
  };
  std::vector<double> values;
  for (const auto& rep : r.replications)
    if (rep.warning_s != kNever) values.push_back(clearance(rep));
  double p90 = 0;
  for (const auto& m : summarize_run(r))
    if (m.metric == "evac.clearance_time") p90 = m.p90;
  check_at_quantile(p, values, p90);
  const auto& rep = r.replications[static_cast<std::size_t>(p.replication)];
  CHECK(clearance(rep) == p.value);

  const drill::Drill d = drill::build_drill(s, r, opt);
  check_well_formed(d);
  CHECK(d.picks[0].replication == p.replication);
  const auto has = [&](drill::InjectType t) {
    return std::any_of(d.injects.begin(), d.injects.end(), [t](const auto& in) { return in.type == t; });
  };
  for (auto t : {drill::InjectType::warning, drill::InjectType::breach, drill::InjectType::level,
                 drill::InjectType::road_closed, drill::InjectType::flooding, drill::InjectType::community_cleared})
    CHECK(has(t));
  // The worst moment is the community whose last group closed the evacuation.
  CHECK(std::any_of(d.injects.begin(), d.injects.end(), [](const auto& in) {
    return in.worst_moment && in.type == drill::InjectType::community_cleared;
  }));
  // The warning's target comes from every replication's households.
  const auto warning = std::find_if(d.injects.begin(), d.injects.end(),
                                    [](const auto& in) { return in.type == drill::InjectType::warning; });
  REQUIRE(warning != d.injects.end());
  CHECK(warning->target_s > warning->time_s);
  CHECK_THAT(warning->target_basis, Catch::Contains("90 %"));
}

TEST_CASE("drill: a fire drill picks the replication whose worst response sits at p90", "[drill]") {
  const Scenario s = load_scenario(kFire);
  const RunOutput r = run(s, 40);
  const auto opt = options({"fire.response_time:p90"});
  const drill::Pick p = drill::pick(s, r, opt.selections[0]);
  std::vector<double> worst;
  for (const auto& rep : r.replications) {
    if (rep.fires.empty()) continue;
    double w = 0;
    for (const auto& f : rep.fires) w = std::max(w, f.unreached ? kInf : f.engine_arrival_s - f.alarm_s);
    worst.push_back(w);
  }
  auto sorted = worst;
  std::sort(sorted.begin(), sorted.end());
  check_at_quantile(p, worst, stats::quantile(sorted, 0.9));

  const drill::Drill d = drill::build_drill(s, r, opt);
  check_well_formed(d);
  // A year of fires is cut to at most six hours around the worst fire, which is in the script, and
  // ends half an hour after its last event.
  CHECK(d.end_s <= 6 * 3600.0);
  CHECK(d.end_s == Approx(d.injects[d.injects.size() - 2].time_s + 1800));
  const auto alarm = std::find_if(d.injects.begin(), d.injects.end(), [](const auto& in) {
    return in.worst_moment && in.type == drill::InjectType::fire_alarm;
  });
  REQUIRE(alarm != d.injects.end());
  CHECK(alarm->target_s > alarm->time_s);
  CHECK_THAT(alarm->target_basis, Catch::Contains("simulated fires"));
}

TEST_CASE("drill: cutting a window, dropping types and merging worst moments", "[drill]") {
  const Scenario s = load_scenario(kFlood);
  const RunOutput r = run(s, 8);
  // By index: a cut need not keep a selection's worst moment (test_drill_rules.cpp: it must).
  drill::DrillOptions by_index;
  by_index.selections.resize(1);
  by_index.selections[0].replication = 2;
  by_index.seed = kSeed;
  const drill::Drill full = drill::build_drill(s, r, by_index);

  auto cut = by_index;
  cut.from_s = 2 * 3600.0;
  cut.to_s = 10 * 3600.0;
  cut.drop = drill::parse_inject_types("level,road_reopened");
  const drill::Drill d = drill::build_drill(s, r, cut);
  check_well_formed(d);
  CHECK(d.end_s == Approx(8 * 3600.0));
  CHECK(d.start_scenario_s == Approx(full.start_scenario_s + 2 * 3600.0));
  for (const auto& in : d.injects) {
    CHECK(in.type != drill::InjectType::level);
    CHECK(in.type != drill::InjectType::road_reopened);
  }
  // Every inject of the full script inside the window is in the cut one, at T − 2 h.
  std::size_t inside = 0;
  for (const auto& in : full.injects)
    if (in.type != drill::InjectType::start && in.type != drill::InjectType::level &&
        in.type != drill::InjectType::road_reopened && in.time_s >= 2 * 3600.0 && in.time_s <= 10 * 3600.0)
      ++inside;
  CHECK(d.injects.size() == inside + 2);  // and STARTEX, ENDEX

  // A second selection adds its worst moment, from its own replication, marked.
  const drill::Drill merged = drill::build_drill(s, r, options({"evac.clearance_time:p50", "evac.stranded:max"}));
  check_well_formed(merged);
  REQUIRE(merged.picks.size() == 2);
  const auto added = std::count_if(merged.injects.begin(), merged.injects.end(), [&](const auto& in) {
    return in.worst_moment && in.replication == merged.picks[1].replication;
  });
  CHECK(added > 0);

  auto empty = by_index;
  empty.from_s = 5 * 3600.0;
  empty.to_s = 4 * 3600.0;
  CHECK_THROWS_AS(drill::build_drill(s, r, empty), UsageError);
}

TEST_CASE("drill: arguments are checked with messages that say what to write", "[drill]") {
  CHECK(drill::parse_quantile("p90") == Approx(0.9));
  CHECK(drill::parse_quantile("p99.5") == Approx(0.995));
  CHECK(drill::parse_quantile("median") == 0.5);
  CHECK(drill::parse_quantile("max") == 1.0);
  CHECK(drill::parse_quantile("0.25") == 0.25);
  CHECK_THROWS_AS(drill::parse_quantile("p101"), UsageError);
  CHECK_THROWS_AS(drill::parse_quantile("ninety"), UsageError);
  CHECK_THROWS_WITH(drill::parse_selection("evac.clearence_time:p90"),
                    Catch::Contains("did you mean 'evac.clearance_time'"));
  CHECK_THROWS_WITH(drill::parse_selection("fire.response_time"), Catch::Contains("METRIC:QUANTILE"));
  CHECK_THROWS_WITH(drill::parse_inject_types("level,road_close"), Catch::Contains("did you mean 'road_closed'"));
  CHECK(drill::parse_exercise_time("5:30") == 5.5 * 3600);
  CHECK(drill::parse_exercise_time("T+0:45") == 45 * 60);
  CHECK(drill::parse_exercise_time("90 min") == 5400);
  CHECK_THROWS_AS(drill::parse_exercise_time("5:75"), UsageError);
  CHECK_THROWS_AS(drill::parse_exercise_time("90"), UsageError);  // a bare number has no unit
  CHECK(drill::format_exercise_time(0) == "T+0:00");
  CHECK(drill::format_exercise_time(59.9) == "T+0:00");
  CHECK(drill::format_exercise_time(31 * 3600 + 5 * 60) == "T+31:05");
  CHECK(drill::format_exercise_time(-590) == "T-0:10");
  CHECK(drill::quantile_rank(11, 0.9) == 9);
  CHECK(drill::quantile_rank(12, 0.9) == 10);  // position 9.9
  CHECK(drill::quantile_rank(1, 0.9) == 0);
}

TEST_CASE("drill: a metric without values and an index outside the run are usage errors", "[drill]") {
  const Scenario s = load_scenario(kFire);
  const RunOutput r = run(s, 3);
  CHECK_THROWS_WITH(drill::pick(s, r, drill::parse_selection("evac.clearance_time:p90")),
                    Catch::Contains("no flood"));
  drill::Selection by_index;
  by_index.replication = 3;
  CHECK_THROWS_AS(drill::pick(s, r, by_index), UsageError);
  by_index.replication = 2;
  CHECK(drill::pick(s, r, by_index).replication == 2);
}

TEST_CASE("drill: both languages, every file written whole", "[drill]") {
  const Scenario s = load_scenario(kFlood);
  const RunOutput r = run(s, 4);
  const readysim::testing::TempDir dir("drill");
  for (Language lang : {Language::en, Language::zh}) {
    const drill::Drill d = drill::build_drill(s, r, options({"evac.stranded:p50"}, lang));
    check_well_formed(d);
    const auto files = drill::write_drill(d, (dir.path / "out").string());
    REQUIRE(files.size() == 5);
    for (const auto& f : files) CHECK(fs::file_size(f) > 100);
    const std::string html = drill::msel_html(d);
    CHECK_THAT(html, Catch::Contains("<svg class=\"map\""));
    CHECK_THAT(html, Catch::Contains("class=\"packet\""));
    CHECK_THAT(drill::evaluator_markdown(d), Catch::Contains("R2"));
    CHECK_THAT(drill::controller_markdown(d), Catch::Contains(lang == Language::zh ? "应急补充注入" : "Contingency"));
  }
  const drill::Drill zh = drill::build_drill(s, r, options({"evac.stranded:p50"}, Language::zh));
  CHECK_THAT(drill::msel_markdown(zh), Catch::Contains("序号"));
  CHECK_THAT(drill::msel_csv(zh), Catch::Contains("发布洪水预警"));
  for (const auto& e : fs::directory_iterator(dir.path / "out"))
    CHECK(e.path().string().find(".tmp-") == std::string::npos);  // no temporary left behind
}

TEST_CASE("drill: flood tasks short of people become staff_short injects, once per task and place",
          "[drill][staff]") {
  // scenarios/validation/staff.yaml: the levee crew waits 6000 s (asked at the warning, t = 0),
  // the hall's shelter managers from 2000 s until 36000 s; door to door is served at once.
  const Scenario s = load_scenario(std::string(READYSIM_SOURCE_DIR) + "/scenarios/validation/staff.yaml");
  RunOptions ro;
  ro.replications = 1;
  ro.keep_flood = true;
  const RunOutput r = run_replications(s, ro);
  drill::DrillOptions opt;
  drill::Selection by_index;
  by_index.replication = 0;
  opt.selections = {by_index};
  opt.seed = s.run.seed;
  const drill::Drill d = drill::build_drill(s, r, opt);
  check_well_formed(d);
  std::vector<const drill::Inject*> shorts;
  for (const auto& in : d.injects)
    if (in.type == drill::InjectType::staff_short) shorts.push_back(&in);
  REQUIRE(shorts.size() == 2);
  // Worded as the task leader knows it when asking: how many are needed now, not how long the
  // wait will be (1 h 40 min and 9 h 27 min here) nor the day's total.
  CHECK_THAT(shorts[0]->message, Catch::Contains("Levee patrol and sandbagging, near "));
  CHECK_THAT(shorts[0]->message, Catch::Contains("needed now"));
  CHECK_THAT(shorts[0]->message, !Catch::Contains("1 h 40 min"));
  CHECK(shorts[0]->objectives == std::vector<int>{4, 16});
  CHECK_THAT(shorts[1]->message, Catch::Contains("Shelter management, hall"));
  CHECK_THAT(shorts[1]->message, !Catch::Contains("9 h 27 min"));
  CHECK(shorts[1]->scenario_s - shorts[0]->scenario_s == Approx(2000));
}

// Rule: the drill's pick is the order statistic nearest to position (n − 1)q, halves rounded up.
TEST_CASE("drill: a pick at an exact half rounds up", "[drill][pick]") {
  // Position (n − 1)q: n = 3, q = 0.25 → 0.5; n = 5, q = 0.125 → 0.5, q = 0.375 → 1.5,
  // q = 0.875 → 3.5; n = 2, q = 0.5 → 0.5. Each rounds up (all are exact in binary).
  CHECK(drill::quantile_rank(3, 0.25) == 1);
  CHECK(drill::quantile_rank(5, 0.125) == 1);
  CHECK(drill::quantile_rank(5, 0.375) == 2);
  CHECK(drill::quantile_rank(5, 0.875) == 4);
  CHECK(drill::quantile_rank(2, 0.5) == 1);
  CHECK(drill::quantile_rank(5, 0.5) == 2);   // position 2 exactly
  CHECK(drill::quantile_rank(5, 0.12) == 0);  // 0.48 rounds down
  CHECK(drill::quantile_rank(5, 1.0) == 4);

  // Through the public pick: three replications whose one fire is reached 300, 100 and 200 s
  // after its alarm. Ranked 100 (replication 1), 200 (replication 2), 300 (replication 0);
  // fire.response_time:0.25 sits at position 0.5 and picks rank 1: replication 2, 200 s.
  RunOutput run;
  const double response[] = {300, 100, 200};
  for (std::int64_t r = 0; r < 3; ++r) {
    ReplicationRecords rep;
    rep.replication = r;
    FireRecord f;
    f.alarm_s = 1000;
    f.engine_arrival_s = 1000 + response[r];
    rep.fires.push_back(f);
    run.replications.push_back(rep);
  }
  const Scenario s;
  const drill::Pick p = drill::pick(s, run, drill::parse_selection("fire.response_time:0.25"));
  CHECK(p.ranked == 3);
  CHECK(p.rank == 1);
  CHECK(p.replication == 2);
  CHECK(p.value == 200.0);
  // The median of the three is position 1 exactly: the same replication.
  CHECK(drill::pick(s, run, drill::parse_selection("fire.response_time:median")).replication == 2);
  // And 0.75 is position 1.5: rank 2, replication 0 (300 s).
  CHECK(drill::pick(s, run, drill::parse_selection("fire.response_time:0.75")).replication == 0);
}
