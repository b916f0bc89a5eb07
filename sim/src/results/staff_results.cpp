// Staff in the results: /staff_tasks (per replication and task: requests, waits, demand),
// /staff_requests (every request for people: asked, first person, all, wait), /staff_roles
// (per replication and role: busy, peak busy, peak demand, unmet and exhausted time),
// /staff_pools (per replication and pool: busy time, peak, time exhausted), /staff_assignments
// (people of a pool taken for a task and given back: busy over time), /levee_patches, and
// per-role summary rows. The per-replication tables count what happened after run.warm_up (the
// staff board integrates from there); /staff_requests and /staff_assignments keep every one.
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
      {"task", [](const Task& r) { return std::string(staff_task_name(r->task)); },
         "staff task (engine_crew, levee_patrol, …)"},
      {"requests", [](const Task& r) { return r->requests; }, "times people were asked for, from run.warm_up on"},
      {"waited", [](const Task& r) { return r->waited; }, "requests that could not start at once"},
      {"unserved", [](const Task& r) { return r->unserved; }, "requests still not (fully) met at the end"},
      {"wait_total", "s", [](const Task& r) { return r->wait_total_s; },
         "sum over those requests of the time until people were assigned (engine crews: the crew wait)"},
      {"wait_max", "s", [](const Task& r) { return r->max_wait_s; }, "longest such wait"},
      {"busy", "person-h", [](const Task& r) { return r->busy_person_s / 3600.0; },
         "person-hours assigned to the task after run.warm_up"},
      {"peak_demand", [](const Task& r) { return r->peak_demand; },
         "most people the task wanted at once (assigned + waiting) after run.warm_up"},
      {"unmet_time", "s", [](const Task& r) { return r->unmet_s; }, "time some of its demand waited for people, after run.warm_up"},
  };
  add_record_table(rs, "staff_tasks", tasks, replication_rows(reps, &ReplicationRecords::staff_tasks));

  using Request = ReplicationRow<StaffRequestRecord>;
  const RecordColumns<Request> requests = {
      replication_column<StaffRequestRecord>(),
      {"task", [](const Request& q) { return std::string(staff_task_name(q->task)); }, "task that asked"},
      {"node", [&](const Request& q) { return q->node >= 0 ? node_id(q->node) : std::string(); },
         "road node where the people were wanted; empty if nowhere in particular"},
      {"wanted", [](const Request& q) { return q->wanted; }, "people asked for"},
      {"granted", [](const Request& q) { return q->granted; }, "people assigned in the end"},
      {"asked", "s", [](const Request& q) { return q->asked_s; }, "when it asked"},
      {"first_grant", "s", [](const Request& q) { return q->first_grant_s; }, "first person assigned; inf if none"},
      {"met", "s", [](const Request& q) { return q->met_s; }, "all assigned; inf if never"},
      {"ready", "s", [](const Request& q) { return q->ready_s; },
         "the last one assigned is at the place (drive and call-back delay included); inf if never"},
      {"wait", "s", [](const Request& q) { return q->wait_s; },
         "asked to all assigned; if never, to when it was given up"},
  };
  add_record_table(rs, "staff_requests", requests, replication_rows(reps, &ReplicationRecords::staff_requests));

  using Pool = ReplicationRow<StaffPoolRecord>;
  const auto pool = [&](const Pool& r) -> const StaffPool& { return s.resources.staff[static_cast<std::size_t>(r->pool)]; };
  const RecordColumns<Pool> pools = {
      replication_column<StaffPoolRecord>(),
      {"pool", [&](const Pool& r) { return pool(r).id; }, "staff pool (resources.staff)"},
      {"role", [&](const Pool& r) { return pool(r).role; }, "its role"},
      {"count", [&](const Pool& r) { return pool(r).count; }, "people in the pool"},
      {"busy", "person-h", [](const Pool& r) { return r->busy_person_s / 3600.0; },
         "person-hours its people spent on tasks after run.warm_up"},
      {"peak_busy", [](const Pool& r) { return r->peak_busy; }, "most of its people busy at once"},
      {"exhausted_time", "s", [](const Pool& r) { return r->exhausted_s; }, "time every one of its people was busy, after run.warm_up"},
  };
  add_record_table(rs, "staff_pools", pools, replication_rows(reps, &ReplicationRecords::staff_pools));

  using Assignment = ReplicationRow<StaffAssignmentRecord>;
  const auto pool_of = [&](const Assignment& a) -> const StaffPool& {
    return s.resources.staff[static_cast<std::size_t>(a->pool)];
  };
  const RecordColumns<Assignment> assignments = {
      replication_column<StaffAssignmentRecord>(),
      {"pool", [&](const Assignment& a) { return pool_of(a).id; }, "staff pool (resources.staff)"},
      {"role", [&](const Assignment& a) { return pool_of(a).role; }, "its role"},
      {"task", [](const Assignment& a) { return std::string(staff_task_name(a->task)); }, "what they were taken for"},
      {"people", [](const Assignment& a) { return a->people; }, "people of the pool taken at once"},
      {"taken", "s", [](const Assignment& a) { return a->taken_s; },
         "assigned: busy from here (travel and call-back included); the warm-up included"},
      {"released", "s", [](const Assignment& a) { return a->released_s; },
         "given back; inf if still busy when the replication ended"},
  };
  add_record_table(rs, "staff_assignments", assignments,
                   replication_rows(reps, &ReplicationRecords::staff_assignments));

  const std::vector<std::string> role_names = staff_role_names(s);
  using Role = ReplicationRow<StaffRoleRecord>;
  const RecordColumns<Role> roles = {
      replication_column<StaffRoleRecord>(),
      {"role", [&](const Role& r) { return role_names[static_cast<std::size_t>(r->role)]; }, "staff role"},
      {"busy", "person-h", [](const Role& r) { return r->busy_person_s / 3600.0; },
         "person-hours its people spent on tasks after run.warm_up"},
      {"peak_busy", [](const Role& r) { return r->peak_busy; }, "most of its people busy at once"},
      {"peak_demand", [](const Role& r) { return r->peak_demand; },
         "most people wanted of it at once: busy + waiting requests it may fill"},
      {"unmet_time", "s", [](const Role& r) { return r->unmet_s; }, "time some request it may fill waited for people, after run.warm_up"},
      {"exhausted_time", "s", [](const Role& r) { return r->exhausted_s; }, "time none of its people was free, after run.warm_up"},
  };
  add_record_table(rs, "staff_roles", roles, replication_rows(reps, &ReplicationRecords::staff_roles));

  using Patch = ReplicationRow<LeveePatch>;
  const RecordColumns<Patch> patches = {
      replication_column<LeveePatch>(),
      {"time", "s", [](const Patch& p) { return p->time_s; }, "when the sandbags are taken"},
      {"node", [&](const Patch& p) { return node_id(p->node); }, "road node of the patch"},
      {"metres", "m", [](const Patch& p) { return p->metres; }, "metres of levee patched"},
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
