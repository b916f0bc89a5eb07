#pragma once
// Field-by-field equality of the staff records (their padding bytes are not part of the value),
// for the determinism tests.

#include <tuple>
#include <vector>

#include "readysim/records.hpp"

namespace readysim::testing {

inline auto fields(const StaffTaskRecord& r) {
  return std::tie(r.task, r.requests, r.waited, r.unserved, r.wait_total_s, r.max_wait_s, r.busy_person_s,
                  r.peak_demand, r.unmet_s);
}
inline auto fields(const StaffPoolRecord& r) { return std::tie(r.pool, r.busy_person_s, r.peak_busy, r.exhausted_s); }
inline auto fields(const StaffRoleRecord& r) {
  return std::tie(r.role, r.peak_busy, r.peak_demand, r.busy_person_s, r.unmet_s, r.exhausted_s);
}
inline auto fields(const StaffRequestRecord& r) {
  return std::tie(r.task, r.node, r.wanted, r.granted, r.asked_s, r.first_grant_s, r.met_s, r.ready_s, r.wait_s);
}
inline auto fields(const LeveePatch& r) { return std::tie(r.time_s, r.node, r.metres); }

/// True when both vectors hold the same records, bit for bit in every field.
template <class T>
bool same_records(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (fields(a[i]) != fields(b[i])) return false;
  return true;
}

/// The staff part of two replications' records is the same.
inline bool same_staff(const ReplicationRecords& a, const ReplicationRecords& b) {
  return same_records(a.staff_tasks, b.staff_tasks) && same_records(a.staff_pools, b.staff_pools) &&
         same_records(a.staff_roles, b.staff_roles) &&
         same_records(a.staff_requests, b.staff_requests) && same_records(a.levee_patches, b.levee_patches);
}

}  // namespace readysim::testing
