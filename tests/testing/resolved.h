// Reading what a model resolved: a value of pass.json, or the errors that refused it.
#ifndef PKPASS_TESTS_TESTING_RESOLVED_H_
#define PKPASS_TESTS_TESTING_RESOLVED_H_

#include <string>

#include "pkpass/diagnostic.h"

namespace pkpass::testing {

// Returns the compact JSON of the value at `pointer` in `json`, or "<absent>".
std::string JsonAt(const std::string& json, const char* pointer);

// Returns every error of `diags` as "CODE at FILE:POINTER", joined by "; ".
std::string ErrorsOf(const Diagnostics& diags);

}  // namespace pkpass::testing

#endif  // PKPASS_TESTS_TESTING_RESOLVED_H_
