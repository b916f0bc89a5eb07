#pragma once
// What a StockModel works out once per scenario: which depot serves each demand (and which
// district depot backs it up), the consumption rates by basis and item, the initial stock.

#include <vector>

#include "readysim/logistics.hpp"
#include "readysim/scenario.hpp"

namespace readysim {

/// The routes and tables of a StockModel.
struct StockPlanData {
  const Scenario* scenario = nullptr;            ///< the scenario (outlives the model)
  const Logistics* logistics = nullptr;          ///< its logistics section
  std::vector<StockModel::Route> shelters;       ///< per shelter
  std::vector<StockModel::Route> communities;    ///< per community: kits for its team and managers
  StockModel::Route district;                    ///< kits for the district team and managers
  std::vector<StockModel::Route> fire_sources;   ///< per fire source: the answering micro station's depot
  std::vector<StockModel::Route> nodes;          ///< per road node: nearest depot (levee patches)
  std::vector<double> delivery_drive_s;          ///< per depot: free-flow drive from resupply.from_node
  std::vector<std::vector<double>> rates;        ///< [basis][item]: units per unit of the basis
  std::vector<bool> resupplied;                  ///< [item]: resupply restocks it
  std::vector<std::vector<double>> initial;      ///< [depot][item]: stock at t = 0
  std::vector<std::vector<bool>> listed;         ///< [depot][item]: the depot lists the item
};

/// Builds the plan; throws ScenarioError for an unknown depot item or resupply node.
void build_stock_plan(const Scenario& s, const Logistics& l, StockPlanData& out);

}  // namespace readysim
