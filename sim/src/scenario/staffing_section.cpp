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

using S = Staffing;

// A task's roles, preferred first.
Field<S> roles_field(StaffTask t, std::string type, std::string meaning) {
  Field<S> f = custom_field<S>(
      "roles", std::move(type), "", std::move(meaning),
      [t](SectionContext& c, const YAML::Node& n, const std::string& what, S& out) {
        if (!n["roles"]) return;
        TaskStaffing& ts = out.tasks[static_cast<std::size_t>(t)];
        ts.roles = read_roles(n["roles"], c.r, what);
        ts.where = c.r.at(n["roles"]);
      },
      [t](YAML::Emitter& out, const Scenario&, const S& st) { out << YAML::Flow << st.task(t).roles; });
  f.show = [t](const S& d) { return fmt::format("`[{}]`", fmt::join(d.task(t).roles, ", ")); };
  return f;
}

Field<S> task_field(StaffTask t, std::vector<Field<S>> keys) {
  return group_field<S>(std::string(staff_task_name(t)), std::move(keys), true, true, "");
}

void read_priority(SectionContext& c, const YAML::Node& n, const std::string& what, S& out) {
  const YAML::Node p = n["priority"];
  if (!p) return;
  const std::vector<std::string> names = task_names();
  std::vector<StaffTask> order;
  bool ok = p.IsSequence();
  if (!ok)
    c.r.error(p, fmt::format("{}: priority must be a list of tasks, highest first: {}", what, fmt::join(names, ", ")));
  for (std::size_t i = 0; ok && i < p.size(); ++i) {
    const std::string name = p[i].IsScalar() ? p[i].Scalar() : "";
    const auto t = staff_task_from_name(name);
    if (!t) {
      c.r.error(p[i], fmt::format("{}: priority[{}]: '{}' is not a task{}; tasks are {}", what, i, name,
                                  did_you_mean(name, names), fmt::join(names, ", ")));
      ok = false;
    } else if (std::find(order.begin(), order.end(), *t) != order.end()) {
      c.r.error(p[i], fmt::format("{}: priority lists '{}' twice", what, name));
      ok = false;
    } else {
      order.push_back(*t);
    }
  }
  if (!ok) return;
  // Tasks left out keep their default order, after those listed.
  for (StaffTask t : kStaffTasks)
    if (std::find(order.begin(), order.end(), t) == order.end()) order.push_back(t);
  out.priority = order;
}

void read_holidays(SectionContext& c, const YAML::Node& n, const std::string& what, S& out) {
  const YAML::Node hs = n["holidays"];
  if (!hs || !c.r.expect_list(hs, what + ".holidays")) return;
  for (std::size_t i = 0; i < hs.size(); ++i) {
    const std::string hl = fmt::format("{}.holidays[{}]", what, i);
    if (!c.r.expect_map(hs[i], hl, {"from", "to"})) continue;
    const auto from = c.r.quantity(hs[i], "from", Dimension::duration, hl, true, false);
    const auto to = c.r.quantity(hs[i], "to", Dimension::duration, hl, true, true);
    if (from && to && *from >= *to)
      c.r.error(hs[i], fmt::format("{}: 'from' must be before 'to' (a holiday is [from, to) from the start of a "
                                   "replication, e.g. {{from: 20 d, to: 27 d}})",
                                   hl));
    else if (from && to)
      out.holidays.emplace_back(*from, *to);
  }
}

const Section<S>& section() {
  Field<S> priority = custom_field<S>(
      "priority", "list of tasks", "", "highest first; tasks left out follow in this default order", read_priority,
      [](YAML::Emitter& out, const Scenario&, const S& st) {
        out << YAML::Flow << YAML::BeginSeq;
        for (StaffTask t : st.priority) out << std::string(staff_task_name(t));
        out << YAML::EndSeq;
      });
  priority.show = [](const S& d) {
    std::vector<std::string> names;
    for (StaffTask t : d.priority) names.emplace_back(staff_task_name(t));
    return fmt::format("`[{}]`", fmt::join(names, ", "));
  };
  Field<S> patch_rate = custom_field<S>(
      "patch_rate", "speed", "`2 m/h`", "metres of levee one person patches an hour",
      [](SectionContext& c, const YAML::Node& n, const std::string& what, S& out) {
        if (auto v = c.r.quantity(n, "patch_rate", Dimension::speed, what, false, true)) out.levee.patch_rate_mps = *v;
      },
      [](YAML::Emitter& out, const Scenario&, const S& st) {
        out << fmt::format("{:.12g} m/h", st.levee.patch_rate_mps * 3600.0);
      });
  Field<S> people_per = custom_field<S>(
      "people_per", "integer ≥ 1", "`100`", "one more person per this many sheltered",
      [](SectionContext& c, const YAML::Node& n, const std::string& what, S& out) {
        if (auto v = c.r.integer(n, "people_per", what, false, 1))
          out.shelter.people_per_person = 1.0 / static_cast<double>(*v);
      },
      [](YAML::Emitter& out, const Scenario&, const S& st) {
        out << static_cast<long long>(std::llround(1.0 / st.shelter.people_per_person));
      });
  static const Section<S> kSection{{
      priority,
      custom_field<S>("holidays", "list of `{from, to}` durations", "none",
                      "holidays, `[from, to)` from the start of a replication (`{from: 20 d, to: 27 d}`): pools use "
                      "`on_duty_share_holiday` then",
                      read_holidays,
                      [](YAML::Emitter& out, const Scenario&, const S& st) {
                        out << YAML::BeginSeq;
                        for (const auto& [from, to] : st.holidays)
                          out << YAML::Flow << YAML::BeginMap << YAML::Key << "from" << YAML::Value
                              << format_quantity(from, Dimension::duration) << YAML::Key << "to" << YAML::Value
                              << format_quantity(to, Dimension::duration) << YAML::EndMap;
                        out << YAML::EndSeq;
                      })
          .when([](const S& st) { return !st.holidays.empty(); }),
      task_field(StaffTask::engine_crew,
                 {roles_field(StaffTask::engine_crew, "list of roles",
                              "who may crew an engine (pools of the engine's station)")}),
      task_field(StaffTask::door_to_door,
                 {roles_field(StaffTask::door_to_door, "list of roles",
                              "who warns door to door (pools of the community)"),
                  integer_field("people", &S::door_to_door_people, 0,
                                "how many per community (`0`: all who may)")}),
      task_field(StaffTask::transport_driver,
                 {roles_field(StaffTask::transport_driver, "list of roles",
                              "who may drive a transport vehicle (a militiaman may: `[driver, militia]`)")}),
      task_field(StaffTask::levee_patrol,
                 {roles_field(StaffTask::levee_patrol, "list of roles", "who patrols and sandbags the levee"),
                  nested(&S::levee, integer_field("people", &LeveeWork::people, 0, "how many (`0`: no levee work)")),
                  patch_rate,
                  nested(&S::levee, quantity_field("length", &LeveeWork::length_m, Dimension::length, true,
                                                   "metres that need patching at most"))}),
      task_field(StaffTask::shelter_management,
                 {roles_field(StaffTask::shelter_management, "list of roles", "who runs shelters"),
                  nested(&S::shelter, integer_field("minimum", &ShelterManagement::minimum, 0,
                                                    "people per shelter in use, from its first arrival")),
                  people_per}),
  }};
  return kSection;
}

}  // namespace

Field<Scenario> staffing_field() {
  return custom_field<Scenario>(
      "staffing", "mapping", "defaults", "which staff roles do which task, their priority when people are short",
      [](SectionContext& c, const YAML::Node& root, const std::string&, Scenario& s) {
        const YAML::Node n = root["staffing"];
        for (auto& t : s.staffing.tasks) t.where = SourceLocation{};
        if (!n) s.staffing.where = SourceLocation{s.path, 0, 0};
        if (!n || n.IsNull()) return;
        s.staffing.where = c.r.at(n);
        section().read_map(c, n, "staffing", s.staffing);
      },
      [](YAML::Emitter& out, const Scenario& s, const Scenario&) {
        out << YAML::BeginMap;
        section().emit(out, s, s.staffing);
        out << YAML::EndMap;
      });
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

void add_staffing_reference(std::vector<ReferenceTable>& out) {
  out.push_back({"staffing", section().table(Staffing{})});
}

}  // namespace readysim
