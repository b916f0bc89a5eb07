#include "kernel/replication_kernel.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <string>

#include "model/evacuation.hpp"
#include "model/fire_response.hpp"
#include "model/flood_closures.hpp"
#include "model/levee_crew.hpp"
#include "model/staff_board.hpp"
#include "readysim/error.hpp"

namespace readysim {

namespace {
double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// For the tests of the failure paths (a worker, a rank under mpirun): READYSIM_INJECT_FAILURE=I
// makes replication I fail with an Error. -1 (never) when unset.
std::int64_t injected_failure() {
  static const std::int64_t at = [] {
    const char* text = std::getenv("READYSIM_INJECT_FAILURE");
    if (!text || !*text) return std::int64_t{-1};
    try {
      return static_cast<std::int64_t>(std::stoll(text));
    } catch (const std::exception&) {
      return std::int64_t{-1};
    }
  }();
  return at;
}
}  // namespace

ClockSlots::ClockSlots(double horizon_s) {
  slot_exponent = std::max(10, static_cast<int>(std::ceil(std::log2(8.0 * horizon_s))));
  base_exponent = slot_exponent + 12;
  count = std::int64_t{1} << (base_exponent - slot_exponent);
}

double ClockSlots::start(std::int64_t k) const {
  return std::ldexp(1.0, base_exponent) + static_cast<double>(k) * std::ldexp(1.0, slot_exponent);
}

double ClockSlots::length() const { return std::ldexp(1.0, slot_exponent); }

ReplicationKernel::ReplicationKernel(const Scenario& scenario) : scenario_(scenario), slots_(scenario.horizon_s) {
  const auto t = std::chrono::steady_clock::now();
  platform_ = std::make_unique<Platform>(scenario.district.roads);
  world_ = std::make_unique<FireWorld>(scenario);
  staff_ = std::make_unique<StaffWorld>(scenario);
  stock_ = std::make_unique<StockModel>(scenario, scenario.logistics);
  timing_.setup_s = seconds_since(t);
}

ReplicationKernel::~ReplicationKernel() = default;

namespace {

// The flood as the products read it: closures only for the segments that close.
FloodRecord flood_record(const FloodTimeline& flood) {
  FloodRecord out;
  out.level_time_s = flood.level_time_s;
  out.level_m = flood.level_m;
  out.node_flooded_s = flood.node_flooded_s;
  for (std::uint8_t v = 0; v < 2; ++v)
    for (std::size_t i = 0; i < flood.closed[v].size(); ++i)
      if (flood.closed[v][i].first != kNever)
        out.closures.push_back({static_cast<std::int32_t>(i), v, flood.closed[v][i].first, flood.closed[v][i].second});
  return out;
}

}  // namespace

ReplicationRecords ReplicationKernel::run(std::uint64_t seed, std::int64_t replication, bool keep_flood) {
  if (next_slot_ >= slots_.count) throw Error("internal: clock slots of this worker are used up");
  const double t0 = slots_.start(next_slot_++);
  ReplicationRecords out;
  if (replication == injected_failure())
    throw Error(fmt::format("replication {} failed on purpose (READYSIM_INJECT_FAILURE={})", replication, replication));
  auto t = std::chrono::steady_clock::now();
  // Flood first: the water, then the roads it closes, the people it moves, the fires in it (and
  // the depots it cuts off, for the stock replay below).
  const FloodTimeline flood = scenario_.hazards.flood.enabled ? compute_flood(scenario_, seed, replication)
                                                              : FloodTimeline{};
  {
    if (keep_flood) out.flood = flood_record(flood);
    RoadState road(scenario_.district.roads, *platform_, out.events);
    spawn_flood_closures(flood, road, *platform_, t0, scenario_.horizon_s, out.events);
    StaffBoard board(*staff_, seed, replication, t0, out);  // one roster for fire and flood
    LeveeCrew levee(scenario_, flood, board, *platform_, t0, out);
    std::unique_ptr<Evacuation> evacuation;
    if (scenario_.hazards.flood.enabled)
      evacuation = std::make_unique<Evacuation>(scenario_, flood, road, *platform_, board, seed, replication, t0, out,
                                                [&levee] { levee.start(); });
    FireResponse fires(*world_, *platform_, road, board, seed, replication, t0, out);
    if (scenario_.hazards.flood.enabled) fires.cut_off_flooded_stations(flood);  // stations in the water
    // Destroyed first: the models' grants then go nowhere, even if the replication failed.
    struct CloseBoard {
      StaffBoard& board;
      ~CloseBoard() { board.close(); }
    } close_board{board};
    timing_.model_s += seconds_since(t);
    t = std::chrono::steady_clock::now();
    platform_->run();
    timing_.kernel_s += seconds_since(t);
    t = std::chrono::steady_clock::now();
    fires.check_complete();
    if (evacuation) evacuation->finish();
    board.finish();
  }
  // Nothing may carry over: no actor left, no link left closed, and the slot not overrun.
  if (platform_->actor_count() != 0)
    throw Error(fmt::format("internal: {} actors outlived replication {}", platform_->actor_count(), replication));
  platform_->reopen_links();
  const double used = Platform::now() - t0;
  if (used >= slots_.length())
    throw Error(fmt::format("replication {} ran {:.0f} s past its start, more than its clock slot of {:.0f} s: "
                            "calls were still queued long after the horizon; the scenario is overloaded "
                            "(add engines or shorten the horizon)",
                            replication, used, slots_.length()));
  timing_.reset_s += seconds_since(t);
  // Stock follows from what happened: shelter arrivals, micro-station fires, team activation.
  t = std::chrono::steady_clock::now();
  out.stock = stock_->run(out, seed, replication, out.levee_patches, &flood);
  timing_.model_s += seconds_since(t);
  return out;
}

}  // namespace readysim
