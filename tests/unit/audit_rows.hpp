#pragma once
// Finding one requirement's row in an audit; shared by the audit tests.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "readysim/audit.hpp"

namespace readysim::testing {

/// The row of requirement `id` (R1…R19), copied: `rows` is often a temporary. Fails the test if absent.
inline AuditRow audit_row(const std::vector<AuditRow>& rows, const std::string& id) {
  for (const auto& r : rows)
    if (r.id == id) return r;
  FAIL("no row " << id);
  throw;
}

}  // namespace readysim::testing
