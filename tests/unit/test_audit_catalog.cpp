// The audit's wording: the `audit:` section of the shared catalogue (sim/src/text/catalog/LANG.yaml).
// test_messages.cpp checks that English and Chinese hold the same keys over the whole catalogue;
// here, that the section is where the audit reads it and holds every requirement's texts.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "readysim/audit.hpp"
#include "readysim/messages.hpp"

using namespace readysim;

TEST_CASE("audit catalogues: the audit section holds every requirement in both languages", "[audit]") {
  for (Language lang : {Language::en, Language::zh}) {
    INFO(language_code(lang));
    const MessageSection audit = messages(lang).section("audit");
    const auto keys = audit.keys();
    const std::set<std::string> set(keys.begin(), keys.end());
    CHECK(set.size() > 60);
    for (int r = 1; r <= 19; ++r)
      for (const char* part : {"requirement", "required", "found"}) {
        INFO("R" << r << "." << part);
        CHECK(set.count("R" + std::to_string(r) + "." + part) == 1);
      }
    CHECK(audit.text("status.met") == messages(lang).text("audit.status.met"));
  }
  CHECK(audit_status_text(AuditStatus::not_met, Language::zh) == "未达标");
  CHECK(audit_status_text(AuditStatus::not_met, Language::en) == "NOT MET");
}
