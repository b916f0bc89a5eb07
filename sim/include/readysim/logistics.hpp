#pragma once
/// \file logistics.hpp
/// Depots and stockpiles: the item catalogue (what a unit of each item is and how much floor it
/// takes), what consumes items (sheltered people, micro-station fires, levee patching, kits
/// issued on activation), resupply from the city, and the stock of every depot over a
/// replication, computed exactly from the replication's records after the simulation.
/// See scenarios/LOGISTICS.md for the `logistics:` section of a scenario.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "readysim/distribution.hpp"
#include "readysim/error.hpp"

namespace readysim {

struct FloodTimeline;

struct Scenario;
struct Depot;
struct ReplicationRecords;
struct ResultSet;
namespace stats {
struct Summary;
}

/// One kind of item a depot can hold.
struct ItemType {
  std::string name;            ///< catalogue name (nine_ones_kit, life_jacket, drinking_water…)
  std::string unit = "piece";  ///< what a quantity of 1 is: piece, pair, kit, bag, L, ration, set, box, pallet
  double footprint_m2 = 0;     ///< floor area `per` units take, stacked as stored, m²
  double per = 1;              ///< units the footprint is for (a pallet of 1,000 L: footprint 1.2 m2, per 1000)
  SourceLocation where;        ///< where it is declared (empty for a default)

  /// Floor area of one unit, m².
  [[nodiscard]] double footprint_per_unit_m2() const { return footprint_m2 / per; }
};

/// What a consumption rate is counted per.
enum class ConsumptionBasis : std::uint8_t {
  sheltered_person_day,        ///< per person in a shelter per day, issued in advance every issue interval
  sheltered_person,            ///< per person arriving at a shelter, once
  micro_station_fire,          ///< per fire the micro fire station fought (it arrived first)
  levee_metre,                 ///< per metre of levee patched
  team_member_activated,       ///< per rescue-team member when the flood warning activates the teams
  emergency_manager_activated, ///< per emergency manager (staff role emergency_manager) on activation
};

/// Name as written in scenarios ("per_sheltered_person_per_day").
std::string_view consumption_basis_key(ConsumptionBasis b);

/// Every basis, in the order they are written.
inline constexpr ConsumptionBasis kConsumptionBases[] = {
    ConsumptionBasis::sheltered_person_day, ConsumptionBasis::sheltered_person,
    ConsumptionBasis::micro_station_fire,   ConsumptionBasis::levee_metre,
    ConsumptionBasis::team_member_activated, ConsumptionBasis::emergency_manager_activated};

/// Units of an item consumed per unit of a basis.
struct ConsumptionRate {
  ConsumptionBasis basis = ConsumptionBasis::sheltered_person_day;  ///< what it is counted per
  std::string item;            ///< catalogue item
  double quantity = 0;         ///< units of the item (litres for water) per unit of the basis, ≥ 0
  SourceLocation where;        ///< where it is declared (empty for a default)
};

/// How shelters are assigned a depot.
enum class ShelterSupply : std::uint8_t {
  nearest,    ///< the depot nearest the shelter by road
  community,  ///< the supply point of the community whose office is nearest the shelter
};

/// An explicit shelter → depot assignment.
struct ShelterDepot {
  std::string shelter;         ///< shelter id
  std::string depot;           ///< depot id, or "none": supplied from outside the district
  SourceLocation where;        ///< where it is declared
};

/// Resupply from the city: a continuous-review (s, S) policy per depot and item.
struct Resupply {
  bool enabled = false;        ///< a `resupply:` section is present
  Distribution lead_time = Distribution::constant(6 * 3600.0);  ///< order to delivery (plus the drive), s
  std::string from_node;       ///< where deliveries start; adds the free-flow drive to the depot ("" : none)
  SourceLocation from_node_where;  ///< where `from_node` is written
  double reorder_at = 0.25;    ///< order when stock on hand + on order falls to this share of the initial stock
  double order_up_to = 1.0;    ///< order back up to this share of the initial stock
  std::vector<std::string> items;  ///< items resupplied (empty: every item)
  SourceLocation where;        ///< where `resupply` is declared
};

/// The `logistics:` section: catalogue, consumption, supply routes and resupply.
struct Logistics {
  std::vector<ItemType> items;              ///< the catalogue: the defaults, then additions
  std::vector<ConsumptionRate> consumption; ///< rates; a basis given in the scenario replaces its defaults
  double issue_interval_s = 86400.0;        ///< per-day items are issued for this long at a time
  ShelterSupply shelter_supply = ShelterSupply::nearest;  ///< how shelters get their depot
  std::vector<ShelterDepot> shelter_depots; ///< explicit assignments, overriding `shelter_supply`
  Resupply resupply;                        ///< deliveries from the city
  SourceLocation where;                     ///< where `logistics` is declared (empty when absent)

  /// The catalogue item of that name, or nullptr.
  [[nodiscard]] const ItemType* find_item(std::string_view name) const;
  /// Index of the catalogue item of that name, or -1.
  [[nodiscard]] int item_index(std::string_view name) const;
};

/// The default section: the nine-ones kit (R10) and its nine single items, life jackets,
/// sandbags, drinking water, food rations, blankets, tents, extinguisher charges and portable
/// pumps; Sphere consumption (15 L of water and one 2,100 kcal ration per sheltered person per
/// day, a blanket per person on arrival); 2 extinguisher charges per micro-station fire; 20
/// sandbags per metre of levee; a life jacket per team member and a nine-ones kit per
/// emergency manager on activation; no resupply.
Logistics default_logistics();

/// Floor area the depot's items take under the catalogue, m² (unknown items count 0).
double stored_area_m2(const Depot& depot, const Logistics& logistics);

/// Metres of levee patched at a time and place (from the staff model's levee work).
struct LeveePatch {
  double time_s = 0;           ///< when the sandbags are taken
  std::int32_t node = 0;       ///< road node of the patch
  double metres = 0;           ///< metres patched
};

/// One depot and item over a replication. Quantities are in the item's unit.
struct StockRecord {
  std::int32_t depot = 0;      ///< index into resources.depots
  std::int32_t item = 0;       ///< index into logistics.items
  double initial = 0;          ///< stock at t = 0
  double demand = 0;           ///< asked of this depot as the first choice
  double issued = 0;           ///< given out (to its own demand and as a fallback for others)
  double shortfall = 0;        ///< of its own demand, met neither by it nor by its fallback
  double received = 0;         ///< delivered by resupply before the horizon
  double on_order = 0;         ///< ordered but not delivered by the horizon
  double final_level = 0;      ///< stock at the horizon
  double min_level = 0;        ///< lowest stock
  double first_stockout_s = 0; ///< first demand it could not serve in full (if it never holds the
                               ///< item: that nobody could); kNever if none
  double stockout_s = 0;       ///< time out of stock (from such a demand to the next delivery), to the horizon
  double first_shortfall_s = 0;  ///< first demand not fully met; kNever if none
  std::int32_t stockouts = 0;  ///< stock-outs: times a demand found it short, counted once until a delivery
  std::int32_t orders = 0;     ///< resupply orders placed
};

/// A point of a stock level step series: from `time_s` on, the level is `level`.
struct StockLevel {
  std::int32_t record = 0;     ///< index into StockRecords::records
  double time_s = 0;           ///< when the level changed
  double level = 0;            ///< the level from then on
};

/// A resupply order.
struct StockOrder {
  std::int32_t record = 0;     ///< index into StockRecords::records
  double ordered_s = 0;        ///< when it was placed
  double arrives_s = 0;        ///< when it reaches the depot (may be after the horizon)
  double quantity = 0;         ///< units ordered
};

/// The stock of one replication: trivially copyable records in vectors (they travel through
/// the workers' pipes like CohortRecord).
struct StockRecords {
  std::int64_t replication = 0;      ///< replication index
  std::vector<StockRecord> records;  ///< per depot and item, depots in order, items in catalogue order
  std::vector<StockLevel> levels;    ///< step series, by record then time; starts at (0, initial)
  std::vector<StockOrder> orders;    ///< resupply orders, in the order placed
};

/// The stock model of one scenario: which depot serves each demand and the fallback, built once;
/// then run() per replication. Keeps references to the scenario and logistics: they must outlive it.
class StockModel {
 public:
  /// A demand's first-choice depot and its fallback (indices into resources.depots; -1: none).
  struct Route {
    std::int32_t primary = -1;   ///< first choice; -1: not supplied from the district's depots
    std::int32_t fallback = -1;  ///< the district depot asked for what the first choice lacks; -1: none
  };

  /// Plans the routes; throws ScenarioError for references check_logistics() would report.
  StockModel(const Scenario& scenario, const Logistics& logistics);
  ~StockModel();
  /// Move-only.
  StockModel(StockModel&&) noexcept;
  /// Move-only.
  StockModel& operator=(StockModel&&) noexcept;

  /// The stock of a replication from its records: deterministic, exact (no time steps); resupply
  /// lead times from StreamPurpose::logistics streams keyed by depot and item. Empty when the
  /// scenario has no depots. With the replication's `flood`, a depot whose node floods within the
  /// horizon is cut off from then: it serves nothing more (its demands go to the district depot
  /// behind it, and what that lacks is short), even if the water drains.
  [[nodiscard]] StockRecords run(const ReplicationRecords& records, std::uint64_t seed, std::int64_t replication,
                                 std::span<const LeveePatch> levee = {}, const FloodTimeline* flood = nullptr) const;
  /// Where shelter `k` (index into resources.shelters) is supplied from.
  [[nodiscard]] Route shelter_route(std::size_t k) const;
  /// Where the community `c` (index into district.communities; -1: the district) draws kits from.
  [[nodiscard]] Route community_route(std::int32_t c) const;

 private:
  struct Plan;
  std::unique_ptr<Plan> plan_;
};

/// StockModel(scenario, logistics).run(records, seed, replication, levee), for one-off use.
StockRecords compute_stock(const Scenario& scenario, const Logistics& logistics, const ReplicationRecords& records,
                           std::uint64_t seed, std::int64_t replication, std::span<const LeveePatch> levee = {});

/// Appends `stock.shortfall.<item>` (per replication, summed over depots, in the item's unit) and
/// `stock.stockout_probability.<item>` (share of replications in which some depot ran out) for
/// every item that some rate consumes under a basis the scenario can trigger. `runs[i]` is the
/// stock of the i-th replication of the run.
void summarize_stock(const Scenario& scenario, const Logistics& logistics, const std::vector<StockRecords>& runs,
                     std::vector<stats::Summary>& out);

/// The stock metrics summarize_stock() reports for this scenario, in its order.
std::vector<std::string> stock_metric_names(const Scenario& scenario, const Logistics& logistics);

/// One value per replication of a stock metric, for sequential runs and studies:
/// `stock.shortfall.<item>` the shortfall summed over depots, `stock.stockout_probability.<item>`
/// 1 when some depot ran out, else 0. nullopt when `metric` is not of either form or names an
/// item the catalogue does not have.
std::optional<std::vector<double>> stock_metric_values(const Logistics& logistics,
                                                       const std::vector<StockRecords>& runs,
                                                       std::string_view metric);

/// Appends the tables `/stock` (a row per replication, depot and item), `/stock_levels` (the
/// step series) and `/stock_orders` (resupply orders).
void add_stock_tables(const Scenario& scenario, const Logistics& logistics, const std::vector<StockRecords>& runs,
                      ResultSet& results);

}  // namespace readysim
