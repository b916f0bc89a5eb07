// The audit's warning requirements: R2 (warnings reach every household) and R8 (village
// loudspeakers) are checked on a flood scenario, and say so on one without a flood.
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
  for (const char* id : {"R15", "R16"}) {
    CHECK(row(rows, id).status == AuditStatus::not_expressible);
    CHECK_THAT(row(rows, id).found, Catch::Contains("outside the simulation"));
  }
  // Nothing promises a feature that "arrives" later, in either language.
  for (Language lang : {Language::en, Language::zh})
    for (const auto& r : audit(s, lang)) {
      CHECK_THAT(r.found, !Catch::Contains("arrive") && !Catch::Contains("暂无法表达"));
    }
}

TEST_CASE("audit: without a flood, R2 and R8 say where they are checked", "[audit]") {
  const auto rows = audit(load_scenario(kDir + "scenario.yaml"), Language::en);
  for (const char* id : {"R2", "R8"}) {
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
