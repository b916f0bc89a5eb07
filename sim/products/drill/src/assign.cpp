// Who an inject goes to and who handles it: the requirement and capability it tests, the player
// role that receives it, the controller cell that delivers it and the evaluator who watches.
#include "drill_internal.hpp"

namespace readysim::drill::detail {

std::vector<int> objectives_of(InjectType t, const std::string& variant) {
  switch (t) {
    case InjectType::start: return {13};
    case InjectType::end: return {13};
    case InjectType::warning: return {2, 8};
    case InjectType::breach: return {2, 4};
    case InjectType::level: return {15, 16};
    case InjectType::road_closed: return {2, 16};
    case InjectType::road_reopened: return {16};
    case InjectType::flooding:
      if (variant == "community") return {13};
      if (variant == "shelter") return {2};
      return {11, 2};
    case InjectType::stranded: return {4, 10};
    case InjectType::transport: return {6};
    case InjectType::shelter_filling: return {2, 5};
    case InjectType::shelter_full: return {2};
    case InjectType::community_cleared: return {13, 11};
    case InjectType::staff_short:
      if (variant == "door_to_door") return {11, 2};
      if (variant == "transport_driver") return {6};
      if (variant == "levee_patrol") return {4, 16};
      if (variant == "shelter_management") return {2, 13};
      return {13};
    case InjectType::fire_alarm: return {18, 19};
    case InjectType::call_queued: return {17};
    case InjectType::dispatch: return {18};
    case InjectType::crew_callback: return {18, 17};
    case InjectType::mutual_aid: return {17};
    case InjectType::micro_on_scene: return {19};
    case InjectType::flashover: return {19, 17};
    case InjectType::engine_on_scene: return {18};
    case InjectType::unreached: return {4, 2};
  }
  return {13};
}

Recipient recipient_of(InjectType t, const std::string& variant) {
  switch (t) {
    case InjectType::start:
    case InjectType::end: return Recipient::all;
    case InjectType::road_closed: return variant == "truck" ? Recipient::fire_brigade : Recipient::emergency_office;
    case InjectType::flooding:
      if (variant == "community" || variant == "shelter") return Recipient::managers;
      return Recipient::community_team;
    case InjectType::stranded: return Recipient::rescue_team;
    case InjectType::transport: return Recipient::emergency_office;  // the driver reports to the office
    case InjectType::shelter_filling:
    case InjectType::shelter_full: return Recipient::managers;
    case InjectType::staff_short:
      if (variant == "door_to_door") return Recipient::managers;
      if (variant == "levee_patrol") return Recipient::rescue_team;
      return Recipient::emergency_office;
    case InjectType::fire_alarm:
    case InjectType::crew_callback:
    case InjectType::micro_on_scene:
    case InjectType::flashover: return Recipient::fire_brigade;
    case InjectType::unreached: return Recipient::rescue_team;
    default: return Recipient::emergency_office;
  }
}

std::string capability_of(InjectType t, const std::string& variant) {
  switch (t) {
    case InjectType::start:
    case InjectType::end:
    case InjectType::breach:
    case InjectType::staff_short: return "coordination";
    case InjectType::warning: return "warning";
    case InjectType::level:
    case InjectType::road_closed:
    case InjectType::road_reopened: return "assessment";
    case InjectType::flooding:
      if (variant == "community") return "coordination";
      if (variant == "shelter") return "mass_care";
      return "rescue";
    case InjectType::stranded: return "rescue";
    case InjectType::transport:
    case InjectType::community_cleared: return "evacuation";
    case InjectType::shelter_filling:
    case InjectType::shelter_full: return "mass_care";
    default: return "fire";
  }
}

std::string controller_of(InjectType t) {
  switch (t) {
    case InjectType::start:
    case InjectType::end: return "lead";
    case InjectType::warning:
    case InjectType::breach:
    case InjectType::level:
    case InjectType::road_closed:
    case InjectType::road_reopened: return "flood";
    case InjectType::flooding:
    case InjectType::stranded:
    case InjectType::transport:
    case InjectType::shelter_filling:
    case InjectType::shelter_full:
    case InjectType::community_cleared:
    case InjectType::staff_short: return "people";
    default: return "fire";
  }
}

std::string evaluator_of(Recipient r) {
  switch (r) {
    case Recipient::all: return "all";
    case Recipient::emergency_office: return "office";
    case Recipient::community_team:
    case Recipient::managers: return "communities";
    case Recipient::rescue_team:
    case Recipient::driver: return "rescue";
    case Recipient::fire_brigade: return "fire";
  }
  return "office";
}

}  // namespace readysim::drill::detail
