#include "model/fire_response.hpp"

#include <simgrid/s4u.hpp>

#include <fmt/format.h>

#include <cmath>
#include <deque>
#include <limits>

#include "readysim/error.hpp"
#include "readysim/random.hpp"

namespace readysim {

namespace s4u = simgrid::s4u;

namespace {

// The crew an engine took: on-duty people and called-back people, by pool.
struct CrewTaken {
  std::vector<std::pair<std::int32_t, int>> on_duty;  // (pool, people)
  std::vector<std::pair<std::int32_t, int>> called;   // (pool, people)
};

struct EngineState {
  s4u::SemaphorePtr wake;
  bool idle = true;
  bool stopped = false;
  std::int32_t call = -1;  // fire index, -1 for none
  CrewTaken crew;
};

}  // namespace

struct FireResponse::State {
  const FireWorld& world;
  const Platform& platform;
  const std::uint64_t seed;
  const std::int64_t replication;
  const double t0;
  ReplicationRecords& out;
  std::vector<PlannedFire> fires;
  std::vector<EngineState> engines;
  std::vector<int> free_on_duty, free_off_duty;  // by staff pool
  std::deque<std::int32_t> queue;                // fires waiting for an engine
  bool closing = false;
  std::int64_t served = 0;

  State(const FireWorld& w, const Platform& p, std::uint64_t s, std::int64_t r, double start, ReplicationRecords& o)
      : world(w), platform(p), seed(s), replication(r), t0(start), out(o) {}

  [[nodiscard]] double now() const { return Platform::now() - t0; }

  void sleep_until(double t) {
    if (t > now()) {
      s4u::this_actor::sleep_until(t0 + t);
      ++out.events;
    }
  }

  // On-duty people per pool for this replication, drawn once.
  void draw_rosters() {
    const auto& staff = world.scenario.resources.staff;
    free_on_duty.assign(staff.size(), 0);
    free_off_duty.assign(staff.size(), 0);
    RandomStream rng(seed, static_cast<std::uint64_t>(replication), StreamPurpose::response, ~std::uint64_t{0});
    for (std::size_t p = 0; p < staff.size(); ++p) {
      int on = 0;
      for (int k = 0; k < staff[p].count; ++k) on += rng.uniform01() < staff[p].on_duty_share ? 1 : 0;
      free_on_duty[p] = on;
      free_off_duty[p] = staff[p].count - on;
    }
  }

  [[nodiscard]] bool crewable(std::size_t e) const {
    const CrewGroup& g = world.crews[static_cast<std::size_t>(world.engines[e].crew_group)];
    int people = 0;
    for (auto p : g.pools) people += free_on_duty[static_cast<std::size_t>(p)] + free_off_duty[static_cast<std::size_t>(p)];
    return people >= g.crew_per_engine;
  }

  // Nearest available engine by free-flow travel time to the fire; ties to the lower index.
  [[nodiscard]] std::int32_t nearest_available(std::int32_t fire) const {
    const auto src = static_cast<std::size_t>(fires[static_cast<std::size_t>(fire)].source);
    std::int32_t best = -1;
    double best_t = std::numeric_limits<double>::infinity();
    for (std::size_t e = 0; e < engines.size(); ++e) {
      if (!engines[e].idle || engines[e].stopped || !crewable(e)) continue;
      const double t = world.to_fire[e][src].free_time_s;
      if (t < best_t) {
        best_t = t;
        best = static_cast<std::int32_t>(e);
      }
    }
    return best;
  }

  // Hands a fire to an engine: reserves the crew (on-duty first) and wakes the engine's actor.
  void assign(std::int32_t e, std::int32_t fire) {
    EngineState& eng = engines[static_cast<std::size_t>(e)];
    const CrewGroup& g = world.crews[static_cast<std::size_t>(world.engines[static_cast<std::size_t>(e)].crew_group)];
    eng.crew = {};
    int needed = g.crew_per_engine;
    for (auto p : g.pools) {
      const int take = std::min(needed, free_on_duty[static_cast<std::size_t>(p)]);
      if (take > 0) eng.crew.on_duty.emplace_back(p, take);
      free_on_duty[static_cast<std::size_t>(p)] -= take;
      needed -= take;
    }
    for (auto p : g.pools) {
      const int take = std::min(needed, free_off_duty[static_cast<std::size_t>(p)]);
      if (take > 0) eng.crew.called.emplace_back(p, take);
      free_off_duty[static_cast<std::size_t>(p)] -= take;
      needed -= take;
    }
    FireRecord& rec = out.fires[static_cast<std::size_t>(fire)];
    rec.dispatch_s = now();
    rec.queue_wait_s = rec.dispatch_s - fires[static_cast<std::size_t>(fire)].decision_s;
    rec.engine_unit = e;
    eng.idle = false;
    eng.call = fire;
    eng.wake->release();
    ++out.events;
  }

  void release_crew(EngineState& eng) {
    for (auto [p, n] : eng.crew.on_duty) free_on_duty[static_cast<std::size_t>(p)] += n;
    for (auto [p, n] : eng.crew.called) free_off_duty[static_cast<std::size_t>(p)] += n;
    eng.crew = {};
  }

  // Oldest waiting call first, to the nearest available engine.
  void drain_queue() {
    while (!queue.empty()) {
      const std::int32_t e = nearest_available(queue.front());
      if (e < 0) return;
      const std::int32_t fire = queue.front();
      queue.pop_front();
      assign(e, fire);
    }
  }

  // After the last call, idle engines are told to stop once nothing waits.
  void stop_idle_engines() {
    if (!closing || !queue.empty()) return;
    for (auto& eng : engines)
      if (eng.idle && !eng.stopped) {
        eng.stopped = true;
        eng.call = -1;
        eng.wake->release();
      }
  }

  // Heat release and flashover when a suppressing unit arrives at `arrival` (t-squared growth,
  // held by the micro station if it got there while the fire was below what it can handle).
  void record_arrival(std::int32_t fire, double arrival, bool mutual_aid) {
    const auto idx = static_cast<std::size_t>(fire);
    FireRecord& rec = out.fires[idx];
    const FireSource& src = world.sources[static_cast<std::size_t>(rec.source)];
    const Occupancy& occ = world.scenario.hazards.fire.occupancies[static_cast<std::size_t>(src.occupancy)];
    rec.engine_arrival_s = arrival;
    rec.mutual_aid = mutual_aid;
    const auto growth = [&](double t) { return occ.growth_w_per_s2 * std::pow(std::max(0.0, t - rec.ignition_s), 2); };
    const bool micro_first = rec.first_unit == UnitKind::micro_station && rec.first_arrival_s < arrival;
    rec.held_by_micro = micro_first && growth(rec.first_arrival_s) < world.scenario.hazards.fire.micro.holds_below_w;
    rec.heat_release_w = rec.held_by_micro ? growth(rec.first_arrival_s) : growth(arrival);
    rec.flashover_before_arrival = !rec.held_by_micro && growth(arrival) >= occ.flashover_w;
    if (!micro_first) {
      rec.first_arrival_s = arrival;
      rec.first_unit = mutual_aid ? UnitKind::mutual_aid : UnitKind::engine;
    }
    ++served;
  }

  void engine_actor(std::size_t e) {
    EngineState& eng = engines[e];
    const EngineUnit& unit = world.engines[e];
    const Station& station = world.scenario.resources.stations[static_cast<std::size_t>(unit.station)];
    UnitRecord& stats = out.units[e];
    for (;;) {
      eng.wake->acquire();
      ++out.events;
      if (eng.call < 0) return;
      const std::int32_t fire = eng.call;
      const PlannedFire& plan = fires[static_cast<std::size_t>(fire)];
      FireRecord& rec = out.fires[static_cast<std::size_t>(fire)];
      const double dispatched = now();
      // The fire's own stream: its turnout and call-back delays never shift another fire's.
      RandomStream rng(seed, static_cast<std::uint64_t>(replication), StreamPurpose::response, plan.stream_key);
      const double turnout = station.turnout.sample(rng);
      double crew_ready = 0;
      for (auto [p, n] : eng.crew.called)
        for (int k = 0; k < n; ++k)
          crew_ready = std::max(crew_ready,
                                world.scenario.resources.staff[static_cast<std::size_t>(p)].callback_delay.sample(rng));
      rec.crew_wait_s = std::max(0.0, crew_ready - turnout);
      sleep_until(dispatched + std::max(turnout, crew_ready));
      const auto src = static_cast<std::size_t>(plan.source);
      out.events += platform.drive(world.to_fire[e][src].segments, 1.0);
      record_arrival(fire, now(), false);
      sleep_until(now() + plan.on_scene_s);
      out.events += platform.drive(world.to_base[e][src].segments, 1.0);
      stats.busy_s += now() - dispatched;
      ++stats.dispatches;
      eng.call = -1;
      eng.idle = true;
      release_crew(eng);
      drain_queue();
      stop_idle_engines();
    }
  }

  void mutual_aid_actor(std::int32_t fire) {
    const PlannedFire& plan = fires[static_cast<std::size_t>(fire)];
    sleep_until(now() + plan.mutual_aid_delay_s);
    out.events += platform.drive(world.from_mutual_aid[static_cast<std::size_t>(plan.source)].segments, 1.0);
    record_arrival(fire, now(), true);
  }

  void dispatcher_actor() {
    const auto& fire_model = world.scenario.hazards.fire;
    const bool mutual_aid = world.scenario.policies.no_engine_free == "mutual_aid";
    for (std::size_t i = 0; i < fires.size(); ++i) {
      const PlannedFire& plan = fires[i];
      sleep_until(plan.decision_s);
      FireRecord& rec = out.fires[i];
      // The micro fire station leaves at the same time; it moves at its own pace, off the roads' capacity.
      if (const auto& travel = world.micro_travel_s[static_cast<std::size_t>(plan.source)]) {
        rec.first_arrival_s = plan.decision_s + plan.micro_mobilisation_s + *travel;
        rec.first_unit = UnitKind::micro_station;
      }
      const auto fire = static_cast<std::int32_t>(i);
      const std::int32_t e = nearest_available(fire);
      if (e >= 0) {
        assign(e, fire);
      } else if (mutual_aid && fire_model.mutual_aid.enabled) {
        rec.dispatch_s = now();
        s4u::Actor::create("mutual_aid", platform.host(0), [this, fire] { mutual_aid_actor(fire); });
      } else {
        queue.push_back(fire);
      }
    }
    closing = true;
    stop_idle_engines();
  }
};

FireResponse::FireResponse(const FireWorld& world, const Platform& platform, std::uint64_t seed,
                           std::int64_t replication, double t0, ReplicationRecords& out)
    : state_(new State(world, platform, seed, replication, t0, out)) {
  State& st = *state_;
  st.fires = plan_fires(world.scenario, world.sources, seed, replication);
  st.draw_rosters();
  out.replication = replication;
  out.fires.resize(st.fires.size());
  for (std::size_t i = 0; i < st.fires.size(); ++i) {
    const PlannedFire& p = st.fires[i];
    const FireSource& src = world.sources[static_cast<std::size_t>(p.source)];
    FireRecord& r = out.fires[i];
    r.id = static_cast<std::int32_t>(i);
    r.node = static_cast<std::int32_t>(src.node);
    r.source = p.source;
    r.dwelling = src.dwelling;
    r.risk_level = src.risk_level;
    r.occupancy = src.occupancy;
    r.ignition_s = p.ignition_s;
    r.alarm_s = p.alarm_s;
  }
  out.units.resize(world.engines.size());
  st.engines.resize(world.engines.size());
  for (std::size_t e = 0; e < world.engines.size(); ++e) {
    out.units[e].engine = static_cast<std::int32_t>(e);
    st.engines[e].wake = s4u::Semaphore::create(0);
    s4u::Actor::create(fmt::format("engine{}", e), platform.host(0), [&st, e] { st.engine_actor(e); });
  }
  s4u::Actor::create("dispatcher", platform.host(0), [&st] {
    st.sleep_until(0.0);
    st.dispatcher_actor();
  });
}

FireResponse::~FireResponse() { delete state_; }

void FireResponse::check_complete() const {
  const State& st = *state_;
  if (st.served != static_cast<std::int64_t>(st.fires.size()) || !st.queue.empty())
    throw Error(fmt::format("internal: replication {} ended with {} of {} fires served and {} queued",
                            st.replication, st.served, st.fires.size(), st.queue.size()));
}

}  // namespace readysim
