#pragma once
// Internal to the analysis library: the neighbourhoods and the cheap corner of a sizing grid.

#include <functional>
#include <utility>
#include <vector>

#include "readysim/sizing.hpp"

namespace readysim::sizing::detail {

// One unit more of an integer variable, or any other level of a choice; with the variable moved.
std::vector<std::pair<Candidate, std::size_t>> up_moves(const Problem& p, const Candidate& c);

// One unit less of an integer variable, or any strictly cheaper level of a choice.
std::vector<std::pair<Candidate, std::size_t>> down_moves(const Problem& p, const Candidate& c);

// Every configuration costing less than `limit` for which `skip` is false, by depth-first search
// with the cheapest completion as a bound, so that a large grid is walked only where it is cheap
// enough; `truncated` is set when grid_limit visits did not suffice.
std::vector<Candidate> cheaper_configurations(const Problem& p, double limit,
                                              const std::function<bool(const Candidate&)>& skip, bool& truncated);

}  // namespace readysim::sizing::detail
