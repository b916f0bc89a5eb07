#pragma once
// The per-replication tables of a results file, built for any run of consecutive replications:
// the whole run (run_result_set) or a batch of it while the run goes on (RunResultsFile).

#include <span>
#include <vector>

#include "readysim/logistics.hpp"
#include "readysim/records.hpp"
#include "readysim/results.hpp"
#include "readysim/scenario.hpp"
#include "readysim/stats.hpp"

namespace readysim::detail {

/// /incidents … /replications, in file order, with the rows of `replications`.
void add_replication_tables(const Scenario& scenario, std::span<const ReplicationRecords> replications,
                            ResultSet& results);

/// /staff_tasks, /staff_requests, /staff_pools, /staff_roles, /levee_patches of `replications`.
void add_staff_tables(const Scenario& scenario, std::span<const ReplicationRecords> replications, ResultSet& results);

/// /stock, /stock_levels, /stock_orders of the stock of each replication in `runs`.
void add_stock_tables(const Scenario& scenario, const Logistics& logistics, std::span<const StockRecords* const> runs,
                      ResultSet& results);

/// summarize_stock (logistics.hpp) of the stock of each replication in `runs`, without copying it.
void summarize_stock(const Scenario& scenario, const Logistics& logistics, std::span<const StockRecords* const> runs,
                     std::vector<stats::Summary>& out);

}  // namespace readysim::detail
