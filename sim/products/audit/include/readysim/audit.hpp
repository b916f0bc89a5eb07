#pragma once
/// \file audit.hpp
/// The readiness audit: each requirement R1–R19 of the reform plan against a scenario.

#include <string>
#include <string_view>
#include <vector>

#include "readysim/language.hpp"
#include "readysim/scenario.hpp"

namespace readysim {

/// Outcome of checking one requirement.
enum class AuditStatus { met, not_met, not_expressible };

/// One row of the audit.
struct AuditRow {
  std::string id;            ///< "R1" … "R19"
  AuditStatus status = AuditStatus::not_expressible;  ///< the verdict
  std::string requirement;   ///< what the requirement is (from the message catalogue)
  std::string required;      ///< what the plan requires, quantified
  std::string found;         ///< what the scenario has
};

/// Checks R1–R19 against the scenario, worded in `lang` from the message catalogue.
std::vector<AuditRow> audit(const Scenario& s, Language lang);

/// Status as a word in `lang` ("met" / "达标").
std::string_view audit_status_text(AuditStatus st, Language lang);

/// The audit's title line for a scenario, in `lang`.
std::string audit_title(const Scenario& s, Language lang);

/// Audit rows as an aligned text table.
std::string format_audit_text(const std::vector<AuditRow>& rows, Language lang);
/// Audit rows as CSV (RFC 4180, UTF-8, header row).
std::string format_audit_csv(const std::vector<AuditRow>& rows, Language lang);
/// Audit rows as a JSON array of objects.
std::string format_audit_json(const std::vector<AuditRow>& rows, Language lang);

}  // namespace readysim
