// Crews (R17, R18): an engine leaves only with four people; called-back staff arrive after
// their delay. scenarios/validation/crew.yaml, on the line a—b—c—d—e of line.yaml.
#include <catch2/catch.hpp>

#include "readysim/run.hpp"

using namespace readysim;

namespace {
constexpr double kTokens = 1e-5;  // the platoon token's share of a hop

// The fires of crew.yaml's one replication, with `overrides`.
std::vector<FireRecord> crew_fires(const std::vector<ScenarioOverride>& overrides = {}) {
  const Scenario s =
      load_scenario(std::string(READYSIM_SOURCE_DIR) + "/scenarios/validation/crew.yaml", overrides);
  RunOptions opt;
  opt.replications = 1;
  return run_replications(s, opt).replications.at(0).fires;
}
}  // namespace

TEST_CASE("crew: an engine waits for four free people, and for called-back staff", "[fire][crew]") {
  const std::vector<FireRecord> f = crew_fires();
  REQUIRE(f.size() == 4);
  // Three fires at b, all decided at 120 s. The first takes west's engine 1 and four of its five.
  CHECK(f[0].engine_unit == 0);
  CHECK(f[0].engine_arrival_s == Approx(241.0).margin(kTokens));
  // West's engine 2 has one person left, so it cannot go: the east engine does, but its four are
  // off duty and arrive 10 min after the call; it leaves at 120 + 600 and drives 242 s.
  CHECK(f[1].engine_unit == 2);
  CHECK(f[1].crew_wait_s == Approx(600.0 - 60.0).margin(kTokens));
  CHECK(f[1].engine_arrival_s == Approx(120.0 + 600.0 + 242.0).margin(kTokens));
  // The third call waits for four free people: west's crew is home at 902 s (on scene until
  // 841, 61 s back), and engine 1 (the nearer of two equally near) goes at once.
  CHECK(f[2].engine_unit == 0);
  CHECK(f[2].dispatch_s == Approx(902.0).margin(kTokens));
  CHECK(f[2].queue_wait_s == Approx(782.0).margin(kTokens));
  // At 2 h the east crew, long home and off duty again, is called back again.
  CHECK(f[3].engine_unit == 2);
  CHECK(f[3].crew_wait_s == Approx(540.0).margin(kTokens));
  CHECK(f[3].engine_arrival_s == Approx(7200.0 + 120.0 + 600.0 + 61.0).margin(kTokens));
}

TEST_CASE("crew: on a holiday the part-timers' holiday roster applies", "[fire][crew][staff]") {
  // The east crew, never on duty normally, is at the station on the holiday of the first hour:
  // the second call's engine leaves after its turnout alone; at 2 h they are called back again.
  const std::vector<FireRecord> f = crew_fires({{"staffing", "{holidays: [{from: 0 s, to: 1 h}]}"},
                                                {"resources.staff.east_crew.on_duty_share_holiday", "1"}});
  REQUIRE(f.size() == 4);
  CHECK(f[1].engine_unit == 2);
  CHECK(f[1].crew_wait_s == 0);
  CHECK(f[1].engine_arrival_s == Approx(120.0 + 60.0 + 242.0).margin(kTokens));
  CHECK(f[3].crew_wait_s == Approx(540.0).margin(kTokens));
}
