// Issue 19: when each staff member is taken and given back (ReplicationRecords::staff_assignments,
// /staff_assignments), so that the report can draw staff busy over time. The intervals are checked
// against crew.yaml's hand-checked crews, against the board's own busy integrals and peaks on the
// district and the flood season, and across worker counts (they travel through the workers' pipes).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "readysim/results.hpp"
#include "readysim/run.hpp"
#include "readysim/run_results.hpp"

using namespace readysim;

namespace {

const std::string kSource = std::string(READYSIM_SOURCE_DIR);

RunOutput run(const Scenario& s, int replications, int jobs = 1) {
  RunOptions opt;
  opt.replications = replications;
  opt.jobs = jobs;
  return run_replications(s, opt);
}

// Per role: the person-seconds of its assignments after `from` and up to `end`, and the most of
// its people busy at once over a stretch of positive length after `from` (the board's rules).
struct RoleUse {
  double busy_person_s = 0;
  int peak = 0;
};

std::map<std::int32_t, RoleUse> use_by_role(const Scenario& s, const ReplicationRecords& r, double from, double end) {
  const std::vector<std::string> roles = staff_role_names(s);
  std::map<std::int32_t, RoleUse> out;
  std::map<std::int32_t, std::vector<std::pair<double, int>>> steps;  // role: (time, +people / -people)
  for (const auto& a : r.staff_assignments) {
    const std::string& role = s.resources.staff.at(static_cast<std::size_t>(a.pool)).role;
    const auto k = static_cast<std::int32_t>(std::find(roles.begin(), roles.end(), role) - roles.begin());
    const double released = std::isfinite(a.released_s) ? a.released_s : end;
    out[k].busy_person_s += a.people * std::max(0.0, std::min(released, end) - std::max(a.taken_s, from));
    steps[k].emplace_back(a.taken_s, a.people);
    steps[k].emplace_back(released, -a.people);
  }
  for (auto& [k, events] : steps) {
    std::sort(events.begin(), events.end());
    int busy = 0;
    for (std::size_t i = 0; i < events.size(); ++i) {
      busy += events[i].second;
      const double next = i + 1 < events.size() ? events[i + 1].first : end;
      if (next > events[i].first && next > from) out[k].peak = std::max(out[k].peak, busy);
    }
  }
  return out;
}

// The end of the replication as the board saw it: its last change.
double last_change(const ReplicationRecords& r) {
  double end = 0;
  for (const auto& a : r.staff_assignments) end = std::max({end, a.taken_s, std::isfinite(a.released_s) ? a.released_s : 0.0});
  return end;
}

}  // namespace

TEST_CASE("staff assignments: crew.yaml's crews taken and given back", "[staff][assignments]") {
  // Hand-checked in test_crew.cpp: four crews of four, fire 0 busy 120–902 s, fire 1 (east, called
  // back) 120–1804 s, fire 2 902–1684 s, fire 3 (east again) 7320–8642 s.
  const Scenario s = load_scenario(kSource + "/scenarios/validation/crew.yaml");
  const ReplicationRecords r = run(s, 1).replications.at(0);
  std::vector<std::tuple<double, double>> crews;
  std::map<std::tuple<double, double>, int> people;
  for (const auto& a : r.staff_assignments) {
    CHECK(a.task == StaffTask::engine_crew);
    people[{a.taken_s, a.released_s}] += a.people;
  }
  constexpr double kTokens = 1e-3;  // platoon tokens on the drives
  const std::vector<std::pair<double, double>> want{{120, 902}, {120, 1804}, {902, 1684}, {7320, 8642}};
  REQUIRE(people.size() == want.size());
  std::size_t i = 0;
  for (const auto& [interval, n] : people) {
    INFO("crew " << i);
    CHECK(std::get<0>(interval) == Approx(want[i].first).margin(kTokens));
    CHECK(std::get<1>(interval) == Approx(want[i].second).margin(kTokens));
    CHECK(n == 4);
    ++i;
  }
}

TEST_CASE("staff assignments: their sum is the board's busy time and peak, per role", "[staff][assignments]") {
  for (const char* file : {"scenario.yaml", "flood.yaml"}) {
    INFO(file);
    const Scenario s = load_scenario(kSource + "/scenarios/yunlianghu/" + file);
    const RunOutput out = run(s, 4);
    for (const auto& r : out.replications) {
      INFO("replication " << r.replication);
      REQUIRE_FALSE(r.staff_assignments.empty());
      for (const auto& a : r.staff_assignments) {
        CHECK(a.people > 0);
        CHECK(a.released_s >= a.taken_s);
      }
      const auto use = use_by_role(s, r, s.run.warm_up_s, last_change(r));
      for (const StaffRoleRecord& role : r.staff_roles) {
        INFO("role " << staff_role_names(s).at(static_cast<std::size_t>(role.role)));
        const auto it = use.find(role.role);
        const RoleUse u = it == use.end() ? RoleUse{} : it->second;
        CHECK(u.busy_person_s == Approx(role.busy_person_s).epsilon(1e-9).margin(1e-6));
        CHECK(u.peak == role.peak_busy);
      }
    }
  }
}

TEST_CASE("staff assignments: the same at any number of workers, and in the results file", "[staff][assignments]") {
  const Scenario s = load_scenario(kSource + "/scenarios/yunlianghu/flood.yaml");
  const RunOutput one = run(s, 3, 1), two = run(s, 3, 2);
  for (std::size_t k = 0; k < 3; ++k) {
    const auto& a = one.replications[k].staff_assignments;
    const auto& b = two.replications[k].staff_assignments;
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      CHECK(std::tie(a[i].pool, a[i].task, a[i].people, a[i].taken_s, a[i].released_s) ==
            std::tie(b[i].pool, b[i].task, b[i].people, b[i].taken_s, b[i].released_s));
    }
  }
  RunOptions opt;
  opt.replications = 3;
  const ResultSet rs = run_result_set(s, opt, one, summarize_run(s, one));
  const Table* t = nullptr;
  for (const auto& table : rs.tables)
    if (table.name == "staff_assignments") t = &table;
  REQUIRE(t != nullptr);
  std::size_t rows = 0;
  for (const auto& r : one.replications) rows += r.staff_assignments.size();
  const Column* role = t->find("role");
  REQUIRE(role != nullptr);
  const auto& roles = std::get<std::vector<std::string>>(role->values);
  CHECK(roles.size() == rows);
  CHECK(std::count(roles.begin(), roles.end(), "community_team") > 0);
  const Column* released = t->find("released");
  REQUIRE(released != nullptr);
  CHECK(released->unit == "s");
}
