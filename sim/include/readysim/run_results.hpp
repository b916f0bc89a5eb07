#pragma once
/// \file run_results.hpp
/// From the records of a run to what a planner reads: per-metric summaries with confidence
/// intervals, the tables of the results file, and the terminal summary.

#include <span>
#include <string>
#include <vector>

#include "readysim/language.hpp"
#include "readysim/results.hpp"
#include "readysim/run.hpp"
#include "readysim/stats.hpp"

namespace readysim {

/// The run's metrics: fire.response_time (alarm to engine on scene), fire.first_response_time
/// (alarm to first unit of any kind), fire.queue_wait, fire.crew_wait, and the shares
/// fire.flashover_before_arrival, fire.mutual_aid_share, fire.held_by_micro.
std::vector<stats::Summary> summarize_run(const RunOutput& run);

/// summarize_run(run) followed by the per-role staff rows and the stock metrics
/// stock.shortfall.<item> and stock.stockout_probability.<item>, which need the scenario.
std::vector<stats::Summary> summarize_run(const Scenario& scenario, const RunOutput& run);

/// Staff tables of the results file: /staff_tasks, /staff_requests, /staff_pools, /staff_roles and
/// /levee_patches.
void add_staff_tables(const Scenario& scenario, const RunOutput& run, ResultSet& results);

/// Per-role rows for the summary, one value per replication: staff.role.<role>.busy
/// (person-hours on tasks), .peak_busy (most busy at once), .peak_demand (busy + what waiting
/// requests it may fill wanted), .unmet_time (time such a request waited) and .exhausted_time
/// (time none of its people was free). Roles never asked for are left out.
void summarize_staff_roles(const Scenario& scenario, const RunOutput& run, std::vector<stats::Summary>& out);

/// The results file's content: /meta, /incidents, /units, /replications, /summary.
ResultSet run_result_set(const Scenario& scenario, const RunOptions& options, const RunOutput& run,
                         const std::vector<stats::Summary>& summary);

/// The results file of a run written while the run goes on: hand it the replications as
/// RunOptions::on_records does, then the summary. The file holds the same datasets, values and
/// attributes as write_results(path, run_result_set(…)) of the same run (see ResultsFileWriter
/// for the storage), whatever the job count.
class RunResultsFile {
 public:
  /// Replications whose tables are built and appended together.
  static constexpr std::size_t kBatch = 32;

  /// Starts the file (see ResultsFileWriter) for a run of `scenario` with `options` (its seed and
  /// replications go to /meta). The scenario must outlive it.
  RunResultsFile(std::string path, const Scenario& scenario, const RunOptions& options);
  /// Appends the next replications, in replication order: consecutive calls get consecutive
  /// ranges of one RunOutput's replications, which must stay in place until finish().
  void add(std::span<const ReplicationRecords> replications);
  /// Writes what is left, /summary and /meta, and puts the file in place.
  void finish(const std::vector<stats::Summary>& summary);

 private:
  void append(std::span<const ReplicationRecords> replications);
  const Scenario& scenario_;
  RunOptions options_;
  ResultsFileWriter file_;
  std::span<const ReplicationRecords> pending_;  // added, not yet appended
  bool appended_ = false;
};

/// The summary as an aligned text table, durations in minutes, headed in `lang`; in Chinese
/// each row also says what its metric is (the metric names stay English, as in the file).
std::string format_summary_table(const std::vector<stats::Summary>& summary, Language lang = Language::en);

/// A line per metric of the summary cut at the horizon (stats::Summary::censored > 0): how many
/// of its values are lower bounds, so that its mean and quantiles are too; empty when none is.
/// For under the summary table, worded in `lang` (the metric names stay English).
std::string format_censoring_notes(const std::vector<stats::Summary>& summary, Language lang = Language::en);

}  // namespace readysim
