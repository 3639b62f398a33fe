// The table walk: checks a value of pass.json or personalization.json as its row of the
// vocabulary (schema/vocabulary.h) says, so a rule area writes code only for what the table
// cannot say.
#ifndef PKPASS_VALIDATE_DICTIONARY_H_
#define PKPASS_VALIDATE_DICTIONARY_H_

#include <string_view>

#include "schema/vocabulary.h"
#include "validate/checker.h"

namespace pkpass {

// Checks `value`, found at `at` under the row `key`. By the row's check: kTable checks the JSON
// type, the length, the format or spellings, and an object's or an array's dictionaries through
// CheckDictionary; kContent checks the type and the length; kRule the length only. Nesting
// follows the table's dictionaries, so the depth is bounded by the table, not by the input.
void CheckValue(const Checker& check, const schema::Key& key, const rapidjson::Value& value,
                const JsonPointer& at);

// Checks the members of `object`, a dictionary `dict` at `at`: a key the table has no row for is
// a warning (semantic-tag-unknown in semantics, key-unknown elsewhere), a kRequired key missing
// is required-key-missing, and each member is checked with CheckValue.
void CheckDictionary(const Checker& check, schema::Dict dict, const rapidjson::Value& object,
                     const JsonPointer& at);

// Returns how messages name a dictionary of `dict`: "semantics", "a seat", ...
std::string_view DictionaryName(schema::Dict dict);

}  // namespace pkpass

#endif  // PKPASS_VALIDATE_DICTIONARY_H_
