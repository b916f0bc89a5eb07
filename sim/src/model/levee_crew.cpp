#include "model/levee_crew.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <optional>

#include "model/work_curve.hpp"

namespace readysim {

namespace s4u = simgrid::s4u;

LeveeCrew::LeveeCrew(const Scenario& s, const FloodTimeline& flood, StaffBoard& board, const Platform& platform,
                     double t0, ReplicationRecords& out)
    : s_(s), flood_(flood), board_(board), platform_(platform), t0_(t0), out_(out) {}

void LeveeCrew::start() {
  const auto& work = s_.staffing.levee;
  const double start = s4u::Engine::get_clock() - t0_;
  const double end = std::min(flood_.breach_s, s_.horizon_s);
  if (work.people == 0 || start >= end) return;
  const std::optional<NodeIndex> place =
      s_.hazards.flood.source == FloodSource::breach ? std::optional(s_.hazards.flood.breach_node) : std::nullopt;
  request_ = board_.ask(StaffTask::levee_patrol, eligible_pools(s_, StaffTask::levee_patrol), work.people, true, place,
                        [this](StaffGrant&& g) {
                          const double now = s4u::Engine::get_clock() - t0_;
                          for (double d : g.ready_after_s()) arrivals_.push_back(now + d);
                          crew_.push_back(std::move(g));
                        });
  s4u::Actor::create("levee", platform_.host(0), [this, start, end, place, &work] {
    s4u::this_actor::sleep_until(t0_ + end);
    ++out_.events;
    board_.cancel(request_);
    for (auto& g : crew_) g.release();
    // Metres patched by the hour from the warning, up to the length that needs it.
    const WorkCurve curve(arrivals_, work.patch_rate_mps);
    const auto done = [&](double t) { return std::min(work.length_m, curve.at(t)); };
    for (double from = start; from < end; from += 3600.0) {
      const double to = std::min(end, from + 3600.0);
      const double metres = done(to) - done(from);
      if (metres > 0)
        out_.levee_patches.push_back(LeveePatch{to, static_cast<std::int32_t>(place.value_or(0)), metres});
    }
  });
}

}  // namespace readysim
