// Overrides: one pass's customisation of a model, in the shape of Pass2U's v2 create-pass
// payload extended with the pass.json keys Pass2U leaves out. This module parses the document
// and knows which keys it may hold and of which JSON types.
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

// How a top-level overrides key applies to pass.json.
enum class OverrideRule {
  kReplace,      // the value replaces pass.json's key of the same name
  kFields,       // matched to the model's fields by key; only the given attributes change
  kBarcode,      // Pass2U's barcode {message, altText}: customises every model barcode
  kNfc,          // the given attributes of pass.json's "nfc" change
  kImages,       // the pass's image set (Pass2U's rule: types not listed are left out)
  kTransitType,  // goes into the style dictionary
  kStatus,       // Pass2U's status: 1 normal, 2 not accessible (a voided pass)
  kNotInPass,    // a Pass2U key with no place in an Apple pass: accepted with a warning
};

// A key and the JSON types its value may have.
struct NamedTypes {
  std::string_view name;
  unsigned types;
};

struct OverrideKey {
  std::string_view name;
  unsigned types;  // JsonTypes allowed (null, which resets, is always allowed)
  OverrideRule rule;
};

// Return the description of `name` (a top-level key, a field attribute, a "barcode" or an "nfc"
// attribute), or nullptr when it is not one.
const OverrideKey* FindOverrideKey(std::string_view name);
const NamedTypes* FindFieldAttribute(std::string_view name);
const NamedTypes* FindBarcodeAttribute(std::string_view name);
const NamedTypes* FindNfcAttribute(std::string_view name);

}  // namespace pkpass

#endif  // PKPASS_OVERRIDES_OVERRIDES_H_
