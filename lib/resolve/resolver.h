// Resolution: a model's defaults with one pass's overrides applied, by Pass2U's v2 replacement
// rules: an absent key keeps the model's value, a present one replaces it, null resets to the
// model's value, an empty string is a value; fields are matched by key and only the attributes
// given change.
#ifndef PKPASS_RESOLVE_RESOLVER_H_
#define PKPASS_RESOLVE_RESOLVER_H_

#include "model/model_impl.h"
#include "pkpass/diagnostic.h"
#include "resolve/resolved_pass.h"

namespace pkpass {

// Fills `out` with `model` resolved against `overrides` (an object). Overrides that cannot apply
// (an unknown key, a wrong type, a field the model lacks) are error diagnostics pointing into the
// overrides document; the rest still applies, so that every problem is reported at once.
void Resolve(const Model::Impl& model, const rapidjson::Value& overrides, ResolvedPass& out,
             Diagnostics& diags);

}  // namespace pkpass

#endif  // PKPASS_RESOLVE_RESOLVER_H_
