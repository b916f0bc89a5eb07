// The `logistics` section (catalogue, rates, resupply), its checks against the depots (floor
// area, unknown items), the stock metrics and tables, and the validation scenario end to end.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "readysim/flood.hpp"
#include "readysim/logistics.hpp"
#include "readysim/results.hpp"
#include "readysim/run.hpp"
#include "readysim/scenario.hpp"
#include "readysim/stats.hpp"
#include "scenario/logistics_section.hpp"
#include "temp_dir.hpp"

using namespace readysim;
namespace fs = std::filesystem;

namespace {

struct Read {
  Diagnostics diags;
  Logistics logistics;
  std::string messages() const {
    std::string all;
    for (const auto& d : diags.items()) all += format_diagnostic(d) + "\n";
    return all;
  }
};

Read read(const std::string& yaml) {
  Read out;
  YamlReader r("s.yaml", out.diags);
  const YAML::Node root = YAML::Load(yaml);
  read_logistics_section(root["logistics"], r, out.logistics);
  return out;
}

double rate(const Logistics& l, ConsumptionBasis b, const std::string& item) {
  double q = 0;
  for (const auto& c : l.consumption)
    if (c.basis == b && c.item == item) q += c.quantity;
  return q;
}

Scenario with_depot(double floor_m2, std::vector<StockItem> items) {
  Scenario s;
  Depot d;
  d.id = "store";
  d.floor_area_m2 = floor_m2;
  d.items = std::move(items);
  d.where = SourceLocation{"s.yaml", 12, 7};
  s.resources.depots.push_back(d);
  return s;
}

std::string check(const Scenario& s, const Logistics& l) {
  Diagnostics diags;
  check_logistics(s, l, diags);
  std::string all;
  for (const auto& d : diags.items()) all += format_diagnostic(d) + "\n";
  return all;
}

}  // namespace

TEST_CASE("logistics: defaults follow the plan and the Sphere standards", "[logistics][scenario]") {
  const Read r = read("other: 1");
  REQUIRE(r.diags.ok());
  const Logistics& l = r.logistics;
  for (const char* item : {"nine_ones_kit", "raincoat", "life_jacket", "rain_boots", "flashlight", "rescue_rope",
                           "alarm", "megaphone", "contact_book", "registration_book", "sandbag", "drinking_water",
                           "food_ration", "blanket", "tent", "extinguisher_charge", "portable_pump"})
    CHECK(l.find_item(item) != nullptr);
  CHECK(l.find_item("drinking_water")->unit == "L");
  CHECK(rate(l, ConsumptionBasis::sheltered_person_day, "drinking_water") == 15);
  CHECK(rate(l, ConsumptionBasis::sheltered_person_day, "food_ration") == 1);
  CHECK(rate(l, ConsumptionBasis::sheltered_person, "blanket") == 1);
  CHECK(rate(l, ConsumptionBasis::emergency_manager_activated, "nine_ones_kit") == 1);
  CHECK(rate(l, ConsumptionBasis::levee_metre, "sandbag") == 20);
  CHECK_FALSE(l.resupply.enabled);
}

TEST_CASE("logistics: the section reads items, rates with units, supply and resupply", "[logistics][scenario]") {
  const Read r = read(R"(
logistics:
  items:
    portable_pump: {footprint: 0.6 m2}
    bottled_water_pallet: {footprint: 1.2 m2, unit: pallet}
    drinking_water: {footprint: 1.2 m2, per: 800}
  consumption:
    per_sheltered_person_per_day: {drinking_water: 20 L, food_ration: 1}
    per_sheltered_person: {}
  issue_interval: 12 h
  shelter_supply: community
  shelter_depots: {qianjiang_halls: none}
  resupply:
    lead_time: {dist: lognormal, median: 4 h, p90: 8 h}
    from_node: qianjiang_city
    reorder_at: 0.3
    items: [drinking_water, food_ration]
)");
  INFO(r.messages());
  REQUIRE(r.diags.ok());
  const Logistics& l = r.logistics;
  CHECK(l.find_item("portable_pump")->footprint_m2 == 0.6);
  CHECK(l.find_item("portable_pump")->unit == "piece");
  CHECK(l.find_item("bottled_water_pallet")->unit == "pallet");
  CHECK(l.find_item("drinking_water")->footprint_per_unit_m2() == Approx(0.0015));
  CHECK(rate(l, ConsumptionBasis::sheltered_person_day, "drinking_water") == Approx(20));
  CHECK(rate(l, ConsumptionBasis::sheltered_person, "blanket") == 0);  // the basis was replaced by nothing
  CHECK(rate(l, ConsumptionBasis::levee_metre, "sandbag") == 20);      // untouched bases keep their defaults
  CHECK(l.issue_interval_s == 43200);
  CHECK(l.shelter_supply == ShelterSupply::community);
  REQUIRE(l.shelter_depots.size() == 1);
  CHECK(l.shelter_depots[0].depot == "none");
  CHECK(l.resupply.enabled);
  CHECK(l.resupply.lead_time.quantile(0.5) == Approx(4 * 3600.0));
  CHECK(l.resupply.from_node == "qianjiang_city");
  CHECK(l.resupply.reorder_at == 0.3);
  CHECK(l.resupply.items == std::vector<std::string>{"drinking_water", "food_ration"});

  SECTION("the effective section reads back to the same") {
    YAML::Emitter out;
    out << YAML::BeginMap;
    emit_logistics_yaml(out, l);
    out << YAML::EndMap;
    const Read again = read(out.c_str());
    INFO(out.c_str());
    INFO(again.messages());
    REQUIRE(again.diags.ok());
    const Logistics& m = again.logistics;
    REQUIRE(m.items.size() == l.items.size());
    for (std::size_t i = 0; i < l.items.size(); ++i) {
      CHECK(m.items[i].name == l.items[i].name);
      CHECK(m.items[i].footprint_per_unit_m2() == Approx(l.items[i].footprint_per_unit_m2()));
      CHECK(m.items[i].unit == l.items[i].unit);
    }
    for (ConsumptionBasis b : kConsumptionBases)
      for (const auto& it : l.items) CHECK(rate(m, b, it.name) == Approx(rate(l, b, it.name)));
    CHECK(m.issue_interval_s == l.issue_interval_s);
    CHECK(m.shelter_supply == l.shelter_supply);
    CHECK(m.resupply.lead_time.quantile(0.9) == Approx(l.resupply.lead_time.quantile(0.9)));
    CHECK(m.resupply.items == l.resupply.items);
  }
}

TEST_CASE("logistics: section errors name the spot, the entity and the fix", "[logistics][scenario]") {
  const Read r = read(R"(
logistics:
  items:
    tarp: {unit: sheet}
  consumption:
    per_sheltered_person_per_day: {drinking_watr: 15 L, food_ration: 2 L}
    per_shelterd_person: {blanket: 1}
  shelter_supply: nearst
  resupply: {reorder_at: 0.8, order_up_to: 0.5, items: [blankets]}
)");
  const std::string m = r.messages();
  INFO(m);
  CHECK_THAT(m, Catch::Contains("s.yaml:4:11: error: logistics.items.tarp: missing required key 'footprint'"));
  CHECK_THAT(m, Catch::Contains("unit 'sheet' is not known"));
  CHECK_THAT(m, Catch::Contains("item 'drinking_watr' is not in the item catalogue (did you mean 'drinking_water'?)"));
  CHECK_THAT(m, Catch::Contains("food_ration must be a plain number of ration (the item's unit), got '2 L'"));
  CHECK_THAT(m, Catch::Contains("per_shelterd_person"));
  CHECK_THAT(m, Catch::Contains("shelter_supply must be nearest or community, got 'nearst' (did you mean 'nearest'?)"));
  CHECK_THAT(m, Catch::Contains("order_up_to (0.5) must be above reorder_at (0.8)"));
  CHECK_THAT(m, Catch::Contains("item 'blankets' is not in the item catalogue (did you mean 'blanket'?)"));
}

TEST_CASE("logistics: a depot whose items do not fit its floor fails validation", "[logistics][scenario]") {
  const Logistics l = default_logistics();
  // 1200 life jackets × 0.02 m² = 24 m², 6000 L of water = 7.2 m²: 31.2 m² on a 30 m² floor.
  const std::string m = check(with_depot(30, {{"life_jacket", 1200}, {"drinking_water", 6000}}), l);
  CHECK(m == "s.yaml:12:7: error: depot 'store': its items need 31.2 m2 of floor but its floor area is 30 m2 "
             "(life_jacket 1200 × 0.02 m2 = 24 m2, drinking_water 6000 L × 0.0012 m2 = 7.2 m2); store less, "
             "enlarge the floor area, or correct the footprints under logistics.items\n");
  CHECK(check(with_depot(30, {{"life_jacket", 900}, {"drinking_water", 5000}}), l).empty());  // 18 + 6 m²
  CHECK(check(with_depot(24, {{"life_jacket", 1200}}), l).empty());  // exactly full fits
  CHECK_THAT(check(with_depot(30, {{"lifejacket", 10}}), l),
             Catch::Contains("depot 'store': item 'lifejacket' is not in the item catalogue (did you mean "
                             "'life_jacket'?); add it under logistics.items with its footprint, or fix the name"));
  CHECK(stored_area_m2(with_depot(30, {{"life_jacket", 900}, {"sandbag", 2000}}).resources.depots[0], l) ==
        Approx(18 + 1.0));
}

TEST_CASE("logistics: stock metrics and tables over replications", "[logistics][results]") {
  Scenario s = with_depot(30, {{"drinking_water", 1000}});
  s.hazards.flood.enabled = true;
  s.resources.shelters.push_back(Shelter{"hall", "hall", 0, 100, 28, true, {}});
  Logistics l = default_logistics();
  const int water = l.item_index("drinking_water");
  std::vector<StockRecords> runs(2);
  for (std::int64_t i = 0; i < 2; ++i) {
    runs[static_cast<std::size_t>(i)].replication = 10 + i;
    StockRecord r;
    r.depot = 0;
    r.item = water;
    r.initial = 1000;
    r.shortfall = i == 0 ? 300 : 0;
    r.stockouts = i == 0 ? 1 : 0;
    r.first_stockout_s = i == 0 ? 3000 : kNever;
    runs[static_cast<std::size_t>(i)].records.push_back(r);
    runs[static_cast<std::size_t>(i)].levels = {{0, 0, 1000}, {0, 3000, 0}};
  }
  runs[0].orders.push_back(StockOrder{0, 2000, 23960, 1350});
  std::vector<stats::Summary> out;
  summarize_stock(s, l, runs, out);
  const auto metric = [&](const std::string& name) -> const stats::Summary& {
    for (const auto& m : out)
      if (m.metric == name) return m;
    FAIL("no metric " << name);
    throw 0;
  };
  CHECK(metric("stock.shortfall.drinking_water").mean == Approx(150));
  CHECK(metric("stock.shortfall.drinking_water").unit == "L");
  CHECK(metric("stock.stockout_probability.drinking_water").mean == Approx(0.5));
  CHECK(metric("stock.stockout_probability.drinking_water").n == 2);
  CHECK(metric("stock.shortfall.food_ration").mean == 0);   // consumed, never stocked: nothing recorded
  // Items some rate consumes under a basis this scenario can trigger (a flood with shelters;
  // levee work may ask for sandbags); no teams, managers or fires here.
  std::vector<std::string> names;
  for (const auto& m : out) names.push_back(m.metric);
  CHECK(names == std::vector<std::string>{"stock.shortfall.sandbag", "stock.stockout_probability.sandbag",
                                          "stock.shortfall.drinking_water",
                                          "stock.stockout_probability.drinking_water",
                                          "stock.shortfall.food_ration", "stock.stockout_probability.food_ration",
                                          "stock.shortfall.blanket", "stock.stockout_probability.blanket"});

  ResultSet rs;
  add_stock_tables(s, l, runs, rs);
  CHECK(rs.table("stock").rows() == 2);
  CHECK(rs.table("stock").strings("depot")[0] == "store");
  CHECK(rs.table("stock").strings("unit")[0] == "L");
  CHECK(rs.table("stock").doubles("first_stockout")[1] == kNever);
  CHECK(rs.table("stock_levels").rows() == 4);
  CHECK(rs.table("stock_levels").ints("replication")[2] == 11);
  CHECK(rs.table("stock_orders").doubles("arrives")[0] == 23960);
}

TEST_CASE("logistics: stock metrics by name, one value per replication", "[logistics][results]") {
  Scenario s = with_depot(30, {{"drinking_water", 1000}});
  const Logistics l = default_logistics();
  CHECK(stock_metric_names(s, l).empty());  // no flood, no fire: nothing consumes
  s.hazards.flood.enabled = true;
  StaffPool team;
  team.id = "team";
  team.role = "rescue_team";
  team.count = 15;
  s.resources.staff.push_back(team);
  const auto names = stock_metric_names(s, l);
  CHECK(std::find(names.begin(), names.end(), "stock.shortfall.life_jacket") != names.end());
  CHECK(std::find(names.begin(), names.end(), "stock.shortfall.drinking_water") == names.end());  // no shelters

  std::vector<StockRecords> runs(3);
  StockRecord r;
  r.item = l.item_index("life_jacket");
  r.shortfall = 5;
  r.stockouts = 1;
  runs[1].records = {r, r};
  CHECK(*stock_metric_values(l, runs, "stock.shortfall.life_jacket") == std::vector<double>{0, 10, 0});
  CHECK(*stock_metric_values(l, runs, "stock.stockout_probability.life_jacket") == std::vector<double>{0, 1, 0});
  CHECK_FALSE(stock_metric_values(l, runs, "stock.shortfall.lifejacket"));
  CHECK_FALSE(stock_metric_values(l, runs, "fire.response_time"));
}
