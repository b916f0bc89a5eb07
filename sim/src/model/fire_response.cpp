#include "model/fire_response.hpp"

#include <simgrid/s4u.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>

#include "model/flood_closures.hpp"
#include "readysim/error.hpp"
#include "readysim/fire_curve.hpp"
#include "readysim/random.hpp"

namespace readysim {

namespace s4u = simgrid::s4u;

namespace {

// A persistent actor's mailbox-free hand-off: the caller sets `call` and releases `wake`.
struct UnitState {
  s4u::SemaphorePtr wake = s4u::Semaphore::create(0);
  bool idle = true;
  bool stopped = false;
  std::int32_t call = -1;  // fire index, -1 to stop
};

struct EngineState : UnitState {
  StaffGrant crew;
  double leave_after_s = 0;  // from dispatch: turnout, or the last called-back member if later
};

}  // namespace

struct FireResponse::State {
  const FireWorld& world;
  const Platform& platform;
  RoadState& road;
  StaffBoard& board;
  const std::uint64_t seed;
  const std::int64_t replication;
  const double t0;
  ReplicationRecords& out;
  std::vector<PlannedFire> fires;
  std::vector<EngineState> engines;
  std::deque<UnitState> mutual_aid_units;        // outside crews; a new actor only when all are out
  std::vector<double> decided_s;                 // by fire: when the call was processed (simulated)
  std::deque<std::int32_t> queue;                // fires waiting for an engine
  std::vector<char> waited_for_staff;            // by fire: an idle engine lacked its crew while it waited
  bool closing = false;
  std::int64_t served = 0;
  int engines_lost = 0;  // cut off by the water until after the horizon
  const FloodTimeline* flood = nullptr;  // set by cut_off_flooded_stations

  // A station cut off by the water: its idle engines cannot leave (lost for the replication).
  void cut_off(NodeIndex station) {
    for (std::size_t e = 0; e < engines.size(); ++e)
      if (world.engines[e].node == station && engines[e].idle && !engines[e].stopped) {
        ++engines_lost;
        engines[e].stopped = true;
        engines[e].wake->release();  // no call: the actor ends
      }
  }

  State(const FireWorld& w, const Platform& p, RoadState& rs, StaffBoard& b, std::uint64_t s, std::int64_t r,
        double start, ReplicationRecords& o)
      : world(w), platform(p), road(rs), board(b), seed(s), replication(r), t0(start), out(o) {}

  [[nodiscard]] double now() const { return Platform::now() - t0; }

  void sleep_until(double t) {
    if (t > now()) {
      s4u::this_actor::sleep_until(t0 + t);
      ++out.events;
    }
  }

  [[nodiscard]] const CrewGroup& crew_of(std::size_t e) const {
    return world.crews[static_cast<std::size_t>(world.engines[e].crew_group)];
  }

  // Whether the engine's crew can be found among free people not held back for other work.
  [[nodiscard]] bool crewable(std::size_t e, const std::vector<char>& held_back) const {
    return board.free_people(crew_of(e).pools, &held_back) >= crew_of(e).crew_per_engine;
  }

  // Nearest available engine by free-flow travel time to the fire; ties to the lower index.
  [[nodiscard]] std::int32_t nearest_available(std::int32_t fire, const std::vector<char>& held_back) const {
    const auto src = static_cast<std::size_t>(fires[static_cast<std::size_t>(fire)].source);
    std::int32_t best = -1;
    double best_t = std::numeric_limits<double>::infinity();
    for (std::size_t e = 0; e < engines.size(); ++e) {
      if (!engines[e].idle || engines[e].stopped || !crewable(e, held_back)) continue;
      const double t = world.to_fire[e][src].free_time_s;
      if (t < best_t) {
        best_t = t;
        best = static_cast<std::int32_t>(e);
      }
    }
    return best;
  }

  // Hands a fire to an engine and wakes its actor. Who is at the station right now is drawn
  // from the fire's own stream (each free member is there with their pool's on-duty share);
  // the rest of the crew is called back. Drawn in a fixed order: presence, turnout, call-backs.
  void assign(std::int32_t e, std::int32_t fire, const std::vector<char>& held_back) {
    EngineState& eng = engines[static_cast<std::size_t>(e)];
    const EngineUnit& unit = world.engines[static_cast<std::size_t>(e)];
    const CrewGroup& g = crew_of(static_cast<std::size_t>(e));
    std::vector<std::int32_t> pools;
    for (auto p : g.pools)
      if (!held_back[static_cast<std::size_t>(p)]) pools.push_back(p);
    RandomStream rng(seed, static_cast<std::uint64_t>(replication), StreamPurpose::response,
                     fires[static_cast<std::size_t>(fire)].stream_key);
    std::vector<int> present = board.draw_presence(pools, rng);
    const double turnout =
        world.scenario.resources.stations[static_cast<std::size_t>(unit.station)].turnout.sample(rng);
    eng.crew = board.take(StaffTask::engine_crew, pools, g.crew_per_engine, std::move(present), unit.node, rng);
    const double crew_ready = eng.crew.all_ready_after_s();
    eng.leave_after_s = std::max(turnout, crew_ready);
    FireRecord& rec = out.fires[static_cast<std::size_t>(fire)];
    rec.dispatch_s = now();
    rec.queue_wait_s = rec.dispatch_s - decided_s[static_cast<std::size_t>(fire)];
    rec.engine_unit = e;
    // The crew request: asked when the call was decided if an idle engine lacked its crew while
    // the call waited (not when every engine was out), else at dispatch. The one crew wait (the
    // fire's crew_wait and the request's wait, so fire.crew_wait and staff.engine_crew.wait):
    // the time the call waited for people, i.e. from asking to the crew being assigned, plus the
    // called-back members arriving after the turnout the engine takes anyway.
    const bool staff_wait = waited_for_staff[static_cast<std::size_t>(fire)] != 0;
    StaffRequestRecord req;
    req.task = StaffTask::engine_crew;
    req.node = static_cast<std::int32_t>(unit.node);
    req.wanted = req.granted = g.crew_per_engine;
    req.asked_s = staff_wait ? decided_s[static_cast<std::size_t>(fire)] : rec.dispatch_s;
    req.first_grant_s = req.met_s = rec.dispatch_s;
    req.ready_s = rec.dispatch_s + crew_ready;
    req.wait_s = (req.met_s - req.asked_s) + std::max(0.0, crew_ready - turnout);
    rec.crew_wait_s = req.wait_s;
    board.record_request(req, req.wait_s > 0);
    eng.idle = false;
    eng.call = fire;
    eng.wake->release();
    ++out.events;
  }

  // Oldest waiting call first, to the nearest available engine.
  void drain_queue(const std::vector<char>& held_back) {
    while (!queue.empty()) {
      const std::int32_t e = nearest_available(queue.front(), held_back);
      if (e < 0) return;
      const std::int32_t fire = queue.front();
      queue.pop_front();
      assign(e, fire, held_back);
    }
  }

  // The staff board's view of the fire response: serve the queue, then say which pools calls
  // still wait for (those of idle engines that lack a crew) and how many people that is.
  std::vector<std::int32_t> serve_from_board(const std::vector<char>& held_back) {
    drain_queue(held_back);
    std::vector<std::int32_t> starved;
    int idle_uncrewed = 0, people = 0;
    for (std::size_t e = 0; e < engines.size() && !queue.empty(); ++e) {
      if (!engines[e].idle || engines[e].stopped) continue;
      ++idle_uncrewed;
      if (idle_uncrewed <= static_cast<int>(queue.size())) people += crew_of(e).crew_per_engine;
      starved.insert(starved.end(), crew_of(e).pools.begin(), crew_of(e).pools.end());
    }
    if (idle_uncrewed > 0)
      for (auto f : queue) waited_for_staff[static_cast<std::size_t>(f)] = 1;
    board.set_waiting(StaffTask::engine_crew, people);
    return starved;
  }

  // After the last call, idle units are told to stop once nothing waits.
  void stop_idle_units() {
    if (!closing || !queue.empty()) return;
    const auto stop = [](UnitState& u) {
      if (u.idle && !u.stopped) {
        u.stopped = true;
        u.call = -1;
        u.wake->release();
      }
    };
    for (auto& eng : engines) stop(eng);
    for (auto& unit : mutual_aid_units) stop(unit);
  }

  // Heat release and flashover when a suppressing unit arrives at `arrival` (the fire's curve:
  // t-squared growth to its peak, plateau, decay; held by the micro station if it got there while
  // the fire burnt below what it can handle, and then kept at that size until the engine came).
  void record_arrival(std::int32_t fire, double arrival, bool mutual_aid) {
    const auto idx = static_cast<std::size_t>(fire);
    FireRecord& rec = out.fires[idx];
    const FireSource& src = world.sources[static_cast<std::size_t>(rec.source)];
    const FireHazard& model = world.scenario.hazards.fire;
    const Occupancy& occ = model.occupancies[static_cast<std::size_t>(src.occupancy)];
    rec.engine_arrival_s = arrival;
    rec.mutual_aid = mutual_aid;
    const FireCurve curve = FireCurve::of(model, occ, rec.confined);
    const auto q = [&](double t) { return curve.heat_release_w(t - rec.ignition_s); };
    const bool micro_first = rec.first_unit == UnitKind::micro_station && rec.first_arrival_s < arrival;
    // A fire that burnt out before the micro station came was not held by it.
    const double at_micro = micro_first ? q(rec.first_arrival_s) : 0.0;
    rec.held_by_micro = micro_first && at_micro > 0 && at_micro < model.micro.holds_below_w;
    rec.heat_release_w = rec.held_by_micro ? at_micro : q(arrival);
    const std::optional<double> flashover = curve.time_to_w(occ.flashover_w);
    rec.flashover_before_arrival =
        flashover && rec.ignition_s + *flashover <= (rec.held_by_micro ? rec.first_arrival_s : arrival);
    if (!micro_first) {
      rec.first_arrival_s = arrival;
      rec.first_unit = mutual_aid ? UnitKind::mutual_aid : UnitKind::engine;
    }
    ++served;
  }

  void engine_actor(std::size_t e) {
    EngineState& eng = engines[e];
    UnitRecord& stats = out.units[e];
    for (;;) {
      eng.wake->acquire();
      ++out.events;
      if (eng.call < 0) return;
      const std::int32_t fire = eng.call;
      const PlannedFire& plan = fires[static_cast<std::size_t>(fire)];
      const double dispatched = now();
      sleep_until(dispatched + eng.leave_after_s);
      const auto src = static_cast<std::size_t>(plan.source);
      const NodeIndex home = world.engines[e].node;
      const NodeIndex scene = world.sources[src].node;
      const RoadState::Trip there = world.by_position
                                        ? wait_out(world.to_fire[e][src], scene)
                                        : road.drive(home, scene, VehicleClass::truck, 1.0, &world.to_fire[e][src].segments);
      if (there.arrived) {
        record_arrival(fire, now(), false);
        sleep_until(now() + plan.on_scene_s);
      } else {
        record_unreached(fire);
      }
      if (world.by_position ? !wait_out(world.to_base[e][src], home).arrived
                            : !return_home(there.at, home, &world.to_base[e][src].segments)) {
        ++engines_lost;
        eng.stopped = true;
        stats.busy_s += now() - dispatched;
        board.offer();  // the crew stays with it; other engines may still take waiting calls
        stop_idle_units();
        return;
      }
      if (flood && flooded_by(*flood, home, now(), world.scenario.horizon_s)) {  // back at a flooded station: held
        ++engines_lost;
        eng.stopped = true;
        stats.busy_s += now() - dispatched;
        board.offer();
        stop_idle_units();
        return;
      }
      stats.busy_s += now() - dispatched;
      ++stats.dispatches;
      eng.call = -1;
      eng.idle = true;
      eng.crew.release();  // waiting calls (and other tasks) may have them
      stop_idle_units();
    }
  }

  // Travel from positions (hazards.fire.travel): the route's time waited out, no roads driven.
  RoadState::Trip wait_out(const Route& r, NodeIndex to) {
    sleep_until(now() + r.free_time_s);
    return RoadState::Trip{true, to, 0};
  }

  // Back to the station; while the water blocks every route, wait and try again, until the
  // horizon has passed (then the engine is lost for this replication).
  bool return_home(NodeIndex at, NodeIndex home, const std::vector<SegmentIndex>* planned) {
    for (;;) {
      const RoadState::Trip back = road.drive(at, home, VehicleClass::truck, 1.0, planned);
      if (back.arrived) return true;
      at = back.at;
      planned = nullptr;
      if (now() > world.scenario.horizon_s) return false;
      sleep_until(now() + 900.0);
    }
  }

  void record_unreached(std::int32_t fire) {
    FireRecord& rec = out.fires[static_cast<std::size_t>(fire)];
    rec.unreached = true;
    rec.engine_arrival_s = kNever;
    if (rec.first_unit != UnitKind::micro_station) rec.first_arrival_s = kNever;
    ++served;
  }

  // Outside help: one persistent actor per crew out at the same time, reused when back.
  void call_mutual_aid(std::int32_t fire) {
    out.fires[static_cast<std::size_t>(fire)].dispatch_s = now();
    UnitState* unit = nullptr;
    for (auto& u : mutual_aid_units)
      if (u.idle && !u.stopped) unit = &u;
    if (!unit) {
      unit = &mutual_aid_units.emplace_back();
      s4u::Actor::create("mutual_aid", platform.host(0), [this, unit] { mutual_aid_actor(*unit); });
    }
    unit->idle = false;
    unit->call = fire;
    unit->wake->release();
    ++out.events;
  }

  void mutual_aid_actor(UnitState& unit) {
    for (;;) {
      unit.wake->acquire();
      ++out.events;
      if (unit.call < 0) return;
      const PlannedFire& plan = fires[static_cast<std::size_t>(unit.call)];
      sleep_until(now() + plan.mutual_aid_delay_s);
      const auto src = static_cast<std::size_t>(plan.source);
      const RoadState::Trip there =
          road.drive(*world.scenario.district.mutual_aid_node, world.sources[src].node, VehicleClass::truck, 1.0,
                     &world.from_mutual_aid[src].segments);
      if (there.arrived)
        record_arrival(unit.call, now(), true);
      else
        record_unreached(unit.call);
      out.fires[static_cast<std::size_t>(unit.call)].mutual_aid = true;
      unit.call = -1;
      unit.idle = true;
      stop_idle_units();
    }
  }

  void dispatcher_actor() {
    const auto& fire_model = world.scenario.hazards.fire;
    const bool mutual_aid = world.scenario.policies.no_engine_free == "mutual_aid";
    for (std::size_t i = 0; i < fires.size(); ++i) {
      const PlannedFire& plan = fires[i];
      sleep_until(plan.decision_s);
      decided_s[i] = now();
      FireRecord& rec = out.fires[i];
      // The micro fire station leaves at the same time; it moves at its own pace, off the roads' capacity.
      // One whose node has flooded is cut off, as a station's engines are (cut_off_flooded_stations).
      const auto source = static_cast<std::size_t>(plan.source);
      const auto& travel = world.micro_travel_s[source];
      const NodeIndex micro_at = world.micro_node[source];
      const bool micro_flooded = travel && flood != nullptr && micro_at < flood->node_flooded_s.size() &&
                                 flood->node_flooded_s[micro_at] <= now();
      if (travel && !micro_flooded) {
        rec.first_arrival_s = plan.decision_s + plan.micro_mobilisation_s + *travel;
        rec.first_unit = UnitKind::micro_station;
      }
      const auto fire = static_cast<std::int32_t>(i);
      queue.push_back(fire);
      board.offer();  // in the staffing priority order, against whatever else wants people
      if (!queue.empty() && queue.back() == fire && mutual_aid && fire_model.mutual_aid.enabled) {
        queue.pop_back();
        call_mutual_aid(fire);
        board.offer();
      }
    }
    closing = true;
    stop_idle_units();
  }
};

FireResponse::FireResponse(const FireWorld& world, const Platform& platform, RoadState& road, StaffBoard& board,
                           std::uint64_t seed, std::int64_t replication, double t0, ReplicationRecords& out)
    : state_(new State(world, platform, road, board, seed, replication, t0, out)) {
  State& st = *state_;
  st.fires = plan_fires(world.scenario, world.sources, seed, replication);
  board.set_engine_client([&st](const std::vector<char>& held_back) { return st.serve_from_board(held_back); });
  st.decided_s.assign(st.fires.size(), 0.0);
  st.waited_for_staff.assign(st.fires.size(), 0);
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
    r.confined = p.confined;
    r.smoke_alarm = p.smoke_alarm;
  }
  out.units.resize(world.engines.size());
  st.engines.resize(world.engines.size());
  for (std::size_t e = 0; e < world.engines.size(); ++e) {
    out.units[e].engine = static_cast<std::int32_t>(e);
    s4u::Actor::create(fmt::format("engine{}", e), platform.host(0), [&st, e] { st.engine_actor(e); });
  }
  s4u::Actor::create("dispatcher", platform.host(0), [&st] {
    st.sleep_until(0.0);
    st.dispatcher_actor();
  });
}

FireResponse::~FireResponse() { delete state_; }

void FireResponse::cut_off_flooded_stations(const FloodTimeline& flood) {
  State& st = *state_;
  st.flood = &flood;
  std::vector<NodeIndex> stations;
  for (const EngineUnit& e : st.world.engines)
    if (std::find(stations.begin(), stations.end(), e.node) == stations.end()) stations.push_back(e.node);
  spawn_node_floods(flood, stations, st.platform, st.t0, st.world.scenario.horizon_s, st.out.events,
                    [&st](NodeIndex n) { st.cut_off(n); });
}

void FireResponse::check_complete() const {
  State& st = *state_;
  if (st.engines_lost > 0) {
    for (const std::int32_t fire : st.queue) st.record_unreached(fire);
    st.queue.clear();
  }
  if (st.served != static_cast<std::int64_t>(st.fires.size()) || !st.queue.empty())
    throw Error(fmt::format("internal: replication {} ended with {} of {} fires served and {} queued",
                            st.replication, st.served, st.fires.size(), st.queue.size()));
}

}  // namespace readysim
