// The stock metrics honour run.warm_up (issue 17, point 9): the stock runs from t = 0 (what the
// warm-up used is gone), but demand, issued, shortfall and stock-outs count only from the warm-up
// on. Hand-made records against hand computations, as in test_logistics.cpp.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "readysim/logistics.hpp"
#include "readysim/records.hpp"
#include "readysim/scenario.hpp"

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

// hall (shelter) —100 m— store (district depot: 2000 L of water, 100 blankets) —3.6 km— city
Scenario district(double warm_up_s) {
  Scenario s;
  RoadGraph& g = s.district.roads;
  g.add_node(place("hall", 0, 0, NodeKind::shelter));
  g.add_node(place("store", 0, 100, NodeKind::depot));
  g.add_node(place("city", -3600, 100, NodeKind::external));
  road(g, 0, 1, 100);
  road(g, 2, 1, 3600);
  s.horizon_s = 48 * 3600.0;
  s.run.warm_up_s = warm_up_s;
  s.district.communities.push_back(Community{"c", "c", CommunityKind::sub_district, 0, {}});
  s.resources.shelters.push_back(Shelter{"hall", "hall", 0, 10000, 2857, true, {}});
  s.resources.depots.push_back(Depot{"store", "store", 1, "", 30, {{"drinking_water", 2000}, {"blanket", 100}}, {}});
  s.hazards.flood.enabled = true;
  return s;
}

CohortRecord arrival(std::int32_t people, double safe_s) {
  CohortRecord c;
  c.households = people / 3;
  c.people = people;
  c.mode = TravelMode::walk;
  c.warned_s = c.departed_s = 0;
  c.safe_s = safe_s;
  c.shelter = 0;
  c.home_flooded_s = kNever;
  return c;
}

// 30 people reach the hall at 1000 s, 60 at 2000 s, 90 at 3000 s; each gets 15 L of water on
// arrival and every 24 h, and a blanket on arrival.
ReplicationRecords three_arrivals() {
  ReplicationRecords r;
  r.breach_s = r.warning_s = kNever;
  r.cohorts = {arrival(30, 1000), arrival(30, 2000), arrival(30, 2000), arrival(30, 3000), arrival(30, 3000),
               arrival(30, 3000)};
  return r;
}

Logistics water_and_blankets() {
  Logistics l = default_logistics();
  std::erase_if(l.consumption, [](const ConsumptionRate& c) {
    return c.basis == ConsumptionBasis::sheltered_person_day && c.item != "drinking_water";
  });
  l.resupply.order_up_to = 0;  // no resupply: the hand computation stays short
  return l;
}

const StockRecord& find(const StockRecords& st, const Logistics& l, const std::string& item) {
  for (const auto& r : st.records)
    if (l.items[static_cast<std::size_t>(r.item)].name == item) return r;
  FAIL("no stock record for " << item);
  throw 0;
}

}  // namespace

TEST_CASE("stock warm-up: flows and stock-outs count from run.warm_up on, the level from 0",
          "[logistics][warm_up]") {
  const Logistics l = water_and_blankets();
  // Without a warm-up (test_logistics.cpp): water 2000 − 450 − 900 → 650; 1350 asked at 3000 s:
  // out, 700 short; day two (87400, 88400, 89400 s) 450 + 900 + 1350 all short.
  const Scenario none = district(0);
  const StockRecords all = compute_stock(none, l, three_arrivals(), 1, 0);
  const StockRecord& water0 = find(all, l, "drinking_water");
  REQUIRE(water0.orders == 0);
  CHECK(water0.demand == 5400);
  CHECK(water0.issued == 2000);
  CHECK(water0.shortfall == 3400);
  CHECK(water0.stockouts == 1);
  CHECK(water0.stockout_s == 48 * 3600.0 - 3000);

  SECTION("warm-up 2500 s: the 3000 s arrivals and day two count, the levels are the same") {
    const Scenario s = district(2500);
    const StockRecords st = compute_stock(s, l, three_arrivals(), 1, 0);
    const StockRecord& water = find(st, l, "drinking_water");
    CHECK(st.levels.size() == all.levels.size());
    CHECK(water.final_level == 0);
    CHECK(water.demand == 1350 + 2700);
    CHECK(water.issued == 650);
    CHECK(water.shortfall == 700 + 2700);
    CHECK(water.stockouts == 1);
    CHECK(water.first_stockout_s == 3000);
    CHECK(water.stockout_s == 48 * 3600.0 - 3000);
    const StockRecord& blanket = find(st, l, "blanket");
    CHECK(blanket.demand == 90);
    CHECK(blanket.shortfall == 80);
  }

  SECTION("warm-up 2 h: the depot ran out before it; the first demand after it that finds it short counts") {
    const Scenario s = district(7200);
    const std::vector<StockRecords> runs{compute_stock(s, l, three_arrivals(), 1, 0)};
    const StockRecord& water = find(runs[0], l, "drinking_water");
    CHECK(water.demand == 2700);
    CHECK(water.issued == 0);
    CHECK(water.shortfall == 2700);
    CHECK(water.first_shortfall_s == 87400);
    CHECK(water.stockouts == 1);
    CHECK(water.first_stockout_s == 87400);
    CHECK(water.stockout_s == 48 * 3600.0 - 7200);  // out of stock all the time after the warm-up
    // Blankets: every demand came before the warm-up: nothing short, no stock-out counted.
    const StockRecord& blanket = find(runs[0], l, "blanket");
    CHECK(blanket.demand == 0);
    CHECK(blanket.shortfall == 0);
    CHECK(blanket.stockouts == 0);
    CHECK(blanket.first_stockout_s == kNever);
    // The metrics read these records.
    CHECK(*stock_metric_values(l, runs, "stock.shortfall.drinking_water") == std::vector<double>{2700});
    CHECK(*stock_metric_values(l, runs, "stock.shortfall.blanket") == std::vector<double>{0});
    CHECK(*stock_metric_values(l, runs, "stock.stockout_probability.blanket") == std::vector<double>{0});
    CHECK(*stock_metric_values(l, runs, "stock.stockout_probability.drinking_water") == std::vector<double>{1});
  }
}
