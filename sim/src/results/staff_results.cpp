// Staff in the results: /staff_tasks (per replication and task: requests, waits, demand),
// /staff_requests (every request for people: asked, first person, all, wait), /staff_roles
// (per replication and role: busy, peak busy, peak demand, unmet and exhausted time),
// /staff_pools (per replication and pool: busy time, peak, time exhausted), /levee_patches, and
// per-role summary rows.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "readysim/record_columns.hpp"
#include "readysim/run_results.hpp"
#include "results/replication_tables.hpp"

namespace readysim {

void add_staff_tables(const Scenario& s, const RunOutput& run, ResultSet& rs) {
  detail::add_staff_tables(s, run.replications, rs);
}

void detail::add_staff_tables(const Scenario& s, std::span<const ReplicationRecords> reps, ResultSet& rs) {
  const auto node_id = [&](std::int32_t node) { return s.district.roads.node(static_cast<NodeIndex>(node)).id; };

  using Task = ReplicationRow<StaffTaskRecord>;
  const RecordColumns<Task> tasks = {
      replication_column<StaffTaskRecord>(),
      {"task", [](const Task& r) { return std::string(staff_task_name(r->task)); }},
      {"requests", [](const Task& r) { return r->requests; }},
      {"waited", [](const Task& r) { return r->waited; }},
      {"unserved", [](const Task& r) { return r->unserved; }},
      {"wait_total", "s", [](const Task& r) { return r->wait_total_s; }},
      {"wait_max", "s", [](const Task& r) { return r->max_wait_s; }},
      {"busy", "person-h", [](const Task& r) { return r->busy_person_s / 3600.0; }},
      {"peak_demand", [](const Task& r) { return r->peak_demand; }},
      {"unmet_time", "s", [](const Task& r) { return r->unmet_s; }},
  };
  add_record_table(rs, "staff_tasks", tasks, replication_rows(reps, &ReplicationRecords::staff_tasks));

  using Request = ReplicationRow<StaffRequestRecord>;
  const RecordColumns<Request> requests = {
      replication_column<StaffRequestRecord>(),
      {"task", [](const Request& q) { return std::string(staff_task_name(q->task)); }},
      {"node", [&](const Request& q) { return q->node >= 0 ? node_id(q->node) : std::string(); }},
      {"wanted", [](const Request& q) { return q->wanted; }},
      {"granted", [](const Request& q) { return q->granted; }},
      {"asked", "s", [](const Request& q) { return q->asked_s; }},
      {"first_grant", "s", [](const Request& q) { return q->first_grant_s; }},
      {"met", "s", [](const Request& q) { return q->met_s; }},
      {"ready", "s", [](const Request& q) { return q->ready_s; }},
      {"wait", "s", [](const Request& q) { return q->wait_s; }},
  };
  add_record_table(rs, "staff_requests", requests, replication_rows(reps, &ReplicationRecords::staff_requests));

  using Pool = ReplicationRow<StaffPoolRecord>;
  const auto pool = [&](const Pool& r) -> const StaffPool& { return s.resources.staff[static_cast<std::size_t>(r->pool)]; };
  const RecordColumns<Pool> pools = {
      replication_column<StaffPoolRecord>(),
      {"pool", [&](const Pool& r) { return pool(r).id; }},
      {"role", [&](const Pool& r) { return pool(r).role; }},
      {"count", [&](const Pool& r) { return pool(r).count; }},
      {"busy", "person-h", [](const Pool& r) { return r->busy_person_s / 3600.0; }},
      {"peak_busy", [](const Pool& r) { return r->peak_busy; }},
      {"exhausted_time", "s", [](const Pool& r) { return r->exhausted_s; }},
  };
  add_record_table(rs, "staff_pools", pools, replication_rows(reps, &ReplicationRecords::staff_pools));

  const std::vector<std::string> role_names = staff_role_names(s);
  using Role = ReplicationRow<StaffRoleRecord>;
  const RecordColumns<Role> roles = {
      replication_column<StaffRoleRecord>(),
      {"role", [&](const Role& r) { return role_names[static_cast<std::size_t>(r->role)]; }},
      {"busy", "person-h", [](const Role& r) { return r->busy_person_s / 3600.0; }},
      {"peak_busy", [](const Role& r) { return r->peak_busy; }},
      {"peak_demand", [](const Role& r) { return r->peak_demand; }},
      {"unmet_time", "s", [](const Role& r) { return r->unmet_s; }},
      {"exhausted_time", "s", [](const Role& r) { return r->exhausted_s; }},
  };
  add_record_table(rs, "staff_roles", roles, replication_rows(reps, &ReplicationRecords::staff_roles));

  using Patch = ReplicationRow<LeveePatch>;
  const RecordColumns<Patch> patches = {
      replication_column<LeveePatch>(),
      {"time", "s", [](const Patch& p) { return p->time_s; }},
      {"node", [&](const Patch& p) { return node_id(p->node); }},
      {"metres", "m", [](const Patch& p) { return p->metres; }},
  };
  add_record_table(rs, "levee_patches", patches, replication_rows(reps, &ReplicationRecords::levee_patches));
}

void summarize_staff_roles(const Scenario& s, const RunOutput& run, std::vector<stats::Summary>& out) {
  // One value per replication and role: person-hours on tasks, most busy at once, most wanted at
  // once (busy + what waiting requests it may fill asked for), time with unmet demand it could
  // have met, time with none of its people free.
  const std::vector<std::string> roles = staff_role_names(s);
  const int reps = static_cast<int>(run.replications.size());
  std::vector<int> replication_of(run.replications.size());
  for (int r = 0; r < reps; ++r) replication_of[static_cast<std::size_t>(r)] = r;
  for (std::size_t role = 0; role < roles.size(); ++role) {
    std::vector<double> busy, peak, demand, unmet, exhausted;
    for (const auto& rep : run.replications) {
      if (role >= rep.staff_roles.size()) continue;
      const StaffRoleRecord& r = rep.staff_roles[role];
      busy.push_back(r.busy_person_s / 3600.0);
      peak.push_back(r.peak_busy);
      demand.push_back(r.peak_demand);
      unmet.push_back(r.unmet_s);
      exhausted.push_back(r.exhausted_s);
    }
    if (std::all_of(demand.begin(), demand.end(), [](double v) { return v == 0; })) continue;  // never asked
    const std::string base = fmt::format("staff.role.{}", roles[role]);
    out.push_back(stats::summarize(base + ".busy", "person-h", busy, replication_of, reps));
    out.push_back(stats::summarize(base + ".peak_busy", "people", peak, replication_of, reps));
    out.push_back(stats::summarize(base + ".peak_demand", "people", demand, replication_of, reps));
    out.push_back(stats::summarize(base + ".unmet_time", "s", unmet, replication_of, reps));
    out.push_back(stats::summarize(base + ".exhausted_time", "s", exhausted, replication_of, reps));
  }
}

}  // namespace readysim
