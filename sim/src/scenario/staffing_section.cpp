#include "scenario/staffing_section.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "readysim/suggest.hpp"
#include "readysim/units.hpp"

namespace readysim {

std::string_view staff_task_name(StaffTask t) {
  switch (t) {
    case StaffTask::engine_crew: return "engine_crew";
    case StaffTask::door_to_door: return "door_to_door";
    case StaffTask::transport_driver: return "transport_driver";
    case StaffTask::levee_patrol: return "levee_patrol";
    case StaffTask::shelter_management: return "shelter_management";
  }
  return "?";
}

std::optional<StaffTask> staff_task_from_name(std::string_view name) {
  for (StaffTask t : kStaffTasks)
    if (staff_task_name(t) == name) return t;
  return std::nullopt;
}

int Staffing::rank(StaffTask t) const {
  const auto it = std::find(priority.begin(), priority.end(), t);
  return static_cast<int>(it - priority.begin());
}

std::vector<std::string> staff_role_names(const Scenario& s) {
  std::set<std::string> roles;
  for (const auto& sp : s.resources.staff) roles.insert(sp.role);
  return {roles.begin(), roles.end()};
}

bool Staffing::holiday_at(double t_s) const {
  return std::any_of(holidays.begin(), holidays.end(), [&](const auto& h) { return t_s >= h.first && t_s < h.second; });
}

double StaffPool::on_duty_at(double t_s, bool holiday) const {
  const double day = std::fmod(std::max(0.0, t_s), 86400.0);
  const DutyRoster& roster = holiday && on_holiday ? *on_holiday : on_duty_by_hour;
  return roster[std::min<std::size_t>(23, static_cast<std::size_t>(day / 3600.0))];
}

namespace {

std::vector<std::string> task_names() {
  std::vector<std::string> names;
  for (StaffTask t : kStaffTasks) names.emplace_back(staff_task_name(t));
  return names;
}

// A list of role names (strings); reports anything else.
std::vector<std::string> read_roles(const YAML::Node& n, YamlReader& r, const std::string& what) {
  std::vector<std::string> roles;
  if (!n.IsSequence() || n.size() == 0) {
    r.error(n, fmt::format("{}: roles must be a list of staff roles, preferred first, e.g. [driver, militia]", what));
    return roles;
  }
  for (std::size_t i = 0; i < n.size(); ++i) {
    if (!n[i].IsScalar() || n[i].Scalar().empty()) {
      r.error(n[i], fmt::format("{}: roles[{}] must be a role name", what, i));
      continue;
    }
    if (std::find(roles.begin(), roles.end(), n[i].Scalar()) != roles.end())
      r.error(n[i], fmt::format("{}: role '{}' is listed twice", what, n[i].Scalar()));
    else
      roles.push_back(n[i].Scalar());
  }
  return roles;
}

}  // namespace

namespace {

// A share (the same every hour) or a list of 24 shares under `key`.
std::optional<DutyRoster> read_roster(const YAML::Node& pool, const char* key, YamlReader& r, const std::string& what) {
  const YAML::Node n = pool[key];
  if (!n) return std::nullopt;
  DutyRoster out{};
  if (n.IsSequence()) {
    if (n.size() != 24) {
      r.error(n, fmt::format("{}: {} as a roster must list 24 shares, hour 0 (midnight to 1 am) to hour 23; it has {}",
                             what, key, n.size()));
      return std::nullopt;
    }
    for (std::size_t h = 0; h < 24; ++h) {
      double v = -1;
      try {
        v = n[h].as<double>();
      } catch (const YAML::Exception&) {
      }
      if (!(v >= 0 && v <= 1)) {
        r.error(n[h], fmt::format("{}: {}[{}] (hour {}:00) must be a share between 0 and 1, got '{}'", what, key, h,
                                  h, n[h].IsScalar() ? n[h].Scalar() : "a list or map"));
        continue;
      }
      out[h] = v;
    }
    return out;
  }
  const auto v = r.number(pool, key, what, false, 0.0, 1.0);
  if (!v) return std::nullopt;
  out.fill(*v);
  return out;
}

bool constant(const DutyRoster& r) {
  return std::all_of(r.begin(), r.end(), [&](double v) { return v == r[0]; });
}

void emit_roster(YAML::Emitter& out, const char* key, const DutyRoster& r) {
  out << YAML::Key << key << YAML::Value;
  if (constant(r)) {
    out << r[0];
    return;
  }
  out << YAML::Flow << YAML::BeginSeq;
  for (double v : r) out << v;
  out << YAML::EndSeq;
}

}  // namespace

void read_on_duty(const YAML::Node& pool, YamlReader& r, const std::string& what, StaffPool& out) {
  if (auto roster = read_roster(pool, "on_duty_share", r, what)) out.on_duty_by_hour = *roster;
  out.on_holiday = read_roster(pool, "on_duty_share_holiday", r, what);
}

void read_staffing_section(const YAML::Node& n, YamlReader& r, Staffing& out) {
  for (auto& t : out.tasks) t.where = SourceLocation{};
  if (!n || n.IsNull()) return;
  out.where = r.at(n);
  const std::string what = "staffing";
  std::vector<std::string> keys{"priority", "holidays"};
  for (const auto& name : task_names()) keys.push_back(name);
  if (!r.expect_map(n, what, keys)) return;
  if (const YAML::Node p = n["priority"]) {
    const std::vector<std::string> names = task_names();
    std::vector<StaffTask> order;
    bool ok = p.IsSequence();
    if (!ok) r.error(p, fmt::format("{}: priority must be a list of tasks, highest first: {}", what, fmt::join(names, ", ")));
    for (std::size_t i = 0; ok && i < p.size(); ++i) {
      const std::string name = p[i].IsScalar() ? p[i].Scalar() : "";
      const auto t = staff_task_from_name(name);
      if (!t) {
        r.error(p[i], fmt::format("{}: priority[{}]: '{}' is not a task{}; tasks are {}", what, i, name,
                                  did_you_mean(name, names), fmt::join(names, ", ")));
        ok = false;
      } else if (std::find(order.begin(), order.end(), *t) != order.end()) {
        r.error(p[i], fmt::format("{}: priority lists '{}' twice", what, name));
        ok = false;
      } else {
        order.push_back(*t);
      }
    }
    if (ok) {
      // Tasks left out keep their default order, after those listed.
      for (StaffTask t : kStaffTasks)
        if (std::find(order.begin(), order.end(), t) == order.end()) order.push_back(t);
      out.priority = order;
    }
  }
  if (const YAML::Node hs = n["holidays"]) {
    if (r.expect_list(hs, what + ".holidays")) {
      for (std::size_t i = 0; i < hs.size(); ++i) {
        const std::string hl = fmt::format("{}.holidays[{}]", what, i);
        if (!r.expect_map(hs[i], hl, {"from", "to"})) continue;
        const auto from = r.quantity(hs[i], "from", Dimension::duration, hl, true, false);
        const auto to = r.quantity(hs[i], "to", Dimension::duration, hl, true, true);
        if (from && to && *from >= *to)
          r.error(hs[i], fmt::format("{}: 'from' must be before 'to' (a holiday is [from, to) from the start of a "
                                     "replication, e.g. {{from: 20 d, to: 27 d}})", hl));
        else if (from && to)
          out.holidays.emplace_back(*from, *to);
      }
    }
  }
  for (StaffTask t : kStaffTasks) {
    const std::string name(staff_task_name(t));
    const YAML::Node c = n[name];
    if (!c) continue;
    const std::string tl = fmt::format("{}.{}", what, name);
    std::vector<std::string> allowed{"roles"};
    if (t == StaffTask::door_to_door) allowed.push_back("people");
    if (t == StaffTask::levee_patrol) allowed.insert(allowed.end(), {"people", "patch_rate", "length"});
    if (t == StaffTask::shelter_management) allowed.insert(allowed.end(), {"minimum", "people_per"});
    if (!r.expect_map(c, tl, allowed)) continue;
    TaskStaffing& ts = out.tasks[static_cast<std::size_t>(t)];
    if (c["roles"]) {
      ts.roles = read_roles(c["roles"], r, tl);
      ts.where = r.at(c["roles"]);
    }
    if (t == StaffTask::door_to_door)
      if (auto v = r.integer(c, "people", tl, false, 0)) out.door_to_door_people = static_cast<int>(*v);
    if (t == StaffTask::levee_patrol) {
      if (auto v = r.integer(c, "people", tl, false, 0)) out.levee.people = static_cast<int>(*v);
      if (auto v = r.quantity(c, "patch_rate", Dimension::speed, tl, false, true)) out.levee.patch_rate_mps = *v;
      if (auto v = r.quantity(c, "length", Dimension::length, tl, false, true)) out.levee.length_m = *v;
    }
    if (t == StaffTask::shelter_management) {
      if (auto v = r.integer(c, "minimum", tl, false, 0)) out.shelter.minimum = static_cast<int>(*v);
      if (auto v = r.integer(c, "people_per", tl, false, 1)) out.shelter.people_per_person = 1.0 / static_cast<double>(*v);
    }
  }
}

void check_staffing(const Scenario& s, Diagnostics& diags) {
  // A task may name a standard role nobody in this scenario has (then nobody does that work);
  // any other role must be some pool's, so that a typo is caught.
  static const std::set<std::string> kStandardRoles{"firefighter",      "rescue_team", "community_team",
                                                    "militia",          "driver",      "emergency_office",
                                                    "emergency_manager", "inspector",   "volunteer"};
  std::set<std::string> roles(kStandardRoles);
  for (const auto& sp : s.resources.staff) roles.insert(sp.role);
  const std::vector<std::string> known(roles.begin(), roles.end());
  for (StaffTask t : kStaffTasks) {
    const TaskStaffing& ts = s.staffing.task(t);
    for (const auto& role : ts.roles)
      if (!roles.count(role))
        diags.error(ts.where, fmt::format("staffing.{}: no staff pool has role '{}'{}; give a pool that role under "
                                          "resources.staff or remove it from the list (known roles: {})",
                                          staff_task_name(t), role, did_you_mean(role, known), fmt::join(known, ", ")));
  }
  if (s.staffing.levee.people > 0 && !s.hazards.flood.enabled)
    diags.error(s.staffing.where, fmt::format("staffing.levee_patrol asks for {} people but the scenario has no "
                                              "hazards.flood; levee work starts at the flood warning",
                                              s.staffing.levee.people));
}

void emit_on_duty(YAML::Emitter& out, const StaffPool& sp) {
  emit_roster(out, "on_duty_share", sp.on_duty_by_hour);
  if (sp.on_holiday) emit_roster(out, "on_duty_share_holiday", *sp.on_holiday);
}

void emit_staffing_yaml(YAML::Emitter& out, const Staffing& st) {
  out << YAML::Key << "staffing" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "priority" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (StaffTask t : st.priority) out << std::string(staff_task_name(t));
  out << YAML::EndSeq;
  if (!st.holidays.empty()) {
    out << YAML::Key << "holidays" << YAML::Value << YAML::BeginSeq;
    for (const auto& [from, to] : st.holidays)
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "from" << YAML::Value
          << format_quantity(from, Dimension::duration) << YAML::Key << "to" << YAML::Value
          << format_quantity(to, Dimension::duration) << YAML::EndMap;
    out << YAML::EndSeq;
  }
  for (StaffTask t : kStaffTasks) {
    out << YAML::Key << std::string(staff_task_name(t)) << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "roles" << YAML::Value << YAML::Flow << st.task(t).roles;
    if (t == StaffTask::door_to_door) out << YAML::Key << "people" << YAML::Value << st.door_to_door_people;
    if (t == StaffTask::levee_patrol) {
      out << YAML::Key << "people" << YAML::Value << st.levee.people;
      out << YAML::Key << "patch_rate" << YAML::Value << fmt::format("{:.12g} m/h", st.levee.patch_rate_mps * 3600.0);
      out << YAML::Key << "length" << YAML::Value << format_quantity(st.levee.length_m, Dimension::length);
    }
    if (t == StaffTask::shelter_management) {
      out << YAML::Key << "minimum" << YAML::Value << st.shelter.minimum;
      out << YAML::Key << "people_per" << YAML::Value
          << static_cast<long long>(std::llround(1.0 / st.shelter.people_per_person));
    }
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
}

}  // namespace readysim
