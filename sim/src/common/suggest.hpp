#pragma once
// Did-you-mean suggestions for misspelt keys, ids and names.

#include <string>
#include <string_view>
#include <vector>

namespace readysim {

/// Edit distance (Levenshtein) between two strings, bytewise.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` if it is close enough to be a likely typo, else "".
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

/// " (did you mean 'x'?)" when a close candidate exists, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace readysim
