// Issue 17: one crew wait (point 7) and the warm-up honoured by the staff metrics (point 9).
#include <catch2/catch.hpp>

#include "readysim/metrics.hpp"
#include "readysim/run.hpp"
#include "readysim/run_results.hpp"

using namespace readysim;

namespace {

const std::string kValidation = std::string(READYSIM_SOURCE_DIR) + "/scenarios/validation/";

RunOutput run(const std::string& path, int replications, const std::vector<ScenarioOverride>& overrides = {}) {
  const Scenario s = load_scenario(path, overrides);
  RunOptions opt;
  opt.replications = replications;
  return run_replications(s, opt);
}

const StaffTaskRecord& task(const ReplicationRecords& r, StaffTask t) {
  return r.staff_tasks.at(static_cast<std::size_t>(t));
}

}  // namespace

TEST_CASE("crew wait: fire.crew_wait and staff.engine_crew.wait are one number", "[staff][crew][fire]") {
  // crew.yaml (hand-checked in test_crew.cpp): fire 1 waits 540 s for east's called-back crew
  // after its turnout; fire 2 waits 782 s while west's second engine stands idle without four
  // people; fires 0 and 3: 0 and 540 s. Before, the staff metric saw only the 782 s and the fire
  // metric only the 540 s waits.
  const RunOutput out = run(kValidation + "crew.yaml", 1);
  const auto& f = out.replications.at(0).fires;
  REQUIRE(f.size() == 4);
  CHECK(f[0].crew_wait_s == 0);
  CHECK(f[1].crew_wait_s == Approx(540.0).margin(1e-5));
  CHECK(f[2].crew_wait_s == Approx(782.0).margin(1e-5));
  CHECK(f[3].crew_wait_s == Approx(540.0).margin(1e-5));
  const auto samples = metric_samples(out, {"fire.crew_wait", "staff.engine_crew.wait"});
  CHECK(samples[0].values() == samples[1].values());
  CHECK(samples[0].values().size() == 4);
  // The request records carry the same wait (the three that waited are listed).
  const auto& requests = out.replications.at(0).staff_requests;
  std::vector<double> listed;
  for (const auto& q : requests)
    if (q.task == StaffTask::engine_crew) listed.push_back(q.wait_s);
  REQUIRE(listed.size() == 3);
  CHECK(listed[0] == Approx(540.0).margin(1e-5));
  CHECK(listed[1] == Approx(782.0).margin(1e-5));
  CHECK(listed[2] == Approx(540.0).margin(1e-5));
  const StaffTaskRecord& e = task(out.replications.at(0), StaffTask::engine_crew);
  CHECK(e.requests == 4);
  CHECK(e.waited == 3);
  CHECK(e.wait_total_s == Approx(540.0 + 782 + 540).margin(1e-4));

  SECTION("on the default district, the same values in the summary") {
    const Scenario s = load_scenario(std::string(READYSIM_SOURCE_DIR) + "/scenarios/yunlianghu/scenario.yaml");
    RunOptions opt;
    opt.replications = 100;
    const RunOutput d = run_replications(s, opt);
    const auto both = metric_samples(d, {"fire.crew_wait", "staff.engine_crew.wait"});
    CHECK(both[0].values() == both[1].values());
    double most = 0;
    for (double v : both[0].values()) most = std::max(most, v);
    CHECK(most > 0);  // the brigade's part-timers are called back
  }
}

TEST_CASE("warm-up: the staff metrics count only what happens after run.warm_up", "[staff][warm_up]") {
  // crew.yaml (hand-checked in test_crew.cpp), four crews of four: fire 0 busy 120-902 s, fire 1
  // (east, called back) 120-1804 s, fire 2 902-1684 s, and at 2 h fire 3 (east again) 7320-8642 s;
  // fire 2's call waits 120-902 s while west's second engine lacks people (4 wanted).
  const std::string path = kValidation + "crew.yaml";
  constexpr double kTokens = 1e-3;  // platoon tokens on the drives, a few per trip
  const ReplicationRecords none = run(path, 1).replications.at(0);
  const StaffTaskRecord& all = task(none, StaffTask::engine_crew);
  CHECK(all.busy_person_s == Approx(4.0 * (782 + 1684 + 782 + 1322)).margin(kTokens));
  CHECK(all.unmet_s == Approx(782).margin(kTokens));
  CHECK(all.peak_demand == 12);  // two crews out and one wanted
  CHECK(all.requests == 4);

  SECTION("a warm-up of 1 h: only fire 3 counts, in every staff table and metric") {
    const std::vector<ScenarioOverride> w{{"run.warm_up", "1 h"}};
    const RunOutput out = run(path, 1, w);
    const ReplicationRecords& r = out.replications.at(0);
    const StaffTaskRecord& e = task(r, StaffTask::engine_crew);
    CHECK(e.busy_person_s == Approx(4.0 * 1322).margin(kTokens));
    CHECK(e.unmet_s == 0);
    CHECK(e.peak_demand == 4);
    CHECK(e.requests == 1);
    CHECK(e.wait_total_s == Approx(540).margin(kTokens));
    double pools = 0;
    for (const StaffPoolRecord& p : r.staff_pools) pools += p.busy_person_s;
    CHECK(pools == Approx(4.0 * 1322).margin(kTokens));
    CHECK(r.staff_pools.at(1).peak_busy == 4);
    CHECK(r.staff_pools.at(0).peak_busy == 0);  // west's crews were all back by 1 h
    // The records keep every fire and every request that waited (filter on alarm, asked).
    CHECK(r.fires.size() == none.fires.size());
    CHECK(r.staff_requests.size() == none.staff_requests.size());
    const Scenario s = load_scenario(path, w);
    const auto samples = metric_samples(
        s, out, {"staff.engine_crew.wait", "staff.engine_crew.unmet_time", "staff.engine_crew.peak_demand"});
    REQUIRE(samples[0].size() == 1);
    CHECK(samples[0].values()[0] == Approx(540).margin(kTokens));
    CHECK(samples[1].values() == std::vector<double>{0.0});
    CHECK(samples[2].values() == std::vector<double>{4.0});
    // The summary's per-role rows read the same integrals.
    for (const auto& m : summarize_run(s, out))
      if (m.metric == "staff.role.firefighter.busy") CHECK(m.mean == Approx(4.0 * 1322 / 3600).margin(1e-6));
  }

  SECTION("a warm-up past everything leaves nothing: no demand, no busy time, no peak") {
    const ReplicationRecords r = run(path, 1, {{"run.warm_up", "2.5 h"}}).replications.at(0);
    for (const StaffTaskRecord& t : r.staff_tasks) {
      INFO(staff_task_name(t.task));
      CHECK(t.unmet_s == 0);
      CHECK(t.busy_person_s == 0);
      CHECK(t.peak_demand == 0);
      CHECK(t.requests == 0);
    }
    for (const StaffPoolRecord& p : r.staff_pools) {
      CHECK(p.busy_person_s == 0);
      CHECK(p.peak_busy == 0);
      CHECK(p.exhausted_s == 0);
    }
    for (const StaffRoleRecord& role : r.staff_roles) {
      CHECK(role.busy_person_s == 0);
      CHECK(role.peak_demand == 0);
    }
  }
}
