#pragma once
// The report's private parts: the data it hands the page (map, charts, tables), each written as
// one member of the page's JSON by its own file, and the message catalogue.

#include <string>
#include <string_view>
#include <vector>

#include "json.hpp"
#include "readysim/report.hpp"

namespace readysim::report {

/// The table `name` of `results`, or nullptr when the file has none.
const Table* find_table(const ResultSet& results, std::string_view name);
/// The numeric column `column` of `t` as doubles, whether stored as float64 or int64 (the tables'
/// types may change between versions); throws Error naming the table and column when it is
/// absent or holds strings.
std::vector<double> numeric(const Table& t, std::string_view column);
/// The /meta integer `name`, or `fallback`.
long long meta_int(const ResultSet& results, std::string_view name, long long fallback);
/// The /meta text `name`, or "".
std::string meta_text(const ResultSet& results, std::string_view name);
/// The text of `key` in the `report:` section of the shared catalogue of `lang`; throws Error
/// when it lacks the key.
std::string text(Language lang, std::string_view key);
/// Every key of the `report:` section in `lang`, without the prefix, sorted.
std::vector<std::string> catalog_keys(Language lang);
/// Writes the whole `report:` section of `lang` as a JSON object of key: text.
void write_labels(Json& j, Language lang);

/// `"map": {…}`: the road graph (coordinates in metres), its places and what the results say of them.
void write_map(Json& j, const ResultSet& results, const Scenario& s, ReportKind kind, const ReportOptions& options);
/// `"charts": {…}`: the series behind each chart, aggregated over replications.
void write_charts(Json& j, const ResultSet& results, const Scenario& s, ReportKind kind, const ReportOptions& options);
/// `"tables": {…}`: the summary (run), the paired differences (compare) or the candidates (size),
/// values formatted with their units, and the audit.
void write_tables(Json& j, const ResultSet& results, ReportKind kind, const ReportOptions& options);

/// The `p`-quantile (0..1) of `v` (sorted in place), linear between order statistics; NaN when
/// empty. Infinite values sort last and count.
double quantile(std::vector<double>& v, double p);

}  // namespace readysim::report
