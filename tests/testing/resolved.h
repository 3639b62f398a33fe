// Reading what a model resolved: a value of pass.json, or the errors that refused it.
#ifndef PKPASS_TESTS_TESTING_RESOLVED_H_
#define PKPASS_TESTS_TESTING_RESOLVED_H_

#include <string>

#include "pkpass/diagnostic.h"
#include "pkpass/model.h"

namespace pkpass::testing {

// Returns the compact JSON of the value at `pointer` in `json`, or "<absent>".
std::string JsonAt(const std::string& json, const char* pointer);

// Returns every error of `diags` as "CODE at FILE:POINTER", joined by "; ".
std::string ErrorsOf(const Diagnostics& diags);

// Model::Resolve, Complete and Prepare of overrides given as JSON text, parsed first (a parse
// problem goes to `diags`, as the library reports it). CompleteJson returns the overrides to
// store: the completed document, or `json` as it is when nothing was added.
Result<std::string> ResolveJson(const Model& model, std::string_view json, const ValidateOptions& options,
                                Diagnostics& diags);
Result<std::string> CompleteJson(const Model& model, std::string_view json, const ValidateOptions& options,
                                 Diagnostics& diags);
Result<PreparedPass> PrepareJson(const Model& model, std::string_view json, const Signer& signer,
                                 const BuildOptions& options, Diagnostics& diags);

}  // namespace pkpass::testing

#endif  // PKPASS_TESTS_TESTING_RESOLVED_H_
