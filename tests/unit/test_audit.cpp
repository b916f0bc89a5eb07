// The readiness audit: R1–R19 against a scenario, verdicts that follow the inventory.
#include <catch2/catch.hpp>

#include "readysim/audit.hpp"

using namespace readysim;

namespace {
const std::string kDistrict = std::string(READYSIM_SOURCE_DIR) + "/scenarios/yunlianghu/scenario.yaml";

const AuditRow& row(const std::vector<AuditRow>& rows, const std::string& id) {
  for (const auto& r : rows)
    if (r.id == id) return r;
  FAIL("no row " << id);
  throw;
}
}  // namespace

TEST_CASE("audit: the default district meets every expressible minimum of the plan", "[audit]") {
  const Scenario s = load_scenario(kDistrict);
  const auto rows = audit(s, Language::en);
  REQUIRE(rows.size() == 19);
  for (const char* id : {"R1", "R4", "R5", "R6", "R9", "R10", "R11", "R12", "R14", "R17", "R18", "R19"})
    CHECK(row(rows, id).status == AuditStatus::met);
  for (const char* id : {"R2", "R3", "R7", "R8", "R13", "R15", "R16"})
    CHECK(row(rows, id).status == AuditStatus::not_expressible);
  CHECK_THAT(row(rows, "R17").found, Catch::Contains("7 firefighters (3 full-time)"));
}

TEST_CASE("audit: verdicts change with the inventory", "[audit]") {
  Scenario s = load_scenario(kDistrict);
  SECTION("a district team of 29 is not enough (R4)") {
    for (auto& t : s.resources.staff)
      if (t.role == "rescue_team" && t.community.empty()) t.count = 29;
    CHECK(row(audit(s, Language::en), "R4").status == AuditStatus::not_met);
  }
  SECTION("an engine leaving with three people breaks R18") {
    for (auto& st : s.resources.stations)
      if (st.engines > 0) st.crew_per_engine = 3;
    CHECK(row(audit(s, Language::en), "R18").status == AuditStatus::not_met);
  }
  SECTION("a community supply point of 14 m² breaks R9 and names the community") {
    std::string shrunk;
    for (auto& d : s.resources.depots)
      if (!d.community.empty() && shrunk.empty()) {
        d.floor_area_m2 = 14;
        shrunk = d.community;
      }
    const AuditRow& r9 = row(audit(s, Language::en), "R9");
    CHECK(r9.status == AuditStatus::not_met);
    CHECK_THAT(r9.found, Catch::Contains(shrunk));
  }
  SECTION("nine firefighters are more than the brigade of 6–8 the plan sets (R17)") {
    for (auto& p : s.resources.staff)
      if (p.role == "firefighter" && p.full_time) p.count += 2;
    CHECK(row(audit(s, Language::en), "R17").status == AuditStatus::not_met);
  }
  SECTION("a missing kit breaks R10") {
    for (auto& d : s.resources.depots)
      for (auto& it : d.items)
        if (it.item == "nine_ones_kit") it.quantity = 0;
    CHECK(row(audit(s, Language::en), "R10").status == AuditStatus::not_met);
  }
}

TEST_CASE("audit: both languages give the same verdicts in all three formats", "[audit]") {
  const Scenario s = load_scenario(kDistrict);
  const auto en = audit(s, Language::en);
  const auto zh = audit(s, Language::zh);
  REQUIRE(en.size() == zh.size());
  for (std::size_t i = 0; i < en.size(); ++i) {
    CHECK(en[i].status == zh[i].status);
    CHECK(en[i].requirement != zh[i].requirement);
  }
  CHECK_THAT(format_audit_text(zh, Language::zh), Catch::Contains("达标"));
  CHECK_THAT(format_audit_csv(en, Language::en), Catch::StartsWith("id,status,status_text,requirement,required,found"));
  CHECK_THAT(format_audit_json(zh, Language::zh), Catch::Contains("\"status\": \"met\""));
}
