#pragma once
// Did-you-mean suggestions for misspelt keys, columns, ids and names.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace readysim {

/// Edit distance (Levenshtein) between two strings, bytewise, ignoring ASCII case.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` when it is close enough to be a likely typo: at most a third
/// of it wrong (rounded up), or one a prefix or (3+ characters) a part of the other ("x" for "x_m",
/// "speed_kmh" for "free_speed_kmh"). Case differences cost nothing.
std::optional<std::string_view> closest_match(std::string_view word, std::span<const std::string_view> candidates);
/// Same, for a list of strings.
std::optional<std::string_view> closest_match(std::string_view word, const std::vector<std::string>& candidates);

/// " (did you mean 'x'?)" when a close candidate exists, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace readysim
