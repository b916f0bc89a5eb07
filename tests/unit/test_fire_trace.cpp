// Fire response on a line of two stations, checked by hand: who is sent, when they arrive.
#include <catch2/catch.hpp>

#include "readysim/run.hpp"

using namespace readysim;

namespace {
const std::string kLine = std::string(READYSIM_SOURCE_DIR) + "/scenarios/validation/line.yaml";
// Each hop that is not the path's bottleneck carries a token of 10⁻⁶ vehicle: 10⁻⁶ s at 1 veh/s.
constexpr double kTokens = 1e-5;

// The one replication of a trace scenario (its fires are scheduled, none random).
ReplicationRecords one_replication(const Scenario& s) {
  RunOptions opt;
  opt.replications = 1;
  RunOutput run = run_replications(s, opt);
  REQUIRE(run.replications.size() == 1);
  return std::move(run.replications[0]);
}
}  // namespace

TEST_CASE("fire trace: nearest free engine, queueing and hop-by-hop travel on a line", "[fire][trace]") {
  const Scenario s = load_scenario(kLine);
  const ReplicationRecords rep = one_replication(s);
  const auto& fires = rep.fires;
  REQUIRE(fires.size() == 3);

  // Fire 0 at b (t=0): alarm 60, decision 120; west (a→b 60 s) is nearer than east (240 s).
  // Leaves after 60 s turnout at 180; a→b is 60 s + 1 s for one vehicle at 3600 veh/h.
  CHECK(fires[0].engine_unit == 0);
  CHECK(fires[0].alarm_s == 60.0);
  CHECK(fires[0].dispatch_s == Approx(120.0).margin(kTokens));
  CHECK(fires[0].queue_wait_s == Approx(0.0).margin(kTokens));
  CHECK(fires[0].engine_arrival_s == Approx(241.0).margin(kTokens));
  CHECK_FALSE(fires[0].flashover_before_arrival);  // 11.72 W/s² × 241² = 681 kW < 1 MW
  CHECK(fires[0].heat_release_w == Approx(11.72 * 241.0 * 241.0).epsilon(1e-6));

  // Fire 1 at b (t=100): decision 220, west is out, so east goes: leaves 280, e→d→c→b is
  // 60 + 60 + 120 s + 2 s for one vehicle on the 1800 veh/h bottleneck b–c.
  CHECK(fires[1].engine_unit == 1);
  CHECK(fires[1].dispatch_s == Approx(220.0).margin(kTokens));
  CHECK(fires[1].engine_arrival_s == Approx(522.0).margin(kTokens));
  CHECK(fires[1].flashover_before_arrival);  // 11.72 × 422² = 2.09 MW

  // Fire 2 at d (t=200): decision 320, both out: it waits. West is back first: on scene until
  // 241 + 600 = 841, home at 902 (b→a 61 s). It leaves at 962; a→b→c→d is 60 + 120 + 60 + 2.
  CHECK(fires[2].engine_unit == 0);
  CHECK(fires[2].dispatch_s == Approx(902.0).margin(kTokens));
  CHECK(fires[2].queue_wait_s == Approx(582.0).margin(kTokens));
  CHECK(fires[2].engine_arrival_s == Approx(1204.0).margin(kTokens));

  const auto& units = rep.units;
  REQUIRE(units.size() == 2);
  CHECK(units[0].dispatches == 2);
  CHECK(units[1].dispatches == 1);
  // East: dispatched 220, back at 522 + 600 + 242 = 1364.
  CHECK(units[1].busy_s == Approx(1144.0).margin(kTokens));
}

// Rule: calls that wait for an engine are served first come, first served.
TEST_CASE("fire trace: waiting calls get the engine in the order they called", "[fire][trace][queue]") {
  const Scenario s = load_scenario(std::string(READYSIM_SOURCE_DIR) + "/scenarios/validation/fifo.yaml");
  const ReplicationRecords rep = one_replication(s);
  const auto& fires = rep.fires;
  REQUIRE(fires.size() == 3);
  // Alarms 60 s after ignition, decisions 60 s after the alarm: (who, decision) = (0 at b, 120),
  // (1 at d, 180), (2 at b, 240).
  for (int i = 0; i < 3; ++i) CHECK(fires[static_cast<std::size_t>(i)].alarm_s == 60.0 + 60.0 * i);

  // Fire 0 takes the only engine: sent 120, leaves 180, a→b 60 + 1 s → on scene 241, 10 min there
  // until 841, back b→a 61 s: home 902. Fires 1 and 2 are both waiting by then.
  CHECK(fires[0].dispatch_s == Approx(120.0).margin(kTokens));
  CHECK(fires[0].engine_arrival_s == Approx(241.0).margin(kTokens));

  // First come: fire 1 (called at 180) is sent at 902 (waited 722), leaves 962, a→b→c→d
  // 60 + 120 + 60 + 2 s → 1204; on scene until 1804, back d→a 242 s: home 2046.
  CHECK(fires[1].dispatch_s == Approx(902.0).margin(kTokens));
  CHECK(fires[1].queue_wait_s == Approx(722.0).margin(kTokens));
  CHECK(fires[1].engine_arrival_s == Approx(1204.0).margin(kTokens));

  // Then fire 2 (called at 240): sent 2046 (waited 1806), leaves 2106, a→b 61 s → 2167.
  // (Served newest first, fire 2 would be sent at 902, home again at 1684, and fire 1 sent then.)
  CHECK(fires[2].dispatch_s == Approx(2046.0).margin(kTokens));
  CHECK(fires[2].queue_wait_s == Approx(1806.0).margin(kTokens));
  CHECK(fires[2].engine_arrival_s == Approx(2167.0).margin(kTokens));
  CHECK(fires[1].dispatch_s < fires[2].dispatch_s);

  REQUIRE(rep.units.size() == 1);
  CHECK(rep.units[0].dispatches == 3);
}

TEST_CASE("fire trace: a fire flashes over first exactly when its growth reaches the flashover power by arrival",
          "[fire][trace]") {
  // Fire 0 of the line trace: ignition 0, engine on scene at 241 s, so its heat release then is
  // 11.72 W/s² × 241² = 680.7 kW. A room that flashes over at 680 kW has done so; one at 682 kW
  // has not. (±1 kW is ±0.09 s of arrival, far wider than the token error.)
  Scenario s = load_scenario(kLine);
  for (const auto& [flashover_w, before] : {std::pair{680e3, true}, std::pair{682e3, false}}) {
    for (auto& occ : s.hazards.fire.occupancies) occ.flashover_w = flashover_w;
    const ReplicationRecords rep = one_replication(s);
    const FireRecord& fire = rep.fires.at(0);
    INFO("flashover at " << flashover_w << " W; heat release on arrival " << fire.heat_release_w << " W");
    REQUIRE(fire.engine_arrival_s == Approx(241.0).margin(kTokens));
    CHECK(fire.heat_release_w == Approx(11.72 * 241.0 * 241.0).epsilon(1e-6));
    CHECK(fire.flashover_before_arrival == before);
  }
}

TEST_CASE("fire trace: the micro station holds a fire below its limit until the engine comes", "[fire][trace]") {
  // scenarios/validation/micro.yaml: the micro station is on scene at 180 s with the fire at
  // 11.72 × 180² = 379.7 kW; the engine at 422 s, when unchecked growth would be 2.087 MW.
  // Holding below 380 kW it holds the fire at 379.7 kW (no flashover); below 379 kW it cannot,
  // and the room flashes over before the engine.
  Scenario s = load_scenario(std::string(READYSIM_SOURCE_DIR) + "/scenarios/validation/micro.yaml");
  for (const auto& [holds_below_w, held] : {std::pair{380e3, true}, std::pair{379e3, false}}) {
    s.hazards.fire.micro.holds_below_w = holds_below_w;
    const ReplicationRecords rep = one_replication(s);  // kept: the fire is read from it
    const FireRecord& fire = rep.fires.at(0);
    INFO("holds below " << holds_below_w << " W");
    CHECK(fire.first_unit == UnitKind::micro_station);
    CHECK(fire.first_arrival_s == Approx(180.0).margin(kTokens));
    CHECK(fire.engine_arrival_s == Approx(422.0).margin(kTokens));
    CHECK(fire.held_by_micro == held);
    CHECK(fire.heat_release_w == Approx(11.72 * (held ? 180.0 * 180.0 : 422.0 * 422.0)).epsilon(1e-6));
    CHECK(fire.flashover_before_arrival == !held);
  }
}
