// Depots and stockpiles: stock replayed from hand-made replication records against hand
// computations — when a depot runs out, what is short, when resupply arrives, which depot
// serves which demand and which backs it up.
#include <catch2/catch.hpp>

#include <tuple>
#include <string>
#include <vector>

#include "readysim/flood.hpp"
#include "readysim/logistics.hpp"
#include "readysim/records.hpp"
#include "readysim/scenario.hpp"
#include "scenario/fire_section.hpp"

using namespace readysim;

namespace {

RoadNode place(std::string id, double x, double y, NodeKind kind) {
  RoadNode n;
  n.id = std::move(id);
  n.x_m = x;
  n.y_m = y;
  n.elevation_m = 50;
  n.kind = kind;
  return n;
}

void road(RoadGraph& g, NodeIndex a, NodeIndex b, double length_m) {
  for (auto [from, to] : {std::pair{a, b}, std::pair{b, a}}) {
    RoadSegment s;
    s.id = g.node(a).id + "-" + g.node(b).id;
    s.from = from;
    s.to = to;
    s.length_m = length_m;
    s.free_speed_mps = 10;
    s.capacity_vps = 0.5;
    g.add_segment(s);
  }
}

// hall (shelter) —100 m— store (district depot) —3.6 km— city (external)
// hall —1 km— mill (risk point) —1 km— point (community c's supply point) —100 m— office (c)
enum Node : NodeIndex { hall, store, mill, point, office, city };

Scenario district() {
  Scenario s;
  RoadGraph& g = s.district.roads;
  g.add_node(place("hall", 0, 0, NodeKind::shelter));
  g.add_node(place("store", 0, 100, NodeKind::depot));
  g.add_node(place("mill", 1000, 0, NodeKind::enterprise));
  g.add_node(place("point", 2000, 0, NodeKind::depot));
  g.add_node(place("office", 2000, 100, NodeKind::community));
  g.add_node(place("city", -3600, 100, NodeKind::external));
  road(g, hall, store, 100);
  road(g, hall, mill, 1000);
  road(g, mill, point, 1000);
  road(g, point, office, 100);
  road(g, city, store, 3600);
  s.horizon_s = 48 * 3600.0;
  s.district.communities.push_back(Community{"c", "c", CommunityKind::sub_district, office, {}});
  s.district.risk_points.push_back(RiskPoint{"mill", "mill", mill, RiskLevel::yellow, "industrial", {}, {}});
  s.resources.shelters.push_back(Shelter{"hall", "hall", hall, 10000, 2857, true, {}});
  s.resources.shelters.push_back(Shelter{"school", "school", office, 3000, 857, true, {}});
  Station micro;
  micro.id = "micro";
  micro.kind = StationKind::micro_fire_station;
  micro.node = office;
  micro.community = "c";
  s.resources.stations.push_back(micro);
  s.resources.depots.push_back(Depot{"store", "store", store, "", 30,
                                     {{"drinking_water", 2000}, {"blanket", 100}, {"sandbag", 1000},
                                      {"life_jacket", 50}},
                                     {}});
  s.resources.depots.push_back(Depot{"point", "point", point, "c", 15,
                                     {{"drinking_water", 100}, {"extinguisher_charge", 10},
                                      {"nine_ones_kit", 2}, {"life_jacket", 15}},
                                     {}});
  s.hazards.flood.enabled = true;
  s.hazards.fire = default_fire_hazard();
  s.hazards.fire.enabled = true;
  return s;
}

CohortRecord arrival(std::int32_t people, double safe_s, std::int32_t shelter = 0) {
  CohortRecord c;
  c.households = people / 3;
  c.people = people;
  c.mode = TravelMode::walk;
  c.warned_s = c.departed_s = 0;
  c.safe_s = safe_s;
  c.shelter = shelter;
  c.home_flooded_s = kNever;
  return c;
}

// 30 people reach the hall at 1000 s, 60 at 2000 s, 90 at 3000 s (cohorts of 30).
ReplicationRecords three_arrivals() {
  ReplicationRecords r;
  r.breach_s = r.warning_s = kNever;
  r.cohorts = {arrival(30, 1000), arrival(30, 2000), arrival(30, 2000), arrival(30, 3000), arrival(30, 3000),
               arrival(30, 3000)};
  return r;
}

// Water and blankets only, as in scenarios/validation/stock.yaml.
Logistics water_and_blankets() {
  Logistics l = default_logistics();
  std::erase_if(l.consumption, [](const ConsumptionRate& c) {
    return c.basis == ConsumptionBasis::sheltered_person_day && c.item != "drinking_water";
  });
  return l;
}

const StockRecord& find(const StockRecords& st, const Scenario& s, const Logistics& l, const std::string& depot,
                        const std::string& item) {
  for (const auto& r : st.records)
    if (s.resources.depots[static_cast<std::size_t>(r.depot)].id == depot &&
        l.items[static_cast<std::size_t>(r.item)].name == item)
      return r;
  FAIL("no stock record for " << depot << "/" << item);
  throw 0;
}

std::vector<std::pair<double, double>> series(const StockRecords& st, const StockRecord& r) {
  std::vector<std::pair<double, double>> out;
  const auto k = static_cast<std::int32_t>(&r - st.records.data());
  for (const auto& p : st.levels)
    if (p.record == k) out.emplace_back(p.time_s, p.level);
  return out;
}

using Series = std::vector<std::pair<double, double>>;

}  // namespace

TEST_CASE("stock: a depot runs out when the hand computation says", "[logistics]") {
  const Scenario s = district();
  const Logistics l = water_and_blankets();
  const StockRecords st = compute_stock(s, l, three_arrivals(), 1, 0);

  // Water, 15 L a person a day: 2000 − 450 = 1550; − 900 = 650; 1350 asked at 3000 s: out, 700 short.
  // Day two (every 24 h after arrival): nothing left, 450 + 900 + 1350 short.
  const StockRecord& water = find(st, s, l, "store", "drinking_water");
  CHECK(series(st, water) == Series{{0, 2000}, {1000, 1550}, {2000, 650}, {3000, 0}});
  CHECK(water.first_stockout_s == 3000);
  CHECK(water.stockouts == 1);
  CHECK(water.stockout_s == 48 * 3600.0 - 3000);  // never restocked: out until the horizon
  CHECK(water.demand == 2 * 2700.0);
  CHECK(water.issued == 2000);
  CHECK(water.shortfall == 700 + 2700.0);
  CHECK(water.first_shortfall_s == 3000);
  CHECK(water.final_level == 0);
  CHECK(water.orders == 0);

  // A blanket a person on arrival: 100 − 30 − 60 = 10; 90 asked at 3000 s, 80 short.
  const StockRecord& blanket = find(st, s, l, "store", "blanket");
  CHECK(series(st, blanket) == Series{{0, 100}, {1000, 70}, {2000, 10}, {3000, 0}});
  CHECK(blanket.first_stockout_s == 3000);
  CHECK(blanket.shortfall == 80);

  // Items nobody asks for stay put; the supply point serves nothing here (the store is nearer).
  const StockRecord& sandbag = find(st, s, l, "store", "sandbag");
  CHECK(series(st, sandbag) == Series{{0, 1000}});
  CHECK(sandbag.first_stockout_s == kNever);
  CHECK(find(st, s, l, "point", "drinking_water").demand == 0);
}

TEST_CASE("stock: resupply arrives after its lead time and the drive", "[logistics]") {
  const Scenario s = district();
  Logistics l = water_and_blankets();
  l.resupply.enabled = true;
  l.resupply.lead_time = Distribution::constant(6 * 3600.0);
  l.resupply.from_node = "city";  // 3.6 km at 36 km/h: 360 s
  l.resupply.reorder_at = 0.5;
  l.resupply.order_up_to = 1;
  l.resupply.items = {"drinking_water"};
  const StockRecords st = compute_stock(s, l, three_arrivals(), 1, 0);

  // 650 L ≤ 1000 after the 2000 s issue: 1350 L ordered, in at 2000 + 21600 + 360 = 23960 s.
  // Day two: 87400 s 1350 − 450 = 900 → order 1100, due 109360 s; 88400 s 900 − 900 → 0 (all
  // served: not yet out); 89400 s 1350 asked, none there: out, 1350 short; 109360 s +1100.
  const StockRecord& water = find(st, s, l, "store", "drinking_water");
  CHECK(series(st, water) == Series{{0, 2000}, {1000, 1550}, {2000, 650}, {3000, 0}, {23960, 1350},
                                    {87400, 900}, {88400, 0}, {109360, 1100}});
  REQUIRE(st.orders.size() == 2);
  CHECK(st.orders[0].ordered_s == 2000);
  CHECK(st.orders[0].arrives_s == 23960);
  CHECK(st.orders[0].quantity == 1350);
  CHECK(st.orders[1].ordered_s == 87400);
  CHECK(st.orders[1].arrives_s == 109360);
  CHECK(st.orders[1].quantity == 1100);
  CHECK(water.stockouts == 2);
  CHECK(water.first_stockout_s == 3000);
  CHECK(water.stockout_s == (23960 - 3000) + (109360 - 89400));
  CHECK(water.shortfall == 700 + 1350);
  CHECK(water.received == 2450);
  CHECK(water.on_order == 0);
  CHECK(water.final_level == 1100);
  CHECK(water.min_level == 0);
  // Blankets are not on the resupply list.
  CHECK(find(st, s, l, "store", "blanket").orders == 0);

  SECTION("an order due after the horizon stays on order") {
    l.resupply.lead_time = Distribution::constant(50 * 3600.0);
    const StockRecords late = compute_stock(s, l, three_arrivals(), 1, 0);
    const StockRecord& w = find(late, s, l, "store", "drinking_water");
    CHECK(w.received == 0);
    CHECK(w.on_order == 1350);
    CHECK(w.stockout_s == 48 * 3600.0 - 3000);
  }
}

TEST_CASE("stock: random lead times come from the depot's own stream", "[logistics]") {
  Scenario s = district();
  Logistics l = water_and_blankets();
  l.resupply.enabled = true;
  l.resupply.lead_time = Distribution::uniform(4 * 3600.0, 8 * 3600.0);
  l.resupply.reorder_at = 0.5;
  const auto leads = [&](const Scenario& sc, std::uint64_t seed, std::int64_t rep) {
    std::vector<double> out;  // the store's orders
    const StockRecords st = compute_stock(sc, l, three_arrivals(), seed, rep);
    for (const StockOrder& o : st.orders)
      if (st.records[static_cast<std::size_t>(o.record)].depot == 0) out.push_back(o.arrives_s - o.ordered_s);
    return out;
  };
  const std::vector<double> a = leads(s, 7, 3);
  REQUIRE(a.size() >= 2);
  for (double lead : a) CHECK((lead >= 4 * 3600.0 && lead <= 8 * 3600.0));
  CHECK(leads(s, 7, 3) == a);   // the same replication, the same draws
  CHECK(leads(s, 7, 4) != a);   // another replication, other draws
  CHECK(leads(s, 8, 3) != a);   // another seed, other draws
  // Common random numbers: a new depot elsewhere (which now backs the store up, and orders for
  // itself) leaves the store's lead times alone.
  s.resources.depots.push_back(Depot{"annex", "annex", mill, "", 10, {{"drinking_water", 500}}, {}});
  CHECK(StockModel(s, l).shelter_route(0).fallback == 2);
  CHECK(leads(s, 7, 3) == a);
}

TEST_CASE("stock: a supply point's shortfall is asked of the district depot", "[logistics]") {
  const Scenario s = district();
  const Logistics l = water_and_blankets();
  const StockModel model(s, l);
  CHECK(model.shelter_route(0).primary == 0);   // hall: the store, 100 m away
  CHECK(model.shelter_route(0).fallback == -1); // the store is the only district depot
  CHECK(model.shelter_route(1).primary == 1);   // school: the supply point next door
  CHECK(model.shelter_route(1).fallback == 0);  // backed by the store

  ReplicationRecords rec = three_arrivals();
  rec.cohorts = {arrival(30, 1000, 1)};
  const StockRecords st = model.run(rec, 1, 0);
  const StockRecord& at_point = find(st, s, l, "point", "drinking_water");
  const StockRecord& at_store = find(st, s, l, "store", "drinking_water");
  // 450 L at 1000 s (100 from the point, which runs out, 350 from the store), 450 more from the
  // store a day later.
  CHECK(at_point.demand == 900);
  CHECK(at_point.issued == 100);
  CHECK(at_point.first_stockout_s == 1000);
  CHECK(at_point.shortfall == 0);
  CHECK(at_store.demand == 0);
  CHECK(at_store.issued == 800);
  CHECK(series(st, at_store) == Series{{0, 2000}, {1000, 1650}, {87400, 1200}});
  // No blankets at the point: all 30 from the store.
  CHECK(find(st, s, l, "store", "blanket").issued == 30);
  CHECK(find(st, s, l, "point", "blanket").first_stockout_s == kNever);

  SECTION("by community, the hall draws on the supply point of the nearest office") {
    Logistics by_community = l;
    by_community.shelter_supply = ShelterSupply::community;
    CHECK(StockModel(s, by_community).shelter_route(0).primary == 1);
  }
  SECTION("a shelter assigned `none` is supplied from outside") {
    Logistics outside = l;
    outside.shelter_depots.push_back(ShelterDepot{"school", "none", {}});
    CHECK(StockModel(s, outside).shelter_route(1).primary == -1);
    CHECK(StockModel(s, outside).run(rec, 1, 0).records.size() == 8);  // only the listed items
  }
}

TEST_CASE("stock: micro-station fires, activation kits and levee patches draw their items", "[logistics]") {
  const Scenario s = district();
  Logistics l = default_logistics();
  ReplicationRecords rec;
  rec.breach_s = kNever;
  rec.warning_s = 100;
  FireRecord fought;
  fought.source = 0;  // the mill: answered by community c's micro station
  fought.first_unit = UnitKind::micro_station;
  fought.first_arrival_s = 500;
  FireRecord engine_first = fought;
  engine_first.first_unit = UnitKind::engine;
  rec.fires = {fought, engine_first};

  Scenario with_teams = s;
  for (auto [id, role, community, count] : {std::tuple{"team_c", "community_team", "c", 15},
                                            std::tuple{"district", "rescue_team", "", 30}}) {
    StaffPool team;
    team.id = id;
    team.role = role;
    team.community = community;
    team.count = count;
    with_teams.resources.staff.push_back(team);
  }
  StaffPool managers;
  managers.id = "managers_c";
  managers.role = "emergency_manager";
  managers.count = 2;
  managers.community = "c";
  with_teams.resources.staff.push_back(managers);
  const std::vector<LeveePatch> patch{{7200, mill, 10}};
  const StockRecords st = compute_stock(with_teams, l, rec, 1, 0, patch);

  // Two charges for the fire the micro station fought; none for the one the engine reached first.
  const StockRecord& charges = find(st, with_teams, l, "point", "extinguisher_charge");
  CHECK(series(st, charges) == Series{{0, 10}, {500, 8}});
  // On the warning: a life jacket per member (15 at the point: gone; 30 of the store's 50), a
  // nine-ones kit per emergency manager.
  const StockRecord& jackets = find(st, with_teams, l, "point", "life_jacket");
  CHECK(series(st, jackets) == Series{{0, 15}, {100, 0}});
  CHECK(jackets.first_stockout_s == kNever);  // emptied, but nobody went without
  CHECK(jackets.shortfall == 0);
  CHECK(series(st, find(st, with_teams, l, "store", "life_jacket")) == Series{{0, 50}, {100, 20}});
  CHECK(series(st, find(st, with_teams, l, "point", "nine_ones_kit")) == Series{{0, 2}, {100, 0}});
  // 10 m of levee at the mill: 200 sandbags. The point is nearer but has none; the store gives them.
  const StockRecord& bags_point = find(st, with_teams, l, "point", "sandbag");
  CHECK(bags_point.demand == 200);
  CHECK(bags_point.shortfall == 0);
  CHECK(series(st, find(st, with_teams, l, "store", "sandbag")) == Series{{0, 1000}, {7200, 800}});

  SECTION("without a warning nobody is activated") {
    rec.warning_s = kNever;
    const StockRecords quiet = compute_stock(with_teams, l, rec, 1, 0);
    CHECK(find(quiet, with_teams, l, "point", "life_jacket").issued == 0);
  }
}

TEST_CASE("stock: a scenario without depots has no stock", "[logistics]") {
  Scenario s = district();
  s.resources.depots.clear();
  const StockRecords st = compute_stock(s, default_logistics(), three_arrivals(), 1, 5);
  CHECK(st.replication == 5);
  CHECK(st.records.empty());
  CHECK(st.levels.empty());
}
