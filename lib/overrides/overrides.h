// Overrides: one pass's customisation of a model, in the shape of Pass2U's v2 create-pass
// payload extended with the pass.json keys Pass2U leaves out. This module parses the document.
#ifndef PKPASS_OVERRIDES_OVERRIDES_H_
#define PKPASS_OVERRIDES_OVERRIDES_H_

#include <string_view>

#include "pkpass/diagnostic.h"
#include "util/json.h"

namespace pkpass {

inline constexpr size_t kMaxOverridesBytes = 1u << 20;
inline constexpr std::string_view kOverridesFile = "overrides";

// Parses `json` into `doc`, an object. An empty or all-blank view means "no overrides" and gives
// an empty object. Problems are diagnostics for `file`.
bool ParseOverrides(std::string_view json, rapidjson::Document& doc, Diagnostics& diags,
                    std::string_view file = kOverridesFile);

// Which keys the document may hold, of which types, and how each applies to pass.json: the
// vocabulary (schema::FindOverride, schema::FindAttribute).

}  // namespace pkpass

#endif  // PKPASS_OVERRIDES_OVERRIDES_H_
