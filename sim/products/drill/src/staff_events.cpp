// Events of a replication's staff: a flood task that could not get all the people it asked for
// at a place — within 10 minutes, or ever — once per task and place, at its first such request,
// worded as the task leader knows it then (asked for, free now), not how long it will wait.
// Engine crews are the fire events' call_queued and crew_callback.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "drill_internal.hpp"
#include "readysim/place_names.hpp"

namespace readysim::drill::detail {

namespace {

constexpr double kWorthAnInject = 600;  // shorter waits are ordinary mustering

// The requests of one task at one place that were short.
struct Shortage {
  double first_asked = kNever;
  int wanted = 0;
  int missing = 0;  // never came
  double longest_wait = 0;
};

// A door-to-door shortage is named by its community's office, any other by the shelter there,
// else by the road node.
std::string place_name(const PlaceDirectory& places, const Catalog& cat, const Namer& names,
                       const StaffRequestRecord& q) {
  if (q.node < 0) return cat.text("labels.none");
  const auto n = static_cast<NodeIndex>(q.node);
  const NamedPlace* p = q.task == StaffTask::door_to_door
                            ? places.at(n, {PlaceKind::community_office, PlaceKind::shelter})
                            : places.at(n, PlaceKind::shelter);
  return p ? cat.place(p->name, p->id) : names.at(n);
}

}  // namespace

std::vector<Event> staff_events(const Scenario& s, const ReplicationRecords& rep, const Catalog& cat) {
  std::map<std::pair<StaffTask, std::int32_t>, Shortage> short_at;
  std::map<std::pair<StaffTask, std::int32_t>, const StaffRequestRecord*> example;
  for (const StaffRequestRecord& q : rep.staff_requests) {
    const bool never = q.met_s == kNever && q.granted < q.wanted;
    if (q.task == StaffTask::engine_crew || (q.wait_s < kWorthAnInject && !never)) continue;
    Shortage& sh = short_at[{q.task, q.node}];
    if (q.asked_s < sh.first_asked) example[{q.task, q.node}] = &q;
    sh.first_asked = std::min(sh.first_asked, q.asked_s);
    sh.wanted += q.wanted;
    sh.missing += never ? q.wanted - q.granted : 0;
    sh.longest_wait = std::max(sh.longest_wait, q.wait_s);
  }
  const PlaceDirectory places(s);
  const Namer names(s, cat);
  std::vector<Event> out;
  for (const auto& [key, sh] : short_at) {
    const std::string task(staff_task_name(key.first));
    const StaffRequestRecord& q = *example[key];
    Event e;
    if (q.node >= 0) {
      e.node = q.node;
      e.community = names.community_near(static_cast<NodeIndex>(q.node));
    }
    e.t = sh.first_asked;
    e.type = InjectType::staff_short;
    e.variant = task;
    e.entity = fmt::format("staff:{}:{}", task, key.second);
    e.fields = {{"task", cat.word("tasks", task)}, {"place", place_name(places, cat, names, q)},
                {"wanted", std::to_string(q.wanted)}};
    e.objectives = objectives_of(e.type, e.variant);
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(), [](const Event& a, const Event& b) { return a.t < b.t; });
  return out;
}

}  // namespace readysim::drill::detail
