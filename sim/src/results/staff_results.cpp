// Staff in the results: /staff_tasks (per replication and task: requests, waits, demand),
// /staff_requests (every request for people: asked, first person, all, wait), /staff_roles
// (per replication and role: busy, peak busy, peak demand, unmet and exhausted time),
// /staff_pools (per replication and pool: busy time, peak, time exhausted), /levee_patches, and
// per-role summary rows.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "readysim/run_results.hpp"

namespace readysim {

void add_staff_tables(const Scenario& s, const RunOutput& run, ResultSet& rs) {
  Table& tasks = rs.add_table("staff_tasks");
  auto& t_rep = tasks.add_ints("replication");
  auto& t_task = tasks.add_strings("task");
  auto& t_requests = tasks.add_ints("requests");
  auto& t_waited = tasks.add_ints("waited");
  auto& t_unserved = tasks.add_ints("unserved");
  auto& t_wait_total = tasks.add_doubles("wait_total", {}, "s");
  auto& t_wait_max = tasks.add_doubles("wait_max", {}, "s");
  auto& t_busy = tasks.add_doubles("busy", {}, "person-h");
  auto& t_peak = tasks.add_ints("peak_demand");
  auto& t_unmet = tasks.add_doubles("unmet_time", {}, "s");
  for (const auto& rep : run.replications)
    for (const StaffTaskRecord& r : rep.staff_tasks) {
      t_rep.push_back(rep.replication);
      t_task.push_back(std::string(staff_task_name(r.task)));
      t_requests.push_back(r.requests);
      t_waited.push_back(r.waited);
      t_unserved.push_back(r.unserved);
      t_wait_total.push_back(r.wait_total_s);
      t_wait_max.push_back(r.max_wait_s);
      t_busy.push_back(r.busy_person_s / 3600.0);
      t_peak.push_back(r.peak_demand);
      t_unmet.push_back(r.unmet_s);
    }

  Table& reqs = rs.add_table("staff_requests");
  auto& q_rep = reqs.add_ints("replication");
  auto& q_task = reqs.add_strings("task");
  auto& q_node = reqs.add_strings("node");
  auto& q_wanted = reqs.add_ints("wanted");
  auto& q_granted = reqs.add_ints("granted");
  auto& q_asked = reqs.add_doubles("asked", {}, "s");
  auto& q_first = reqs.add_doubles("first_grant", {}, "s");
  auto& q_met = reqs.add_doubles("met", {}, "s");
  auto& q_ready = reqs.add_doubles("ready", {}, "s");
  auto& q_wait = reqs.add_doubles("wait", {}, "s");
  for (const auto& rep : run.replications)
    for (const StaffRequestRecord& q : rep.staff_requests) {
      q_rep.push_back(rep.replication);
      q_task.push_back(std::string(staff_task_name(q.task)));
      q_node.push_back(q.node >= 0 ? s.district.roads.node(static_cast<NodeIndex>(q.node)).id : "");
      q_wanted.push_back(q.wanted);
      q_granted.push_back(q.granted);
      q_asked.push_back(q.asked_s);
      q_first.push_back(q.first_grant_s);
      q_met.push_back(q.met_s);
      q_ready.push_back(q.ready_s);
      q_wait.push_back(q.wait_s);
    }

  Table& pools = rs.add_table("staff_pools");
  auto& p_rep = pools.add_ints("replication");
  auto& p_pool = pools.add_strings("pool");
  auto& p_role = pools.add_strings("role");
  auto& p_count = pools.add_ints("count");
  auto& p_busy = pools.add_doubles("busy", {}, "person-h");
  auto& p_peak = pools.add_ints("peak_busy");
  auto& p_exhausted = pools.add_doubles("exhausted_time", {}, "s");
  for (const auto& rep : run.replications)
    for (const StaffPoolRecord& r : rep.staff_pools) {
      const StaffPool& sp = s.resources.staff[static_cast<std::size_t>(r.pool)];
      p_rep.push_back(rep.replication);
      p_pool.push_back(sp.id);
      p_role.push_back(sp.role);
      p_count.push_back(sp.count);
      p_busy.push_back(r.busy_person_s / 3600.0);
      p_peak.push_back(r.peak_busy);
      p_exhausted.push_back(r.exhausted_s);
    }

  const std::vector<std::string> role_names = staff_role_names(s);
  Table& roles = rs.add_table("staff_roles");
  auto& r_rep = roles.add_ints("replication");
  auto& r_role = roles.add_strings("role");
  auto& r_busy = roles.add_doubles("busy", {}, "person-h");
  auto& r_peak = roles.add_ints("peak_busy");
  auto& r_demand = roles.add_ints("peak_demand");
  auto& r_unmet = roles.add_doubles("unmet_time", {}, "s");
  auto& r_exhausted = roles.add_doubles("exhausted_time", {}, "s");
  for (const auto& rep : run.replications)
    for (const StaffRoleRecord& r : rep.staff_roles) {
      r_rep.push_back(rep.replication);
      r_role.push_back(role_names[static_cast<std::size_t>(r.role)]);
      r_busy.push_back(r.busy_person_s / 3600.0);
      r_peak.push_back(r.peak_busy);
      r_demand.push_back(r.peak_demand);
      r_unmet.push_back(r.unmet_s);
      r_exhausted.push_back(r.exhausted_s);
    }

  Table& levee = rs.add_table("levee_patches");
  auto& l_rep = levee.add_ints("replication");
  auto& l_time = levee.add_doubles("time", {}, "s");
  auto& l_node = levee.add_strings("node");
  auto& l_metres = levee.add_doubles("metres", {}, "m");
  for (const auto& rep : run.replications)
    for (const LeveePatch& p : rep.levee_patches) {
      l_rep.push_back(rep.replication);
      l_time.push_back(p.time_s);
      l_node.push_back(s.district.roads.node(static_cast<NodeIndex>(p.node)).id);
      l_metres.push_back(p.metres);
    }
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
