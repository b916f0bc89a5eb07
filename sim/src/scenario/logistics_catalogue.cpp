// The default item catalogue and consumption rates. Footprints are floor area as stored (stacked
// to about 1.5 m, a share of the aisle included); they are planning figures, replaceable per
// scenario under logistics.items.
#include "readysim/logistics.hpp"
#include "readysim/scenario.hpp"

namespace readysim {

std::string_view consumption_basis_key(ConsumptionBasis b) {
  switch (b) {
    case ConsumptionBasis::sheltered_person_day: return "per_sheltered_person_per_day";
    case ConsumptionBasis::sheltered_person: return "per_sheltered_person";
    case ConsumptionBasis::micro_station_fire: return "per_micro_station_fire";
    case ConsumptionBasis::levee_metre: return "per_levee_metre";
    case ConsumptionBasis::team_member_activated: return "per_team_member_activated";
    case ConsumptionBasis::emergency_manager_activated: return "per_emergency_manager_activated";
  }
  return "?";
}

Logistics default_logistics() {
  Logistics l;
  const auto item = [&](const char* name, const char* unit, double footprint_m2, double per = 1) {
    l.items.push_back(ItemType{name, unit, footprint_m2, per, {}});
  };
  // R10: the "nine ones" kit of every emergency manager, packed as one item, and its contents.
  item("nine_ones_kit", "kit", 0.07);
  item("raincoat", "piece", 0.01);
  item("life_jacket", "piece", 0.02);
  item("rain_boots", "pair", 0.01);
  item("flashlight", "piece", 0.002);
  item("rescue_rope", "piece", 0.01);
  item("alarm", "piece", 0.003);
  item("megaphone", "piece", 0.01);
  item("contact_book", "piece", 0.001);
  item("registration_book", "piece", 0.001);
  // Flood and shelter stock. Sandbags are stored empty (woven bags, 编织袋) in bales and filled
  // on the levee; water and rations on pallets of 1.2 m².
  item("sandbag", "bag", 0.5, 1000);
  item("drinking_water", "L", 1.2, 1000);
  item("food_ration", "ration", 1.2, 800);  // one ration: 2,100 kcal, a person's day (Sphere)
  item("blanket", "piece", 0.03);
  item("tent", "piece", 0.15);              // a packed 12 m² relief tent
  item("extinguisher_charge", "piece", 0.04);
  item("portable_pump", "piece", 0.5);

  const auto rate = [&](ConsumptionBasis b, const char* name, double q) {
    l.consumption.push_back(ConsumptionRate{b, name, q, {}});
  };
  // Sphere Handbook (2018): at least 15 L of water and 2,100 kcal per person per day; a blanket
  // (or bedding) per person.
  rate(ConsumptionBasis::sheltered_person_day, "drinking_water", 15);
  rate(ConsumptionBasis::sheltered_person_day, "food_ration", 1);
  rate(ConsumptionBasis::sheltered_person, "blanket", 1);
  // A micro station empties about two extinguishers on a first-stage fire.
  rate(ConsumptionBasis::micro_station_fire, "extinguisher_charge", 2);
  // USACE flood-fight rule of thumb: 600 bags per 100 ft of a 1-ft wall, about 20 per metre.
  rate(ConsumptionBasis::levee_metre, "sandbag", 20);
  rate(ConsumptionBasis::team_member_activated, "life_jacket", 1);
  rate(ConsumptionBasis::emergency_manager_activated, "nine_ones_kit", 1);
  return l;
}

const ItemType* Logistics::find_item(std::string_view name) const {
  const int i = item_index(name);
  return i < 0 ? nullptr : &items[static_cast<std::size_t>(i)];
}

int Logistics::item_index(std::string_view name) const {
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].name == name) return static_cast<int>(i);
  return -1;
}

double stored_area_m2(const Depot& depot, const Logistics& logistics) {
  double area = 0;
  for (const StockItem& it : depot.items)
    if (const ItemType* t = logistics.find_item(it.item)) area += it.quantity * t->footprint_per_unit_m2();
  return area;
}

}  // namespace readysim
