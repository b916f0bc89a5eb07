#include "readysim/suggest.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

namespace readysim {

namespace {
char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

std::string to_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}
}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (lower(a[i - 1]) == lower(b[j - 1]) ? 0U : 1U)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::optional<std::string_view> closest_match(std::string_view word, std::span<const std::string_view> candidates) {
  const std::string w = to_lower(word);
  std::optional<std::string_view> best;
  std::size_t best_distance = 0;
  for (const auto& c : candidates) {
    const std::string lc = to_lower(c);
    const std::size_t d = edit_distance(w, lc);
    const std::size_t longest = std::max(w.size(), lc.size());
    const std::string_view shorter = w.size() < lc.size() ? std::string_view(w) : std::string_view(lc);
    const std::string_view longer = w.size() < lc.size() ? std::string_view(lc) : std::string_view(w);
    const bool part = !shorter.empty() && (longer.starts_with(shorter) ||
                                           (shorter.size() >= 3 && longer.find(shorter) != std::string_view::npos));
    const bool close = d <= std::max<std::size_t>(1, (longest + 2) / 3) || part;
    if (close && (!best || d < best_distance)) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

std::optional<std::string_view> closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  const std::vector<std::string_view> views(candidates.begin(), candidates.end());
  // The views point into `candidates`' strings, so the match outlives `views`.
  return closest_match(word, std::span<const std::string_view>(views));
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const auto m = closest_match(word, candidates);
  return m ? fmt::format(" (did you mean '{}'?)", *m) : std::string();
}

}  // namespace readysim
