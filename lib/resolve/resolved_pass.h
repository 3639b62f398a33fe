// ResolvedPass: a model's defaults with one pass's overrides applied, ready to validate and emit.
#ifndef PKPASS_RESOLVE_RESOLVED_PASS_H_
#define PKPASS_RESOLVE_RESOLVED_PASS_H_

#include <string>

#include "model/model_impl.h"
#include "pkpass/diagnostic.h"
#include "resolve/provenance.h"
#include "util/json.h"

namespace pkpass {

struct ResolvedPass {
  const Model::Impl* model = nullptr;  // not owned; outlives the pass
  rapidjson::Document pass_json;       // an object
  Provenance provenance;

  // Adds a diagnostic about the resolved value at `resolved` (a pointer into pass_json), placed
  // at the input it came from.
  void Report(Diagnostics& diags, Severity severity, std::string_view code,
              const JsonPointer& resolved, std::string message) const;
};

// The style keys of pass.json, in the order Apple lists them.
inline constexpr std::string_view kStyleKeys[] = {"boardingPass", "coupon", "eventTicket",
                                                  "generic", "storeCard"};

// The field groups of a style dictionary.
inline constexpr std::string_view kFieldGroups[] = {
    "headerFields", "primaryFields",        "secondaryFields", "auxiliaryFields",
    "backFields",   "additionalInfoFields", "footerFields"};

}  // namespace pkpass

#endif  // PKPASS_RESOLVE_RESOLVED_PASS_H_
