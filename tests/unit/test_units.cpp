// Units: every dimensioned value carries its unit, resolved to SI.
#include <catch2/catch.hpp>

#include "readysim/limits.hpp"
#include "readysim/units.hpp"

using namespace readysim;

TEST_CASE("units: values resolve to SI", "[units]") {
  CHECK(parse_quantity("90 s", Dimension::duration).si_value == 90.0);
  CHECK(parse_quantity("15 min", Dimension::duration).si_value == 900.0);
  CHECK(parse_quantity("2h", Dimension::duration).si_value == 7200.0);
  CHECK(parse_quantity("2.5 km", Dimension::length).si_value == 2500.0);
  CHECK(parse_quantity("36 km/h", Dimension::speed).si_value == Approx(10.0).epsilon(1e-15));
  CHECK(parse_quantity("30 m2", Dimension::area).si_value == 30.0);
  CHECK(parse_quantity("30 ㎡", Dimension::area).si_value == 30.0);
  CHECK(parse_quantity("1200 veh/h", Dimension::flow).si_value == Approx(1.0 / 3.0).epsilon(1e-15));
  CHECK(parse_quantity("15 L", Dimension::volume).si_value == Approx(0.015).epsilon(1e-15));
  CHECK(parse_quantity("0.0469 kW/s2", Dimension::growth).si_value == Approx(46.9).epsilon(1e-15));
  CHECK(parse_quantity("-3 min", Dimension::duration).si_value == -180.0);
}

TEST_CASE("units: bad values say what is wrong", "[units]") {
  const auto bare = parse_quantity("24", Dimension::duration);
  CHECK_THAT(bare.error, Catch::Contains("missing unit"));
  const auto kind = parse_quantity("24 km", Dimension::duration);
  CHECK_THAT(kind.error, Catch::Contains("expected a duration"));
  CHECK_THAT(kind.error, Catch::Contains("got a length"));
  CHECK(kind.found == Dimension::length);
  CHECK_THAT(parse_quantity("24 hours", Dimension::duration).error, Catch::Contains("unknown unit 'hours'"));
  CHECK_THAT(parse_quantity("soon", Dimension::duration).error, Catch::Contains("is not a duration"));
  CHECK_FALSE(parse_quantity("nan s", Dimension::duration).error.empty());
  CHECK_THAT(parse_quantity("5 M", Dimension::length).error, Catch::Contains("unknown unit 'M'"));
}

TEST_CASE("units: formatting picks a readable unit and round-trips", "[units]") {
  CHECK(format_quantity(1800, Dimension::duration) == "30 min");
  CHECK(format_quantity(86400, Dimension::duration) == "1 d");
  CHECK(format_quantity(90, Dimension::duration) == "90 s");
  CHECK(format_quantity(2500, Dimension::length) == "2.5 km");
  CHECK(format_quantity(30, Dimension::area) == "30 m2");
  for (double v : {0.1, 90.0, 7200.0, 12345.678}) {
    for (Dimension d : {Dimension::duration, Dimension::length, Dimension::speed, Dimension::flow,
                        Dimension::area, Dimension::volume, Dimension::power}) {
      // Beyond a dimension's bound (7200 m/s) a value is rejected, not read (scenarios/README.md, Bounds).
      if (v > max_quantity(d))
        CHECK_FALSE(parse_quantity(format_quantity(v, d), d).error.empty());
      else
        CHECK(parse_quantity(format_quantity(v, d), d).si_value == Approx(v).epsilon(1e-12));
    }
  }
}
