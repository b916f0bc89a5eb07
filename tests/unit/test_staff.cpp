// Staff (issue 5): one roster for fire and flood, tasks waiting in priority order, call-backs,
// rosters by hour, and the per-task and per-pool records. Every expected number is derived in
// the header of scenarios/validation/staff.yaml or staff_shared.yaml.
#include <catch2/catch.hpp>

#include <limits>
#include <numeric>
#include <string>

#include "model/work_curve.hpp"
#include "temp_dir.hpp"
#include "readysim/run.hpp"
#include "readysim/run_results.hpp"

using namespace readysim;

namespace {

const std::string kDir = std::string(READYSIM_SOURCE_DIR) + "/scenarios/validation/";

ReplicationRecords run_one(const std::string& file, const std::vector<ScenarioOverride>& overrides = {}) {
  const Scenario s = load_scenario(kDir + file, overrides);
  RunOptions opt;
  opt.replications = 1;
  return run_replications(s, opt).replications.at(0);
}

const StaffTaskRecord& task(const ReplicationRecords& r, StaffTask t) {
  return r.staff_tasks.at(static_cast<std::size_t>(t));
}

double levee_metres(const ReplicationRecords& r) {
  return std::accumulate(r.levee_patches.begin(), r.levee_patches.end(), 0.0,
                         [](double sum, const LeveePatch& p) { return sum + p.metres; });
}

constexpr double kTight = 1e-6;  // every time here is a sum of a few exact numbers

}  // namespace

TEST_CASE("work curve: people joining one by one, and its inverse", "[staff]") {
  // Two people from 0 s and 100 s at 1 unit/s each: W(100) = 100, W(200) = 300.
  const WorkCurve w({100.0, 0.0}, 1.0);
  CHECK(w.at(0) == 0);
  CHECK(w.at(100) == Approx(100));
  CHECK(w.at(200) == Approx(300));
  CHECK(w.time_of(50) == Approx(50));
  CHECK(w.time_of(300) == Approx(200));
  CHECK(WorkCurve({}, 1.0).time_of(1) == std::numeric_limits<double>::infinity());
}

TEST_CASE("staff: a roster by hour gives the share on duty at that hour of any day", "[staff]") {
  StaffPool p;
  for (int h = 0; h < 24; ++h) p.on_duty_by_hour[static_cast<std::size_t>(h)] = h >= 8 && h < 18 ? 1.0 : 0.0;
  CHECK(p.on_duty_at(7 * 3600.0 + 3599) == 0.0);
  CHECK(p.on_duty_at(8 * 3600.0) == 1.0);
  CHECK(p.on_duty_at(86400.0 + 17 * 3600.0 + 1) == 1.0);  // next day, 17:00
  CHECK(p.on_duty_at(86400.0 + 18 * 3600.0) == 0.0);
  CHECK(p.on_duty_at(9 * 3600.0, true) == 1.0);  // no holiday roster: the usual one
  p.on_holiday = DutyRoster{};
  p.on_holiday->fill(0.25);
  CHECK(p.on_duty_at(9 * 3600.0, true) == 0.25);
  CHECK(p.on_duty_at(9 * 3600.0, false) == 1.0);
}

TEST_CASE("staff: door to door, levee and shelters share one roster in priority order", "[staff][validation]") {
  const ReplicationRecords r = run_one("staff.yaml");

  SECTION("the door-to-door team of 3 warns household j at j × 100 s, nearest village first") {
    std::vector<double> warned, safe;
    for (const auto& c : r.cohorts) {
      warned.push_back(c.warned_s);
      safe.push_back(c.safe_s);
    }
    REQUIRE(warned.size() == 6);  // v1: 1 cohort, v2: 2, v3: 3
    const std::vector<double> expect_warned{1000, 2000, 3000, 4000, 5000, 6000};
    const std::vector<double> expect_safe{2000, 4000, 5000, 7000, 8000, 9000};
    for (std::size_t i = 0; i < 6; ++i) {
      CHECK(warned[i] == Approx(expect_warned[i]).margin(kTight));
      CHECK(safe[i] == Approx(expect_safe[i]).margin(kTight));
    }
    const auto& d = task(r, StaffTask::door_to_door);
    CHECK(d.requests == 1);
    CHECK(d.waited == 0);
    CHECK(d.busy_person_s == Approx(3 * 6000.0).margin(kTight));
  }

  SECTION("the levee waits for the team until 6000 s, then sandbags 44.75 m before the breach") {
    const auto& l = task(r, StaffTask::levee_patrol);
    CHECK(l.requests == 1);
    CHECK(l.waited == 1);
    CHECK(l.unserved == 0);
    CHECK(l.wait_total_s == Approx(6000).margin(kTight));
    CHECK(l.unmet_s == Approx(6000).margin(kTight));
    CHECK(l.peak_demand == 3);
    CHECK(l.busy_person_s == Approx(3 * 30000.0).margin(kTight));
    CHECK(levee_metres(r) == Approx(44.75).margin(kTight));
    REQUIRE_FALSE(r.levee_patches.empty());
    CHECK(r.levee_patches.front().time_s == 10800);  // the crew reaches the levee at 9150 s
    CHECK(r.levee_patches.front().metres == Approx(2.75).margin(kTight));
  }

  SECTION("the shelter's second person waits behind the levee until the breach frees the team") {
    const auto& sh = task(r, StaffTask::shelter_management);
    CHECK(sh.requests == 1);
    CHECK(sh.waited == 1);
    CHECK(sh.wait_total_s == Approx(34000).margin(kTight));
    CHECK(sh.unmet_s == Approx(34000).margin(kTight));
    CHECK(sh.peak_demand == 2);
    // The militiaman from 2000 s and a team member from 36000 s, both until the horizon.
    CHECK(sh.busy_person_s == Approx((172800.0 - 2000) + (172800.0 - 36000)).margin(kTight));
  }

  SECTION("every request as it went: asked, first person, all people, wait") {
    REQUIRE(r.staff_requests.size() == 3);
    const auto find = [&](StaffTask t) -> const StaffRequestRecord& {
      for (const auto& q : r.staff_requests)
        if (q.task == t) return q;
      FAIL("no request of that task");
      return r.staff_requests.front();
    };
    const auto& door = find(StaffTask::door_to_door);
    CHECK(door.asked_s == 0);
    CHECK(door.met_s == 0);
    CHECK(door.granted == 3);
    const auto& levee = find(StaffTask::levee_patrol);
    CHECK(levee.wanted == 3);
    CHECK(levee.first_grant_s == Approx(6000).margin(kTight));
    CHECK(levee.ready_s == Approx(6000 + 3150).margin(kTight));  // the drive to the levee
    CHECK(levee.wait_s == Approx(6000).margin(kTight));
    const auto& shelter = find(StaffTask::shelter_management);
    CHECK(shelter.asked_s == Approx(2000).margin(kTight));
    CHECK(shelter.first_grant_s == Approx(2000).margin(kTight));  // the militiaman, at once
    CHECK(shelter.met_s == Approx(36000).margin(kTight));
    CHECK(shelter.granted == 2);
  }

  SECTION("per pool: busy time, peak and time exhausted") {
    const StaffPoolRecord& team = r.staff_pools.at(0);
    const StaffPoolRecord& militia = r.staff_pools.at(1);
    CHECK(team.busy_person_s == Approx(3 * 6000.0 + 3 * 30000.0 + (172800.0 - 36000)).margin(kTight));
    CHECK(team.peak_busy == 3);
    CHECK(team.exhausted_s == Approx(36000).margin(kTight));  // door to door, then the levee
    CHECK(militia.busy_person_s == Approx(172800.0 - 2000).margin(kTight));
    CHECK(militia.exhausted_s == Approx(172800.0 - 2000).margin(kTight));
  }

  SECTION("per role: demand is what it holds plus what waiting requests it could fill want") {
    REQUIRE(r.staff_roles.size() == 2);  // community_team, militia (sorted)
    const StaffRoleRecord& team = r.staff_roles[0];
    const StaffRoleRecord& militia = r.staff_roles[1];
    // Team: door to door holds 3 while the levee waits for 3 (6); at 2000 s the shelter's second
    // place waits too (7). Some request it could fill waits from 0 s until the breach frees it.
    CHECK(team.peak_busy == 3);
    CHECK(team.peak_demand == 7);
    CHECK(team.unmet_s == Approx(36000).margin(kTight));
    CHECK(team.exhausted_s == Approx(36000).margin(kTight));
    CHECK(team.busy_person_s == Approx(3 * 6000.0 + 3 * 30000.0 + (172800.0 - 36000)).margin(kTight));
    // Militia: the shelter wants 2 at 2000 s and he is one of them; the other place waits
    // (a place he could fill too, had he been free) until 36000 s.
    CHECK(militia.peak_busy == 1);
    CHECK(militia.peak_demand == 2);
    CHECK(militia.unmet_s == Approx(34000).margin(kTight));
    CHECK(militia.exhausted_s == Approx(172800.0 - 2000).margin(kTight));
  }

  SECTION("the sandbags patched come out of the depot: 20 a metre") {
    const std::int32_t sandbag = load_scenario(kDir + "staff.yaml").logistics.item_index("sandbag");
    double bags = 0;
    for (const auto& rec : r.stock.records)
      if (rec.item == sandbag) bags += rec.demand;
    CHECK(bags == Approx(20 * 44.75).margin(1e-6));
  }
}

TEST_CASE("staff: ranking shelters above the levee changes who waits", "[staff][validation]") {
  const ReplicationRecords r = run_one("staff.yaml", {{"staffing.priority", "[shelter_management]"}});
  const auto& sh = task(r, StaffTask::shelter_management);
  CHECK(sh.wait_total_s == Approx(4000).margin(kTight));  // asked at 2000 s, a team member at 6000 s
  const auto& l = task(r, StaffTask::levee_patrol);
  CHECK(l.unserved == 1);                                  // the third never came
  CHECK(l.unmet_s == Approx(36000).margin(kTight));        // someone was missing all along
  CHECK(levee_metres(r) == Approx(2 * 2 * 26850 / 3600.0).margin(kTight));
}

TEST_CASE("staff: a called-back militiaman arrives after his delay", "[staff][validation]") {
  // With the militiaman the only one who may run the shelter, both of its people are him and
  // nobody: he is granted at 2000 s and on site at 2600 s; the second place is never filled.
  const ReplicationRecords r = run_one("staff.yaml", {{"staffing.shelter_management.roles", "[militia]"}});
  const StaffRequestRecord* shelter = nullptr;
  for (const auto& q : r.staff_requests)
    if (q.task == StaffTask::shelter_management) shelter = &q;
  REQUIRE(shelter);
  CHECK(shelter->first_grant_s == Approx(2000).margin(kTight));
  CHECK(shelter->ready_s == Approx(2000 + 600).margin(kTight));  // never on duty: called back, 10 min
  CHECK(shelter->granted == 1);
  CHECK(shelter->met_s == std::numeric_limits<double>::infinity());
  const auto& sh = task(r, StaffTask::shelter_management);
  CHECK(sh.unserved == 1);
  CHECK(sh.unmet_s == Approx(172800.0 - 2000).margin(kTight));
  CHECK(sh.wait_total_s == Approx(172800.0 - 2000).margin(kTight));  // given up at the horizon
  CHECK(sh.busy_person_s == Approx(172800.0 - 2000).margin(kTight));
}

TEST_CASE("staff: one pool serves fire and flood; a call waits for firefighters on the levee",
          "[staff][fire][validation]") {
  const ReplicationRecords r = run_one("staff_shared.yaml");
  REQUIRE(r.fires.size() == 1);
  const FireRecord& f = r.fires[0];
  CHECK(f.dispatch_s == Approx(36000).margin(kTight));
  CHECK(f.queue_wait_s == Approx(32400).margin(kTight));
  CHECK(f.engine_arrival_s == Approx(36102).margin(1e-5));
  const auto& e = task(r, StaffTask::engine_crew);
  CHECK(e.requests == 1);
  CHECK(e.waited == 1);
  CHECK(e.wait_total_s == Approx(32400).margin(kTight));
  CHECK(e.unmet_s == Approx(32400).margin(kTight));
  CHECK(e.peak_demand == 2);
  CHECK(r.staff_pools.at(0).exhausted_s == Approx(804).margin(1e-5));

  SECTION("without levee work the engine goes at once") {
    const ReplicationRecords free = run_one("staff_shared.yaml", {{"staffing.levee_patrol.people", "0"}});
    CHECK(free.fires.at(0).queue_wait_s == 0);
    CHECK(task(free, StaffTask::engine_crew).waited == 0);
    CHECK(task(free, StaffTask::engine_crew).unmet_s == 0);
  }
}

TEST_CASE("staff: per-role summary rows and the staff tables", "[staff][results]") {
  const Scenario s = load_scenario(kDir + "staff.yaml");
  RunOptions opt;
  opt.replications = 2;
  const RunOutput run = run_replications(s, opt);
  const auto summary = summarize_run(s, run);
  const auto find = [&](const std::string& name) -> const stats::Summary* {
    for (const auto& m : summary)
      if (m.metric == name) return &m;
    return nullptr;
  };
  REQUIRE(find("staff.levee_patrol.wait"));
  CHECK(find("staff.levee_patrol.wait")->mean == Approx(6000).margin(kTight));
  REQUIRE(find("staff.role.militia.busy"));
  CHECK(find("staff.role.militia.busy")->mean == Approx((172800.0 - 2000) / 3600).margin(kTight));
  REQUIRE(find("staff.role.community_team.unmet_time"));
  CHECK(find("staff.role.community_team.unmet_time")->mean == Approx(36000).margin(kTight));
  CHECK(find("staff.role.community_team.peak_demand")->mean == 7);
  CHECK(find("staff.transport_driver.wait") == nullptr);  // no transport: never asked
  CHECK(find("staff.role.inspector.busy") == nullptr);
  const ResultSet rs = run_result_set(s, opt, run, summary);
  CHECK(rs.table("staff_tasks").rows() == 2 * kStaffTaskCount);
  CHECK(rs.table("staff_pools").rows() == 2 * 2);
  CHECK(rs.table("staff_roles").rows() == 2 * 2);
}

TEST_CASE("staff: the effective scenario writes rosters, holidays and staffing back, and reloads the same",
          "[staff][scenario]") {
  const Scenario s = load_scenario(kDir + "staff.yaml",
                                   {{"staffing.holidays", "[{from: 1 d, to: 2 d}]"},
                                    {"resources.staff.militia.on_duty_share_holiday", "[0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, "
                                                                                      "1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]"},
                                    {"resources.shelters.hall.staffed", "false"}});
  const std::string text = effective_scenario_yaml(s);
  CHECK_THAT(text, Catch::Contains("on_duty_share_holiday: [0, 0, 0, 0, 0, 0, 0, 0, 1,"));
  CHECK_THAT(text, Catch::Contains("patch_rate: 2 m/h"));
  CHECK_THAT(text, Catch::Contains("staffed: false"));
  readysim::testing::TempDir dir("staff");
  const Scenario again = load_scenario(dir.write("effective.yaml", text));
  const auto body = [](const std::string& t) { return t.substr(t.find('\n')); };  // line 1 names the file
  CHECK(body(effective_scenario_yaml(again)) == body(text));
  CHECK(again.staffing.holidays == s.staffing.holidays);
  CHECK(again.staffing.holiday_at(86400.0 + 1));
  CHECK_FALSE(again.staffing.holiday_at(2 * 86400.0));
  CHECK(again.resources.staff[1].on_duty_at(86400.0 + 9 * 3600.0, true) == 1.0);
  CHECK(again.staffing.priority == s.staffing.priority);
  CHECK(again.staffing.levee.people == 3);
  CHECK_FALSE(again.resources.shelters[0].staffed);
}
