#pragma once
/// \file place_names.hpp
/// The scenario's named places by road node, made in one place: what a planner calls the place
/// at a node (a community office, a shelter, a station, a depot, a settlement, a risk point), for
/// every product that names places (the drill today; reports and maps read the same list).

#include <initializer_list>
#include <string>
#include <vector>

#include "readysim/scenario.hpp"

namespace readysim {

/// What kind of place stands at a road node.
enum class PlaceKind { community_office, shelter, station, depot, settlement, risk_point };

/// One named place of the scenario.
struct NamedPlace {
  PlaceKind kind = PlaceKind::settlement;  ///< what it is
  std::string id;                          ///< the scenario's id
  std::string name;                        ///< display name (the id when the scenario gives none)
  NodeIndex node = 0;                      ///< its road node
};

/// The scenario's places, looked up by road node.
class PlaceDirectory {
 public:
  /// Collects every place of `s`: communities' offices, shelters, stations, depots, settlements and
  /// risk points, in that order and in scenario order within each kind.
  explicit PlaceDirectory(const Scenario& s);

  /// Every place, in the order above.
  [[nodiscard]] const std::vector<NamedPlace>& places() const { return places_; }
  /// The first place of kind `kind` at node `n` (scenario order), or nullptr.
  [[nodiscard]] const NamedPlace* at(NodeIndex n, PlaceKind kind) const;
  /// The first place at node `n` of the first kind in `preferred` that has one, or nullptr.
  [[nodiscard]] const NamedPlace* at(NodeIndex n, std::initializer_list<PlaceKind> preferred) const;
  /// The first place at node `n` of any kind (in the order above), or nullptr.
  [[nodiscard]] const NamedPlace* at(NodeIndex n) const;

 private:
  std::vector<NamedPlace> places_;
  std::vector<std::vector<std::size_t>> by_node_;  // indices into places_, in places_ order
};

}  // namespace readysim
