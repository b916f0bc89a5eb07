// The audit's warning and water requirements: R2 (warnings reach every household), R8 (village
// loudspeakers), R15 (flood map and monitoring) and R16 (real-time thresholds) are judged on a
// flood scenario from its flood and warning model, and say so on one without a flood.
#include <catch2/catch.hpp>

#include "audit_rows.hpp"
#include "readysim/audit.hpp"
#include "readysim/staffing.hpp"

using namespace readysim;

namespace {
const std::string kDir = std::string(READYSIM_SOURCE_DIR) + "/scenarios/yunlianghu/";

AuditRow row(const std::vector<AuditRow>& rows, const std::string& id) { return testing::audit_row(rows, id); }
}  // namespace

TEST_CASE("audit: warnings are expressible on the flood season and met there", "[audit]") {
  const Scenario s = load_scenario(kDir + "flood.yaml");
  const auto rows = audit(s, Language::en);
  CHECK(row(rows, "R2").status == AuditStatus::met);
  CHECK_THAT(row(rows, "R2").found, Catch::Contains("5 of 5 communities") && Catch::Contains("loudspeakers reach 70 %"));
  CHECK(row(rows, "R8").status == AuditStatus::met);
  CHECK_THAT(row(rows, "R8").found, Catch::Contains("reach 70 %") && Catch::Contains("median 5 min"));
  // The flood season warns 3 h before the breach: a forecast taken as given, no threshold on a
  // reading, so R15's monitoring and R16's real-time threshold are not met, and say what to set.
  for (const char* id : {"R15", "R16"}) {
    INFO(id << ": " << row(rows, id).found);
    CHECK(row(rows, id).status == AuditStatus::not_met);
    CHECK_THAT(row(rows, id).found, Catch::Contains("NO water-level threshold") && Catch::Contains("3 h before the breach") &&
                                        Catch::Contains("hazards.flood.warning.level"));
  }
  CHECK_THAT(row(rows, "R15").found, Catch::Contains("ground elevations of"));
  CHECK_THAT(row(rows, "R16").found, Catch::Contains("18 graded risk points"));
  // Nothing promises a feature that "arrives" later, nor leaves them outside the simulation, in either language.
  for (Language lang : {Language::en, Language::zh})
    for (const auto& r : audit(s, lang)) {
      CHECK_THAT(r.found, !Catch::Contains("arrive") && !Catch::Contains("暂无法表达"));
      if (r.id == "R15" || r.id == "R16") CHECK_THAT(r.found, !Catch::Contains("outside the simulation"));
    }
}

TEST_CASE("audit: a warning on a water level meets R15 and R16; without graded risk points R16 is not met", "[audit]") {
  Scenario s = load_scenario(kDir + "flood.yaml");
  s.hazards.flood.warning_lead_s = kNever;
  s.hazards.flood.warning_level_m = 28.5;
  for (Language lang : {Language::en, Language::zh}) {
    const auto rows = audit(s, lang);
    CHECK(row(rows, "R15").status == AuditStatus::met);
    CHECK(row(rows, "R16").status == AuditStatus::met);
    CHECK_THAT(row(rows, "R16").found, Catch::Contains("28.5 m"));
  }
  CHECK_THAT(row(audit(s, Language::en), "R15").found, Catch::Contains("reaches 28.5 m"));
  s.district.risk_points.clear();
  CHECK(row(audit(s, Language::en), "R15").status == AuditStatus::met);
  CHECK(row(audit(s, Language::en), "R16").status == AuditStatus::not_met);
  // No trigger at all: nothing watches the water.
  s.hazards.flood.warning_level_m = kNever;
  const AuditRow r15 = row(audit(s, Language::en), "R15");
  CHECK(r15.status == AuditStatus::not_met);
  CHECK_THAT(r15.found, Catch::Contains("nothing watches the water"));
}

TEST_CASE("audit: without a flood, R2, R8, R15 and R16 say where they are checked", "[audit]") {
  const auto rows = audit(load_scenario(kDir + "scenario.yaml"), Language::en);
  for (const char* id : {"R2", "R8", "R15", "R16"}) {
    CHECK(row(rows, id).status == AuditStatus::not_expressible);
    CHECK_THAT(row(rows, id).found, Catch::Contains("no flood") && Catch::Contains("hazards.flood"));
  }
}

TEST_CASE("audit: R2 fails for a community nobody warns, and for a flood without a warning trigger", "[audit]") {
  Scenario s = load_scenario(kDir + "flood.yaml");
  SECTION("a community without a team, loudspeakers and phones short of everyone: not met, named") {
    std::string dropped;
    for (auto& p : s.resources.staff)
      if (is_team_role(p.role) && !p.community.empty() && (dropped.empty() || p.community == dropped)) {
        dropped = p.community;
        p.count = 0;
      }
    REQUIRE(!dropped.empty());
    const AuditRow r2 = row(audit(s, Language::en), "R2");
    CHECK(r2.status == AuditStatus::not_met);
    CHECK_THAT(r2.found, Catch::Contains("4 of 5 communities") && Catch::Contains("not reached: " + dropped));
    // Loudspeakers that reach every household warn that community too.
    s.evacuation.loudspeaker.reach = 1;
    CHECK(row(audit(s, Language::en), "R2").status == AuditStatus::met);
  }
  SECTION("door to door counts only the roles staffing.door_to_door sends") {
    // The flood season's communities warn door to door with their community_team pools; a
    // staffing section that sends rescue_team instead leaves every community to the channels.
    s.staffing.tasks[static_cast<std::size_t>(StaffTask::door_to_door)].roles = {"rescue_team"};
    const AuditRow r2 = row(audit(s, Language::en), "R2");
    CHECK(r2.status == AuditStatus::not_met);
    CHECK_THAT(r2.found, Catch::Contains("0 of 5 communities") && Catch::Contains("roles: rescue_team"));
  }
  SECTION("no warning trigger: not met, whatever the channels") {
    s.hazards.flood.warning_level_m = kNever;
    s.hazards.flood.warning_lead_s = kNever;
    const AuditRow r2 = row(audit(s, Language::en), "R2");
    CHECK(r2.status == AuditStatus::not_met);
    CHECK_THAT(r2.found, Catch::Contains("NO warning trigger"));
  }
  SECTION("loudspeakers that reach nobody break R8") {
    s.evacuation.loudspeaker.reach = 0;
    CHECK(row(audit(s, Language::en), "R8").status == AuditStatus::not_met);
  }
}
