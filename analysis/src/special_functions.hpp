#pragma once
// Internal to the analysis library: shared by the t quantile and the binomial tails.

namespace readysim::stats::detail {

// ln B(a, b), accurate also when a or b is large.
double log_beta(double a, double b);

// Regularised incomplete beta I_x(a, b); the caller passes y = 1 - x as well, each to full
// relative precision, so tails near x = 1 keep their digits.
double beta_inc(double a, double b, double x, double y);

// The same from lx = ln x and ly = ln(1 - x), for arguments whose x or y underflows.
double beta_inc_log(double a, double b, double lx, double ly);

}  // namespace readysim::stats::detail
