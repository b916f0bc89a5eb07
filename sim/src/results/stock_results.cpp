// Stock metrics for the summary and the /stock tables of the results file.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string_view>

#include "readysim/logistics.hpp"
#include "readysim/results.hpp"
#include "readysim/scenario.hpp"
#include "readysim/stats.hpp"

namespace readysim {

namespace {

// Whether anything in the scenario can trigger consumption on this basis.
bool can_happen(const Scenario& s, ConsumptionBasis b) {
  const bool flood = s.hazards.flood.enabled;
  switch (b) {
    case ConsumptionBasis::sheltered_person_day:
    case ConsumptionBasis::sheltered_person: return flood && !s.resources.shelters.empty();
    case ConsumptionBasis::micro_station_fire:
      return s.hazards.fire.enabled &&
             std::any_of(s.resources.stations.begin(), s.resources.stations.end(),
                         [](const Station& st) { return st.kind == StationKind::micro_fire_station; });
    case ConsumptionBasis::levee_metre: return flood;
    case ConsumptionBasis::team_member_activated:
      return flood && std::any_of(s.resources.staff.begin(), s.resources.staff.end(),
                                  [](const StaffPool& sp) { return is_team_role(sp.role); });
    case ConsumptionBasis::emergency_manager_activated:
      return flood && std::any_of(s.resources.staff.begin(), s.resources.staff.end(),
                                  [](const StaffPool& sp) { return sp.role == "emergency_manager"; });
  }
  return false;
}

}  // namespace

constexpr std::string_view kShortfall = "stock.shortfall.";
constexpr std::string_view kStockout = "stock.stockout_probability.";

std::vector<std::string> stock_metric_names(const Scenario& s, const Logistics& l) {
  std::vector<std::string> names;
  if (s.resources.depots.empty()) return names;
  std::vector<bool> consumed(l.items.size(), false);
  for (const auto& c : l.consumption) {
    const int i = l.item_index(c.item);
    if (i >= 0 && c.quantity > 0 && can_happen(s, c.basis)) consumed[static_cast<std::size_t>(i)] = true;
  }
  for (std::size_t i = 0; i < l.items.size(); ++i)
    if (consumed[i]) {
      names.push_back(std::string(kShortfall) + l.items[i].name);
      names.push_back(std::string(kStockout) + l.items[i].name);
    }
  return names;
}

std::optional<std::vector<double>> stock_metric_values(const Logistics& l, const std::vector<StockRecords>& runs,
                                                       std::string_view metric) {
  const bool shortfall = metric.starts_with(kShortfall);
  if (!shortfall && !metric.starts_with(kStockout)) return std::nullopt;
  const int item = l.item_index(metric.substr((shortfall ? kShortfall : kStockout).size()));
  if (item < 0) return std::nullopt;
  std::vector<double> values(runs.size(), 0.0);
  for (std::size_t r = 0; r < runs.size(); ++r)
    for (const StockRecord& rec : runs[r].records) {
      if (rec.item != item) continue;
      if (shortfall) values[r] += rec.shortfall;
      else if (rec.stockouts > 0) values[r] = 1;
    }
  return values;
}

void summarize_stock(const Scenario& s, const Logistics& l, const std::vector<StockRecords>& runs,
                     std::vector<stats::Summary>& out) {
  const int reps = static_cast<int>(runs.size());
  std::vector<int> replication_of(runs.size());
  for (int r = 0; r < reps; ++r) replication_of[static_cast<std::size_t>(r)] = r;
  for (const std::string& name : stock_metric_names(s, l)) {
    const std::vector<double> values = *stock_metric_values(l, runs, name);
    if (name.starts_with(kShortfall)) {
      const ItemType& item = *l.find_item(std::string_view(name).substr(kShortfall.size()));
      out.push_back(stats::summarize(name, item.unit, values, replication_of, reps));
    } else {
      // Replications are independent: Wilson's interval is the right one for this share.
      std::vector<int> flags;
      for (double v : values) flags.push_back(v > 0 ? 1 : 0);
      out.push_back(stats::summarize_proportion(name, flags));
    }
  }
}

void add_stock_tables(const Scenario& s, const Logistics& l, const std::vector<StockRecords>& runs,
                      ResultSet& results) {
  const auto depot_id = [&](std::int32_t d) { return s.resources.depots[static_cast<std::size_t>(d)].id; };
  const auto item_of = [&](std::int32_t i) -> const ItemType& { return l.items[static_cast<std::size_t>(i)]; };

  Table& t = results.add_table("stock");
  auto& rep = t.add_ints("replication");
  auto& depot = t.add_strings("depot");
  auto& item = t.add_strings("item");
  auto& unit = t.add_strings("unit");
  auto& initial = t.add_doubles("initial");
  auto& demand = t.add_doubles("demand");
  auto& issued = t.add_doubles("issued");
  auto& shortfall = t.add_doubles("shortfall");
  auto& received = t.add_doubles("received");
  auto& on_order = t.add_doubles("on_order");
  auto& final_level = t.add_doubles("final_level");
  auto& min_level = t.add_doubles("min_level");
  auto& first_stockout = t.add_doubles("first_stockout", {}, "s");
  auto& stockout_time = t.add_doubles("stockout_time", {}, "s");
  auto& first_shortfall = t.add_doubles("first_shortfall", {}, "s");
  auto& stockouts = t.add_ints("stockouts");
  auto& orders = t.add_ints("orders");
  for (const StockRecords& run : runs)
    for (const StockRecord& r : run.records) {
      rep.push_back(run.replication);
      depot.push_back(depot_id(r.depot));
      item.push_back(item_of(r.item).name);
      unit.push_back(item_of(r.item).unit);
      initial.push_back(r.initial);
      demand.push_back(r.demand);
      issued.push_back(r.issued);
      shortfall.push_back(r.shortfall);
      received.push_back(r.received);
      on_order.push_back(r.on_order);
      final_level.push_back(r.final_level);
      min_level.push_back(r.min_level);
      first_stockout.push_back(r.first_stockout_s);
      stockout_time.push_back(r.stockout_s);
      first_shortfall.push_back(r.first_shortfall_s);
      stockouts.push_back(r.stockouts);
      orders.push_back(r.orders);
    }

  Table& lv = results.add_table("stock_levels");
  auto& l_rep = lv.add_ints("replication");
  auto& l_depot = lv.add_strings("depot");
  auto& l_item = lv.add_strings("item");
  auto& l_time = lv.add_doubles("time", {}, "s");
  auto& l_level = lv.add_doubles("level");
  for (const StockRecords& run : runs)
    for (const StockLevel& p : run.levels) {
      const StockRecord& r = run.records[static_cast<std::size_t>(p.record)];
      l_rep.push_back(run.replication);
      l_depot.push_back(depot_id(r.depot));
      l_item.push_back(item_of(r.item).name);
      l_time.push_back(p.time_s);
      l_level.push_back(p.level);
    }

  Table& od = results.add_table("stock_orders");
  auto& o_rep = od.add_ints("replication");
  auto& o_depot = od.add_strings("depot");
  auto& o_item = od.add_strings("item");
  auto& o_ordered = od.add_doubles("ordered", {}, "s");
  auto& o_arrives = od.add_doubles("arrives", {}, "s");
  auto& o_quantity = od.add_doubles("quantity");
  for (const StockRecords& run : runs)
    for (const StockOrder& o : run.orders) {
      const StockRecord& r = run.records[static_cast<std::size_t>(o.record)];
      o_rep.push_back(run.replication);
      o_depot.push_back(depot_id(r.depot));
      o_item.push_back(item_of(r.item).name);
      o_ordered.push_back(o.ordered_s);
      o_arrives.push_back(o.arrives_s);
      o_quantity.push_back(o.quantity);
    }
}

}  // namespace readysim
