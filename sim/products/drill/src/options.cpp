// Parsing the drill's command-line values: inject types to drop and times on the exercise clock.
#include <fmt/format.h>

#include <charconv>

#include "readysim/drill.hpp"
#include "readysim/error.hpp"
#include "readysim/suggest.hpp"
#include "readysim/units.hpp"

namespace readysim::drill {

std::vector<InjectType> parse_inject_types(std::string_view list) {
  std::vector<InjectType> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    const std::string name(list.substr(start, comma - start));
    start = comma + 1;
    if (name.empty()) continue;
    const auto t = parse_inject_type(name);
    if (!t)
      throw UsageError(fmt::format("unknown inject type '{}'{}; types: {}", name,
                                   did_you_mean(name, inject_type_names()), fmt::join(inject_type_names(), ", ")));
    out.push_back(*t);
  }
  return out;
}

double parse_exercise_time(std::string_view text) {
  std::string_view t = text;
  if (t.starts_with("T+")) t.remove_prefix(2);
  const auto colon = t.find(':');
  if (colon != std::string_view::npos) {
    long h = -1, m = -1;
    const auto hours = std::from_chars(t.data(), t.data() + colon, h);
    const auto mins = std::from_chars(t.data() + colon + 1, t.data() + t.size(), m);
    if (hours.ec == std::errc() && hours.ptr == t.data() + colon && mins.ec == std::errc() &&
        mins.ptr == t.data() + t.size() && colon > 0 && h >= 0 && m >= 0 && m < 60)
      return static_cast<double>(h * 3600 + m * 60);
    throw UsageError(fmt::format("'{}': write a time on the exercise clock as H:MM (5:30) or a duration (90 min)",
                                 text));
  }
  if (t == "0") return 0;
  const ParsedQuantity q = parse_quantity(t, Dimension::duration);
  if (!q.error.empty()) throw UsageError(fmt::format("'{}': {}", text, q.error));
  if (q.si_value < 0) throw UsageError(fmt::format("'{}': a time on the exercise clock cannot be negative", text));
  return q.si_value;
}

}  // namespace readysim::drill
