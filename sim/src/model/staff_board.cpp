#include "model/staff_board.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace readysim {

StaffWorld::StaffWorld(const Scenario& s) : scenario(s) {
  travel_s.resize(s.resources.staff.size());
  for (std::size_t p = 0; p < s.resources.staff.size(); ++p)
    if (const auto& home = s.resources.staff[p].home) travel_s[p] = s.district.roads.shortest_paths_from(*home).time_s;
  const std::vector<std::string> roles = staff_role_names(s);
  pools_of_role.resize(roles.size());
  for (std::size_t p = 0; p < s.resources.staff.size(); ++p) {
    const auto r = static_cast<std::int32_t>(std::find(roles.begin(), roles.end(), s.resources.staff[p].role) - roles.begin());
    role_of_pool.push_back(r);
    pools_of_role[static_cast<std::size_t>(r)].push_back(static_cast<std::int32_t>(p));
  }
  for (StaffTask t : kStaffTasks)
    for (const auto& role : s.staffing.task(t).roles) {
      const auto it = std::find(roles.begin(), roles.end(), role);
      if (it != roles.end()) task_roles[static_cast<std::size_t>(t)].push_back(static_cast<std::int32_t>(it - roles.begin()));
    }
}

std::vector<std::int32_t> eligible_pools(const Scenario& scenario, StaffTask task, std::string_view community,
                                         std::string_view station) {
  std::vector<std::int32_t> pools;
  const auto& staff = scenario.resources.staff;
  for (const auto& role : scenario.staffing.task(task).roles)
    for (std::size_t p = 0; p < staff.size(); ++p) {
      if (staff[p].role != role) continue;
      if (!community.empty() && staff[p].community != community) continue;
      if (!station.empty() && staff[p].station != station) continue;
      pools.push_back(static_cast<std::int32_t>(p));
    }
  return pools;
}

StaffGrant& StaffGrant::operator=(StaffGrant&& other) noexcept {
  if (this == &other) return *this;
  release();
  board_ = std::exchange(other.board_, nullptr);
  task_ = other.task_;
  taken_ = std::move(other.taken_);
  assignments_ = std::move(other.assignments_);
  ready_after_s_ = std::move(other.ready_after_s_);
  people_ = std::exchange(other.people_, 0);
  other.taken_.clear();
  other.assignments_.clear();
  other.ready_after_s_.clear();
  return *this;
}

void StaffGrant::release() noexcept {
  // Empty this guard first: giving back lets waiting work start at once, which may hand the
  // same holder (an engine's crew slot) a new grant while this call is still running.
  StaffBoard* board = std::exchange(board_, nullptr);
  const int people = std::exchange(people_, 0);
  std::vector<std::pair<std::int32_t, int>> taken = std::move(taken_);
  std::vector<std::size_t> assignments = std::move(assignments_);
  taken_.clear();
  assignments_.clear();
  ready_after_s_.clear();
  if (board && people > 0) board->give_back(task_, taken, assignments, people);
}

StaffBoard::StaffBoard(const StaffWorld& world, std::uint64_t seed, std::int64_t replication, double t0,
                       ReplicationRecords& out)
    : world_(world), seed_(seed), replication_(replication), t0_(t0), out_(out) {
  const auto& staff = world.scenario.resources.staff;
  for (const auto& sp : staff) free_.push_back(sp.count);
  busy_.assign(staff.size(), 0);
  held_.assign(kStaffTaskCount, 0);
  waiting_.assign(kStaffTaskCount, 0);
  out.staff_tasks.clear();
  for (StaffTask t : kStaffTasks) out.staff_tasks.push_back(StaffTaskRecord{t});
  out.staff_pools.clear();
  out.staff_assignments.clear();
  for (std::size_t p = 0; p < staff.size(); ++p) out.staff_pools.push_back(StaffPoolRecord{static_cast<std::int32_t>(p)});
  role_busy_.assign(world.pools_of_role.size(), 0);
  role_waiting_.assign(world.pools_of_role.size(), 0);
  out.staff_roles.clear();
  for (std::size_t r = 0; r < world.pools_of_role.size(); ++r) {
    StaffRoleRecord rec;
    rec.role = static_cast<std::int32_t>(r);
    out.staff_roles.push_back(rec);
  }
}

double StaffBoard::now() const { return std::max(0.0, simgrid::s4u::Engine::get_clock() - t0_); }

// Adds the time since the last change to every integral, at the state that held over it; the
// peaks are of states that held for some time (not the instant between an ask and its grant).
// Only time after the scenario's run.warm_up counts: before it nothing is integrated, and a peak
// is of a state that held for some time after it.
void StaffBoard::advance() {
  const double t = now();
  const double dt = t - std::max(last_s_, world_.scenario.run.warm_up_s);
  if (t <= last_s_) return;
  if (dt <= 0) {
    last_s_ = t;
    return;
  }
  for (std::size_t k = 0; k < kStaffTaskCount; ++k)
    out_.staff_tasks[k].peak_demand = std::max(out_.staff_tasks[k].peak_demand, held_[k] + waiting_[k]);
  for (std::size_t p = 0; p < busy_.size(); ++p)
    out_.staff_pools[p].peak_busy = std::max(out_.staff_pools[p].peak_busy, busy_[p]);
  for (std::size_t r = 0; r < role_busy_.size(); ++r) {
    StaffRoleRecord& rec = out_.staff_roles[r];
    rec.peak_busy = std::max(rec.peak_busy, role_busy_[r]);
    rec.peak_demand = std::max(rec.peak_demand, role_busy_[r] + role_waiting_[r]);
  }
  for (std::size_t k = 0; k < kStaffTaskCount; ++k) {
    out_.staff_tasks[k].busy_person_s += held_[k] * dt;
    if (waiting_[k] > 0) out_.staff_tasks[k].unmet_s += dt;
  }
  for (std::size_t p = 0; p < busy_.size(); ++p) {
    out_.staff_pools[p].busy_person_s += busy_[p] * dt;
    if (free_[p] == 0 && busy_[p] > 0) out_.staff_pools[p].exhausted_s += dt;  // an empty pool is not "exhausted"
  }
  for (std::size_t r = 0; r < role_busy_.size(); ++r) {
    StaffRoleRecord& rec = out_.staff_roles[r];
    rec.busy_person_s += role_busy_[r] * dt;
    if (role_waiting_[r] > 0) rec.unmet_s += dt;
    bool none_free = role_busy_[r] > 0;
    for (auto p : world_.pools_of_role[r]) none_free = none_free && free_[static_cast<std::size_t>(p)] == 0;
    if (none_free) rec.exhausted_s += dt;
  }
  last_s_ = t;
}

int StaffBoard::free_people(const std::vector<std::int32_t>& pools, const std::vector<char>* held_back) const {
  int n = 0;
  for (auto p : pools)
    if (!held_back || !(*held_back)[static_cast<std::size_t>(p)]) n += free_[static_cast<std::size_t>(p)];
  return n;
}

std::vector<int> StaffBoard::draw_presence(const std::vector<std::int32_t>& pools, RandomStream& rng) const {
  const auto& staff = world_.scenario.resources.staff;
  const double t = now();
  const bool holiday = world_.scenario.staffing.holiday_at(t);
  std::vector<int> present(pools.size(), 0);
  for (std::size_t i = 0; i < pools.size(); ++i) {
    const auto p = static_cast<std::size_t>(pools[i]);
    const double share = staff[p].on_duty_at(t, holiday);
    for (int k = 0; k < free_[p]; ++k) present[i] += rng.uniform01() < share ? 1 : 0;
  }
  return present;
}

StaffGrant StaffBoard::take(StaffTask task, const std::vector<std::int32_t>& pools, int n, std::vector<int> present,
                            std::optional<NodeIndex> place, RandomStream& rng) {
  advance();
  const auto& staff = world_.scenario.resources.staff;
  StaffGrant g;
  g.board_ = this;
  g.task_ = task;
  for (int pass = 0; pass < 2; ++pass) {  // those on duty first, then call-backs
    for (std::size_t i = 0; i < pools.size() && g.people_ < n; ++i) {
      const auto p = static_cast<std::size_t>(pools[i]);
      const int take = std::min(n - g.people_, pass == 0 ? present[i] : free_[p]);
      if (take <= 0) continue;
      const double travel =
          place && !world_.travel_s[p].empty() ? world_.travel_s[p][*place] : 0.0;
      for (int k = 0; k < take; ++k)
        g.ready_after_s_.push_back((pass == 1 ? staff[p].callback_delay.sample(rng) : 0.0) + travel);
      g.taken_.emplace_back(pools[i], take);
      g.assignments_.push_back(out_.staff_assignments.size());
      out_.staff_assignments.push_back(StaffAssignmentRecord{pools[i], task, take, now()});
      free_[p] -= take;
      busy_[p] += take;
      role_busy_[static_cast<std::size_t>(world_.role_of_pool[p])] += take;
      if (pass == 0) present[i] -= take;
      g.people_ += take;
    }
  }
  std::sort(g.ready_after_s_.begin(), g.ready_after_s_.end());
  held_[static_cast<std::size_t>(task)] += g.people_;
  return g;
}

void StaffBoard::give_back(StaffTask task, const std::vector<std::pair<std::int32_t, int>>& taken,
                           const std::vector<std::size_t>& assignments, int people) {
  if (finished_) return;  // the records are written; the replication is over
  advance();
  for (auto a : assignments) out_.staff_assignments[a].released_s = now();
  for (auto [p, n] : taken) {
    free_[static_cast<std::size_t>(p)] += n;
    busy_[static_cast<std::size_t>(p)] -= n;
    role_busy_[static_cast<std::size_t>(world_.role_of_pool[static_cast<std::size_t>(p)])] -= n;
  }
  held_[static_cast<std::size_t>(task)] -= people;
  offer();
}

void StaffBoard::set_waiting(StaffTask task, int people) {
  advance();
  const auto k = static_cast<std::size_t>(task);
  // What the task waits for, any of its roles could fill: each counts it as its demand.
  for (auto r : world_.task_roles[k]) role_waiting_[static_cast<std::size_t>(r)] += people - waiting_[k];
  waiting_[k] = people;
}

void StaffBoard::record_request(const StaffRequestRecord& request, bool waited) {
  // An engine crew found at once is in /incidents already; a busy year has thousands of them.
  if (request.task != StaffTask::engine_crew || waited || request.met_s == std::numeric_limits<double>::infinity())
    out_.staff_requests.push_back(request);
  // The task's totals count requests asked at or after the warm-up, as the waits' metrics do.
  if (request.asked_s < world_.scenario.run.warm_up_s) return;
  StaffTaskRecord& r = out_.staff_tasks[static_cast<std::size_t>(request.task)];
  ++r.requests;
  if (waited) ++r.waited;
  const bool unserved = request.met_s == std::numeric_limits<double>::infinity();
  if (unserved) ++r.unserved;
  r.wait_total_s += request.wait_s;
  r.max_wait_s = std::max(r.max_wait_s, request.wait_s);
}

int StaffBoard::ask(StaffTask task, const std::vector<std::int32_t>& pools, int need, bool partial,
                    std::optional<NodeIndex> place, OnGrant on_grant) {
  const int id = static_cast<int>(requests_.size());
  StaffRequestRecord rec;
  rec.task = task;
  rec.node = place ? static_cast<std::int32_t>(*place) : -1;
  rec.wanted = need;
  rec.asked_s = now();
  requests_.push_back(Request{pools, partial, place, std::move(on_grant), rec, false, need > 0});
  if (need > 0) {
    open_.push_back(id);
    add_waiting(task, need);
    offer();
    if (requests_[static_cast<std::size_t>(id)].open) requests_[static_cast<std::size_t>(id)].waited = true;
  } else {
    rec.met_s = rec.asked_s;
    record_request(rec, false);
  }
  return id;
}

int StaffBoard::still_wanted(int request) const {
  const Request& r = requests_[static_cast<std::size_t>(request)];
  return r.open ? r.remaining() : 0;
}

void StaffBoard::cancel(int request) {
  Request& r = requests_[static_cast<std::size_t>(request)];
  if (!r.open) return;
  r.open = false;
  open_.erase(std::remove(open_.begin(), open_.end(), request), open_.end());
  add_waiting(r.task(), -r.remaining());
  r.record.wait_s = now() - r.record.asked_s;
  record_request(r.record, true);
}

// Grants what a request can have now; a request left wanting holds its pools back from the
// requests behind it in the priority order.
void StaffBoard::serve(Request& r, int id, std::vector<char>& held_back) {
  const int avail = free_people(r.pools, &held_back);
  const int wanted = r.remaining();
  const int give = r.partial ? std::min(avail, wanted) : (avail >= wanted ? wanted : 0);
  if (give > 0) {
    // Presence and call-back delays from a stream of this request's own.
    RandomStream rng(seed_, static_cast<std::uint64_t>(replication_), StreamPurpose::staffing,
                     (static_cast<std::uint64_t>(id) << 20) + static_cast<std::uint64_t>(wanted));
    std::vector<std::int32_t> usable;
    for (auto p : r.pools)
      if (!held_back[static_cast<std::size_t>(p)]) usable.push_back(p);
    StaffGrant g = take(r.task(), usable, give, draw_presence(usable, rng), r.place, rng);
    add_waiting(r.task(), -give);
    const double ready = now() + g.all_ready_after_s();
    if (r.record.granted == 0) {
      r.record.first_grant_s = now();
      r.record.ready_s = ready;
    }
    r.record.ready_s = std::max(r.record.ready_s, ready);
    r.record.granted += give;
    if (r.remaining() == 0) {
      r.open = false;
      r.record.met_s = now();
      r.record.wait_s = r.record.met_s - r.record.asked_s;
      record_request(r.record, r.waited);
    }
    r.on_grant(std::move(g));
  }
  if (r.open)
    for (auto p : r.pools) held_back[static_cast<std::size_t>(p)] = 1;
}

void StaffBoard::offer() {
  if (offering_) {  // a grant's callback released or asked: go round again afterwards
    again_ = true;
    return;
  }
  offering_ = true;
  do {
    again_ = false;
    std::vector<char>& held_back = held_back_;  // reused: offer() runs on every call and release
    held_back.assign(free_.size(), 0);
    for (StaffTask task : world_.scenario.staffing.priority) {
      if (task == StaffTask::engine_crew && engine_client_) {
        for (auto p : engine_client_(held_back)) held_back[static_cast<std::size_t>(p)] = 1;
        continue;
      }
      const std::vector<int> ids = open_;
      for (int id : ids) {
        Request& r = requests_[static_cast<std::size_t>(id)];
        if (r.task() != task || !r.open) continue;
        serve(r, id, held_back);
      }
    }
    open_.erase(std::remove_if(open_.begin(), open_.end(),
                               [&](int id) { return !requests_[static_cast<std::size_t>(id)].open; }),
                open_.end());
  } while (again_);
  offering_ = false;
}

void StaffBoard::finish() {
  advance();
  const std::vector<int> ids = open_;
  for (int id : ids) cancel(id);
  finished_ = true;
}

}  // namespace readysim
